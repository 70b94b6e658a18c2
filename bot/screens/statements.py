"""What each family is owed, as the bot shows it: a producer's statement, every producer's balance, the margin."""

from __future__ import annotations

from decimal import Decimal

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.services.organizations.statements import Statement, StatementsPage

SHOWN_ROWS = 12  # the latest sold rows and payments; the CSV has them all
SHOWN_PAYMENTS = 5


def percent(voice: Voice, rate: Decimal) -> str:
    return f"{voice.number((rate * 100).normalize())} %"


def statement(voice: Voice, s: Statement, *, for_admin: bool) -> Screen:
    """Sold by month and product, due, paid, balance; an admin can record a payment or take one back."""
    _ = voice._
    lines = [_("💰 {name} · {organization}").format(name=person_name(voice, s.person_name),
                                                    organization=s.organization_name),
             _("Owed: what the produce from the lot brought, less the solidarity fund and the organization's "
               "margin ({margin}).").format(margin=percent(voice, s.margin_rate)), ""]
    for r in s.sold[-SHOWN_ROWS:]:
        lines.append(_("• {month} · {product}: {quantity} → {due}").format(
            month=r.month, product=r.product, quantity=voice.quantity(r.quantity, r.unit),
            due=voice.money(r.due, r.currency, s.country_code)))
    if not s.sold:
        lines.append(_("Nothing sold from your lot yet (an order counts once delivered or paid)."))
    for p in s.payments[-SHOWN_PAYMENTS:]:
        lines.append(_("💸 {date}: {amount}").format(date=voice.date(p.at.date()),
                                                    amount=voice.money(p.amount, p.currency, s.country_code)))
    lines += ["", _("Due: {due} · Paid: {paid}").format(due=voice.money(s.due, s.currency, s.country_code),
                                                       paid=voice.money(s.paid, s.currency, s.country_code)),
              _("Balance: {balance}").format(balance=voice.money(s.balance, s.currency, s.country_code))]
    if not for_admin:
        return Screen("\n".join(lines), [[voice.button(_("« My organizations"), Action.ORGANIZATIONS)]])
    rows = [[voice.button(_("💸 Record a payment"), Action.STATEMENT_PAY, s.organization_id, s.member_id)]]
    # Any payment shown may be taken back (a new entry), newest first, each once.
    corrected = {p.corrects_id for p in s.payments}
    for p in reversed(s.payments[-SHOWN_PAYMENTS:]):
        if p.amount > 0 and p.corrects_id is None and p.id not in corrected:
            rows.append([voice.button(_("↩️ Take back {amount} ({date})").format(
                amount=voice.money(p.amount, p.currency, s.country_code), date=voice.date(p.at.date(), "short")),
                Action.STATEMENT_CORRECT, p.id)])
    rows.append([voice.button(_("« All producers"), Action.STATEMENTS, s.organization_id, 0)])
    return Screen("\n".join(lines), rows)


def statements_page(voice: Voice, page: StatementsPage) -> Screen:
    """Each producer's balance, a page; a button to each, the CSV and the margin."""
    _ = voice._
    lines = [_("💰 What each producer is owed · {organization}").format(organization=page.organization_name),
             _("Margin: {margin} of each sale, for the organization's costs.").format(
                 margin=percent(voice, page.margin_rate)), ""]
    rows = []
    for s in page.statements:
        balance = voice.money(s.balance, s.currency, s.country_code)
        lines.append(_("• {name}: due {due}, paid {paid}, balance {balance}").format(
            name=person_name(voice, s.person_name), due=voice.money(s.due, s.currency, s.country_code),
            paid=voice.money(s.paid, s.currency, s.country_code), balance=balance))
        rows.append([voice.button(f"{person_name(voice, s.person_name)} · {balance}", Action.STATEMENT_OF,
                                  page.organization_id, s.member_id)])
    if page.more:
        rows.append([voice.button(_("More »"), Action.STATEMENTS, page.organization_id, page.offset + len(
            page.statements))])
    rows.append([voice.button(_("⬇️ CSV"), Action.STATEMENTS_CSV, page.organization_id),
                 voice.button(_("⚙️ Margin"), Action.MARGIN, page.organization_id)])
    rows.append(back_to_menu(voice))
    return Screen("\n".join(lines), rows)


def ask_payment(voice: Voice, s: Statement) -> Screen:
    return Screen(voice._("How much did the organization pay {name}? Write the amount, like 120,50.").format(
        name=person_name(voice, s.person_name)))


def confirm_payment(voice: Voice, s: Statement, amount: Decimal, minor_units: int, message_id: int) -> Screen:
    _ = voice._
    text = _("Record a payment of {amount} to {name}? Their balance becomes {balance}.").format(
        amount=voice.money(amount, s.currency, s.country_code), name=person_name(voice, s.person_name),
        balance=voice.money(s.balance - amount, s.currency, s.country_code))
    return Screen(text, [[voice.button(_("✅ Record it"), Action.STATEMENT_PAID, s.organization_id, s.member_id,
                                       minor_units, message_id),
                          voice.button(_("« Back"), Action.STATEMENT_OF, s.organization_id, s.member_id)]])


def ask_margin(voice: Voice, rate: Decimal) -> Screen:
    return Screen(voice._("The margin is the share of each sale the organization keeps for its costs; producers are "
                          "owed the rest, less the solidarity fund. It is {margin} now. Write a number from 0 to 30 "
                          "(new orders use it).").format(margin=percent(voice, rate)))

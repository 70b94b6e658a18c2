"""/fondo as the bot shows it: a fund's balance, months, uses and loans (overdue said plainly), and its questions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bot.actions import Action
from bot.screens.menu import back_to_menu
from bot.screens.names import person_name
from bot.turn import Screen, Voice
from market.enums import FundUseKind
from market.presentation.labels import N_
from market.services.funds import Fund, FundView, UseView

MONTHS_SHOWN = 6
USES_SHOWN = 10
CONTRIBUTIONS_SHOWN = 6
KIND_CODES = {"g": FundUseKind.GRANT, "i": FundUseKind.INVESTMENT, "l": FundUseKind.LOAN}
KINDS = {FundUseKind.GRANT: N_("Grant"), FundUseKind.INVESTMENT: N_("Investment"), FundUseKind.LOAN: N_("Loan")}


def fund_args(fund: Fund) -> tuple[str, int]:
    """A fund on a button: ("o", organization) or ("g", group)."""
    return ("o", fund.organization_id) if fund.organization_id is not None else ("g", fund.group_id or 0)


def fund_of(kind: str, owner_id: int) -> Fund:
    return Fund(organization_id=owner_id) if kind == "o" else Fund(group_id=owner_id)


def choose(voice: Voice, funds: tuple[tuple[Fund, str], ...]) -> Screen:
    _ = voice._
    if not funds:
        return Screen(_("💰 The solidarity fund is kept by organizations and purchasing groups: join one to see its "
                        "fund."), [back_to_menu(voice)])
    rows = [[voice.button(_("💰 {name}").format(name=name), Action.FUND, *fund_args(fund))] for fund, name in funds]
    return Screen(_("💰 Which fund?"), [*rows, back_to_menu(voice)])


def fund(voice: Voice, view: FundView) -> Screen:
    """Balance, contributions of the last months, each use with its assembly, each loan with what is late."""
    _ = voice._

    def money(amount: Decimal) -> str:
        return voice.money(amount, view.currency, view.country_code)

    lines = [_("💰 Solidarity fund · {name}").format(name=view.name),
             _("Balance: {balance}").format(balance=money(view.balance)), "", _("Contributed by month:")]
    for m in view.months[-MONTHS_SHOWN:]:
        lines.append(_("• {month}: {amount}").format(month=voice.date(date(m.year, m.month, 1), "MMM y"),
                                                      amount=money(m.amount)))
    group = view.fund.group_id is not None
    if not view.months:
        lines.append(_("Nothing yet: each sale adds its share.") if not group
                     else _("Nothing yet: the group's coordinators record what members put in."))
    for c in view.contributions[:CONTRIBUTIONS_SHOWN]:
        lines.append(_("   {day}: {amount}, {what}").format(day=voice.date(c.day), amount=money(c.amount), what=c.what))
    empty = group and view.balance <= 0 and not view.uses
    if not empty:
        lines += ["", _("Uses, each decided by an assembly:") if view.uses else _("No use recorded yet.")]
    for u in view.uses[:USES_SHOWN]:
        lines += use_lines(voice, u, money)
    rows = []
    if view.can_record and group:
        rows.append([voice.button(_("➕ Money put in"), Action.FUND_CONTRIBUTE, view.fund.group_id or 0)])
    if empty:
        lines += ["", _("The fund is empty: nothing can be granted, invested or lent until money is put in.")]
    elif view.can_record:
        args = fund_args(view.fund)
        rows += [[voice.button(_("➕ Grant"), Action.FUND_USE, *args, "g"),
                  voice.button(_("➕ Investment"), Action.FUND_USE, *args, "i")],
                 [voice.button(_("➕ Loan to a member"), Action.FUND_USE, *args, "l")]]
        rows += [[voice.button(_("💵 {name} paid back").format(name=person_name(voice, u.borrower_name)),
                               Action.FUND_REPAY, u.id)]
                 for u in view.uses if u.loan is not None and u.loan.left > 0]
        rows += [[voice.button(_("↩️ Take back {amount} ({date})").format(
            amount=money(u.loan.last_repayment.amount), date=voice.date(u.loan.last_repayment.at.date(), "short")),
            Action.FUND_TAKE_BACK, u.loan.last_repayment.entry_id)]
                 for u in view.uses if u.loan is not None and u.loan.last_repayment is not None]
    rows.append([voice.button(_("« Funds"), Action.FUNDS)])
    return Screen("\n".join(lines), [*rows, back_to_menu(voice)])


def use_lines(voice: Voice, u: UseView, money: Any) -> list[str]:
    _ = voice._
    what = _(KINDS[u.kind]) if u.loan is None else _("Loan to {name}").format(
        name=person_name(voice, u.borrower_name))
    assembly = _("assembly of {date}").format(date=voice.date(u.decided_on))
    if u.decision:
        assembly = f"{assembly}, {u.decision}"
    lines = [_("• {what}: {amount} for {purpose} ({assembly})").format(
        what=what, amount=money(u.amount), purpose=u.purpose, assembly=assembly)]
    if u.loan is not None:
        lines.append(_("   Paid back {repaid}, {left} left.").format(repaid=money(u.loan.repaid),
                                                                    left=money(u.loan.left)))
        for late in u.loan.overdue:
            lines.append(_("   ⚠️ Overdue: {amount} was due on {date}.").format(
                amount=money(late.amount), date=voice.date(late.due_on)))
    return lines


def ask_borrower(voice: Voice, members: tuple[tuple[int, str], ...]) -> Screen:
    rows = [[voice.button(person_name(voice, name), Action.FUND_BORROWER, member_id)] for member_id, name in members]
    return Screen(voice._("🤝 A loan to whom?"), rows)


STEPS = {
    "amount": N_("How much? Write the amount, like 500 or 120,50."),
    "purpose": N_("What is it for? Write it in a few words, like “seeds for the new plot”."),
    "decided_on": N_("On which day did the assembly decide it? Write it like {example}."),
    "installments": N_("In how many monthly installments is it paid back? Write a number, like 6."),
    "first_due_on": N_("When is the first installment due? Write it like {example}."),
    "decision": N_("How is the assembly's record named? Like “Ordinary assembly, minutes 12”."),
}


def ask_step(voice: Voice, step: str, example: str) -> Screen:
    return Screen(voice._(STEPS[step]).format(example=example))


def summary(voice: Voice, draft: dict[str, Any], currency: str, borrower: str | None) -> Screen:
    """What will be recorded, with the button that records it once."""
    _ = voice._
    kind = FundUseKind(draft["kind"])
    what = _(KINDS[kind]) if kind != FundUseKind.LOAN else _("Loan to {name}").format(
        name=person_name(voice, borrower))
    lines = [_("📝 {what}: {amount} for {purpose}").format(what=what, amount=voice.money(
        Decimal(draft["amount"]), currency), purpose=draft["purpose"]),
        _("Decided by the assembly of {date}: {decision}").format(
            date=voice.date(date.fromisoformat(draft["decided_on"])), decision=draft["decision"])]
    if kind == FundUseKind.LOAN:
        lines.append(voice.ngettext("Paid back in {count} monthly installment from {date}.",
                                    "Paid back in {count} monthly installments from {date}.",
                                    draft["installments"]).format(
            count=draft["installments"], date=voice.date(date.fromisoformat(draft["first_due_on"]))))
    lines.append(_("Every member of the fund will see it."))
    return Screen("\n".join(lines), [[voice.button(_("✅ Record it"), Action.FUND_CONFIRM, draft["token"])]])


def ask_repayment(voice: Voice, u: UseView) -> Screen:
    return Screen(voice._("💵 How much did {name} pay back? {left} is left.").format(
        name=person_name(voice, u.borrower_name), left=voice.money(u.loan.left if u.loan else Decimal(0), u.currency)))


def confirm_repayment(voice: Voice, u: UseView, amount: Decimal, minor_units: int, message_id: int) -> Screen:
    return Screen(voice._("💵 {name} paid back {amount}?").format(
        name=person_name(voice, u.borrower_name), amount=voice.money(amount, u.currency)),
        [[voice.button(voice._("✅ Record it"), Action.FUND_REPAID, u.id, minor_units, message_id)]])


CONTRIBUTION_STEPS = {
    "amount": N_("💰 How much was put in the group's fund? Write the amount, like 150 or 80,50."),
    "what": N_("What is it? Write it in a few words, like “November's dues”."),
    "day": N_("On which day did it come in? Write it like {example}."),
}


def ask_contribution(voice: Voice, step: str, example: str) -> Screen:
    return Screen(voice._(CONTRIBUTION_STEPS[step]).format(example=example))


def contribution_summary(voice: Voice, draft: dict[str, Any]) -> Screen:
    """What will be put in, with the button that records it once."""
    _ = voice._
    text = _("📝 {amount} into the group's fund: {what} ({day}).").format(
        amount=voice.money(Decimal(draft["amount"]), draft["currency"], draft.get("country")), what=draft["what"],
        day=voice.date(date.fromisoformat(draft["day"])))
    return Screen("\n".join([text, _("Every member of the fund will see it.")]),
                  [[voice.button(_("✅ Record it"), Action.FUND_CONTRIBUTED, draft["token"])]])

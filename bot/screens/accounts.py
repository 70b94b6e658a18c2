"""A group's accounts, open to every member; the pickup list, what arrived and payments, for coordinators."""

from __future__ import annotations

from collections.abc import Collection
from functools import partial

from bot.actions import Action
from bot.screens.names import person_name
from bot.screens.rounds import ROUND_STATUS, amount
from bot.turn import Screen, Voice
from market.presentation.labels import unit_name
from market.services.groups.accounts import GroupAccounts
from market.services.groups.rounds.queries import PickupList
from market.services.groups.rounds.setup import GroupPlace
from market.services.groups.rounds.views import RoundOfferView, RoundView


def accounts(voice: Voice, place: GroupPlace, accounts: GroupAccounts) -> Screen:
    """Rounds' totals, bulk orders, fund, payments and balance: the same for every member.

    Bill lines of other members never appear; the viewer's own balance for everyone, each member's balance only
    for coordinators.
    """
    _ = voice._
    lines = [_("📒 Accounts of {group}").format(group=place.group_name)]
    if not accounts.rounds and not accounts.payments:
        lines.append(_("No round has closed yet."))
    for r in accounts.rounds:
        money = partial(amount, voice, place, currency=r.currency)
        lines += ["", _("Round #{number} · {status}").format(number=r.round_number, status=_(ROUND_STATUS[r.status])),
                  _("Members pay {total}; producers get {producers}; solidarity fund {fund}").format(
                      total=money(r.members_total), producers=money(r.producer_total), fund=money(r.fund_total))]
        for o in r.bulk_orders:
            lines.append(_("• {organization}: {producers} (+{fund} fund)").format(
                organization=o.organization_name, producers=money(o.producer_total), fund=money(o.fund_total)))
    if accounts.payments:
        lines += ["", _("Payments")]
        for p in accounts.payments:
            lines.append(_("• {member}: {amount}, recorded by {who} on {day}").format(
                member=person_name(voice, p.member_name), amount=amount(voice, place, p.amount, p.currency),
                who=person_name(voice, p.recorded_by_name),
                day=voice.date(p.recorded_at.date())))
    for b in accounts.balances:
        lines += ["", _("Group balance: {amount}").format(amount=amount(voice, place, b.amount, b.currency))]
        if b.amount < 0:
            lines.append(_("(members still owe this much)"))
    for b in accounts.own_balances:
        lines += ["", _("Your balance: {amount}").format(amount=amount(voice, place, b.amount, b.currency))]
        if b.amount:
            owed = amount(voice, place, abs(b.amount), b.currency)
            lines.append((_("(you owe {amount})") if b.amount < 0 else _("(you are owed {amount})")).format(amount=owed))
    if accounts.member_balances:
        lines += ["", _("Balance per member (coordinators only)")]
        for m in accounts.member_balances:
            lines.append(f"• {person_name(voice, m.name)}: {amount(voice, place, m.amount, m.currency)}")
    return Screen("\n".join(lines), [[voice.button(_("« Group"), Action.GROUP, place.group_id)]])


def pickup_list(voice: Voice, place: GroupPlace, listing: PickupList, round_id: int) -> Screen:
    """Who takes what home, at the round's pickup point."""
    _ = voice._
    lines = [_("🧾 Pickup list · round #{number}").format(number=listing.round_number)]
    where = listing.pickup_point or ""
    if listing.pickup_on:
        where = f"{where} · {voice.date(listing.pickup_on)}" if where else voice.date(listing.pickup_on)
    if where:
        lines.append(where)
    for member in listing.members:
        lines += ["", f"{person_name(voice, member.name)} — {amount(voice, place, member.total, listing.currency)}"]
        for item in member.lines:
            taken = voice.quantity(item.units * item.order_unit_quantity, item.unit)
            lines.append(f"  • {item.product_name}: {taken}")
    return Screen("\n".join(lines), [[voice.button(_("« Round"), Action.ROUND, round_id)]])


def choose_arrival(voice: Voice, order_round: RoundView, ordered: Collection[int]) -> Screen:
    """The products the round ordered from producers (`ordered`: round offer ids); nothing else can arrive."""
    _ = voice._
    rows = [[voice.button(o.product_name, Action.ROUND_ARRIVAL, order_round.id, o.id)]
            for o in order_round.offers if o.id in ordered]
    rows.append([voice.button(_("« Round"), Action.ROUND, order_round.id)])
    if len(rows) == 1:
        return Screen(_("No pack was filled: nothing was ordered from the producers."), rows)
    return Screen(_("Which product arrived with more or less than was ordered?"), rows)


def ask_units(voice: Voice, offer: RoundOfferView) -> Screen:
    """Asked in the offer's unit, with an example that fits it: a pack's amount."""
    return Screen(voice._("How much {product} arrived? Write it in {unit}, like {example}.").format(
        product=offer.product_name, unit=unit_name(voice.ngettext, offer.unit, 2),
        example=voice.number(offer.pack_size * offer.order_unit_quantity)))


def choose_payer(voice: Voice, place: GroupPlace, accounts: GroupAccounts, round_id: int) -> Screen:
    _ = voice._
    rows = [
        [voice.button(f"{person_name(voice, m.name)} ({amount(voice, place, m.amount, m.currency)})",
                      Action.ROUND_PAYER, round_id, m.person_id),
         voice.button(_("✅ Paid in full"), Action.ROUND_PAID_IN_FULL, round_id, m.person_id)]
        for m in accounts.member_balances or ()
    ]
    rows.append([voice.button(_("« Round"), Action.ROUND, round_id)])
    return Screen(_("Who paid? “✅ Paid in full” records, in one press, all they owe for this round; their name "
                    "asks for an amount."), rows)

"""/misdatos: what Feria keeps about a person, short enough for a cheap phone, and deleting it."""

from __future__ import annotations

from bot.actions import Action
from bot.screens.menu import LANGUAGE_NAMES, back_to_menu
from bot.turn import Screen, Voice
from market.enums import GroupRole
from market.presentation.i18n import supported_locale
from market.presentation.labels import ORDER_STATUS
from market.services.people.privacy import PersonalData


def my_data(voice: Voice, data: PersonalData, note: str | None = None) -> Screen:
    """Counts and the key facts, one line each; lines about nothing are left out."""
    _ = voice._
    lines = [note, ""] if note else []
    lines += [_("🔒 What Feria keeps about you"), *_profile(voice, data)]
    if data.groups:
        lines.append(_("Purchasing groups:"))
        lines += [_("• {name} (coordinator)").format(name=g.name) if g.role == GroupRole.COORDINATOR
                  else f"• {g.name}" for g in data.groups]
    if data.organizations:
        lines.append(_("Organizations:"))
        lines += [f"• {o.name}" for o in data.organizations]
    if data.operator:
        lines.append(_("You are an operator of this Feria."))
    lines += _orders(voice, data)
    lines += _counts(voice, data)
    for account in data.ledger:
        lines.append(voice.ngettext(
            "Accounts of {group}: {count} entry, balance {amount}",
            "Accounts of {group}: {count} entries, balance {amount}", account.entries).format(
            group=account.group_name, count=account.entries,
            amount=voice.money(account.total, account.currency, account.country_code)))
    rows = [[voice.button(_("💻 Browsers signed in"), Action.DESK_BROWSERS)],
            [voice.button(_("🗑 Delete my data"), Action.MY_DATA_DELETE)], back_to_menu(voice)]
    return Screen("\n".join(lines), rows)


def confirm_delete(voice: Voice, person_id: int) -> Screen:
    """What goes and what stays, before the one button that erases; the button names the person it was for."""
    _ = voice._
    text = "\n\n".join((
        _("Delete your data?"),
        _("Erased: your name, username and Telegram identity, your place and language, your cart, alerts, "
          "searches, memberships of groups and organizations, your lines in rounds still open and the messages "
          "waiting for you."),
        _("Stays: orders already placed stay with the producer, who must deliver them (your delivery note is "
          "erased once each is delivered or cancelled); group accounts keep the amounts, and organizations' boards "
          "the seats you held, without your name."),
    ))
    return Screen(text, [[voice.button(_("Yes, delete"), Action.MY_DATA_DELETE_CONFIRMED, person_id),
                          voice.button(_("No"), Action.MY_DATA)]])


def deleted(voice: Voice) -> Screen:
    return Screen(voice._("🗑 Your data was deleted. If you write to Feria again, it will meet you as someone new."))


def _profile(voice: Voice, data: PersonalData) -> list[str]:
    _, profile = voice._, data.profile
    lines = [_("Name: {name}").format(name=profile.name)]
    if profile.username:
        lines.append(_("Username: @{username}").format(username=profile.username))
    if profile.language:  # stored as chosen ("pt_BR") or as Telegram sent it ("pt-br"): named either way
        locale = supported_locale(profile.language)
        lines.append(_("Language: {language}").format(
            language=LANGUAGE_NAMES.get(locale or "", profile.language)))
    if profile.territory_name:
        lines.append(_("Place: {place}").format(place=profile.territory_name))
    if profile.quiet_from_minute is not None or profile.alerts_muted_until is not None:
        lines.append(_("Alert settings: muted or quiet hours"))
    return lines


def _orders(voice: Voice, data: PersonalData) -> list[str]:
    if not data.orders:
        return []
    lines = [voice.ngettext("{count} order", "{count} orders", data.orders).format(count=data.orders)]
    if len(data.last_orders) < data.orders:  # "4 orders" then three listed: say which
        lines[0] += " " + voice.ngettext("(the last one:)", "(the last {count}:)", len(data.last_orders)).format(
            count=len(data.last_orders))
    for o in data.last_orders:
        lines.append("• " + voice._("#{number} {organization}: {amount} · {status} · {day}").format(
            number=o.id, organization=o.organization_name, amount=voice.money(o.total, o.currency, o.country_code),
            status=voice._(ORDER_STATUS[o.status]), day=voice.date(o.placed_at.date())))
    return lines


def _counts(voice: Voice, data: PersonalData) -> list[str]:
    """The things counted, each only when there is any (ngettext spelled out: the extractor reads it)."""
    counted = (
        (data.cart_items, voice.ngettext("{count} product in your cart", "{count} products in your cart",
                                         data.cart_items)),
        (data.alerts, voice.ngettext("{count} alert", "{count} alerts", data.alerts)),
        (data.round_lines, voice.ngettext("{count} round order line ({open} in open rounds)",
                                          "{count} round order lines ({open} in open rounds)", data.round_lines)),
        (data.review_signatures, voice.ngettext("{count} seal review signed", "{count} seal reviews signed",
                                                data.review_signatures)),
        (data.reviewer_of, voice.ngettext("Reviewer for {count} network", "Reviewer for {count} networks",
                                          data.reviewer_of)),
        (data.pending_notifications, voice.ngettext("{count} message waiting to be sent to you",
                                                    "{count} messages waiting to be sent to you",
                                                    data.pending_notifications)),
        (data.inbox_updates, voice.ngettext("{count} message of yours stored", "{count} messages of yours stored",
                                            data.inbox_updates)),
        (data.searches, voice.ngettext("{count} search that found nothing (its product words only)",
                                       "{count} searches that found nothing (their product words only)",
                                       data.searches)),
        (data.board_seats, voice.ngettext("{count} seat on an organization's board (its history)",
                                          "{count} seats on organizations' boards (their history)",
                                          data.board_seats)),
        (data.register_entries, voice.ngettext("{count} entry in a member register (seen by its admins)",
                                               "{count} entries in member registers (seen by their admins)",
                                               data.register_entries)),
    )
    return [text.format(count=count, open=data.open_round_lines) for count, text in counted if count]

"""Opening an order round in the bot, in small steps: organizations → closing time → pickup date → pickup point → open."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.rounds import show_board
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import round_setup as setup_screens
from bot.turn import Screen, Turn
from bot.wake import wake_outbox
from market import clock
from market.errors import Invalid
from market.rules.moments import parse_moment
from market.services.groups.membership import get_group
from market.services.groups.rounds.setup import (
    OpenRound,
    group_place,
    offers_of,
    open_round,
    organizations_for_round,
)
from market.services.messaging.chats import get_chat_state, set_awaiting, update_chat_data


async def open_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    choices = await organizations_for_round(group_id, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None, {"round_setup": {"group": group_id, "orgs": []}})
    await turn.show(setup_screens.choose_organizations(turn, group_id, choices, set()))


async def _setup(turn: Turn) -> dict[str, Any] | None:
    """The round being set up in this chat, or None (and "expired") once it was opened or abandoned."""
    setup = (await get_chat_state(turn.chat_id)).data.get("round_setup")
    if setup is None:
        await turn.toast(turn._(EXPIRED), alert=True)
    return setup


async def organization_toggled(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None:
        return
    chosen = set(setup["orgs"]) ^ {press.int_arg(0)}
    setup["orgs"] = sorted(chosen)
    await update_chat_data(turn.chat_id, round_setup=setup)
    choices = await organizations_for_round(setup["group"], by_person_id=turn.person.id)
    await turn.show(setup_screens.choose_organizations(turn, setup["group"], choices, chosen))


async def organizations_done(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None:
        return
    if not setup["orgs"]:
        await turn.toast(turn._("Choose at least one organization."), alert=True)
        return
    place = await group_place(group_id=setup["group"])
    await turn.ask("round_closes", {"round_setup": setup},
                   setup_screens.choose_closing(turn, place, clock.now()), edit=True)


async def closing_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    setup = data["round_setup"]
    place = await group_place(group_id=setup["group"])
    closes_at = parse_moment(text, place.time_zone, clock.now())
    await _closing_chosen(turn, setup, closes_at, edit=False)


async def closing_pressed(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None:
        return
    await _closing_chosen(turn, setup, datetime.fromtimestamp(press.int_arg(0), timezone.utc), edit=True)


async def _closing_chosen(turn: Turn, setup: dict[str, Any], closes_at: datetime, *, edit: bool) -> None:
    if closes_at <= clock.now():
        raise Invalid("moment_past")
    setup["closes_at"] = int(closes_at.timestamp())
    place = await group_place(group_id=setup["group"])
    await set_awaiting(turn.chat_id, None, {"round_setup": setup})
    screen = setup_screens.choose_pickup_day(turn, place, closes_at)
    await (turn.show(screen) if edit else turn.send(screen))


async def pickup_day_pressed(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None or "closes_at" not in setup:
        return
    setup["pickup_on"] = press.args[0]
    place = await group_place(group_id=setup["group"])
    group = await get_group(setup["group"], viewer_person_id=turn.person.id)
    await turn.ask("round_pickup", {"round_setup": setup},
                   setup_screens.choose_pickup_point(turn, place, group.pickup_point), edit=True)


async def pickup_point_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _open(turn, data["round_setup"], text, edit=False)


async def pickup_point_kept(turn: Turn, press: Press) -> None:
    if (setup := await _setup(turn)) is None or "pickup_on" not in setup:
        return
    await _open(turn, setup, "", edit=True)


async def _open(turn: Turn, setup: dict[str, Any], pickup_point: str, *, edit: bool) -> None:
    """Open the round on every active offer of the chosen organizations; the group chat hears of it."""
    offers = await offers_of(setup["orgs"])
    opened = await open_round(OpenRound(
        setup["group"], closes_at=datetime.fromtimestamp(setup["closes_at"], timezone.utc), offer_ids=tuple(offers),
        pickup_point=pickup_point, pickup_on=datetime.strptime(setup["pickup_on"], "%Y%m%d").date(),
    ), by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None, {})
    wake_outbox(turn.context)
    await turn.send(Screen(turn.ngettext(
        "✅ Round #{number} is open with {count} product. Members are being told.",
        "✅ Round #{number} is open with {count} products. Members are being told.", len(opened.offers)).format(
        number=opened.number, count=len(opened.offers))))
    await show_board(turn, opened.id, edit=False)


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.ROUND_OPEN: open_pressed,
    Action.ROUND_ORGANIZATION: organization_toggled,
    Action.ROUND_ORGANIZATIONS_DONE: organizations_done,
    Action.ROUND_CLOSING: closing_pressed,
    Action.ROUND_PICKUP_DAY: pickup_day_pressed,
    Action.ROUND_KEEP_PICKUP_POINT: pickup_point_kept,
}
ANSWERS: dict[str, AnswerHandler] = {
    "round_closes": closing_typed,
    "round_pickup": pickup_point_typed,
}

"""Ferias in the chat: /ferias lists the coming days' ferias; an organization's admin or a network's reviewer
announces one step by step (title → place → territory → start → end → participants → summary → Confirm).

The draft lives in the chat's state ("feria"): nothing is stored until Confirm, whose token makes a second press
announce nothing more. Moments are typed as people write them ("12/12 09:00"; an end may be an hour alone) and read
in the territory's time zone.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import places
from bot.flows.fair_prices import declarer_ids
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import fairs as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market import clock
from market.enums import SubscriptionKind
from market.errors import Invalid
from market.rules.moments import parse_end, parse_moment
from market.services.alerts.subscriptions import list_subscriptions
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.prices.declarers import get_declarer, territory_facts
from market.services.prices.fair_calendar import WINDOW_DAYS, upcoming_fairs
from market.services.prices.fairs import (
    MAX_PARTICIPANTS,
    MAX_PLACE,
    MAX_TITLE,
    AnnounceFair,
    announce_fair,
    check_fair_ends,
)

THEN = "feria"  # the territory chooser's continuation (bot/flows/places.py)
DRAFT = "feria"


@turn_handler
async def fairs_command(turn: Turn) -> None:
    """/ferias, /feiras, /fairs: the coming days' ferias."""
    await turn.send(await _fair_list(turn))


async def fairs_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await _fair_list(turn))


async def _fair_list(turn: Turn):
    place = turn.person.place
    groups = await upcoming_fairs(now=clock.now(), near_territory_id=place.territory_id if place else None)
    follows = any(s.kind == SubscriptionKind.FAIR_EVENT for s in await list_subscriptions(turn.person.id))
    return screens.fair_list(turn, groups, WINDOW_DAYS, follows=follows)


async def network_pressed(turn: Turn, press: Press) -> None:
    """/redes → a network's fair price and feria buttons, for its reviewers only."""
    declarer = await get_declarer(by_person_id=turn.person.id, network_id=press.int_arg(0))
    await turn.show(screens.network_fairs(turn, declarer))


async def _draft(turn: Turn) -> dict[str, Any] | None:
    draft = (await get_chat_state(turn.chat_id)).data.get(DRAFT)
    if draft is None:
        await turn.toast(turn._(EXPIRED), alert=True)
    return draft


async def announce_pressed(turn: Turn, press: Press) -> None:
    """Only the organization's admins or the network's committee get past the first step."""
    ids = declarer_ids(press.args[0], press.int_arg(1))
    declarer = await get_declarer(by_person_id=turn.person.id, committee=True, **ids)
    draft = {"token": secrets.token_hex(4), **ids, "announcer": declarer.name, "territory_id": declarer.territory_id}
    await turn.ask("fair_title", {DRAFT: draft}, screens.ask_title(turn, declarer.name))


async def title_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if not text or len(text) > MAX_TITLE:
        raise Invalid("fair_title_length", max=MAX_TITLE)
    await turn.ask("fair_place", {DRAFT: {**data[DRAFT], "title": text}}, screens.ask_place(turn, text))


async def place_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if not text or len(text) > MAX_PLACE:
        raise Invalid("fair_place_length", max=MAX_PLACE)
    draft = {**data[DRAFT], "place": text}
    facts = await territory_facts(draft["territory_id"])
    await set_awaiting(turn.chat_id, None, {DRAFT: draft})
    await turn.send(screens.ask_territory(turn, draft["title"], facts.id, facts.name))


async def territory_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn)) is None:
        return
    if "place" not in draft:  # a button of an older draft
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _territory_chosen(turn, draft, press.int_arg(0), new=False)


async def elsewhere_pressed(turn: Turn, press: Press) -> None:
    if await _draft(turn) is None:
        return
    await places.open_chooser(turn, THEN)


async def place_chosen(turn: Turn, territory_id: int | None) -> None:
    """The chooser's answer: the place, or None when the person cancelled there (the draft goes)."""
    draft = (await get_chat_state(turn.chat_id)).data.get(DRAFT)
    if territory_id is None or draft is None:
        await cancel_pressed(turn, None)
        return
    await _territory_chosen(turn, draft, territory_id, new=True)


async def _territory_chosen(turn: Turn, draft: dict[str, Any], territory_id: int, *, new: bool) -> None:
    facts = await territory_facts(territory_id)
    draft = {**draft, "territory_id": facts.id, "territory_name": facts.name, "time_zone": facts.time_zone,
             "country": facts.country_code}
    await turn.ask("fair_starts", {DRAFT: draft}, screens.ask_start(turn, facts.name), edit=not new)


def _moment(timestamp: int | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, timezone.utc)


async def starts_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = data[DRAFT]
    starts_at = parse_moment(text, draft["time_zone"], clock.now())
    draft = {**draft, "starts_at": int(starts_at.timestamp()), "step": screens.SKIP_END}
    await turn.ask("fair_ends", {DRAFT: draft}, screens.ask_end(turn, starts_at, draft))


async def ends_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """ "18:00" ends the day it starts; an end not after the start is refused, and the question stays."""
    draft = data[DRAFT]
    starts_at = _moment(draft["starts_at"])
    assert starts_at is not None  # asked only once the start is known
    ends_at = parse_end(text, draft["time_zone"], starts_at, clock.now())
    check_fair_ends(starts_at, ends_at)
    await _ask_participants(turn, {**draft, "ends_at": int(ends_at.timestamp())})


async def _ask_participants(turn: Turn, draft: dict[str, Any], *, edit: bool = False) -> None:
    draft = {**draft, "step": screens.SKIP_PARTICIPANTS}
    await turn.ask("fair_participants", {DRAFT: draft}, screens.ask_participants(turn), edit=edit)


async def participants_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if len(text) > MAX_PARTICIPANTS:
        raise Invalid("fair_participants_too_long", limit=MAX_PARTICIPANTS)
    await _summary(turn, {**data[DRAFT], "participants": text}, new=True)


async def skip_pressed(turn: Turn, press: Press) -> None:
    """Leave out the end or the participants; a press under an older question (or a second one) changes nothing."""
    if (draft := await _draft(turn)) is None:
        return
    if draft.get("step") != press.args[0]:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    if press.args[0] == screens.SKIP_END:
        await _ask_participants(turn, {**draft, "ends_at": None}, edit=True)
    else:
        await _summary(turn, {**draft, "participants": ""}, new=False)


async def _summary(turn: Turn, draft: dict[str, Any], *, new: bool) -> None:
    draft = {**draft, "step": "summary"}
    await set_awaiting(turn.chat_id, None, {DRAFT: draft})
    screen = screens.summary(turn, draft, *_moments(draft))
    await (turn.send(screen) if new else turn.show(screen))


def _moments(draft: dict[str, Any]) -> tuple[datetime, datetime | None]:
    starts_at = _moment(draft["starts_at"])
    assert starts_at is not None  # a summary comes after the start
    return starts_at, _moment(draft.get("ends_at"))


async def confirm_pressed(turn: Turn, press: Press) -> None:
    """Announce it, once: the draft goes with the first press; its followers are told through the outbox."""
    if (draft := await _draft(turn)) is None:
        return
    if draft.get("token") != press.args[0] or draft.get("step") != "summary":
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    starts_at, ends_at = _moments(draft)
    fair = await announce_fair(AnnounceFair(
        title=draft["title"], starts_at=starts_at, ends_at=ends_at, place=draft["place"],
        territory_id=draft["territory_id"], participants=draft.get("participants", ""),
        organization_id=draft["organization_id"], network_id=draft["network_id"]), by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.show(screens.announced(turn, fair))


async def cancel_pressed(turn: Turn, press: Press | None) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.cancelled(turn))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.FAIRS: fairs_pressed,
    Action.FAIRS_OF_NETWORK: network_pressed,
    Action.FAIR_ANNOUNCE: announce_pressed,
    Action.FAIR_TERRITORY: territory_pressed,
    Action.FAIR_ELSEWHERE: elsewhere_pressed,
    Action.FAIR_SKIP: skip_pressed,
    Action.FAIR_CONFIRM: confirm_pressed,
    Action.FAIR_CANCEL: cancel_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "fair_title": title_typed,
    "fair_place": place_typed,
    "fair_starts": starts_typed,
    "fair_ends": ends_typed,
    "fair_participants": participants_typed,
}
CONTINUATIONS: dict[str, places.Continuation] = {THEN: place_chosen}

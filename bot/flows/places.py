"""The territory chooser, reusable by any flow: down the tree, by a typed name, or proposing a community.

A flow opens it with `open_chooser(turn, then)`, its draft kept in the chat's state beside the chooser's;
the chosen place's territory id goes to the continuation named `then`, which bot/application.py lists in
bot_data[CONTINUATIONS] (the registration's today, the member register's later), and None goes to it when the
person presses Cancel. Either way the chooser's own keys (place_*) leave the chat's state first, the flow's
draft stays, and the chat waits for nothing until the continuation says what it waits for.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import places as screens
from bot.turn import Turn
from market.errors import NotFound
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.territories.places import (
    TOP,
    choose_place,
    place_name,
    places_below,
    search_places,
    zones_to_ask,
)
from market.services.territories.proposals import propose_territory

CONTINUATIONS = "place_continuations"  # bot_data's key: then → what runs with the chosen territory id
Continuation = Callable[[Turn, int | None], Awaitable[None]]  # None: the person cancelled
SEARCH = "place_search"


async def _await(turn: Turn, awaiting: str, **changes: Any) -> dict[str, Any]:
    state = await get_chat_state(turn.chat_id)
    data = {**state.data, **changes}
    await set_awaiting(turn.chat_id, awaiting, data)
    return data


async def open_chooser(turn: Turn, then: str) -> None:
    """Show the countries; a typed name searches. The chosen place goes to the continuation `then`."""
    await _await(turn, SEARCH, place_then=then)
    await turn.send(screens.page(turn, await places_below(None, turn.locale, turn.person.id)))


async def _then(turn: Turn) -> str:
    then = (await get_chat_state(turn.chat_id)).data.get("place_then")
    if not then:  # the conversation that opened the chooser ended (cancelled, finished)
        raise NotFound("territory_not_found")
    return str(then)


async def open_pressed(turn: Turn, press: Press) -> None:
    """One page of the places below the one pressed (the countries for "-")."""
    await _then(turn)
    key = None if press.args[0] == TOP else press.args[0]
    await _await(turn, SEARCH)
    await turn.show(screens.page(turn, await places_below(key, turn.locale, turn.person.id, press.int_arg(1))))


async def name_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.send(screens.matches(turn, await search_places(text, turn.locale, turn.person.id)))


async def _leave(turn: Turn, territory_id: int | None) -> None:
    """Drop the chooser's keys from the chat's state and hand the place (None: cancelled) to the continuation."""
    state = await get_chat_state(turn.chat_id)
    then = str(state.data.get("place_then"))
    await set_awaiting(turn.chat_id, None, {k: v for k, v in state.data.items() if not k.startswith("place_")})
    continuation: Continuation = turn.context.bot_data[CONTINUATIONS][then]
    await continuation(turn, territory_id)


async def cancel_pressed(turn: Turn, press: Press) -> None:
    """The person leaves the chooser: the flow that opened it says what that means; a second press does nothing."""
    if not (await get_chat_state(turn.chat_id)).data.get("place_then"):
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _leave(turn, None)


async def choose_pressed(turn: Turn, press: Press) -> None:
    """The place reached is chosen: ask its time zone when it is new and its country has several."""
    await _then(turn)
    zones = await zones_to_ask(press.args[0])
    if zones:
        await turn.show(screens.ask_zone(turn, press.args[0], zones))
        return
    await _chosen(turn, await choose_place(press.args[0], turn.person.id))


async def zone_pressed(turn: Turn, press: Press) -> None:
    """The time zone of a place not stored yet: choose it, or (then "p") propose a place under it."""
    await _then(turn)
    zones = await zones_to_ask(press.args[0])
    index = press.int_arg(1)
    zone = zones[index] if 0 <= index < len(zones) else None
    if press.args[2:] == (screens.PROPOSE,) and zone is not None:
        await _ask_proposal(turn, press.args[0], zone)
        return
    await _chosen(turn, await choose_place(press.args[0], turn.person.id, zone))


async def _chosen(turn: Turn, territory_id: int) -> None:
    await _then(turn)
    await _leave(turn, territory_id)


async def propose_pressed(turn: Turn, press: Press) -> None:
    """Ask the name of the place not listed (first the time zone, for a subdivision not stored in such a country)."""
    await _then(turn)
    zones = await zones_to_ask(press.args[0])
    if zones:
        await turn.show(screens.ask_zone(turn, press.args[0], zones, screens.PROPOSE))
        return
    await _ask_proposal(turn, press.args[0], None)


async def _ask_proposal(turn: Turn, key: str, zone: str | None) -> None:
    parent = await place_name(key, turn.locale, turn.person.id)
    await _await(turn, "place_proposal", place_parent=parent.key, place_zone=zone)
    await turn.send(screens.ask_proposal(turn, parent))


async def proposal_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The proposed community waits for an operator; the person may choose it at once."""
    parent = await place_name(str(data.get("place_parent", "")), turn.locale, turn.person.id)
    await propose_territory(parent.key, text, by_person_id=turn.person.id, time_zone=data.get("place_zone"))
    await _await(turn, SEARCH)
    await turn.send(screens.proposed(turn, parent, " ".join(text.split())))


PRESSES: dict[Action, PressHandler] = {
    Action.PLACE_OPEN: open_pressed,
    Action.PLACE_CHOOSE: choose_pressed,
    Action.PLACE_ZONE: zone_pressed,
    Action.PLACE_PROPOSE: propose_pressed,
    Action.PLACE_CANCEL: cancel_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    SEARCH: name_typed,
    "place_proposal": proposal_typed,
}

"""PGS networks in the bot: /registrar_red registers one (name → place → description; it waits for an operator),
and /redes shows a person's networks, where a reviewer names another reviewer."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.operators import person_named
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import networks as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market.errors import Invalid
from market.services.groups.rounds.setup import PlaceChoice, find_places
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.seals.networks import (
    DESCRIPTION_LIMIT,
    NAME_MAX,
    NAME_MIN,
    add_reviewer,
    get_network_view,
    my_networks,
    register_network,
    reviewed_network,
)


async def choose_territory(text: str) -> tuple[PlaceChoice, ...]:
    """The places a typed name may mean. One small function on purpose: a shared territory chooser (typed name or
    down the tree) replaces it."""
    return await find_places(text)


@turn_handler
async def register_command(turn: Turn) -> None:
    """/registrar_red: ask the network's name."""
    await turn.ask("network_name", {}, screens.ask_name(turn))


async def register_pressed(turn: Turn, press: Press) -> None:
    await turn.ask("network_name", {}, screens.ask_name(turn))


async def name_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if not NAME_MIN <= len(text) <= NAME_MAX:
        raise Invalid("network_name_length", min=NAME_MIN, max=NAME_MAX)
    await turn.ask("network_place", {"network_name": text}, screens.ask_place(turn, text))


async def place_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.send(screens.place_choices(turn, await choose_territory(text)))


async def place_chosen(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "network_place":
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await turn.ask("network_description", {**state.data, "territory_id": press.int_arg(0)},
                   screens.ask_description(turn))


async def description_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if len(text) > DESCRIPTION_LIMIT:
        raise Invalid("network_description_too_long", limit=DESCRIPTION_LIMIT)
    await _register(turn, data, text)


async def description_skipped(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "network_description":  # registered already: one press registers one network
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _register(turn, state.data, "")


async def _register(turn: Turn, data: dict[str, Any], description: str) -> None:
    network = await register_network(by_person_id=turn.person.id, name=data["network_name"],
                                      territory_id=data["territory_id"], description=description)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.registered(turn, network))


@turn_handler
async def networks_command(turn: Turn) -> None:
    """/redes: the person's networks."""
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.network_list(turn, await my_networks(turn.person.id)))


async def networks_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.network_list(turn, await my_networks(turn.person.id)))


async def reviewer_add_pressed(turn: Turn, press: Press) -> None:
    network = await reviewed_network(press.int_arg(0), by_person_id=turn.person.id)
    await turn.ask("network_reviewer", {"network_id": network.id}, screens.ask_reviewer(turn, network))


async def reviewer_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A forwarded message names its sender; else a Telegram id or an @username. Confirmed with a button."""
    person = await person_named(turn, text)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.confirm_reviewer(turn, await get_network_view(data["network_id"]), person))


async def reviewer_confirmed(turn: Turn, press: Press) -> None:
    added = await add_reviewer(press.int_arg(0), press.int_arg(1), by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.reviewer_added(turn, added))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.NETWORKS: networks_pressed,
    Action.NETWORK_REGISTER: register_pressed,
    Action.NETWORK_PLACE: place_chosen,
    Action.NETWORK_NO_DESCRIPTION: description_skipped,
    Action.NETWORK_REVIEWER_ADD: reviewer_add_pressed,
    Action.NETWORK_REVIEWER_CONFIRM: reviewer_confirmed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "network_name": name_typed,
    "network_place": place_typed,
    "network_description": description_typed,
    "network_reviewer": reviewer_typed,
}

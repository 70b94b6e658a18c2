"""PGS networks in the bot: /registrar_red registers one (name → place → description → norms document; it waits
for an operator), and /redes shows a person's networks, where the committee admits reviewers with their role and
organization, seats them on the committee, keeps the norms document and writes checklist versions."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.operators import person_named
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import networks as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market.enums import ReviewerRole
from market.errors import Invalid
from market.rules.checklists import checklist_norms
from market.services.groups.rounds.setup import PlaceChoice, find_places
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.operators.roles import get_person_ref
from market.services.seals.committee import (
    admit_reviewer,
    change_reviewer,
    check_origin,
    committee_network,
    current_checklist,
    deactivate_reviewer,
    get_reviewer,
    network_page,
    new_checklist,
    reviewer_organizations,
    set_committee,
    set_named_publicly,
    set_norms,
)
from market.services.seals.networks import (
    DESCRIPTION_LIMIT,
    NAME_MAX,
    NAME_MIN,
    NORMS_LIMIT,
    my_networks,
    register_network,
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
    await turn.ask("network_new_norms", {**data, "description": text}, screens.ask_new_norms(turn))


async def description_skipped(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "network_description":  # answered already: one press asks the next question once
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await turn.ask("network_new_norms", {**state.data, "description": ""}, screens.ask_new_norms(turn))


async def new_norms_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if len(text) > NORMS_LIMIT:
        raise Invalid("network_norms_too_long", limit=NORMS_LIMIT)
    await _register(turn, data, text)


async def new_norms_skipped(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "network_new_norms":  # registered already: one press registers one network
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _register(turn, state.data, "")


async def _register(turn: Turn, data: dict[str, Any], norms: str) -> None:
    network = await register_network(by_person_id=turn.person.id, name=data["network_name"],
                                      territory_id=data["territory_id"], description=data["description"], norms=norms)
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


async def network_pressed(turn: Turn, press: Press) -> None:
    """One network, as the person reviews for it."""
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.network(turn, await network_page(press.int_arg(0), person_id=turn.person.id)))


async def naming_pressed(turn: Turn, press: Press) -> None:
    """The reviewer's own answer: the public seal pages show their name, or only their role and organization."""
    named = press.args[1] == "1"
    await set_named_publicly(press.int_arg(0), person_id=turn.person.id, named=named)
    note = (turn._("✅ The seal pages will show your name.") if named
            else turn._("✅ The seal pages will show only your role and organization."))
    await turn.show(screens.network(turn, await network_page(press.int_arg(0), person_id=turn.person.id), note))


async def norms_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    page = await network_page(network.id, person_id=turn.person.id)
    await turn.ask("network_norms", {"network_id": network.id}, screens.ask_norms(turn, network, page.norms))


async def norms_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await set_norms(data["network_id"], text, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    page = await network_page(data["network_id"], person_id=turn.person.id)
    await turn.send(screens.network(turn, page, turn._("✅ The norms document is saved.")))


# Reviewers, by the committee ----------------------------------------------------------------------------------

async def reviewers_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    page = await network_page(network.id, person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.reviewers(turn, network, page.reviewers))


async def reviewer_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.reviewer(turn, network, await get_reviewer(network.id, press.int_arg(1))))


async def reviewer_add_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    await turn.ask("network_reviewer", {"network_id": network.id}, screens.ask_reviewer(turn, network))


async def reviewer_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A forwarded message names its sender; else a Telegram id or an @username. Their role comes next."""
    network = await committee_network(data["network_id"], by_person_id=turn.person.id)
    person = await person_named(turn, text)
    await set_awaiting(turn.chat_id, None)
    await turn.send(screens.choose_role(turn, network, person))


async def old_confirm_pressed(turn: Turn, press: Press) -> None:
    """A button sent before reviewers had roles: their role is chosen now."""
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.choose_role(turn, network, await get_person_ref(press.int_arg(1))))


async def role_chosen(turn: Turn, press: Press) -> None:
    """The role, then the organization they review from: one of theirs, or none."""
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    person = await get_person_ref(press.int_arg(1))
    await turn.show(screens.choose_organization(turn, network, person, ReviewerRole(press.args[2]),
                                                await reviewer_organizations(person.id), press.args[3]))


async def origin_chosen(turn: Turn, press: Press) -> None:
    """Admitting asks to confirm; a change of role is saved at once."""
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    person_id, role, organization_id = press.int_arg(1), ReviewerRole(press.args[2]), press.int_arg(3) or None
    if press.args[4] == "c":
        changed = await change_reviewer(network.id, person_id, role=role, organization_id=organization_id,
                                        by_person_id=turn.person.id)
        await turn.show(screens.reviewer(turn, network, changed, turn._("✅ Saved.")))
        return
    await check_origin(person_id, role, organization_id)
    organization = next((o for o in await reviewer_organizations(person_id) if o.id == organization_id), None)
    await turn.show(screens.confirm_admission(turn, network, await get_person_ref(person_id), role, organization))


async def admit_pressed(turn: Turn, press: Press) -> None:
    result = await admit_reviewer(press.int_arg(0), press.int_arg(1), role=ReviewerRole(press.args[2]),
                                  organization_id=press.int_arg(3) or None, by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.admitted(turn, result))


async def committee_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    changed = await set_committee(network.id, press.int_arg(1), on=press.args[2] == "1", by_person_id=turn.person.id)
    await turn.show(screens.reviewer(turn, network, changed, turn._("✅ Saved.")))


async def stop_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.confirm_stop(turn, network, await get_reviewer(network.id, press.int_arg(1))))


async def stop_confirmed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    stopped = await deactivate_reviewer(network.id, press.int_arg(1), by_person_id=turn.person.id)
    page = await network_page(network.id, person_id=turn.person.id)
    note = turn._("✅ {name} no longer reviews for «{network}».").format(name=stopped.name, network=network.name)
    await turn.show(screens.reviewers(turn, network, page.reviewers, note))


# The checklist --------------------------------------------------------------------------------------------------

async def checklist_pressed(turn: Turn, press: Press) -> None:
    page = await network_page(press.int_arg(0), person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.checklist(turn, page.network, await current_checklist(page.network.id),
                                      page.me.committee))


async def checklist_new_pressed(turn: Turn, press: Press) -> None:
    network = await committee_network(press.int_arg(0), by_person_id=turn.person.id)
    current = await current_checklist(network.id)
    after = current.version if current else 0
    await turn.ask("network_checklist", {"network_id": network.id, "after_version": after},
                   screens.ask_checklist(turn, network, after + 1))


async def checklist_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """The norms read from the lines typed (a bad list is refused whole), previewed before they are saved."""
    network = await committee_network(data["network_id"], by_person_id=turn.person.id)
    norms = checklist_norms(text)
    await turn.ask("network_checklist", {"network_id": network.id, "after_version": data["after_version"],
                                         "text": text},
                   screens.checklist_preview(turn, network, data["after_version"] + 1, norms))


async def checklist_confirmed(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "network_checklist" or state.data.get("network_id") != press.int_arg(0) \
            or "text" not in state.data:  # saved already, or the question moved on: one press saves one version
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    saved = await new_checklist(press.int_arg(0), state.data["text"], after_version=state.data["after_version"] or None,
                                by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    page = await network_page(saved.network_id, person_id=turn.person.id)
    note = turn._("✅ Version {version} of the checklist is saved.").format(version=saved.version)
    await turn.show(screens.checklist(turn, page.network, saved, page.me.committee, note))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.NETWORKS: networks_pressed,
    Action.NETWORK_REGISTER: register_pressed,
    Action.NETWORK_PLACE: place_chosen,
    Action.NETWORK_NO_DESCRIPTION: description_skipped,
    Action.NETWORK_NO_NORMS: new_norms_skipped,
    Action.NETWORK: network_pressed,
    Action.NETWORK_NAMING: naming_pressed,
    Action.NETWORK_NORMS: norms_pressed,
    Action.NETWORK_REVIEWERS: reviewers_pressed,
    Action.NETWORK_REVIEWER: reviewer_pressed,
    Action.NETWORK_REVIEWER_ADD: reviewer_add_pressed,
    Action.NETWORK_REVIEWER_CONFIRM: old_confirm_pressed,
    Action.NETWORK_ROLE: role_chosen,
    Action.NETWORK_ORIGIN: origin_chosen,
    Action.NETWORK_ADMIT: admit_pressed,
    Action.NETWORK_COMMITTEE: committee_pressed,
    Action.NETWORK_REVIEWER_OFF: stop_pressed,
    Action.NETWORK_REVIEWER_OFF_CONFIRMED: stop_confirmed,
    Action.NETWORK_CHECKLIST: checklist_pressed,
    Action.NETWORK_CHECKLIST_NEW: checklist_new_pressed,
    Action.NETWORK_CHECKLIST_CONFIRM: checklist_confirmed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "network_name": name_typed,
    "network_place": place_typed,
    "network_description": description_typed,
    "network_new_norms": new_norms_typed,
    "network_norms": norms_typed,
    "network_reviewer": reviewer_typed,
    "network_checklist": checklist_typed,
}

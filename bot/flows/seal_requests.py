"""An organization asks a PGS network for a visit: /sello (or "🏅 Seal visits" in /organizacion) → the network →
its products → the request, which the network's reviewers are told of. The admin may withdraw it while open.

The products chosen wait in the chat's draft under the organization and network they were chosen for; the
services refuse anyone but the organization's admins.
"""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import seal_requests as screens
from bot.turn import Turn, turn_handler
from bot.wake import wake_outbox
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.seals.requests import (
    Choice,
    admin_organizations,
    organization_requests,
    request_start,
    request_visit,
    withdraw_request,
)

DRAFT = "visit_request"  # the chat's draft key: {"organization_id", "network_id", "product_ids"}


@turn_handler
async def seal_command(turn: Turn) -> None:
    """/sello: the seal visits of the person's organization (first choose one, when they admin several)."""
    organizations = await admin_organizations(turn.person.id)
    if len(organizations) == 1:
        await turn.send(await _home(turn, organizations[0]))
    else:
        await turn.send(screens.choose_organization(turn, organizations))


async def home_pressed(turn: Turn, press: Press) -> None:
    start = await request_start(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(await _home(turn, Choice(start.organization_id, start.organization_name)))


async def _home(turn: Turn, organization: Choice):
    requests = await organization_requests(organization.id, by_person_id=turn.person.id)
    return screens.seal_home(turn, organization, requests)


async def request_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.choose_network(turn, await request_start(press.int_arg(0), by_person_id=turn.person.id)))


async def network_pressed(turn: Turn, press: Press) -> None:
    """The products, all of them chosen to begin with: most requests are for everything the organization sells."""
    start = await request_start(press.int_arg(0), by_person_id=turn.person.id)
    chosen = [p.id for p in start.products]
    await set_awaiting(turn.chat_id, None, {DRAFT: {"organization_id": start.organization_id,
                                                    "network_id": press.int_arg(1), "product_ids": chosen}})
    await turn.show(screens.choose_products(turn, start, _network(start, press.int_arg(1)), set(chosen)))


async def product_pressed(turn: Turn, press: Press) -> None:
    start = await request_start(press.int_arg(0), by_person_id=turn.person.id)
    chosen = set(await _chosen(turn, press))
    chosen ^= {press.int_arg(2)} & {p.id for p in start.products}
    await set_awaiting(turn.chat_id, None, {DRAFT: {"organization_id": start.organization_id,
                                                    "network_id": press.int_arg(1), "product_ids": sorted(chosen)}})
    await turn.show(screens.choose_products(turn, start, _network(start, press.int_arg(1)), chosen))


async def confirm_pressed(turn: Turn, press: Press) -> None:
    request = await request_visit(press.int_arg(0), press.int_arg(1), await _chosen(turn, press),
                                  by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.requested(turn, request))


async def withdraw_pressed(turn: Turn, press: Press) -> None:
    request = await withdraw_request(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("Request withdrawn."))
    await turn.show(await _home(turn, Choice(request.organization_id, request.organization_name)))


async def _chosen(turn: Turn, press: Press) -> list[int]:
    """The products chosen in this chat for this organization and network (none: the draft is another's)."""
    draft = (await get_chat_state(turn.chat_id)).data.get(DRAFT) or {}
    if (draft.get("organization_id"), draft.get("network_id")) != (press.int_arg(0), press.int_arg(1)):
        return []
    return [int(p) for p in draft.get("product_ids", [])]


def _network(start, network_id: int) -> Choice:
    return next((n for n in start.networks if n.id == network_id), Choice(network_id, "…"))


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.SEAL_HOME: home_pressed,
    Action.SEAL_REQUEST: request_pressed,
    Action.SEAL_REQUEST_NETWORK: network_pressed,
    Action.SEAL_REQUEST_PRODUCT: product_pressed,
    Action.SEAL_REQUEST_CONFIRM: confirm_pressed,
    Action.SEAL_REQUEST_WITHDRAW: withdraw_pressed,
}

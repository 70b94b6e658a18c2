"""Producers join their organization: the admin's link, the request, the one-button answer."""

from __future__ import annotations

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import PressHandler
from bot.screens import producers as screens
from bot.turn import Screen, Turn, turn_handler
from bot.wake import wake_outbox
from market.services.orders.received import count_waiting_orders
from market.services.organizations.producers import (
    decide_membership,
    find_producer_invite,
    my_organizations,
    pending_requests,
    producer_invite_code,
    request_membership,
)


@turn_handler
async def show_organizations(turn: Turn) -> None:
    """/organizacion: the person's organizations, their received orders; admins reach their producers' page."""
    await turn.send(await _organizations_page(turn))


async def organizations_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await _organizations_page(turn))


async def _organizations_page(turn: Turn) -> Screen:
    memberships = await my_organizations(turn.person.id)
    return screens.my_organizations(turn, memberships, await count_waiting_orders(turn.person.id))


async def producers_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await _producers_page(turn, press.int_arg(0)))


async def _producers_page(turn: Turn, organization_id: int):
    code = await producer_invite_code(organization_id, by_person_id=turn.person.id)
    pending = await pending_requests(organization_id, by_person_id=turn.person.id)
    invite = await find_producer_invite(code)
    link = screens.producer_link(turn.context.bot.username, code)
    return screens.producers_page(turn, invite.organization_name, link, pending)


async def show_invitation(turn: Turn, code: str) -> None:
    """/start j_<code>: what the organization is, and a button to ask to join."""
    await turn.send(screens.invitation(turn, await find_producer_invite(code), code))


async def join_asked(turn: Turn, press: Press) -> None:
    membership = await request_membership(press.args[0], person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.requested(turn, membership))


async def answered(turn: Turn, press: Press) -> None:
    """Approve or refuse: the first answer stands, and the producer is told."""
    membership = await decide_membership(press.int_arg(0), approve=press.args[1] == "1", by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.decided_for_admin(turn, membership))


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.ORGANIZATIONS: organizations_pressed,
    Action.PRODUCERS: producers_pressed,
    Action.PRODUCER_JOIN: join_asked,
    Action.PRODUCER_ANSWER: answered,
}

"""Joining a group whose coordinators approve newcomers: the settings switch, the coordinators' answer (a refusal
may say why), and the waiting person's request, which they may take back."""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import group_joins as screens
from bot.turn import Turn
from bot.wake import wake_outbox
from market.enums import GroupJoinPolicy
from market.errors import NotFound
from market.services.groups.joins import (
    cancel_join_request,
    decide_join_request,
    get_join_request,
    set_join_policy,
    waiting_join_requests,
)
from market.services.groups.membership import check_coordinator, get_group
from market.services.messaging.chats import set_awaiting


async def settings_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    await check_coordinator(group_id, turn.person.id)
    await turn.show(screens.settings(turn, await get_group(group_id, viewer_person_id=turn.person.id)))


async def policy_pressed(turn: Turn, press: Press) -> None:
    """Switch how the group takes newcomers; pressing the same switch twice leaves it as it is."""
    try:
        policy = GroupJoinPolicy(press.args[1])
    except ValueError:  # a button of a policy this version no longer has
        raise NotFound("group_not_found") from None
    await turn.show(screens.settings(turn, await set_join_policy(press.int_arg(0), policy,
                                                                 by_person_id=turn.person.id)))


async def requests_pressed(turn: Turn, press: Press) -> None:
    group_id, offset = press.int_arg(0), press.int_arg(1)
    requests, more = await waiting_join_requests(group_id, by_person_id=turn.person.id, offset=offset)
    await turn.show(screens.request_list(turn, group_id, requests, offset, more))


async def request_pressed(turn: Turn, press: Press) -> None:
    request = await get_join_request(press.int_arg(0))
    await check_coordinator(request.group_id, turn.person.id)
    await turn.show(screens.request(turn, request))


async def approve_pressed(turn: Turn, press: Press) -> None:
    request = await decide_join_request(press.int_arg(0), approve=True, by_person_id=turn.person.id)
    wake_outbox(turn.context)
    await turn.show(screens.decided(turn, request))


async def refuse_pressed(turn: Turn, press: Press) -> None:
    """Ask for a short reason, which the person will read; a button refuses without one."""
    request = await get_join_request(press.int_arg(0))
    await check_coordinator(request.group_id, turn.person.id)
    await turn.ask("group_join_reason", {"request_id": request.id}, screens.ask_reason(turn, request))


async def refuse_now_pressed(turn: Turn, press: Press) -> None:
    await _refuse(turn, press.int_arg(0), "")


async def reason_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _refuse(turn, data["request_id"], text)


async def _refuse(turn: Turn, request_id: int, reason: str) -> None:
    request = await decide_join_request(request_id, approve=False, reason=reason, by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    wake_outbox(turn.context)
    await turn.send(screens.decided(turn, request))


async def waiting_pressed(turn: Turn, press: Press) -> None:
    request = await get_join_request(press.int_arg(0))
    if request.person_id != turn.person.id:
        raise NotFound("join_request_not_found")
    await turn.show(screens.waiting(turn, request))


async def cancel_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.cancelled(turn, await cancel_join_request(press.int_arg(0), person_id=turn.person.id)))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.GROUP_SETTINGS: settings_pressed,
    Action.GROUP_JOIN_POLICY: policy_pressed,
    Action.GROUP_JOIN_REQUESTS: requests_pressed,
    Action.GROUP_JOIN_REQUEST: request_pressed,
    Action.GROUP_JOIN_APPROVE: approve_pressed,
    Action.GROUP_JOIN_REFUSE: refuse_pressed,
    Action.GROUP_JOIN_REFUSE_NOW: refuse_now_pressed,
    Action.GROUP_JOIN_WAITING: waiting_pressed,
    Action.GROUP_JOIN_CANCEL: cancel_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "group_join_reason": reason_typed,
}

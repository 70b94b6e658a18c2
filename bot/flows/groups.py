"""Purchasing groups in the bot: create one, join by invitation, leave, and link the group's Telegram chat.

Linking, as the issue asks: a coordinator adds the bot to the group's Telegram chat, and then confirms
with a button only they can press (or writes /vincular there): announcements and summaries go there.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ContextTypes

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import group_joins as join_screens
from bot.screens import groups as screens
from bot.turn import Screen, Turn, begin_turn, turn_handler
from bot.wake import wake_outbox
from market.errors import Invalid
from market.services.groups.joins import join_group, my_join_requests
from market.services.groups.membership import (
    create_group,
    find_invite,
    forget_group_chat,
    get_group,
    groups_coordinated,
    leave_group,
    link_group_chat,
    list_members,
    list_my_groups,
    make_coordinator,
    move_group_chat,
    new_invite_code,
)
from market.services.groups.rounds.queries import list_rounds
from market.services.groups.rounds.setup import find_places
from market.services.messaging.chats import get_chat_state, set_awaiting

NAME_LIMITS = (3, 160)


@turn_handler
async def show_groups(turn: Turn) -> None:
    """/grupos: the person's purchasing groups."""
    await turn.send(await _group_list(turn))


async def groups_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(await _group_list(turn))


async def _group_list(turn: Turn) -> Screen:
    return screens.group_list(turn, await list_my_groups(turn.person.id), await my_join_requests(turn.person.id))


async def group_screen(turn: Turn, group_id: int) -> Screen:
    group = await get_group(group_id, viewer_person_id=turn.person.id)
    rounds = await list_rounds(group_id, viewer_person_id=turn.person.id, limit=5)
    return screens.group_page(turn, group, rounds, turn.context.bot.username)


async def group_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await group_screen(turn, press.int_arg(0)))


async def new_link_pressed(turn: Turn, press: Press) -> None:
    """A new invitation link; the old one stops working (it went around too far)."""
    await new_invite_code(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("New link made; the old one no longer works."))
    await turn.show(await group_screen(turn, press.int_arg(0)))


async def members_pressed(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    await turn.show(screens.member_list(turn, group_id, await list_members(group_id, by_person_id=turn.person.id)))


async def coordinator_made(turn: Turn, press: Press) -> None:
    group_id = press.int_arg(0)
    members = await make_coordinator(group_id, press.int_arg(1), by_person_id=turn.person.id)
    await turn.show(screens.member_list(turn, group_id, members))


# Joining ---------------------------------------------------------------------------------------------

async def show_invitation(turn: Turn, code: str) -> None:
    """/start g_<code>: what the group is, and a button to join."""
    await turn.send(screens.invitation(turn, await find_invite(code), code))


async def join_pressed(turn: Turn, press: Press) -> None:
    joined = await join_group(press.args[0], person_id=turn.person.id)
    if joined.request is not None:  # its coordinators approve newcomers: they were asked
        wake_outbox(turn.context)
        await turn.show(join_screens.waiting(turn, joined.request))
        return
    assert joined.group is not None  # a member now, or already
    if joined.joined_now:
        await turn.toast(turn._("Welcome to the group!"))
    await turn.show(await group_screen(turn, joined.group.id))


async def leave_asked(turn: Turn, press: Press) -> None:
    await turn.show(screens.confirm_leave(turn, await get_group(press.int_arg(0), viewer_person_id=turn.person.id)))


async def leave_confirmed(turn: Turn, press: Press) -> None:
    await leave_group(press.int_arg(0), person_id=turn.person.id)
    await turn.toast(turn._("You left the group."))
    await turn.show(await _group_list(turn))


# Creating a group: name → place → pickup point ------------------------------------------------------------

async def create_pressed(turn: Turn, press: Press) -> None:
    await turn.ask("group_name", {}, screens.ask_group_name(turn))


async def name_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    low, high = NAME_LIMITS
    if not low <= len(text) <= high:
        raise Invalid("group_name_length", min=low, max=high)
    await turn.ask("group_place", {"group_name": text}, screens.ask_group_place(turn, text))


async def place_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.send(screens.place_choices(turn, await find_places(text)))


async def place_chosen(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if "group_name" not in state.data:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await turn.ask("group_pickup", {**state.data, "territory_id": press.int_arg(0)},
                   screens.ask_group_pickup(turn))


async def pickup_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _create(turn, data, text)


async def pickup_skipped(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "group_pickup":  # the group was made already: one press makes one group
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _create(turn, state.data, "")


async def _create(turn: Turn, data: dict[str, Any], pickup_point: str) -> None:
    group = await create_group(
        by_person_id=turn.person.id, name=data["group_name"], territory_id=data["territory_id"],
        pickup_point=pickup_point,
    )
    await set_awaiting(turn.chat_id, None)
    await turn.send(Screen(turn._("✅ «{name}» is created and you are its coordinator. Send the invitation link "
                                  "below to the families of the group.").format(name=group.name)))
    await turn.send(await group_screen(turn, group.id))


# The group's Telegram chat -----------------------------------------------------------------------------

async def chat_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to a group chat (greet, offer the adder's groups to link) or removed (unlink)."""
    change = update.my_chat_member
    if change is None:  # the handler's filter lets only these through
        return
    status = change.new_chat_member.status
    if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        await forget_group_chat(change.chat.id)
        return
    if change.old_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        turn = await begin_turn(update, context)
        await turn.send(screens.chat_greeting(turn, await groups_coordinated(turn.person.id)))


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup (Telegram gives it a new id): announcements follow it there."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        await move_group_chat(message.chat.id, message.migrate_to_chat_id)


@turn_handler
async def link_command(turn: Turn) -> None:
    """/vincular in a group chat: the writer's groups to link it to, on buttons only they can press."""
    groups = await groups_coordinated(turn.person.id)
    await turn.send(screens.chat_greeting(turn, groups) if groups else screens.not_a_coordinator_here(turn))


async def link_pressed(turn: Turn, press: Press) -> None:
    group = await link_group_chat(press.int_arg(0), turn.chat_id, by_person_id=turn.person.id)
    await turn.show(screens.chat_linked(turn, group))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.GROUPS: groups_pressed,
    Action.GROUP: group_pressed,
    Action.GROUP_NEW_LINK: new_link_pressed,
    Action.GROUP_MEMBERS: members_pressed,
    Action.GROUP_MAKE_COORDINATOR: coordinator_made,
    Action.GROUP_JOIN: join_pressed,
    Action.GROUP_LEAVE: leave_asked,
    Action.GROUP_LEAVE_CONFIRMED: leave_confirmed,
    Action.GROUP_CREATE: create_pressed,
    Action.GROUP_PLACE: place_chosen,
    Action.GROUP_NO_PICKUP_POINT: pickup_skipped,
    Action.GROUP_CHAT_LINK: link_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "group_name": name_typed,
    "group_place": place_typed,
    "group_pickup": pickup_typed,
}

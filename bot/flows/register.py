"""The member register in the chat: a member fills and updates their own entry (/miregistro, or "📋 My entry" in
/organizacion), step by step, each step skippable; the organization's admins read the register, its totals and
its CSV. Every step asks the services, which refuse anyone else.
"""

from __future__ import annotations

from typing import Any

from telegram import InputFile

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import register as screens
from bot.turn import Screen, Turn, translator, turn_handler
from market import clock
from market.enums import Gender
from market.presentation.sheets import sheet_csv
from market.services.messaging.chats import set_awaiting
from market.services.organizations import register
from market.services.organizations.producers import leave_organization, my_organizations
from market.services.organizations.register_views import (
    register_entry,
    register_page,
    register_sheet,
    register_totals,
)
from market.stock_messages import read_number

AWAITS = {screens.COMMUNITY: "register_community", screens.PRODUCTION: "register_production",
          screens.FAMILY: "register_family"}


@turn_handler
async def register_command(turn: Turn) -> None:
    """/miregistro: the member's entry, or first which organization's."""
    memberships = await my_organizations(turn.person.id)
    if len(memberships) == 1:
        await turn.send(await _entry_page(turn, memberships[0].organization_id))
    else:
        await turn.send(screens.choose_organization(turn, memberships))


async def entry_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)  # back from a step: what is typed next answers nothing
    await turn.show(await _entry_page(turn, press.int_arg(0)))


async def _entry_page(turn: Turn, organization_id: int, done: str | None = None) -> Screen:
    return screens.entry_page(turn, await register.my_entry(organization_id, person_id=turn.person.id), done)


async def step_pressed(turn: Turn, press: Press) -> None:
    await turn.show(await _step(turn, press.int_arg(0), press.args[1]))


async def _step(turn: Turn, organization_id: int, step: str | None) -> Screen:
    """The screen of `step` (the chat then awaits its answer), or the entry once the steps are done."""
    if step is None:
        await set_awaiting(turn.chat_id, None)
        return await _entry_page(turn, organization_id, turn._("✅ Saved."))
    await set_awaiting(turn.chat_id, AWAITS.get(step), {"organization_id": organization_id})
    if step == screens.COMMUNITY:
        return screens.community_step(turn, await register.community_choices(organization_id,
                                                                               person_id=turn.person.id))
    if step == screens.PRODUCTION:
        return screens.production_step(turn, organization_id)
    if step == screens.FAMILY:
        return screens.family_step(turn, organization_id)
    await register.my_entry(organization_id, person_id=turn.person.id)  # only a member is asked
    return screens.gender_step(turn, organization_id)


async def communities_pressed(turn: Turn, press: Press) -> None:
    page = await register.community_choices(press.int_arg(0), person_id=turn.person.id, offset=press.int_arg(1))
    await turn.show(screens.community_step(turn, page))


async def community_pressed(turn: Turn, press: Press) -> None:
    organization_id = press.int_arg(0)
    await register.set_community(organization_id, person_id=turn.person.id, territory_id=press.int_arg(1))
    await turn.show(await _step(turn, organization_id, screens.next_step(screens.COMMUNITY)))


async def community_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await register.set_community(data["organization_id"], person_id=turn.person.id, typed=text)
    await turn.send(await _step(turn, data["organization_id"], screens.next_step(screens.COMMUNITY)))


async def production_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A line not read is answered with what to write; nothing is saved until every line reads."""
    await register.set_production(data["organization_id"], text, person_id=turn.person.id, locale=turn.locale)
    await turn.send(await _step(turn, data["organization_id"], screens.next_step(screens.PRODUCTION)))


async def family_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    number = read_number(text.strip())
    size = int(number) if number is not None and number == number.to_integral_value() else 0
    await register.set_family_size(data["organization_id"], size, person_id=turn.person.id)
    await turn.send(await _step(turn, data["organization_id"], screens.next_step(screens.FAMILY)))


async def gender_pressed(turn: Turn, press: Press) -> None:
    organization_id = press.int_arg(0)
    await register.set_gender(organization_id, Gender(press.args[1]), person_id=turn.person.id)
    await turn.show(await _step(turn, organization_id, None))


async def confirm_pressed(turn: Turn, press: Press) -> None:
    organization_id = press.int_arg(0)
    await register.confirm_entry(organization_id, person_id=turn.person.id)
    await turn.show(await _entry_page(turn, organization_id, turn._("✅ Thank you: your entry counts as updated.")))


async def leave_pressed(turn: Turn, press: Press) -> None:
    entry = await register.my_entry(press.int_arg(0), person_id=turn.person.id)
    await turn.show(screens.confirm_leave(turn, entry))


async def leave_confirmed(turn: Turn, press: Press) -> None:
    """An admin is told to leave the board first; the member row, the entry and the history stay."""
    membership = await leave_organization(press.int_arg(0), person_id=turn.person.id)
    await turn.show(screens.left(turn, membership))


async def list_pressed(turn: Turn, press: Press) -> None:
    page = await register_page(press.int_arg(0), by_person_id=turn.person.id, stale_only=press.args[1] == screens.STALE,
                               page=press.int_arg(2))
    await turn.show(screens.register_page(turn, page))


async def member_pressed(turn: Turn, press: Press) -> None:
    await set_awaiting(turn.chat_id, None)  # back from writing it: what is typed next answers nothing
    entry = await register_entry(press.int_arg(0), by_person_id=turn.person.id)
    await turn.show(screens.member_entry(turn, entry, press.args[1], press.int_arg(2)))


async def totals_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.totals(turn, await register_totals(press.int_arg(0), by_person_id=turn.person.id)))


async def csv_pressed(turn: Turn, press: Press) -> None:
    """The register as a spreadsheet file (no gender column), for the organization's admins."""
    organization_id = press.int_arg(0)
    text = sheet_csv(await register_sheet(organization_id, by_person_id=turn.person.id), translator(turn.locale))
    name = f"registro-{organization_id}-{clock.today().isoformat()}.csv"
    await turn.context.bot.send_document(turn.chat_id, InputFile(text.encode(), filename=name))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.REGISTER_ENTRY: entry_pressed,
    Action.REGISTER_STEP: step_pressed,
    Action.REGISTER_COMMUNITIES: communities_pressed,
    Action.REGISTER_COMMUNITY: community_pressed,
    Action.REGISTER_GENDER: gender_pressed,
    Action.REGISTER_CONFIRM: confirm_pressed,
    Action.REGISTER_LEAVE: leave_pressed,
    Action.REGISTER_LEAVE_CONFIRMED: leave_confirmed,
    Action.REGISTER_LIST: list_pressed,
    Action.REGISTER_MEMBER: member_pressed,
    Action.REGISTER_TOTALS: totals_pressed,
    Action.REGISTER_CSV: csv_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "register_community": community_typed,
    "register_production": production_typed,
    "register_family": family_typed,
}

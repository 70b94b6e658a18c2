"""An admin writes a member's entry in the chat (the register → a member → "✏️ Write this entry"): the member's own
questions but the gender (community, production, family), each checked as it is answered and each skippable; past
the last, the entry is written once, every part at a time (market.services.organizations.register_by_admin), and
the member is told in the bot. The answers wait in the chat's draft with the entry's version read at the start: a
change made meanwhile refuses the write, and a button pressed again after it writes nothing.
"""

from __future__ import annotations

from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import AnswerHandler, PressHandler
from bot.screens import register as register_screens
from bot.screens import register_by_admin as screens
from bot.screens.register import ALL, COMMUNITY, FAMILY, PRODUCTION
from bot.turn import Screen, Turn
from market.errors import NotFound
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.organizations.register import community_choices
from market.services.organizations.register_by_admin import check_member_part, write_member_entry
from market.services.organizations.register_views import register_entry
from market.stock_messages import read_number

AWAITS = {COMMUNITY: "register_write_community", PRODUCTION: "register_write_production",
          FAMILY: "register_write_family"}
DRAFT = "register_write"  # the draft's key: member, version, view, page, name, organization, and the parts answered
WRITE = "w"  # the step past the last: write the entry


async def write_pressed(turn: Turn, press: Press) -> None:
    """Start: the member's entry as it is now (its version), then the first question."""
    member_id = press.int_arg(0)
    entry = await register_entry(member_id, by_person_id=turn.person.id)
    draft = {"member": member_id, "version": entry.version, "view": press.args[1], "page": press.int_arg(2),
             "name": entry.person_name, "organization": entry.organization_id}
    await turn.show(await _ask(turn, draft, COMMUNITY))


async def step_pressed(turn: Turn, press: Press) -> None:
    """Skip to a question, or past the last (write); a button of a draft already written shows the entry."""
    draft = await _draft(turn, press.int_arg(0))
    if draft is None:
        entry = await register_entry(press.int_arg(0), by_person_id=turn.person.id)
        await turn.show(register_screens.member_entry(turn, entry, ALL, 0))
        return
    step = press.args[1]
    await turn.show(await _ask(turn, draft, None if step == WRITE else step))


async def communities_pressed(turn: Turn, press: Press) -> None:
    draft = await _draft(turn, press.int_arg(0))
    if draft is None:
        raise NotFound("membership_not_found")
    choices = await community_choices(draft["organization"], person_id=turn.person.id, offset=press.int_arg(1))
    await turn.show(screens.community_step(turn, draft["name"], draft["member"], choices, draft["view"],
                                           draft["page"]))


async def community_pressed(turn: Turn, press: Press) -> None:
    draft = await _draft(turn, press.int_arg(0))
    if draft is None:
        raise NotFound("membership_not_found")
    choices = await community_choices(draft["organization"], person_id=turn.person.id, offset=press.int_arg(2))
    name = next((c.name for c in choices.items if c.territory_id == press.int_arg(1)), None)
    if name is None:
        raise NotFound("territory_not_found")
    await turn.show(await _ask(turn, draft | {"community": name}, PRODUCTION))


async def community_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = data[DRAFT]
    await check_member_part(draft["member"], by_person_id=turn.person.id, community=text)
    await turn.send(await _ask(turn, draft | {"community": text}, PRODUCTION))


async def production_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """A line not read is answered with what to write, as the member's own step answers it."""
    draft = data[DRAFT]
    await check_member_part(draft["member"], by_person_id=turn.person.id, production=text, locale=turn.locale)
    await turn.send(await _ask(turn, draft | {"production": text}, FAMILY))


async def family_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = data[DRAFT]
    number = read_number(text.strip())
    size = int(number) if number is not None and number == number.to_integral_value() and abs(number) < 1000 else 0
    await check_member_part(draft["member"], by_person_id=turn.person.id, family_size=size)
    await turn.send(await _ask(turn, draft | {"family_size": size}, None))


async def _ask(turn: Turn, draft: dict[str, Any], step: str | None) -> Screen:
    """The screen of `step` (the chat then awaits its answer, keeping the draft), or past the last the entry
    written."""
    if step is None:
        return await _write(turn, draft)
    await set_awaiting(turn.chat_id, AWAITS[step], {DRAFT: draft})
    name, member, view, page = draft["name"], draft["member"], draft["view"], draft["page"]
    if step == COMMUNITY:
        choices = await community_choices(draft["organization"], person_id=turn.person.id)
        return screens.community_step(turn, name, member, choices, view, page)
    if step == PRODUCTION:
        return screens.production_step(turn, name, member, view, page)
    return screens.family_step(turn, name, member, view, page)


async def _write(turn: Turn, draft: dict[str, Any]) -> Screen:
    """Every part answered, written at once; nothing written when every part was skipped."""
    await set_awaiting(turn.chat_id, None)  # the draft goes: a button pressed again writes nothing
    parts = {name: draft[name] for name in ("community", "production", "family_size") if name in draft}
    if parts:
        entry = await write_member_entry(draft["member"], by_person_id=turn.person.id, version=draft["version"],
                                         locale=turn.locale, **parts)
        done = turn._("✅ Saved. {name} is told in the bot, and can correct it with /miregistro.").format(
            name=entry.person_name)
    else:
        entry = await register_entry(draft["member"], by_person_id=turn.person.id)
        done = turn._("Nothing was written.")
    return register_screens.member_entry(turn, entry, draft["view"], draft["page"], done)


async def _draft(turn: Turn, member_id: int) -> dict[str, Any] | None:
    """The chat's draft of this member's entry, if it is the one being written."""
    draft = (await get_chat_state(turn.chat_id)).data.get(DRAFT)
    return draft if isinstance(draft, dict) and draft.get("member") == member_id else None


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.REGISTER_WRITE: write_pressed,
    Action.REGISTER_WRITE_STEP: step_pressed,
    Action.REGISTER_WRITE_COMMUNITIES: communities_pressed,
    Action.REGISTER_WRITE_COMMUNITY: community_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "register_write_community": community_typed,
    "register_write_production": production_typed,
    "register_write_family": family_typed,
}

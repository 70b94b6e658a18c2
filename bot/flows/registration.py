"""/registrar (/cadastrar, /register): a person registers an organization, one question a message.

The draft lives in the chat's state ("reg"), so stopping midway leaves nothing in the database, and a bot
restarted between two answers continues. Each typed answer is checked by the registration service: a bad one
is answered with what to write, and the chat keeps waiting for the same answer. Confirming carries the
draft's token: a second press of the same button finds no draft and changes nothing.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import places
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import registration as screens
from bot.turn import Screen, Turn, turn_handler
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.organizations.registration import (
    check_description,
    check_fund_rate,
    check_legal_form,
    check_name,
    check_pickup_point,
    check_tax_number_in,
    register_organization,
)
from market.services.territories.places import place_facts

THEN = "registration"  # the chooser's continuation (bot/flows/places.py)


async def _draft(turn: Turn) -> dict[str, Any] | None:
    return (await get_chat_state(turn.chat_id)).data.get("reg")


async def _ask(turn: Turn, step: str, draft: dict[str, Any]) -> None:
    """Keep the draft, wait for this step's answer, and ask its question."""
    if step == "place":
        await set_awaiting(turn.chat_id, None, {"reg": draft})
        await places.open_chooser(turn, THEN)
        return
    await set_awaiting(turn.chat_id, f"reg_{step}", {"reg": draft})
    await turn.send(screens.ask(turn, step, draft))


def _after(step: str) -> str:
    return screens.STEPS[screens.STEPS.index(step) + 1]


@turn_handler
async def register_command(turn: Turn) -> None:
    """Start a new draft (a person may register several organizations, one after the other)."""
    await _ask(turn, "name", {"token": secrets.token_hex(4)})


async def name_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _ask(turn, "form", {**data["reg"], "name": check_name(text)})


async def form_pressed(turn: Turn, press: Press) -> None:
    draft = await _draft(turn)
    if draft is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _ask(turn, "place", {**draft, "form": check_legal_form(press.args[0]).value})


async def place_chosen(turn: Turn, territory_id: int | None) -> None:
    """The chooser's answer: the place, or None when the person cancelled there (the draft goes)."""
    if territory_id is None:
        await cancel_pressed(turn, None)
        return
    draft = await _draft(turn)
    if draft is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    facts = await place_facts(territory_id, turn.locale)
    await _ask(turn, "tax", {**draft, "territory_id": territory_id, "place_name": facts.name,
                             "country_code": facts.country_code})


async def tax_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = data["reg"]
    tax = await check_tax_number_in(text, int(draft["territory_id"]))
    await _ask(turn, "pickup", {**draft, "tax_number": tax.number, "tax_rule": tax.rule})


async def pickup_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Each message a pickup point; the person presses Done when there are no more."""
    draft = data["reg"]
    points = list(draft.get("pickup_points", []))
    points.append(check_pickup_point(text, len(points)))
    await _ask(turn, "pickup", {**draft, "pickup_points": points})


async def fund_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    rate = check_fund_rate(text)
    await _ask(turn, "description", {**data["reg"], "fund_percent": str((rate * 100).normalize())})


async def fund_pressed(turn: Turn, press: Press) -> None:
    draft = await _draft(turn)
    if draft is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    rate = check_fund_rate(press.args[0])
    await _ask(turn, "description", {**draft, "fund_percent": str((rate * 100).normalize())})


async def description_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _ask(turn, "logo", {**data["reg"], "description": check_description(text)})


async def logo_received(turn: Turn, file_id: str) -> None:
    draft = await _draft(turn)
    if draft is not None:
        await _ask(turn, "summary", {**draft, "logo_file_id": file_id})


async def logo_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.send(Screen(turn._("Send the logo as a photo (📎 → Photo), or press Skip.")))


async def buttons_expected(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await turn.send(Screen(turn._("Please answer with one of the buttons above.")))


async def skip_pressed(turn: Turn, press: Press) -> None:
    """An optional step left out: the next question."""
    draft = await _draft(turn)
    step = press.args[0]
    if draft is None or step not in screens.OPTIONAL:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _ask(turn, _after(step), draft)


async def back_pressed(turn: Turn, press: Press) -> None:
    draft = await _draft(turn)
    step = press.args[0]
    if draft is None or step not in screens.STEPS[1:]:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _ask(turn, screens.STEPS[screens.STEPS.index(step) - 1], draft)


async def cancel_pressed(turn: Turn, press: Press | None) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.cancelled(turn))


async def confirm_pressed(turn: Turn, press: Press) -> None:
    """Store it, once: the draft goes with the first press."""
    draft = await _draft(turn)
    if draft is None or draft.get("token") != press.args[0]:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    registered = await register_organization(
        {**draft, "legal_form": draft["form"], "fund_percent": Decimal(str(draft.get("fund_percent", "0")))},
        by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.sent(turn, registered))


async def photo_for_registration(turn: Turn) -> bool:
    """A photo that answers the logo question; False when the chat waits for no logo."""
    message = turn.update.effective_message
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != "reg_logo" or message is None or not message.photo:
        return False
    await logo_received(turn, message.photo[-1].file_id)
    return True


PRESSES: dict[Action, PressHandler] = {
    Action.REGISTRATION_FORM: form_pressed,
    Action.REGISTRATION_FUND: fund_pressed,
    Action.REGISTRATION_SKIP: skip_pressed,
    Action.REGISTRATION_BACK: back_pressed,
    Action.REGISTRATION_CANCEL: cancel_pressed,
    Action.REGISTRATION_CONFIRM: confirm_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "reg_name": name_typed,
    "reg_tax": tax_typed,
    "reg_pickup": pickup_typed,
    "reg_fund": fund_typed,
    "reg_description": description_typed,
    "reg_logo": logo_typed,
    "reg_form": buttons_expected,
    "reg_summary": buttons_expected,
}
CONTINUATIONS = {THEN: place_chosen}

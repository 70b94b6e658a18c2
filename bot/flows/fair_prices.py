"""A fair price declared in the chat, one step a message: product → place → unit → the four parts → days → summary.

An organization's admin starts it from /organizacion, a network's reviewer from /redes. The draft lives in the
chat's state ("fair_price"), so nothing is stored until Confirm, and a bot restarted between two steps continues.
A typed amount the bot cannot read is answered with how to write it, and the same question stays. Confirm carries
the draft's token: a second press finds no draft and declares nothing more.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import places
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import fair_prices as screens
from bot.turn import Turn
from market import clock
from market.enums import UNIT_CODES
from market.errors import Invalid
from market.rules.amounts import round_money
from market.rules.typed_money import parse_money
from market.services.messaging.chats import get_chat_state, set_awaiting
from market.services.prices.declarers import get_declarer, territory_facts
from market.services.prices.fair_prices import (
    MAX_PRICE,
    MAX_PRODUCT_NAME,
    DeclareFairPrice,
    declare_fair_price,
)
from market.text import search_key

THEN = "fair_price"  # the territory chooser's continuation (bot/flows/places.py)
DRAFT = "fair_price"
BAD_DATE = "bad_date"


class DeclarerIds(TypedDict):
    organization_id: int | None
    network_id: int | None


def declarer_ids(kind: str, declarer_id: int) -> DeclarerIds:
    """A button's ("o", 12) or ("n", 3) as the services' organization_id / network_id."""
    return {"organization_id": declarer_id if kind == "o" else None,
            "network_id": declarer_id if kind == "n" else None}


async def _draft(turn: Turn) -> dict[str, Any] | None:
    """The fair price being declared in this chat; None (and "expired" said) once declared or dropped."""
    draft = (await get_chat_state(turn.chat_id)).data.get(DRAFT)
    if draft is None:
        await turn.toast(turn._(EXPIRED), alert=True)
    return draft


async def start_pressed(turn: Turn, press: Press) -> None:
    """Only the organization's admins or the network's reviewers get past the first step."""
    ids = declarer_ids(press.args[0], press.int_arg(1))
    declarer = await get_declarer(by_person_id=turn.person.id, **ids)
    draft = {"token": secrets.token_hex(4), **ids, "declarer_name": declarer.name,
             "territory_id": declarer.territory_id}
    await turn.ask("fair_price_product", {DRAFT: draft}, screens.ask_product(turn, declarer))


async def product_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn)) is None:
        return
    declarer = await get_declarer(by_person_id=turn.person.id, organization_id=draft["organization_id"],
                                  network_id=draft["network_id"])
    product = next((p for p in declarer.products if p.id == press.int_arg(0)), None)
    if product is None:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _ask_territory(turn, {**draft, "product": product.name, "product_unit": product.unit})


async def product_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    if not search_key(text) or len(text) > MAX_PRODUCT_NAME:
        raise Invalid("fair_product_name_length", max=MAX_PRODUCT_NAME)
    await _ask_territory(turn, {**data[DRAFT], "product": text, "product_unit": None},
                         new=True)


async def _ask_territory(turn: Turn, draft: dict[str, Any], *, new: bool = False) -> None:
    facts = await territory_facts(draft["territory_id"])
    await set_awaiting(turn.chat_id, None, {DRAFT: draft})
    screen = screens.ask_territory(turn, draft["product"], facts.id, facts.name)
    await (turn.send(screen) if new else turn.show(screen))


async def territory_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn)) is None:
        return
    await _territory_chosen(turn, draft, press.int_arg(0), new=False)


async def elsewhere_pressed(turn: Turn, press: Press) -> None:
    if await _draft(turn) is None:
        return
    await places.open_chooser(turn, THEN)


async def place_chosen(turn: Turn, territory_id: int | None) -> None:
    """The chooser's answer: the place, or None when the person cancelled there (the draft goes)."""
    draft = (await get_chat_state(turn.chat_id)).data.get(DRAFT)
    if territory_id is None or draft is None:
        await cancel_pressed(turn, None)
        return
    await _territory_chosen(turn, draft, territory_id, new=True)


async def _territory_chosen(turn: Turn, draft: dict[str, Any], territory_id: int, *, new: bool) -> None:
    """Amounts are typed in the territory's currency, its parts rounded to its minor unit."""
    facts = await territory_facts(territory_id)
    draft = {**draft, "territory_id": facts.id, "territory_name": facts.name, "currency": facts.currency,
             "country": facts.country_code, "time_zone": facts.time_zone}
    await set_awaiting(turn.chat_id, None, {DRAFT: draft})
    screen = screens.ask_unit(turn, draft["product"], draft.get("product_unit"))
    await (turn.send(screen) if new else turn.show(screen))


async def unit_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn)) is None:
        return
    if "currency" not in draft or press.args[0] not in UNIT_CODES:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _ask_part(turn, {**draft, "unit": press.args[0]}, screens.PARTS[0])


async def _ask_part(turn: Turn, draft: dict[str, Any], part: str) -> None:
    draft = {**draft, "part": part}
    await turn.ask("fair_price_part", {DRAFT: draft}, screens.ask_part(turn, part, draft))


async def part_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """ "12,50", "12.50", "Bs 12,5": rounded as the declaration rounds it; a bad amount keeps the question."""
    draft = data[DRAFT]
    amount = round_money(parse_money(text, draft["currency"]), draft["currency"])
    if amount >= MAX_PRICE:
        raise Invalid("fair_price_out_of_range", price=amount, max=MAX_PRICE)
    await _part_given(turn, draft, draft["part"], amount)


async def skip_pressed(turn: Turn, press: Press) -> None:
    """A part left out is 0; a press under an older question (or a second one) changes nothing."""
    if (draft := await _draft(turn)) is None:
        return
    if draft.get("part") != press.args[0] or press.args[0] == screens.PARTS[0]:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _part_given(turn, draft, press.args[0], Decimal(0))


async def _part_given(turn: Turn, draft: dict[str, Any], part: str, amount: Decimal) -> None:
    draft = {**draft, part: str(amount)}
    following = screens.PARTS.index(part) + 1
    if following < len(screens.PARTS):
        await _ask_part(turn, draft, screens.PARTS[following])
        return
    total = sum((Decimal(draft[p]) for p in screens.PARTS), Decimal(0))
    if total <= 0:  # the question of the last part stays: an amount there still makes a price
        raise Invalid("fair_price_out_of_range", price=total, max=MAX_PRICE)
    draft.pop("part")
    today = clock.today(draft["time_zone"])
    await turn.ask("fair_price_from", {DRAFT: draft}, screens.ask_from(turn, today))


def _day(turn: Turn, text: str) -> date:
    day = turn.parse_date(text)
    if day is None:
        raise Invalid(BAD_DATE, example=turn.date_as_typed(clock.today()))
    return day


async def from_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    await _from_chosen(turn, data[DRAFT], _day(turn, text))


async def from_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn)) is None:
        return
    if "producer_share" not in draft:  # a button of an older draft, past its parts
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _from_chosen(turn, draft, datetime.strptime(press.args[0], "%Y%m%d").date())


async def _from_chosen(turn: Turn, draft: dict[str, Any], valid_from: date) -> None:
    draft = {**draft, "valid_from": valid_from.isoformat()}
    await turn.ask("fair_price_until", {DRAFT: draft}, screens.ask_until(turn, valid_from))


async def until_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    draft = data[DRAFT]
    valid_from, valid_until = date.fromisoformat(draft["valid_from"]), _day(turn, text)
    if valid_until < valid_from:
        raise Invalid("fair_price_ends_before_it_starts", valid_from=valid_from, valid_until=valid_until)
    await _summary(turn, draft, valid_until, new=True)


async def until_pressed(turn: Turn, press: Press) -> None:
    if (draft := await _draft(turn)) is None:
        return
    if "valid_from" not in draft:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await _summary(turn, draft, None, new=False)


async def _summary(turn: Turn, draft: dict[str, Any], valid_until: date | None, *, new: bool) -> None:
    draft = {**draft, "valid_until": valid_until.isoformat() if valid_until else None}
    await set_awaiting(turn.chat_id, None, {DRAFT: draft})
    screen = screens.summary(turn, draft, *_days(draft))
    await (turn.send(screen) if new else turn.show(screen))


def _days(draft: dict[str, Any]) -> tuple[date, date | None]:
    until = draft.get("valid_until")
    return date.fromisoformat(draft["valid_from"]), date.fromisoformat(until) if until else None


async def confirm_pressed(turn: Turn, press: Press) -> None:
    """Declare it, once: the draft goes with the first press (the service checks who declares again)."""
    if (draft := await _draft(turn)) is None:
        return
    if draft.get("token") != press.args[0] or "valid_from" not in draft:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    valid_from, valid_until = _days(draft)
    await declare_fair_price(DeclareFairPrice(
        product=draft["product"], territory_id=draft["territory_id"], unit=draft["unit"],
        producer_share=Decimal(draft["producer_share"]), transport=Decimal(draft["transport"]),
        solidarity_fund=Decimal(draft["solidarity_fund"]), other_costs=Decimal(draft["other_costs"]),
        valid_from=valid_from, valid_until=valid_until, organization_id=draft["organization_id"],
        network_id=draft["network_id"]), by_person_id=turn.person.id)
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.declared(turn, draft, valid_from, valid_until))


async def cancel_pressed(turn: Turn, press: Press | None) -> None:
    await set_awaiting(turn.chat_id, None)
    await turn.show(screens.cancelled(turn))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.FAIR_PRICE: start_pressed,
    Action.FAIR_PRICE_PRODUCT: product_pressed,
    Action.FAIR_PRICE_TERRITORY: territory_pressed,
    Action.FAIR_PRICE_ELSEWHERE: elsewhere_pressed,
    Action.FAIR_PRICE_UNIT: unit_pressed,
    Action.FAIR_PRICE_SKIP: skip_pressed,
    Action.FAIR_PRICE_FROM: from_pressed,
    Action.FAIR_PRICE_UNTIL: until_pressed,
    Action.FAIR_PRICE_CONFIRM: confirm_pressed,
    Action.FAIR_PRICE_CANCEL: cancel_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    "fair_price_product": product_typed,
    "fair_price_part": part_typed,
    "fair_price_from": from_typed,
    "fair_price_until": until_typed,
}
CONTINUATIONS: dict[str, places.Continuation] = {THEN: place_chosen}

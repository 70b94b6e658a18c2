"""/fondo: every member sees their organization's or group's solidarity fund; its admins (coordinators) record a
grant, an investment or a loan step by step, and a loan's repayments.

A use's draft lives in the chat's state ("fund_use"), so nothing is stored until ✅ Record it, whose button carries
the draft's token: a second press finds no draft, and the service's key would record nothing more anyway. A
repayment's button carries the typed message, as a producer's payment does (bot/flows/statements.py).
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from bot.actions import Action
from bot.callbacks import Press
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import fund as screens
from bot.turn import Turn, turn_handler
from market import clock
from market.enums import FundUseKind
from market.errors import Conflict, Forbidden, Invalid
from market.rules.amounts import minor_unit, round_money
from market.rules.funds import INSTALLMENTS_MAX
from market.rules.typed_money import parse_money
from market.services.funds import (
    Fund,
    UseRequest,
    borrowers,
    get_fund,
    get_use,
    my_funds,
    record_contribution,
    record_fund_use,
    record_loan_repayment,
    take_back_repayment,
)
from market.services.funds.recording import TEXT_MAX
from market.services.messaging.chats import get_chat_state, set_awaiting

DRAFT = "fund_use"
USE_STEPS = ("amount", "purpose", "decided_on", "decision")
LOAN_STEPS = ("amount", "purpose", "decided_on", "installments", "first_due_on", "decision")


@turn_handler
async def fund_command(turn: Turn) -> None:
    """The person's only fund at once; several: which one."""
    funds = await my_funds(turn.person.id)
    if len(funds) == 1:
        await turn.send(screens.fund(turn, await get_fund(funds[0][0], viewer_person_id=turn.person.id)))
        return
    await turn.send(screens.choose(turn, funds))


async def funds_pressed(turn: Turn, press: Press) -> None:
    await turn.show(screens.choose(turn, await my_funds(turn.person.id)))


async def fund_pressed(turn: Turn, press: Press) -> None:
    fund = screens.fund_of(press.args[0], press.int_arg(1))
    await turn.show(screens.fund(turn, await get_fund(fund, viewer_person_id=turn.person.id)))


async def use_pressed(turn: Turn, press: Press) -> None:
    """Start a use's draft: a loan asks whom it goes to, a grant or an investment how much."""
    fund, kind = screens.fund_of(press.args[0], press.int_arg(1)), screens.KIND_CODES[press.args[2]]
    view = await get_fund(fund, viewer_person_id=turn.person.id)
    _check_recorder(fund, view.can_record)
    draft = {"fund": [fund.organization_id, fund.group_id], "kind": kind.value, "currency": view.currency,
             "token": secrets.token_urlsafe(6)}
    if kind == FundUseKind.LOAN:
        members = await borrowers(fund, by_person_id=turn.person.id)
        await turn.ask(DRAFT, {**draft, "step": "borrower"}, screens.ask_borrower(turn, members))
        return
    await _ask(turn, draft, "amount")


async def borrower_pressed(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    if state.awaiting != DRAFT or state.data.get("step") != "borrower":
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    fund = Fund(*state.data["fund"])
    names = dict(await borrowers(fund, by_person_id=turn.person.id))
    if press.int_arg(0) not in names:
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await turn.toast()
    await _ask(turn, {**state.data, "borrower": press.int_arg(0), "borrower_name": names[press.int_arg(0)]}, "amount")


async def step_typed(turn: Turn, text: str, draft: dict[str, Any]) -> None:
    """One answer of the draft read, then the next question, or the summary to record."""
    step = draft.get("step", "")
    if step == "borrower":  # a name typed where a button was asked: the buttons again
        fund = Fund(*draft["fund"])
        await turn.ask(DRAFT, draft, screens.ask_borrower(turn, await borrowers(fund, by_person_id=turn.person.id)))
        return
    if step == "confirm":
        await turn.ask(DRAFT, draft, screens.summary(turn, draft, draft["currency"], draft.get("borrower_name")))
        return
    draft = {**draft, step: await _read(turn, step, text, draft)}
    steps = LOAN_STEPS if draft["kind"] == FundUseKind.LOAN else USE_STEPS
    if step != steps[-1]:
        await _ask(turn, draft, steps[steps.index(step) + 1])
        return
    await turn.ask(DRAFT, {**draft, "step": "confirm"},
                   screens.summary(turn, draft, draft["currency"], draft.get("borrower_name")))


async def confirm_pressed(turn: Turn, press: Press) -> None:
    """Record the drafted use, once."""
    state = await get_chat_state(turn.chat_id)
    draft = state.data if state.awaiting == DRAFT else {}
    if draft.get("token") != press.args[0] or draft.get("step") != "confirm":
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    loan = draft["kind"] == FundUseKind.LOAN
    request = UseRequest(
        FundUseKind(draft["kind"]), Decimal(draft["amount"]), draft["purpose"],
        date.fromisoformat(draft["decided_on"]), draft["decision"], draft.get("borrower"),
        draft.get("installments", 1), date.fromisoformat(draft["first_due_on"]) if loan else None)
    view = await record_fund_use(Fund(*draft["fund"]), request, by_person_id=turn.person.id,
                                 key=f"{turn.chat_id}-{draft['token']}")
    await set_awaiting(turn.chat_id, None)
    await turn.toast(turn._("✅ Recorded: every member of the fund sees it."))
    await turn.show(screens.fund(turn, view))


async def repay_pressed(turn: Turn, press: Press) -> None:
    view, use = await get_use(press.int_arg(0), viewer_person_id=turn.person.id)
    _check_recorder(view.fund, view.can_record)
    await turn.ask("fund_repayment", {"use": use.id}, screens.ask_repayment(turn, use))


async def repayment_typed(turn: Turn, text: str, data: dict[str, Any]) -> None:
    """Asked to confirm with a button that carries the typed message: pressing it twice records one repayment."""
    view, use = await get_use(data["use"], viewer_person_id=turn.person.id)
    amount = _amount(text, use.currency)
    left = use.loan.left if use.loan else Decimal(0)
    if amount > left:
        raise Invalid("repayment_above_left", left=left, currency=use.currency)
    message = turn.update.effective_message
    assert message is not None  # an answer is a typed message
    minor_units = int(amount / minor_unit(use.currency))
    await turn.send(screens.confirm_repayment(turn, use, amount, minor_units, message.message_id))


async def repaid_pressed(turn: Turn, press: Press) -> None:
    _view, use = await get_use(press.int_arg(0), viewer_person_id=turn.person.id)
    amount = press.int_arg(1) * minor_unit(use.currency)
    view = await record_loan_repayment(use.id, amount, by_person_id=turn.person.id,
                                       key=f"{turn.chat_id}-{press.args[2]}")
    await set_awaiting(turn.chat_id, None)
    await turn.toast(turn._("💵 Repayment recorded."))
    await turn.show(screens.fund(turn, view))


async def take_back_pressed(turn: Turn, press: Press) -> None:
    """A repayment recorded by mistake goes back by a new entry; a second press is told it was taken back."""
    view = await take_back_repayment(press.int_arg(0), by_person_id=turn.person.id)
    await turn.toast(turn._("↩️ Taken back by a new entry."))
    await turn.show(screens.fund(turn, view))


CONTRIBUTION = "fund_contribution"


async def contribute_pressed(turn: Turn, press: Press) -> None:
    """A coordinator starts putting money in the group's fund: how much, what it is, the day; then ✅ Record it."""
    view = await get_fund(Fund(group_id=press.int_arg(0)), viewer_person_id=turn.person.id)
    _check_recorder(view.fund, view.can_record)
    draft = {"group": press.int_arg(0), "currency": view.currency, "country": view.country_code,
             "token": secrets.token_urlsafe(6), "step": "amount"}
    await turn.ask(CONTRIBUTION, draft, screens.ask_contribution(turn, "amount", ""))


async def contribution_typed(turn: Turn, text: str, draft: dict[str, Any]) -> None:
    step = draft["step"]
    if step == "confirm":
        await turn.ask(CONTRIBUTION, draft, screens.contribution_summary(turn, draft))
        return
    if step == "amount":
        draft = {**draft, "amount": str(_amount(text, draft["currency"])), "step": "what"}
    elif step == "what":
        if not text.strip() or len(text.strip()) > TEXT_MAX:
            raise Invalid("fund_text_length", max=TEXT_MAX)
        draft = {**draft, "what": text.strip(), "step": "day"}
    else:
        day = turn.parse_date(text)
        if day is None:
            raise Invalid("bad_date", example=turn.date_as_typed(clock.today()))
        if day > clock.today():
            raise Invalid("fund_decided_in_future")
        draft = {**draft, "day": day.isoformat(), "step": "confirm"}
        await turn.ask(CONTRIBUTION, draft, screens.contribution_summary(turn, draft))
        return
    await turn.ask(CONTRIBUTION, draft,
                   screens.ask_contribution(turn, draft["step"], turn.date_as_typed(clock.today())))


async def contributed_pressed(turn: Turn, press: Press) -> None:
    """Record the drafted contribution, once: a second press finds no draft (and the key records nothing more)."""
    state = await get_chat_state(turn.chat_id)
    draft = state.data if state.awaiting == CONTRIBUTION else {}
    if draft.get("token") != press.args[0] or draft.get("step") != "confirm":
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    view = await record_contribution(draft["group"], Decimal(draft["amount"]), draft["what"],
                                     date.fromisoformat(draft["day"]), by_person_id=turn.person.id,
                                     key=f"{turn.chat_id}-{draft['token']}")
    await set_awaiting(turn.chat_id, None)
    await turn.toast(turn._("✅ Recorded: every member of the fund sees it."))
    await turn.show(screens.fund(turn, view))


async def _ask(turn: Turn, draft: dict[str, Any], step: str) -> None:
    await turn.ask(DRAFT, {**draft, "step": step},
                   screens.ask_step(turn, step, turn.date_as_typed(clock.today())))


async def _read(turn: Turn, step: str, text: str, draft: dict[str, Any]) -> Any:
    """The typed answer to `step` as the draft keeps it (JSON: amounts and days as text); Invalid with why."""
    if step == "amount":
        amount = _amount(text, draft["currency"])
        view = await get_fund(Fund(*draft["fund"]), viewer_person_id=turn.person.id)
        if amount > view.balance:
            raise Conflict("fund_too_small", balance=view.balance, currency=view.currency)
        return str(amount)
    if step in ("purpose", "decision"):
        if not text.strip() or len(text.strip()) > TEXT_MAX:
            raise Invalid("fund_text_length", max=TEXT_MAX)
        return text.strip()
    if step == "installments":
        count = int(text) if text.strip().isdigit() else 0
        if not 1 <= count <= INSTALLMENTS_MAX or Decimal(draft["amount"]) < count * minor_unit(draft["currency"]):
            raise Invalid("installments_range", max=INSTALLMENTS_MAX)
        return count
    day = turn.parse_date(text)
    if day is None:
        raise Invalid("bad_date", example=turn.date_as_typed(clock.today()))
    if step == "decided_on" and day > clock.today():
        raise Invalid("fund_decided_in_future")
    if step == "first_due_on" and day <= date.fromisoformat(draft["decided_on"]):
        raise Invalid("first_due_before_decision")
    return day.isoformat()


def _amount(text: str, currency: str) -> Decimal:
    amount = parse_money(text, currency)
    if amount <= 0:
        raise Invalid("amount_not_positive")
    if round_money(amount, currency) != amount:
        raise Invalid("amount_below_minor_unit", currency=currency)
    return amount


def _check_recorder(fund: Fund, can_record: bool) -> None:
    if not can_record:
        raise Forbidden("not_an_admin" if fund.organization_id is not None else "not_a_coordinator")


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.FUNDS: funds_pressed,
    Action.FUND: fund_pressed,
    Action.FUND_USE: use_pressed,
    Action.FUND_BORROWER: borrower_pressed,
    Action.FUND_CONFIRM: confirm_pressed,
    Action.FUND_REPAY: repay_pressed,
    Action.FUND_REPAID: repaid_pressed,
    Action.FUND_TAKE_BACK: take_back_pressed,
    Action.FUND_CONTRIBUTE: contribute_pressed,
    Action.FUND_CONTRIBUTED: contributed_pressed,
}
ANSWERS: dict[str, AnswerHandler] = {
    DRAFT: step_typed,
    "fund_repayment": repayment_typed,
    CONTRIBUTION: contribution_typed,
}

"""A fund's uses and a loan's repayments, recorded by its admins (an organization's) or coordinators (a group's).

A use never takes more than the balance: the owner's row (the organization or the group) is locked FOR UPDATE
while the balance is read and the use written, so two uses at once wait for each other (SQLite writes one
transaction at a time). The same key again (a repeated press) records nothing more.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import FundUseKind, GroupMemberStatus, LedgerAccount, LedgerKind, MembershipStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import FundInstallment, FundUse, GroupMember, LedgerEntry, Member, Organization, PurchasingGroup
from market.rules.amounts import minor_unit, round_money
from market.rules.funds import INSTALLMENTS_MAX, monthly_installments
from market.services.funds.views import Fund, FundView, balance_of, get_fund, owner, role_in

TEXT_MAX = 200
KEY_LIMIT = 80


@dataclass(frozen=True)
class UseRequest:
    """What an assembly decided: a grant, an investment, or a loan to a member paid back monthly."""

    kind: FundUseKind
    amount: Decimal
    purpose: str
    decided_on: date
    decision: str = ""
    borrower_id: int | None = None  # a loan's: a Member of the organization, a GroupMember of the group
    installments: int = 1
    first_due_on: date | None = None


async def record_fund_use(fund: Fund, request: UseRequest, *, by_person_id: int, key: str) -> FundView:
    """Take money from the fund by an assembly's decision; Conflict("fund_too_small") above the balance."""
    _, currency, time_zone = await owner(fund)
    await _check_recorder(fund, by_person_id)
    _check(request, currency, clock.today(time_zone))
    if request.kind == FundUseKind.LOAN:
        await _check_borrower(fund, request.borrower_id)
    plan = monthly_installments(request.amount, request.installments, request.first_due_on, currency) \
        if request.kind == FundUseKind.LOAN and request.first_due_on else ()
    key = f"fund_use:{key[:KEY_LIMIT]}"
    if await FundUse.exists(idempotency_key=key):
        return await get_fund(fund, viewer_person_id=by_person_id)
    try:
        async with in_transaction():
            await _lock(fund)
            balance = balance_of(await LedgerEntry.filter(fund.entries()).values("amount", "currency"), currency)
            if request.amount > balance:
                raise Conflict("fund_too_small", balance=balance, currency=currency)
            loan = request.kind == FundUseKind.LOAN
            use = await FundUse.create(
                organization_id=fund.organization_id, group_id=fund.group_id, kind=request.kind,
                amount=request.amount, currency=currency, purpose=request.purpose.strip(),
                decided_on=request.decided_on, decision=request.decision.strip(),
                borrower_id=request.borrower_id if loan and fund.organization_id else None,
                group_borrower_id=request.borrower_id if loan and fund.group_id else None,
                recorded_by_id=by_person_id, idempotency_key=key,
            )
            await FundInstallment.bulk_create([FundInstallment(use_id=use.id, due_on=i.due_on, amount=i.amount)
                                               for i in plan])
            await LedgerEntry.create(
                account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_USE, organization_id=fund.organization_id,
                group_id=fund.group_id, fund_use_id=use.id, amount=-request.amount, currency=currency,
                memo=request.purpose.strip()[:TEXT_MAX], recorded_by_id=by_person_id,
                idempotency_key=f"fund_use:{use.id}",
            )
    except IntegrityError:  # a racing press with the same key won
        pass
    return await get_fund(fund, viewer_person_id=by_person_id)


async def record_contribution(group_id: int, amount: Decimal, what: str, day: date, *, by_person_id: int,
                              key: str) -> FundView:
    """Money a group's coordinator puts into the group's own fund ("cuotas de noviembre"), on the day it came in.

    The entry is stamped with that day (noon in the group's time zone), so it counts in its month; the same key
    again records nothing more. Organizations' funds grow from their sales and rounds, not from here.
    """
    fund = Fund(group_id=group_id)
    _, currency, time_zone = await owner(fund)
    await _check_recorder(fund, by_person_id)
    _check_amount(amount, currency)
    if not what.strip() or len(what.strip()) > TEXT_MAX:
        raise Invalid("fund_text_length", max=TEXT_MAX)
    if day > clock.today(time_zone):
        raise Invalid("fund_decided_in_future")
    key = f"fund_contribution:{group_id}:{key[:KEY_LIMIT - 12]}"
    if not await LedgerEntry.exists(idempotency_key=key):
        with suppress(IntegrityError):  # a racing press with the same key won
            await LedgerEntry.create(
                account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION, group_id=group_id,
                organization_id=None, amount=amount, currency=currency, memo=what.strip()[:TEXT_MAX],
                recorded_by_id=by_person_id, idempotency_key=key,
                created_at=datetime.combine(day, time(12), ZoneInfo(time_zone)),
            )
    return await get_fund(fund, viewer_person_id=by_person_id)


async def record_loan_repayment(use_id: int, amount: Decimal, *, by_person_id: int, key: str) -> FundView:
    """Money back on a loan, into its fund; Invalid("repayment_above_left") above what is left."""
    use = await FundUse.filter(id=use_id, kind=FundUseKind.LOAN).first()
    if use is None:
        raise NotFound("fund_use_not_found")
    fund = Fund(use.organization_id, use.group_id)
    await _check_recorder(fund, by_person_id)
    currency = use.currency
    _check_amount(amount, currency)
    key = f"fund_repayment:{use_id}:{key[:KEY_LIMIT]}"
    if await LedgerEntry.exists(idempotency_key=key):
        return await get_fund(fund, viewer_person_id=by_person_id)
    try:
        async with in_transaction():
            await _lock(fund)
            repaid = sum((Decimal(a) for a in await LedgerEntry.filter(
                fund_use_id=use_id, kind=LedgerKind.LOAN_REPAYMENT).values_list("amount", flat=True)), Decimal(0))
            left = Decimal(use.amount) - repaid
            if amount > left:
                raise Invalid("repayment_above_left", left=left, currency=currency)
            await LedgerEntry.create(
                account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.LOAN_REPAYMENT,
                organization_id=use.organization_id, group_id=use.group_id, fund_use_id=use_id, amount=amount,
                currency=currency, recorded_by_id=by_person_id, idempotency_key=key,
            )
    except IntegrityError:  # a racing press with the same key won
        pass
    return await get_fund(fund, viewer_person_id=by_person_id)


async def take_back_repayment(entry_id: int, *, by_person_id: int) -> FundView:
    """A repayment recorded by mistake is taken back by a new entry of the opposite amount, once; never when the
    fund no longer holds it (it was used since)."""
    entry = await LedgerEntry.filter(id=entry_id, kind=LedgerKind.LOAN_REPAYMENT, fund_use_id__isnull=False).first()
    if entry is None:
        raise NotFound("payment_not_found")
    fund = Fund(entry.organization_id, entry.group_id if entry.organization_id is None else None)
    await _check_recorder(fund, by_person_id)
    key = f"fund_correct:{entry_id}"
    if await LedgerEntry.exists(idempotency_key=key):
        raise Conflict("payment_already_corrected")
    amount = Decimal(entry.amount)
    try:
        async with in_transaction():
            await _lock(fund)
            balance = balance_of(await LedgerEntry.filter(fund.entries()).values("amount", "currency"), entry.currency)
            if amount > balance:
                raise Conflict("fund_too_small", balance=balance, currency=entry.currency)
            await LedgerEntry.create(
                account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.CORRECTION, organization_id=fund.organization_id,
                group_id=fund.group_id, fund_use_id=entry.fund_use_id, amount=-amount, currency=entry.currency,
                corrects_id=entry_id, recorded_by_id=by_person_id, idempotency_key=key,
            )
    except IntegrityError:  # a racing press took it back first
        raise Conflict("payment_already_corrected") from None
    return await get_fund(fund, viewer_person_id=by_person_id)


async def _check_recorder(fund: Fund, person_id: int) -> None:
    if await role_in(fund, person_id) != "recorder":
        if fund.organization_id is not None:
            raise Forbidden("not_an_admin")
        raise Forbidden("not_a_coordinator")


def _check(request: UseRequest, currency: str, today: date) -> None:
    for refused in use_errors(request, currency, today).values():
        raise refused


def use_errors(request: UseRequest, currency: str, today: date) -> dict[str, Invalid]:
    """What the rules refuse in a use, by the UseRequest field it is about (record_fund_use raises the first);
    a form shows each next to its field. Nothing read from the database: the balance and the borrower are checked
    when recording."""
    errors: dict[str, Invalid] = {}
    if (amount := _amount_error(request.amount, currency)) is not None:
        errors["amount"] = amount
    if not request.purpose.strip() or len(request.purpose.strip()) > TEXT_MAX:
        errors["purpose"] = Invalid("fund_text_length", max=TEXT_MAX)
    if len(request.decision) > TEXT_MAX:
        errors["decision"] = Invalid("fund_text_length", max=TEXT_MAX)
    if request.decided_on > today:
        errors["decided_on"] = Invalid("fund_decided_in_future")
    if request.kind != FundUseKind.LOAN:
        return errors
    if not 1 <= request.installments <= INSTALLMENTS_MAX or (
            "amount" not in errors and request.amount < request.installments * minor_unit(currency)):
        errors["installments"] = Invalid("installments_range", max=INSTALLMENTS_MAX)
    if request.first_due_on is None:
        errors.setdefault("installments", Invalid("installments_range", max=INSTALLMENTS_MAX))
    elif request.first_due_on <= request.decided_on:
        errors["first_due_on"] = Invalid("first_due_before_decision")
    return errors


def _check_amount(amount: Decimal, currency: str) -> None:
    if (refused := _amount_error(amount, currency)) is not None:
        raise refused


def _amount_error(amount: Decimal, currency: str) -> Invalid | None:
    if not amount.is_finite() or amount <= 0:
        return Invalid("amount_not_positive")
    if round_money(amount, currency) != amount:
        return Invalid("amount_below_minor_unit", currency=currency)
    return None


async def _check_borrower(fund: Fund, borrower_id: int | None) -> None:
    if fund.organization_id is not None:
        found = borrower_id is not None and await Member.exists(
            id=borrower_id, organization_id=fund.organization_id, status=MembershipStatus.APPROVED)
    else:
        found = borrower_id is not None and await GroupMember.exists(
            id=borrower_id, group_id=fund.group_id, status=GroupMemberStatus.ACTIVE)
    if not found:
        raise NotFound("borrower_not_found")


async def _lock(fund: Fund) -> None:
    # A model, not values: tortoise-orm 1.1.9 leaves FOR UPDATE out of a values query.
    if fund.organization_id is not None:
        await Organization.filter(id=fund.organization_id).select_for_update().first()
    else:
        await PurchasingGroup.filter(id=fund.group_id).select_for_update().first()

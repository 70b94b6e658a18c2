"""A solidarity fund in the open: its balance and months, uses by an assembly's decision, loans and what is late."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone
from decimal import Decimal as D

import pytest

from market.enums import FundUseKind, LedgerAccount, LedgerKind
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import FundUse, GroupMember, LedgerEntry, Member, PurchasingGroup
from market.services.funds import (
    Fund,
    UseRequest,
    fund_summary,
    get_fund,
    record_fund_use,
    record_loan_repayment,
    take_back_repayment,
)
from tests.market.services.shop import make_person

DECIDED = date(2026, 11, 14)  # an assembly a week before tests.support.clock.NOW


async def contribute(organization_id: int, amount: str, *, at: datetime | None = None, feria_clock=None) -> None:
    """A sale's share in the fund, as mark_order_paid writes it (at a moment, when given)."""
    if at is not None:
        feria_clock.freeze(at)
    await LedgerEntry.create(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                             organization_id=organization_id, amount=D(amount), currency="BOB")


async def producer_member(shop) -> int:
    return (await Member.get(organization_id=shop.organization_id, person_id=shop.producer_id)).id


def loan(amount: str, borrower_id: int, installments: int = 2, first: date = date(2026, 12, 15)) -> UseRequest:
    return UseRequest(FundUseKind.LOAN, D(amount), "Semillas de papa", DECIDED, "Acta 12", borrower_id,
                      installments, first)


async def test_members_see_the_balance_and_the_contributions_by_month_in_the_organizations_time_zone(
        shop, feria_clock):
    # 02:00 UTC on 1 November is still 31 October in La Paz (UTC-4).
    await contribute(shop.organization_id, "10.00", at=datetime(2026, 11, 1, 2, 0, tzinfo=timezone.utc),
                     feria_clock=feria_clock)
    await contribute(shop.organization_id, "5.50", at=datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc),
                     feria_clock=feria_clock)
    await contribute(shop.organization_id, "4.50", at=datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc),
                     feria_clock=feria_clock)

    view = await get_fund(Fund(shop.organization_id), viewer_person_id=shop.producer_id)

    assert view.balance == D("20.00") and view.contributed == D("20.00") and view.currency == "BOB"
    assert [(m.year, m.month, m.amount) for m in view.months] == [(2026, 10, D("10.00")), (2026, 11, D("10.00"))]
    assert not view.can_record
    assert (await get_fund(Fund(shop.organization_id), viewer_person_id=shop.admin_id)).can_record


async def test_someone_outside_the_organization_cannot_see_its_loans(shop):
    stranger = await make_person("Nadie")

    with pytest.raises(Forbidden):
        await get_fund(Fund(shop.organization_id), viewer_person_id=stranger)
    with pytest.raises(Forbidden):
        await get_fund(Fund(shop.organization_id), viewer_person_id=shop.pending_producer_id)


async def test_a_grant_leaves_the_fund_by_a_ledger_entry_and_is_listed_with_its_purpose_and_decision(shop):
    await contribute(shop.organization_id, "300.00")
    grant = UseRequest(FundUseKind.GRANT, D("120.50"), "Techo del centro de acopio", DECIDED, "Asamblea, acta 12")

    view = await record_fund_use(Fund(shop.organization_id), grant, by_person_id=shop.admin_id, key="k1")

    assert view.balance == D("179.50")
    [use] = view.uses
    assert (use.kind, use.amount, use.purpose, use.decided_on, use.decision, use.loan) == (
        FundUseKind.GRANT, D("120.50"), "Techo del centro de acopio", DECIDED, "Asamblea, acta 12", None)
    entry = await LedgerEntry.get(fund_use_id=use.id)
    assert (entry.kind, D(entry.amount), entry.account) == (LedgerKind.FUND_USE, D("-120.50"),
                                                            LedgerAccount.SOLIDARITY_FUND)


async def test_the_same_press_twice_records_one_use(shop):
    await contribute(shop.organization_id, "300.00")
    grant = UseRequest(FundUseKind.INVESTMENT, D("100.00"), "Secadora solar", DECIDED)

    await record_fund_use(Fund(shop.organization_id), grant, by_person_id=shop.admin_id, key="chat-7")
    view = await record_fund_use(Fund(shop.organization_id), grant, by_person_id=shop.admin_id, key="chat-7")

    assert view.balance == D("200.00") and len(view.uses) == 1


async def test_a_use_above_the_balance_is_refused_and_nothing_is_written(shop):
    await contribute(shop.organization_id, "50.00")
    grant = UseRequest(FundUseKind.GRANT, D("50.01"), "Techo", DECIDED)

    with pytest.raises(Conflict) as refused:
        await record_fund_use(Fund(shop.organization_id), grant, by_person_id=shop.admin_id, key="k")

    assert refused.value.code == "fund_too_small" and refused.value.params["balance"] == D("50.00")
    assert await FundUse.all().count() == 0 and await LedgerEntry.all().count() == 1


async def test_two_uses_at_once_cannot_overdraw_the_fund(shop):
    await contribute(shop.organization_id, "100.00")
    fund = Fund(shop.organization_id)

    results = await asyncio.gather(*(
        record_fund_use(fund, UseRequest(FundUseKind.GRANT, D("70.00"), f"Uso {n}", DECIDED),
                        by_person_id=shop.admin_id, key=f"race-{n}")
        for n in range(2)), return_exceptions=True)

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "FundView"]
    assert (await get_fund(fund, viewer_person_id=shop.admin_id)).balance == D("30.00")


async def test_only_admins_record_and_a_producer_is_refused(shop):
    await contribute(shop.organization_id, "300.00")

    with pytest.raises(Forbidden) as refused:
        await record_fund_use(Fund(shop.organization_id), UseRequest(FundUseKind.GRANT, D("1"), "x", DECIDED),
                              by_person_id=shop.producer_id, key="k")

    assert refused.value.code == "not_an_admin" and await FundUse.all().count() == 0


@pytest.mark.parametrize(("request_", "code"), [
    (UseRequest(FundUseKind.GRANT, D("0"), "Techo", DECIDED), "amount_not_positive"),
    (UseRequest(FundUseKind.GRANT, D("1.005"), "Techo", DECIDED), "amount_below_minor_unit"),
    (UseRequest(FundUseKind.GRANT, D("1"), "  ", DECIDED), "fund_text_length"),
    (UseRequest(FundUseKind.GRANT, D("1"), "x" * 201, DECIDED), "fund_text_length"),
    (UseRequest(FundUseKind.GRANT, D("1"), "Techo", date(2026, 11, 22)), "fund_decided_in_future"),
    (UseRequest(FundUseKind.LOAN, D("10"), "Semilla", DECIDED, "", None, 37, date(2026, 12, 1)),
     "installments_range"),
    (UseRequest(FundUseKind.LOAN, D("10"), "Semilla", DECIDED, "", None, 2, DECIDED), "first_due_before_decision"),
])
async def test_a_bad_use_is_refused_with_its_reason(shop, request_, code):
    await contribute(shop.organization_id, "300.00")

    with pytest.raises(Invalid) as refused:
        await record_fund_use(Fund(shop.organization_id), request_, by_person_id=shop.admin_id, key="k")

    assert refused.value.code == code


async def test_a_loan_goes_only_to_a_member_of_the_organization(shop):
    await contribute(shop.organization_id, "300.00")
    pending = (await Member.get(organization_id=shop.organization_id, person_id=shop.pending_producer_id)).id

    with pytest.raises(NotFound):
        await record_fund_use(Fund(shop.organization_id), loan("100.00", pending), by_person_id=shop.admin_id,
                              key="k")


async def test_a_loan_is_repaid_by_installments_and_what_is_due_and_unpaid_is_overdue(shop, feria_clock):
    await contribute(shop.organization_id, "1000.00")
    borrower = await producer_member(shop)
    fund = Fund(shop.organization_id)
    view = await record_fund_use(fund, loan("500.00", borrower), by_person_id=shop.admin_id, key="loan")
    [use] = view.uses
    assert view.balance == D("500.00") and use.borrower_name == "OECA Valles de Comarapa member 2"
    assert [(i.due_on, i.amount) for i in use.loan.installments] == [
        (date(2026, 12, 15), D("250.00")), (date(2027, 1, 15), D("250.00"))]

    await record_loan_repayment(use.id, D("100.00"), by_person_id=shop.admin_id, key="r1")
    feria_clock.freeze(datetime(2027, 1, 20, 15, 0, tzinfo=timezone.utc))
    view = await get_fund(fund, viewer_person_id=shop.producer_id)

    [use] = view.uses
    assert view.balance == D("600.00") and (use.loan.repaid, use.loan.left) == (D("100.00"), D("400.00"))
    assert [(o.due_on, o.amount) for o in use.loan.overdue] == [
        (date(2026, 12, 15), D("150.00")), (date(2027, 1, 15), D("250.00"))]


async def test_a_repayment_above_what_is_left_is_refused_and_a_repeated_one_counts_once(shop):
    await contribute(shop.organization_id, "1000.00")
    view = await record_fund_use(Fund(shop.organization_id), loan("300.00", await producer_member(shop)),
                                 by_person_id=shop.admin_id, key="loan")
    use_id = view.uses[0].id

    await record_loan_repayment(use_id, D("200.00"), by_person_id=shop.admin_id, key="m1")
    view = await record_loan_repayment(use_id, D("200.00"), by_person_id=shop.admin_id, key="m1")
    with pytest.raises(Invalid) as refused:
        await record_loan_repayment(use_id, D("100.01"), by_person_id=shop.admin_id, key="m2")

    assert view.uses[0].loan.left == D("100.00") and view.balance == D("900.00")
    assert refused.value.code == "repayment_above_left" and refused.value.params["left"] == D("100.00")
    with pytest.raises(Forbidden):
        await record_loan_repayment(use_id, D("1.00"), by_person_id=shop.producer_id, key="m3")


async def test_a_repayment_recorded_by_mistake_is_taken_back_by_a_new_entry_once(shop):
    await contribute(shop.organization_id, "1000.00")
    view = await record_fund_use(Fund(shop.organization_id), loan("300.00", await producer_member(shop)),
                                 by_person_id=shop.admin_id, key="loan")
    view = await record_loan_repayment(view.uses[0].id, D("120.00"), by_person_id=shop.admin_id, key="m1")
    mistaken = view.uses[0].loan.last_repayment

    view = await take_back_repayment(mistaken.entry_id, by_person_id=shop.admin_id)
    with pytest.raises(Conflict) as again:
        await take_back_repayment(mistaken.entry_id, by_person_id=shop.admin_id)

    assert view.balance == D("700.00") and view.uses[0].loan.left == D("300.00")
    assert view.uses[0].loan.last_repayment is None and again.value.code == "payment_already_corrected"
    kept = await LedgerEntry.get(id=mistaken.entry_id)
    assert D(kept.amount) == D("120.00")  # the mistaken entry stays as it was
    correction = await LedgerEntry.get(corrects_id=mistaken.entry_id)
    assert (correction.kind, D(correction.amount)) == (LedgerKind.CORRECTION, D("-120.00"))


async def test_a_repayment_the_fund_has_used_since_cannot_be_taken_back(shop):
    await contribute(shop.organization_id, "100.00")
    fund = Fund(shop.organization_id)
    view = await record_fund_use(fund, loan("100.00", await producer_member(shop)), by_person_id=shop.admin_id,
                                 key="loan")
    view = await record_loan_repayment(view.uses[0].id, D("60.00"), by_person_id=shop.admin_id, key="m1")
    await record_fund_use(fund, UseRequest(FundUseKind.GRANT, D("50.00"), "Techo", DECIDED),
                          by_person_id=shop.admin_id, key="g")

    with pytest.raises(Conflict) as refused:
        await take_back_repayment(view.uses[0].loan.last_repayment.entry_id, by_person_id=shop.admin_id)
    with pytest.raises(Forbidden):
        await take_back_repayment(view.uses[0].loan.last_repayment.entry_id, by_person_id=shop.producer_id)

    assert refused.value.code == "fund_too_small"
    assert (await get_fund(fund, viewer_person_id=shop.admin_id)).balance == D("10.00")


async def test_the_public_summary_sums_uses_by_kind_and_loans_outstanding_without_names(shop):
    await contribute(shop.organization_id, "1000.00")
    fund, borrower = Fund(shop.organization_id), await producer_member(shop)
    await record_fund_use(fund, UseRequest(FundUseKind.GRANT, D("100.00"), "Techo", DECIDED),
                          by_person_id=shop.admin_id, key="g")
    view = await record_fund_use(fund, loan("300.00", borrower), by_person_id=shop.admin_id, key="l")
    await record_loan_repayment(view.uses[0].id, D("50.00"), by_person_id=shop.admin_id, key="r")

    summary = await fund_summary(shop.organization_id)

    assert (summary.balance, summary.contributed) == (D("650.00"), D("1000.00"))
    assert summary.used == ((FundUseKind.GRANT, D("100.00")), (FundUseKind.LOAN, D("300.00")))
    assert (summary.loans_outstanding, summary.outstanding) == (1, D("250.00"))


async def test_a_groups_own_fund_is_kept_apart_from_the_organizations_whose_rounds_it_buys(shop):
    coordinator = await make_person("Coordinadora", telegram_user_id=9001)
    group = await PurchasingGroup.create(slug="grupo", name="Grupo Sopocachi", territory_id=shop.territory_id)
    await GroupMember.create(group=group, person_id=coordinator, role="coordinator")
    # A round's fund share: the organization's, though it carries the group's id.
    await LedgerEntry.create(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                             group_id=group.id, organization_id=shop.organization_id, amount=D("9.00"), currency="BOB")
    await LedgerEntry.create(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                             group_id=group.id, amount=D("40.00"), currency="BOB")

    view = await record_fund_use(Fund(group_id=group.id), UseRequest(FundUseKind.GRANT, D("15.00"), "Balanza",
                                                                     DECIDED), by_person_id=coordinator, key="g")

    assert view.balance == D("25.00") and view.name == "Grupo Sopocachi" and view.can_record
    assert (await fund_summary(shop.organization_id)).balance == D("9.00")

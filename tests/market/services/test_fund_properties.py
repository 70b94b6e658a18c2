"""A property of the fund's ledger: whatever is contributed, used, lent and repaid, the balance adds up to the cent.

balance = Σ contributions − Σ uses + Σ repayments (less those taken back), never negative; a refused step writes
nothing; each loan's installments add up to the loan, and what is left of it is the loan less its repayments.
"""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal as D
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from market.enums import FundUseKind, LedgerAccount, LedgerKind
from market.errors import Conflict, Invalid
from market.models import FundInstallment, FundUse, LedgerEntry, Member
from market.services.funds import (
    Fund,
    UseRequest,
    get_fund,
    record_fund_use,
    record_loan_repayment,
    take_back_repayment,
)
from tests.market.services.shop import make_shop

cents = st.integers(1, 50_000).map(lambda c: D(c).scaleb(-2))
step = st.one_of(
    st.tuples(st.just("contribute"), cents),
    st.tuples(st.just("use"), st.sampled_from((FundUseKind.GRANT, FundUseKind.INVESTMENT)), cents),
    st.tuples(st.just("lend"), cents, st.integers(1, 6)),
    st.tuples(st.just("repay"), st.integers(0, 5), cents),
    st.tuples(st.just("take back"), st.integers(0, 5)),
)
_shops = count(1)


async def run_program(program: list[tuple]) -> None:
    n = next(_shops)
    shop = await make_shop(f"fund-{n}", name=f"Fondo {n}", telegram_base=100_000 * n)
    fund = Fund(shop.organization_id)
    borrower = (await Member.get(organization_id=shop.organization_id, person_id=shop.producer_id)).id
    contributed = used = repaid = D(0)
    loans: list[int] = []
    for number, action in enumerate(program):
        entries_before = await LedgerEntry.filter(organization_id=shop.organization_id).count()
        try:
            if action[0] == "contribute":
                await LedgerEntry.create(account=LedgerAccount.SOLIDARITY_FUND, kind=LedgerKind.FUND_CONTRIBUTION,
                                         organization_id=shop.organization_id, amount=action[1], currency="BOB")
                contributed += action[1]
            elif action[0] == "use":
                await record_fund_use(fund, UseRequest(action[1], action[2], "Uso", date(2026, 11, 1)),
                                      by_person_id=shop.admin_id, key=f"{n}-{number}")
                used += action[2]
            elif action[0] == "lend":
                view = await record_fund_use(
                    fund, UseRequest(FundUseKind.LOAN, action[1], "Préstamo", date(2026, 11, 1), "", borrower,
                                     action[2], date(2026, 12, 1)),
                    by_person_id=shop.admin_id, key=f"{n}-{number}")
                loans.append(view.uses[0].id)
                used += action[1]
            elif action[0] == "repay" and loans:
                await record_loan_repayment(loans[action[1] % len(loans)], action[2], by_person_id=shop.admin_id,
                                            key=f"{n}-{number}")
                repaid += action[2]
            elif action[0] == "take back" and loans:
                loan = next(u.loan for u in (await get_fund(fund, viewer_person_id=shop.admin_id)).uses
                            if u.id == loans[action[1] % len(loans)])
                if loan is not None and loan.last_repayment is not None:
                    await take_back_repayment(loan.last_repayment.entry_id, by_person_id=shop.admin_id)
                    repaid -= loan.last_repayment.amount
        except (Conflict, Invalid):  # refused: nothing written
            assert await LedgerEntry.filter(organization_id=shop.organization_id).count() == entries_before, action
        view = await get_fund(fund, viewer_person_id=shop.admin_id)
        assert view.balance == contributed - used + repaid >= 0, (action, view.balance)
    for use in view.uses:
        assert use.loan is not None or use.kind != FundUseKind.LOAN
        if use.loan is not None:
            installments = await FundInstallment.filter(use_id=use.id).values_list("amount", flat=True)
            assert sum(D(a) for a in installments) == use.amount == sum(i.amount for i in use.loan.installments)
            assert use.loan.left == use.amount - use.loan.repaid >= 0
    assert await FundUse.filter(organization_id=shop.organization_id).count() == len(view.uses)


async def test_a_funds_balance_always_adds_up_whatever_is_contributed_used_lent_and_repaid(db):
    loop = asyncio.get_running_loop()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(program=st.lists(step, min_size=1, max_size=12))
    def holds(program: list[tuple]) -> None:
        # Hypothesis drives from a thread; each program runs on the test's loop, in the ORM's context.
        asyncio.run_coroutine_threadsafe(run_program(program), loop).result()

    await asyncio.to_thread(holds)

"""The demo's solidarity fund in the open: Café Amboró's fund, a grant and a rotating loan with one repayment.

Written as rows, as the rest of the demo is, in the shapes market.services.funds records them (an admin records
the same in the bot: /fondo); seeding again finds them by their keys and writes nothing twice."""

from __future__ import annotations

from decimal import Decimal

from market.demo.organizations import ORGANIZATIONS
from market.demo.rows import Refs, ensure
from market.enums import FundUseKind, LedgerAccount, LedgerKind, MemberRole, MembershipStatus
from market.models import FundInstallment, FundUse, LedgerEntry, Member
from market.rules.funds import monthly_installments

SLUG = "cafe-amboro"
# What its sales gave the fund before it came to Feria (one entry: Feria keeps no older sales).
EARLIER = Decimal("1500.00")
ASSEMBLY_DAY, FIRST_DUE_DAY = -40, -10
DECISION = "Asamblea ordinaria, acta 12"


async def seed_funds(refs: Refs) -> None:
    spec = next(o for o in ORGANIZATIONS if o.slug == SLUG)
    organization, admin, currency = refs.organizations[SLUG], refs.people[spec.admin], refs.currencies[SLUG]
    fund = {"account": LedgerAccount.SOLIDARITY_FUND, "organization": organization, "currency": currency}
    await ensure(LedgerEntry, {"idempotency_key": f"demo-fund:{SLUG}:earlier"}, kind=LedgerKind.FUND_CONTRIBUTION,
                 amount=EARLIER, memo="Aportes de ventas anteriores a Feria", **fund)
    borrower = await Member.filter(organization_id=organization.id, role=MemberRole.PRODUCER,
                                   status=MembershipStatus.APPROVED).order_by("id").first()
    uses: list[tuple[FundUseKind, Decimal, str, Member | None]] = [
        (FundUseKind.GRANT, Decimal("400.00"), "Reparar la tostadora comunal", None)]
    if borrower is not None:
        uses.append((FundUseKind.LOAN, Decimal("600.00"), "Plantines de café para renovar el cafetal", borrower))
    for kind, amount, purpose, member in uses:
        use = await ensure(
            FundUse, {"idempotency_key": f"fund_use:demo-{SLUG}-{kind}"}, organization=organization, kind=kind,
            amount=amount, currency=currency, purpose=purpose, decided_on=refs.day(ASSEMBLY_DAY), decision=DECISION,
            borrower=member, recorded_by=admin)
        await ensure(LedgerEntry, {"idempotency_key": f"fund_use:{use.id}"}, kind=LedgerKind.FUND_USE, fund_use=use,
                     amount=-amount, memo=purpose, recorded_by=admin, **fund)
        if kind != FundUseKind.LOAN:
            continue
        for i in monthly_installments(amount, 3, refs.day(FIRST_DUE_DAY), currency):
            await ensure(FundInstallment, {"use": use, "due_on": i.due_on}, amount=i.amount)
        await ensure(LedgerEntry, {"idempotency_key": f"fund_repayment:{use.id}:demo-1"},
                     kind=LedgerKind.LOAN_REPAYMENT, fund_use=use, amount=Decimal("200.00"), recorded_by=admin,
                     **fund)

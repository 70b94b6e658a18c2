"""An organization's maturity from evidence: what Feria holds, gathered for market.rules.maturity, and the level
kept in `organization.maturity` with every change recorded.

Where each piece of evidence comes from (dates are the organization's, on the calendar of its place):

| evidence           | read from                                                                          |
|--------------------|------------------------------------------------------------------------------------|
| legal papers       | organization.tax_number recorded, its legal form one that has papers              |
| statutes, assembly,| the latest day of each kind its admins declared (maturity_declaration)            |
| contributions      |                                                                                    |
| members            | its approved members                                                               |
| board in its term  | its board (board_views): someone sits on it and its term has not ended            |
| sales              | an order to it delivered (placed in the last 12 months) or paid in the last 12     |
| register, women    | the member register (register.register_facts): entries current, women's shares   |
| price information  | stock or prices its producers published in the last 90 days (offer events), or a  |
|                    | fair price it declared that is valid today: information its members read in Feria  |
| seals              | a seal of it (or of one of its producers) valid today                              |
| fund accounts      | a fund rate above 0 and its contributions in the append-only ledger               |

`recompute_maturity` runs on the bot's daily timer (bot/maturity_timer.py) and right after a declaration; a
change of level is written once: the level is replaced only where it still is the one read, so two processes
recomputing at once record one change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from market import clock
from market.enums import (
    DeclarationKind,
    LedgerAccount,
    LegalForm,
    Maturity,
    MaturityCriterion,
    MembershipStatus,
    OrderStatus,
    SealStatus,
    TermState,
)
from market.errors import NotFound
from market.models import (
    FairPrice,
    LedgerEntry,
    MaturityChange,
    MaturityDeclaration,
    Member,
    OfferEvent,
    Order,
    Organization,
    Seal,
)
from market.rules.board import add_months
from market.rules.maturity import PRICE_DAYS, RECENT_MONTHS, Assessment, Evidence, assess
from market.services.organizations.board_views import get_board
from market.services.organizations.register import register_facts

# Legal forms that come with papers (personería jurídica); a collective or "other" is informal.
PAPERED_FORMS = frozenset({LegalForm.COOPERATIVE, LegalForm.ASSOCIATION, LegalForm.OECA, LegalForm.CORACA,
                           LegalForm.COMMUNITY_ENTERPRISE})


@dataclass(frozen=True)
class MaturityView:
    """An organization's level and why: what it rests on, what would raise it. Nothing personal."""

    organization_id: int
    level: Maturity
    met: tuple[MaturityCriterion, ...]
    raise_by: tuple[MaturityCriterion, ...]
    assessment: Assessment


async def gather_evidence(organization_id: int, now: datetime | None = None) -> Evidence:
    """What Feria holds about the organization on its own calendar today (the table above)."""
    now = now or clock.now()
    organization = await Organization.filter(id=organization_id).first().values(
        "id", "legal_form", "tax_number", "solidarity_fund_rate", time_zone="territory__time_zone")
    if organization is None:
        raise NotFound("organization_not_found")
    zone = ZoneInfo(organization["time_zone"])
    today = now.astimezone(zone).date()
    year_ago = datetime.combine(add_months(today, -RECENT_MONTHS), time(), tzinfo=zone)
    board = await get_board(organization_id, now=now)
    facts = await register_facts(organization_id, now)
    declared = await latest_declarations(organization_id)
    return Evidence(
        today=today,
        legal_papers=bool((organization["tax_number"] or "").strip())
        and LegalForm(organization["legal_form"]) in PAPERED_FORMS,
        statutes_on=declared.get(DeclarationKind.STATUTES),
        members=await Member.filter(organization_id=organization_id, status=MembershipStatus.APPROVED,
                                    person__forgotten_at__isnull=True).count(),
        board_in_term=bool(board.seats) and board.state != TermState.ENDED,
        sales=await _sold(organization_id, year_ago),
        register_updated=facts.register_updated,
        women_share_board=facts.women_share_board,
        women_share_producers=facts.women_share_producers,
        price_information=await _priced(organization_id, now, today),
        valid_seals=await _sealed(organization_id, today),
        last_assembly_on=declared.get(DeclarationKind.ASSEMBLY),
        contributions_on=declared.get(DeclarationKind.CONTRIBUTIONS),
        fund_accounts=Decimal(organization["solidarity_fund_rate"]) > 0 and await LedgerEntry.exists(
            account=LedgerAccount.SOLIDARITY_FUND, organization_id=organization_id),
    )


async def get_maturity(organization_id: int, *, now: datetime | None = None) -> MaturityView:
    """The level the rule gives from today's evidence, what it rests on and what would raise it."""
    assessment = assess(await gather_evidence(organization_id, now))
    return MaturityView(organization_id, assessment.level, assessment.met(), assessment.raise_by, assessment)


async def recompute_maturity(organization_id: int, *, now: datetime | None = None) -> Maturity | None:
    """Keep `organization.maturity` at the rule's level; the new level when it changed (recorded once), else
    None."""
    now = now or clock.now()
    view = await get_maturity(organization_id, now=now)
    current = await Organization.filter(id=organization_id).first().values("maturity")
    if current is None or Maturity(current["maturity"]) == view.level:
        return None
    async with in_transaction():
        # Only where the level is still the one read: a second recomputation at once changes nothing.
        if not await Organization.filter(id=organization_id, maturity=current["maturity"]).update(
                maturity=view.level):
            return None
        await MaturityChange.create(
            organization_id=organization_id, from_level=current["maturity"], to_level=view.level, changed_at=now,
            evidence={"met": [c.value for c in view.met], "raise_by": [c.value for c in view.raise_by]})
    return view.level


async def recompute_all(now: datetime | None = None) -> int:
    """Recompute every organization's level (the daily timer); how many changed."""
    now = now or clock.now()
    changed = 0
    for row in await Organization.all().order_by("id").values("id"):
        if await recompute_maturity(row["id"], now=now) is not None:
            changed += 1
    return changed


async def latest_declarations(organization_id: int) -> dict[DeclarationKind, date]:
    """The latest day declared of each kind (a correction is a later row: the latest declaration counts)."""
    rows = await MaturityDeclaration.filter(organization_id=organization_id).order_by("id").values(
        "kind", "happened_on")
    latest: dict[DeclarationKind, date] = {}
    for row in rows:
        kind = DeclarationKind(row["kind"])
        if kind == DeclarationKind.STATUTES:
            latest[kind] = row["happened_on"]  # statutes are approved once: the last word corrects the day
        else:
            latest[kind] = max(latest.get(kind, row["happened_on"]), row["happened_on"])
    return latest


async def _sold(organization_id: int, since: datetime) -> bool:
    orders = Order.filter(organization_id=organization_id)
    return (await orders.filter(paid_at__gte=since).exists()
            or await orders.filter(status=OrderStatus.DELIVERED, placed_at__gte=since).exists())


async def _priced(organization_id: int, now: datetime, today: date) -> bool:
    if await OfferEvent.filter(offer__product__organization_id=organization_id,
                               at__gte=now - timedelta(days=PRICE_DAYS)).exists():
        return True
    fair = FairPrice.filter(organization_id=organization_id, valid_from__lte=today)
    return (await fair.filter(valid_until__isnull=True).exists()
            or await fair.filter(valid_until__gte=today).exists())


async def _sealed(organization_id: int, today: date) -> bool:
    """A seal valid today (market.rules.seals.is_valid_on: granted, started, not past its last day)."""
    granted = Seal.filter(organization_id=organization_id, status=SealStatus.GRANTED, valid_from__lte=today)
    return (await granted.filter(valid_until__isnull=True).exists()
            or await granted.filter(valid_until__gte=today).exists())

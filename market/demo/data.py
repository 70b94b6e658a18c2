"""The shapes of the demo content: frozen records that name each other by natural keys.

The content itself lives beside this module, one module per domain (places, people,
organizations, products, seals, groups, prices). Records point at each other by the keys
the seed looks rows up by (a territory code, an organization slug, a person's handle), and
dates are days counted from the day of the seed, so the demo never goes stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from market.enums import (
    LegalForm,
    Maturity,
    NetworkStatus,
    OrganizationStatus,
    ReviewDecision,
    ReviewerRole,
    SealEventKind,
    SealStatus,
    TerritoryLevel,
)

# Telegram user ids of demo people start here: far above the small ids of test fixtures,
# and easy to spot (and delete) in a database that also holds real people.
DEMO_TELEGRAM_IDS_FROM = 900_000_001

# Every demo price observation's source_detail starts with this, so the seed can tell
# that its series are already there and a person can tell demo prices from real ones.
DEMO_SOURCE_PREFIX = "demo: "


@dataclass(frozen=True)
class TerritorySpec:
    code: str
    name: str
    level: TerritoryLevel
    parent: str | None
    country_code: str
    currency: str
    time_zone: str


@dataclass(frozen=True)
class UnitConversionSpec:
    territory: str
    unit: str
    factor: Decimal
    base_unit: str = "kg"


@dataclass(frozen=True)
class PersonSpec:
    """Someone in the demo; `handle` exists only here, for the other records to name them."""

    handle: str
    telegram_user_id: int
    name: str
    territory: str
    # None leaves the language to be guessed from Telegram's language_code.
    locale: str | None
    language_code: str


@dataclass(frozen=True)
class OrganizationSpec:
    slug: str
    name: str
    legal_form: LegalForm
    # The level its evidence is built to show (papers, statutes, a sale, assemblies: market.demo.maturity); the rule
    # reads the level from that evidence, the consolidated ones' member register included.
    maturity: Maturity
    territory: str
    solidarity_fund_rate: Decimal
    description: str
    pickup_point: str
    admin: str
    producers: tuple[str, ...]
    # Only organizations past the embryonic level have their papers: these numbers are invented.
    tax_number: str | None = None
    # When its assembly last elected the board, in days from the seed's day: the admin presides since then. Outside
    # a term's last month (-335 to -365 days for 12 months), so that a demo seeded today reminds nobody yet.
    board_elected_day: int = -200
    # One waits for an operator, so that the operators' queue has something to show.
    status: OrganizationStatus = OrganizationStatus.APPROVED


@dataclass(frozen=True)
class ProductSpec:
    """A product and its offer: price per `unit` in the organization's currency."""

    organization: str
    category: str
    name: str
    unit: str
    price: Decimal
    stock: Decimal
    description: str
    order_unit_quantity: Decimal = Decimal("1")
    pack_size: int = 1
    # What one bag or jar holds: (250, "g").
    content: tuple[Decimal, str] | None = None


@dataclass(frozen=True)
class ReviewerSpec:
    """A person a network admitted: their role, the organization they review from, their committee seat."""

    handle: str
    role: ReviewerRole
    organization: str | None = None  # slug; a producer reviews from theirs
    committee: bool = False
    named_publicly: bool = False


@dataclass(frozen=True)
class NetworkSpec:
    slug: str
    name: str
    territory: str
    description: str
    reviewers: tuple[ReviewerSpec, ...]
    # One waits for an operator: registered in the bot by `proposed_by`, their first reviewer once approved.
    status: NetworkStatus = NetworkStatus.APPROVED
    proposed_by: str | None = None
    norms: str = ""  # the norms document: a link, or its text
    checklist: tuple[str, ...] = ()  # version 1's norms, written by its first committee member


@dataclass(frozen=True)
class ReviewSpec:
    visited_day: int
    decision: ReviewDecision
    findings: str
    signatures: tuple[tuple[str, ReviewerRole], ...]
    recorded_by: str


@dataclass(frozen=True)
class SealEventSpec:
    kind: SealEventKind
    day: int
    by: str
    # Index into the seal's reviews of the review behind this event, if any.
    review: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class SealSpec:
    """A seal of `network` for an organization (one per pair in the demo), with its history."""

    network: str
    organization: str
    status: SealStatus
    products: tuple[str, ...]
    reviews: tuple[ReviewSpec, ...]
    events: tuple[SealEventSpec, ...]
    valid_from_day: int | None = None
    valid_until_day: int | None = None
    status_reason: str = ""


@dataclass(frozen=True)
class OrderRowSpec:
    member: str
    organization: str
    product: str
    quantity: int
    tolerance: int
    hours_after_opening: int


@dataclass(frozen=True)
class RoundSpec:
    opens_day: int
    closes_day: int
    pickup_weekday: int  # the group's usual day (5: Saturday), the first one after the close, as its pickup point says
    # Local clock times: a round closes at 20:00 where the group lives.
    opens_hour: int
    closes_hour: int
    offers: tuple[tuple[str, str], ...]
    orders: tuple[OrderRowSpec, ...]


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    name: str
    territory: str
    pickup_point: str
    coordinators: tuple[str, ...]
    members: tuple[str, ...]
    round: RoundSpec


@dataclass(frozen=True)
class PriceSeriesSpec:
    """Daily prices per kg in one country: at a local market, its region, and the nation."""

    local: str
    regional: str
    national: str
    local_source: str
    regional_source: str
    national_source: str
    # (product name, local price per kg at the start of the series)
    products: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class FairPriceSpec:
    product_name: str
    territory: str
    unit: str
    producer_share: Decimal
    transport: Decimal
    solidarity_fund: Decimal
    other_costs: Decimal
    organization: str | None = None
    network: str | None = None

    @property
    def price(self) -> Decimal:
        """The parts add up to the price by construction."""
        return self.producer_share + self.transport + self.solidarity_fund + self.other_costs

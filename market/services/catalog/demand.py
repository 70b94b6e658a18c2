"""The demand board: what is wanted of an organization's products, and what people nearby looked for in vain.

Production on demand, as the solidarity-economy networks plan it: a producer sees the quantities
that open order rounds and placed orders ask for, and the catalog searches around them that
found nothing, before deciding what to sow, harvest or bring to the fair.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from market import clock
from market.enums import MemberRole, MembershipStatus, OrderStatus, RoundStatus, SearchChannel
from market.errors import Forbidden
from market.models import Member, MemberOrderRow, OrderLine, Person, Product, SearchMiss, Territory
from market.orm import lookup, value_of
from market.rules.demand import product_key
from market.services.catalog.browse import TERRITORY_DEPTH

log = logging.getLogger(__name__)

MISSES_SHOWN = 10
MISSES_WINDOW = timedelta(days=60)
# A failed search reaches producers only once this many different people (or web clients) made it:
# one person, or one script, cannot write on the board.
MIN_SEARCHERS = 3
# Orders whose goods have not left the producer yet: what they still have to bring.
PENDING_ORDERS = (OrderStatus.PLACED, OrderStatus.CONFIRMED)


@dataclass(frozen=True)
class ProductDemand:
    """How much of a product is wanted, in its offer's unit (the product's when it has no offer)."""

    product_id: int
    name: str
    unit: str
    in_rounds: Decimal
    in_orders: Decimal
    # The offer's stock now; None when the product has no offer.
    stock: Decimal | None

    @property
    def wanted(self) -> Decimal:
        return self.in_rounds + self.in_orders


@dataclass(frozen=True)
class MissedSearch:
    """A product's words searched nearby in vain, and by how many different people in the window."""

    search_key: str
    searchers: int


@dataclass(frozen=True)
class DemandBoard:
    organization_id: int
    organization_name: str
    # Products with some demand, most wanted first.
    products: tuple[ProductDemand, ...]
    # Most asked first, at most MISSES_SHOWN.
    missed_searches: tuple[MissedSearch, ...]


async def record_search_miss(
    text: str, *, channel: SearchChannel | str, territory_id: int | None = None,
    territory_code: str | None = None, person_id: int | None = None, client: str | None = None,
    now: datetime | None = None,
) -> None:
    """Count a search that found nothing, once a day per searcher, place and product words.

    The searcher is the person (`person_id`, in the bot) or the web client (`client`, its address,
    kept only as a digest). The place is a territory id, a territory code or the
    person's. Only the product words of `text` are kept (market.rules.demand.product_key): a search
    that is not shaped like a product's name, or made by nobody known, is not counted. Best-effort:
    a search must answer even when the count cannot be written, so any error is logged and swallowed.
    """
    key = product_key(text)
    if key is None or (person_id is None and client is None):
        return
    now = now or clock.now()
    try:
        place = territory_id if territory_id is not None else await _territory_of(territory_code, person_id)
        day = now.date()
        searcher = f"person:{person_id}" if person_id is not None else client_digest(client or "")
        await _count_miss(key, SearchChannel(channel), place, person_id, searcher, day)
    except Exception:  # the database may be what failed: the search still answers
        log.exception("demand: could not record a search miss")


def client_digest(address: str) -> str:
    """A web client's address as a digest: the same client is one searcher every day, its address is not stored.

    Not keyed: IPv4 addresses are few enough to try them all against it, which is why the rows go
    after SEARCH_MISS_RETENTION_DAYS and hold nothing else about the client.
    """
    return hashlib.sha256(f"feria-search:{address}".encode()).hexdigest()[:32]


async def _territory_of(code: str | None, person_id: int | None) -> int | None:
    """The id of territory `code`, else of the person's territory; None when unknown (one query at most)."""
    if code is not None:
        return await value_of(Territory.filter(code=code).first(), "id", int)
    if person_id is not None:
        return await value_of(Person.filter(id=person_id).first(), "territory_id", int)
    return None


async def _count_miss(
    key: str, channel: SearchChannel, territory_id: int | None, person_id: int | None, searcher: str, day: date,
) -> None:
    """One row per (place, words, searcher, day): a repeat that day changes nothing.

    The unique constraint makes a concurrent repeat fail harmlessly. NULLs never collide in a unique
    constraint, so a search without a place may be written twice at the same instant: the board
    counts distinct searchers, so that changes no figure.
    """
    same = SearchMiss.filter(territory_id=territory_id, search_key=key, searcher=searcher, day=day)
    if await same.exists():
        return
    try:
        async with in_transaction():
            await SearchMiss.create(
                territory_id=territory_id, search_key=key, channel=channel, person_id=person_id,
                searcher=searcher, day=day,
            )
    except IntegrityError:  # the same searcher's repeat, written meanwhile
        log.debug("demand: a repeated search miss was written meanwhile")


async def forget_search_misses(person_id: int) -> int:
    """Remove a person's failed searches (market.services.people.privacy); the number removed."""
    return await SearchMiss.filter(person_id=person_id).delete()


async def purge_search_misses(*, older_than: date, batch: int = 500) -> int:
    """Delete the misses of days before `older_than`, `batch` rows at a time; the number deleted."""
    deleted = 0
    while True:
        ids = await SearchMiss.filter(day__lt=older_than).limit(batch).values_list("id", flat=True)
        if not ids:
            return deleted
        deleted += await SearchMiss.filter(id__in=list(ids)).delete()


async def demand_board(organization_id: int, *, viewer_person_id: int, now: datetime | None = None) -> DemandBoard:
    """The organization's demand board, for its approved admins and producers (five queries).

    Forbidden("not_a_member") for anyone else, and for an organization that does not exist.
    """
    membership = await Member.filter(
        organization_id=organization_id, person_id=viewer_person_id, status=MembershipStatus.APPROVED,
        role__in=(MemberRole.ADMIN, MemberRole.PRODUCER),
    ).first().values("organization__name", "organization__territory_id", "organization__territory__parent_id")
    if membership is None:
        raise Forbidden("not_a_member", organization_id=organization_id)
    # Around the organization: its parent's places (its own and its neighbours'), or its own when it has no parent.
    around = membership["organization__territory__parent_id"] or membership["organization__territory_id"]
    return DemandBoard(
        organization_id=organization_id,
        organization_name=membership["organization__name"],
        products=await _product_demand(organization_id),
        missed_searches=await _missed_searches(around, ((now or clock.now()) - MISSES_WINDOW).date()),
    )


async def _product_demand(organization_id: int) -> tuple[ProductDemand, ...]:
    """Wanted quantities per product of the organization, from open rounds and pending orders (three queries).

    A member order row counts whole order units: 3 of a 0.5 kg order unit are 1.5 kg. Tolerances
    (what a member would take more to complete a case) are not counted: they are not asked for.
    """
    in_rounds: dict[int, Decimal] = defaultdict(Decimal)
    rows = await MemberOrderRow.filter(
        round_offer__round__status=RoundStatus.OPEN, round_offer__offer__product__organization_id=organization_id,
    ).group_by("round_offer__offer__product_id", "round_offer__order_unit_quantity").annotate(
        units=Sum("quantity")
    ).values_list("round_offer__offer__product_id", "round_offer__order_unit_quantity", "units")
    for product_id, unit_quantity, units in rows:
        in_rounds[product_id] += int(units) * Decimal(str(unit_quantity))
    # Summed here: SQLite keeps decimals as text and would sum them as floats.
    in_orders: dict[int, Decimal] = defaultdict(Decimal)
    lines = await OrderLine.filter(
        order__organization_id=organization_id, order__status__in=PENDING_ORDERS
    ).values_list("offer__product_id", "quantity")
    for product_id, quantity in lines:
        in_orders[product_id] += Decimal(str(quantity))
    wanted = {p for p in in_rounds.keys() | in_orders.keys() if in_rounds[p] + in_orders[p] > 0}
    products = await Product.filter(id__in=list(wanted)).values(
        "id", "name", "unit", "offer__unit", "offer__stock"
    ) if wanted else []
    demand = (
        ProductDemand(
            product_id=p["id"], name=p["name"], unit=p["offer__unit"] or p["unit"],
            in_rounds=in_rounds[p["id"]], in_orders=in_orders[p["id"]],
            stock=Decimal(str(p["offer__stock"])) if p["offer__stock"] is not None else None,
        )
        for p in products
    )
    return tuple(sorted(demand, key=lambda d: (-d.wanted, d.name, d.product_id)))


async def _missed_searches(around_id: int, since: date) -> tuple[MissedSearch, ...]:
    """The product words searched in vain in territory `around_id` or any place below it since `since`,
    by at least MIN_SEARCHERS different searchers, most searchers first.

    One query: a miss's territory is compared with the place at each level above it, as
    market.services.catalog.browse.in_territory_filter does. Channels, places and days add up per key; a
    searcher counts once however often they searched.
    """
    near = Q(
        *(lookup(f"territory{'__parent' * up}_id", around_id) for up in range(TERRITORY_DEPTH + 1)),
        join_type=Q.OR,
    )
    rows = await SearchMiss.filter(near, day__gte=since).group_by("search_key").annotate(
        searchers=Count("searcher", distinct=True)
    ).filter(searchers__gte=MIN_SEARCHERS).order_by("-searchers", "search_key").limit(MISSES_SHOWN).values_list(
        "search_key", "searchers")
    return tuple(MissedSearch(search_key=key, searchers=int(searchers)) for key, searchers in rows)

"""Small catalog worlds for the read-side service tests, built row by row, and a query counter."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from decimal import Decimal

from market.enums import LegalForm, Maturity, NetworkStatus, OfferStatus, OrganizationStatus, SealStatus, TerritoryLevel
from market.models import (
    Category,
    FairPrice,
    Lot,
    Offer,
    Organization,
    PgsNetwork,
    Product,
    Seal,
    SealProduct,
    Territory,
)
from market.seal_codes import new_seal_code
from market.text import search_key
from tests.support.clock import TODAY


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


async def territory(
    code: str, level: TerritoryLevel, parent: Territory | None = None, name: str | None = None
) -> Territory:
    return await Territory.create(
        code=code, name=name or code, level=level, parent=parent, country_code="BO", currency="BOB",
        time_zone="America/La_Paz",
    )


async def bolivia() -> dict[str, Territory]:
    """Bolivia with two regions; Santa Cruz goes down to a community, La Paz to a municipality."""
    bo = await territory("bo", TerritoryLevel.COUNTRY, name="Bolivia")
    scz = await territory("bo-scz", TerritoryLevel.REGION, bo, "Santa Cruz")
    comarapa = await territory("bo-scz-comarapa", TerritoryLevel.MUNICIPALITY, scz, "Comarapa")
    pulquina = await territory("bo-scz-comarapa-pulquina", TerritoryLevel.COMMUNITY, comarapa, "Pulquina")
    lpz = await territory("bo-lpz", TerritoryLevel.REGION, bo, "La Paz")
    irupana = await territory("bo-lpz-irupana", TerritoryLevel.MUNICIPALITY, lpz, "Irupana")
    return {t.code: t for t in (bo, scz, comarapa, pulquina, lpz, irupana)}


async def category(code: str, position: int = 0) -> Category:
    found = await Category.filter(code=code).first()
    return found or await Category.create(code=code, position=position)


async def organization(
    slug: str, place: Territory, *, legal_form: LegalForm = LegalForm.ASSOCIATION, name: str | None = None,
    status: OrganizationStatus = OrganizationStatus.APPROVED,
) -> Organization:
    return await Organization.create(
        slug=slug, name=name or slug.replace("-", " ").title(), legal_form=legal_form,
        maturity=Maturity.CONSOLIDATING, territory=place, solidarity_fund_rate=Decimal("0.05"), status=status,
    )


async def product(
    seller: Organization,
    name: str,
    *,
    category_code: str = "vegetables",
    stock: str | None = "10",
    price: str = "5.00",
    active: bool = True,
    offer_status: OfferStatus = OfferStatus.ACTIVE,
    unit: str = "kg",
) -> Product:
    """A product and, unless `stock` is None, its offer in bolivianos."""
    row = await Product.create(
        organization=seller, category=await category(category_code), name=name, search_key=search_key(name),
        unit=unit, active=active,
    )
    if stock is not None:
        offer = await Offer.create(
            product=row, stock=Decimal(stock), unit=unit, price=Decimal(price), currency="BOB", status=offer_status
        )
        await Lot.create(offer=offer, own_key=offer.id, stock=Decimal(stock))  # offer.stock is its lots' sum
    return row


async def network(slug: str = "red-spg", place: Territory | None = None) -> PgsNetwork:
    found = await PgsNetwork.filter(slug=slug).first()
    if found:
        return found
    place = place or await Territory.filter(level=TerritoryLevel.COUNTRY).first()
    return await PgsNetwork.create(slug=slug, name=f"Red {slug}", territory=place, status=NetworkStatus.APPROVED)


async def seal(
    holder: Organization,
    products: list[Product],
    *,
    status: SealStatus = SealStatus.GRANTED,
    valid_from: dt.date | None = days(-100),
    valid_until: dt.date | None = days(100),
    code: str | None = None,
) -> Seal:
    row = await Seal.create(
        code=code or new_seal_code(), network=await network(), organization=holder, status=status,
        valid_from=valid_from, valid_until=valid_until,
    )
    await SealProduct.bulk_create([SealProduct(seal=row, product=p) for p in products])
    return row


async def fair_price(
    name: str,
    place: Territory,
    *,
    producer_share: str = "6.00",
    transport: str = "1.00",
    declared_by: Organization | None = None,
    valid_from: dt.date = days(-30),
    valid_until: dt.date | None = days(30),
) -> FairPrice:
    share, carry = Decimal(producer_share), Decimal(transport)
    return await FairPrice.create(
        search_key=search_key(name), product_name=name, territory=place, organization=declared_by,
        network=None if declared_by else await network(), price=share + carry, currency="BOB", unit="kg",
        producer_share=share, transport=carry, valid_from=valid_from, valid_until=valid_until,
    )


class QueryCounter:
    """Counts the SQL statements tortoise sends while it is installed."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextlib.contextmanager
def count_queries(route: Callable[[list[str]], list[str] | None] | None = None) -> Iterator[QueryCounter]:
    """Record every statement logged by tortoise's database clients (they log each at DEBUG).

    `route`, given the counter's list, says where a statement goes, from where it is sent (the task, a context
    variable): that list, another, or None to leave it out.
    """
    counter = QueryCounter()

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            sql = str(record.args[0] if isinstance(record.args, tuple) and record.args else record.msg)
            if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
                kept = counter.statements if route is None else route(counter.statements)
                if kept is not None:
                    kept.append(sql)

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Handler(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

"""A small shop for service and bot tests: an organization in its territory, members, products and offers.

    shop = await make_shop()                      # OECA Valles de Comarapa, BOB, fund 5 %
    rosa = await make_person("Rosa Quispe", telegram_user_id=501)
    await add_to_cart(rosa, shop.offers["Tomate"], Decimal("2"))

Members get Telegram ids from `telegram_base`: admin +1, producer +2, pending producer +3.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from market.enums import LegalForm, Maturity, MemberRole, MembershipStatus, OrganizationStatus, TerritoryLevel
from market.models import Category, Lot, Member, Offer, Organization, Person, Product, Territory
from market.text import search_key

# (name, unit, price, stock)
PRODUCTS = (
    ("Tomate", "kg", "7.50", "20"),
    ("Lechuga", "unit", "4.00", "10"),
    ("Frutilla", "kg", "25.00", "3"),
)


@dataclass(frozen=True)
class Shop:
    territory_id: int
    organization_id: int
    admin_id: int
    admin_telegram_id: int
    producer_id: int
    producer_telegram_id: int
    # Asked to join and not approved yet: may not handle orders, hears about none.
    pending_producer_id: int
    offers: dict[str, int]  # offer id by product name


async def make_person(name: str, *, telegram_user_id: int | None = None, locale: str | None = None) -> int:
    person = await Person.create(name=name, telegram_user_id=telegram_user_id, locale=locale)
    return person.id


async def make_shop(
    slug: str = "oeca-valles-comarapa",
    *,
    name: str = "OECA Valles de Comarapa",
    currency: str = "BOB",
    country_code: str = "BO",
    fund_rate: str = "0.05",
    pickup_point: str = "Feria de Comarapa, puesto 4",
    products: tuple[tuple[str, str, str, str], ...] = PRODUCTS,
    telegram_base: int = 1000,
) -> Shop:
    """Create the shop; call it again with another slug and telegram_base for a second organization."""
    territory = await Territory.create(
        code=f"territory-{slug}", name=f"Territory of {name}", level=TerritoryLevel.MUNICIPALITY,
        country_code=country_code, currency=currency, time_zone="America/La_Paz",
    )
    organization = await Organization.create(
        slug=slug, name=name, legal_form=LegalForm.OECA, maturity=Maturity.CONSOLIDATING, territory=territory,
        solidarity_fund_rate=Decimal(fund_rate), pickup_point=pickup_point, status=OrganizationStatus.APPROVED,
    )
    people = {}
    for offset, (role, status) in enumerate(
        [(MemberRole.ADMIN, MembershipStatus.APPROVED), (MemberRole.PRODUCER, MembershipStatus.APPROVED),
         (MemberRole.PRODUCER, MembershipStatus.PENDING)],
        start=1,
    ):
        person_id = await make_person(f"{name} member {offset}", telegram_user_id=telegram_base + offset)
        await Member.create(organization=organization, person_id=person_id, role=role, status=status)
        people[offset] = person_id
    category, _ = await Category.get_or_create(code="vegetables")
    offers = {}
    for product_name, unit, price, stock in products:
        product = await Product.create(
            organization=organization, category=category, name=product_name, search_key=search_key(product_name),
            unit=unit,
        )
        offer = await Offer.create(
            product=product, stock=Decimal(stock), unit=unit, price=Decimal(price), currency=currency
        )
        await Lot.create(offer=offer, own_key=offer.id, stock=Decimal(stock))  # offer.stock is its lots' sum
        offers[product_name] = offer.id
    return Shop(
        territory_id=territory.id, organization_id=organization.id,
        admin_id=people[1], admin_telegram_id=telegram_base + 1,
        producer_id=people[2], producer_telegram_id=telegram_base + 2,
        pending_producer_id=people[3], offers=offers,
    )

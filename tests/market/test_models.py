"""The database itself refuses what the domain must never hold (both engines)."""

from decimal import Decimal

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from market.models import Category, FairPrice, Offer, Organization, Product, Territory


async def make_offer(stock="5") -> Offer:
    bolivia = await Territory.create(
        code="bo", name="Bolivia", level="country", country_code="BO", currency="BOB", time_zone="America/La_Paz"
    )
    org = await Organization.create(
        slug="coraca-irupana", name="CORACA Irupana", legal_form="coraca", maturity="consolidated", territory=bolivia,
        status="approved",
    )
    vegetables = await Category.create(code="vegetables")
    tomato = await Product.create(organization=org, category=vegetables, name="Tomate", search_key="tomate", unit="kg")
    return await Offer.create(product=tomato, stock=Decimal(stock), unit="kg", price=Decimal("8.50"), currency="BOB")


async def test_the_database_refuses_negative_stock(db):
    offer = await make_offer(stock="5")

    with pytest.raises(IntegrityError):
        await Offer.filter(id=offer.id).update(stock=F("stock") - Decimal("6"))

    assert (await Offer.get(id=offer.id)).stock == Decimal("5")


async def test_the_database_refuses_a_negative_price_and_an_empty_pack(db):
    offer = await make_offer()

    with pytest.raises(IntegrityError):
        await Offer.filter(id=offer.id).update(price=Decimal("-0.01"))
    with pytest.raises(IntegrityError):
        await Offer.filter(id=offer.id).update(pack_size=0)


async def test_the_database_refuses_a_duplicate_product_name_in_one_organization(db):
    offer = await make_offer()
    product = await offer.product

    with pytest.raises(IntegrityError):
        await Product.create(
            organization_id=product.organization_id, category_id=product.category_id,
            name="TOMATE", search_key="tomate", unit="kg",
        )


async def test_the_database_refuses_a_dangling_foreign_key(db):
    vegetables = await Category.create(code="vegetables")

    with pytest.raises(IntegrityError):
        await Product.create(organization_id=999_999, category=vegetables, name="Papa", search_key="papa", unit="kg")


async def test_a_conditional_update_takes_stock_only_while_there_is_enough(db):
    offer = await make_offer(stock="5")

    first = await Offer.filter(id=offer.id, stock__gte=Decimal("3")).update(stock=F("stock") - Decimal("3"))
    second = await Offer.filter(id=offer.id, stock__gte=Decimal("3")).update(stock=F("stock") - Decimal("3"))

    assert (first, second) == (1, 0)
    assert (await Offer.get(id=offer.id)).stock == Decimal("2")


async def test_the_database_refuses_a_fair_price_whose_breakdown_does_not_add_up(db):
    offer = await make_offer()
    org = await (await offer.product).organization
    fair = dict(search_key="tomate", product_name="Tomate", territory_id=org.territory_id, organization=org,
                currency="BOB", unit="kg", valid_from="2026-11-01")

    await FairPrice.create(**fair, price=Decimal("8.00"), producer_share=Decimal("6.10"), transport=Decimal("1.20"),
                           solidarity_fund=Decimal("0.70"))
    with pytest.raises(IntegrityError):
        await FairPrice.create(**fair, price=Decimal("8.00"), producer_share=Decimal("6.10"))
    with pytest.raises(IntegrityError):
        await FairPrice.create(**{**fair, "organization": None}, price=Decimal("6.10"), producer_share=Decimal("6.10"))


def test_the_package_exports_every_model_by_name():
    import market.models

    assert sorted(market.models.__all__) == sorted(model.__name__ for model in market.models.__models__)

"""Declaring a fair price: who may, what it adds up to, and that buyers see it on the product card."""

from datetime import timedelta
from decimal import Decimal

import pytest

from market.enums import NetworkStatus
from market.errors import Forbidden, Invalid
from market.models import FairPrice, Offer, PgsNetwork, PgsReviewer
from market.services.catalog.card import get_product_card
from market.services.catalog.version import current_catalog_version
from market.services.prices.fair_prices import DeclareFairPrice, declare_fair_price, get_declared_fair_price
from tests.market.services.shop import make_person
from tests.support.clock import TODAY


async def tomato_card(shop):
    product_id = await Offer.filter(id=shop.offers["Tomate"]).values_list("product_id", flat=True)
    return await get_product_card(product_id[0], today=TODAY)


async def declare(shop, *, by_person_id=None, **changes):
    """The admin's declaration of tomate in the shop's territory, with `changes`, by `by_person_id` (the admin)."""
    fields = {"organization_id": shop.organization_id, "product": "tomate", "territory_id": shop.territory_id,
              "unit": "kg", "producer_share": Decimal("6"), "transport": Decimal("0.70"),
              "solidarity_fund": Decimal("0.4"), "other_costs": Decimal("0.40"), "valid_from": TODAY, **changes}
    return await declare_fair_price(DeclareFairPrice(**fields), by_person_id=by_person_id or shop.admin_id)


async def test_an_admins_fair_price_shows_on_the_product_card_with_its_breakdown(shop):
    version = await current_catalog_version()

    await declare(shop)

    fair = (await tomato_card(shop)).fair_price
    assert (fair.amount, fair.currency, fair.unit) == (Decimal("7.50"), "BOB", "kg")
    assert (fair.producer_share, fair.transport, fair.solidarity_fund, fair.other_costs) == (
        Decimal("6.00"), Decimal("0.70"), Decimal("0.40"), Decimal("0.40"))
    assert fair.organization_name == "OECA Valles de Comarapa" and fair.valid_from == TODAY
    # Cached product cards are keyed by the catalog version: it must move or buyers see the old card.
    assert await current_catalog_version() > version


async def test_the_parts_are_rounded_to_the_currency_and_the_price_is_their_sum(shop):
    fair_price_id = await declare(
        shop, product="  tomate perita", producer_share=Decimal("6.004"), transport=Decimal("0.705"),
        solidarity_fund=Decimal(0), other_costs=Decimal(0), valid_until=TODAY + timedelta(days=30))

    declared = await get_declared_fair_price(fair_price_id)

    assert declared.product_name == "Tomate perita"
    assert (declared.producer_share, declared.transport, declared.price) == (
        Decimal("6.00"), Decimal("0.71"), Decimal("6.71"))
    assert declared.valid_until == TODAY + timedelta(days=30)
    assert await FairPrice.filter(id=fair_price_id, search_key="tomate perita").exists()


async def test_an_active_reviewer_declares_for_the_network(shop):
    network = await PgsNetwork.create(slug="red", name="Red PGS", territory_id=shop.territory_id, status=NetworkStatus.APPROVED)
    reviewer = await make_person("Rocío Zambrana")
    await PgsReviewer.create(network=network, person_id=reviewer)

    await declare(shop, by_person_id=reviewer, organization_id=None, network_id=network.id)

    fair = (await tomato_card(shop)).fair_price
    assert (fair.network_name, fair.organization_name, fair.amount) == ("Red PGS", None, Decimal("7.50"))


@pytest.mark.parametrize("who", ["producer_id", "pending_producer_id"])
async def test_a_member_who_is_not_an_approved_admin_is_refused(shop, who):
    with pytest.raises(Forbidden) as refused:
        await declare(shop, by_person_id=getattr(shop, who))

    assert refused.value.code == "not_an_admin"
    assert (await tomato_card(shop)).fair_price is None


async def test_an_inactive_reviewer_is_refused(shop):
    network = await PgsNetwork.create(slug="red", name="Red PGS", territory_id=shop.territory_id, status=NetworkStatus.APPROVED)
    await PgsReviewer.create(network=network, person_id=shop.admin_id, active=False)

    with pytest.raises(Forbidden) as refused:
        await declare(shop, organization_id=None, network_id=network.id)

    assert refused.value.code == "not_a_reviewer"


@pytest.mark.parametrize("changes, code", [
    ({"transport": Decimal("-0.10")}, "fair_price_part_negative"),
    ({"producer_share": Decimal("-1")}, "fair_price_part_negative"),
    ({"producer_share": Decimal(0), "transport": Decimal(0), "solidarity_fund": Decimal(0),
      "other_costs": Decimal("0.001")}, "fair_price_out_of_range"),
    ({"organization_id": None}, "fair_declarer_needed"),
    ({"network_id": 1}, "fair_declarer_needed"),
    ({"unit": "kilo"}, "unknown_unit"),
    ({"product": "  "}, "fair_product_name_length"),
    ({"valid_until": TODAY - timedelta(days=1)}, "fair_price_ends_before_it_starts"),
])
async def test_a_declaration_breaking_a_rule_is_refused_and_nothing_is_shown(shop, changes, code):
    with pytest.raises(Invalid) as refused:
        await declare(shop, **changes)

    assert refused.value.code == code
    assert not await FairPrice.exists()

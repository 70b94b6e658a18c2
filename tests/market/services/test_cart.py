"""The cart: add, set, remove, the limits of stock and quantity, one group per organization."""

from decimal import Decimal

import pytest

from market.enums import OfferStatus
from market.errors import Conflict, Invalid, NotFound
from market.models import CartItem, Offer, Product
from market.services.orders.cart import add_to_cart, empty_cart, get_cart, remove_from_cart, set_cart_quantity
from tests.market.services.shop import make_shop

D = Decimal


async def test_an_empty_cart_has_no_organizations(shop, consumer):
    cart = await get_cart(consumer)

    assert cart.is_empty and cart.organizations == () and cart.item_count == 0


async def test_adding_an_offer_prices_the_line_and_groups_it_under_its_organization(shop, consumer):
    cart = await add_to_cart(consumer, shop.offers["Tomate"], D("2.5"))

    (group,) = cart.organizations
    (line,) = group.lines
    assert (group.organization_id, group.organization_name) == (shop.organization_id, "OECA Valles de Comarapa")
    assert group.currency == "BOB"
    assert group.pickup_point == "Feria de Comarapa, puesto 4"
    assert (line.product_name, line.quantity, line.unit, line.unit_price) == ("Tomate", D("2.5"), "kg", D("7.50"))
    assert (line.amount, line.available_stock, line.is_available) == (D("18.75"), D("20"), True)
    assert (group.total, group.fund_rate, group.fund_amount) == (D("18.75"), D("0.05"), D("0.94"))
    assert cart.item_count == 1 and not cart.is_empty


async def test_adding_the_same_offer_again_adds_to_what_is_there(shop, consumer):
    await add_to_cart(consumer, shop.offers["Lechuga"], D("2"))

    cart = await add_to_cart(consumer, shop.offers["Lechuga"], D("3"))

    assert [line.quantity for line in cart.organizations[0].lines] == [D("5")]
    assert await CartItem.filter(person_id=consumer).count() == 1


async def test_setting_a_quantity_replaces_it_and_zero_removes_the_line(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))
    await add_to_cart(consumer, shop.offers["Lechuga"], D("1"))

    set_ = await set_cart_quantity(consumer, shop.offers["Tomate"], D("0.5"))
    removed = await set_cart_quantity(consumer, shop.offers["Tomate"], D("0"))

    assert [(line.product_name, line.quantity) for line in set_.organizations[0].lines] == [
        ("Tomate", D("0.5")), ("Lechuga", D("1"))
    ]
    assert [line.product_name for line in removed.organizations[0].lines] == ["Lechuga"]


async def test_setting_a_quantity_of_an_offer_not_in_the_cart_adds_it(shop, consumer):
    cart = await set_cart_quantity(consumer, shop.offers["Frutilla"], D("1.5"))

    assert [(line.product_name, line.amount) for line in cart.organizations[0].lines] == [("Frutilla", D("37.50"))]


async def test_removing_and_emptying_leave_other_peoples_carts_alone(shop, consumer):
    other = (await make_shop("otra", telegram_base=2000)).admin_id
    await add_to_cart(other, shop.offers["Tomate"], D("1"))
    await add_to_cart(consumer, shop.offers["Tomate"], D("1"))
    await add_to_cart(consumer, shop.offers["Lechuga"], D("1"))

    after_remove = await remove_from_cart(consumer, shop.offers["Tomate"])
    await empty_cart(consumer)

    assert after_remove.item_count == 1
    assert (await get_cart(consumer)).is_empty
    assert (await get_cart(other)).item_count == 1


async def test_more_than_the_stock_is_refused_with_what_is_available(shop, consumer):
    with pytest.raises(Conflict) as refused:
        await add_to_cart(consumer, shop.offers["Frutilla"], D("3.5"))

    assert refused.value.code == "not_enough_stock"
    assert refused.value.params == {"product": "Frutilla", "available": D("3"), "unit": "kg"}
    assert (await get_cart(consumer)).is_empty


async def test_adding_past_the_stock_keeps_what_the_cart_held(shop, consumer):
    await add_to_cart(consumer, shop.offers["Frutilla"], D("2"))

    with pytest.raises(Conflict):
        await add_to_cart(consumer, shop.offers["Frutilla"], D("1.5"))

    assert (await get_cart(consumer)).organizations[0].lines[0].quantity == D("2")


@pytest.mark.parametrize(
    ("product", "quantity", "code"),
    [("Tomate", "0", "quantity_not_positive"), ("Tomate", "-1", "quantity_not_positive"),
     ("Lechuga", "1.5", "quantity_not_whole"), ("Tomate", "0.0001", "quantity_too_precise")],
)
async def test_a_quantity_the_unit_does_not_allow_is_refused(shop, consumer, product, quantity, code):
    with pytest.raises(Invalid) as refused:
        await add_to_cart(consumer, shop.offers[product], D(quantity))

    assert refused.value.code == code


async def test_an_unknown_withdrawn_or_inactive_offer_is_not_found(shop, consumer):
    await Offer.filter(id=shop.offers["Tomate"]).update(status=OfferStatus.WITHDRAWN)
    await Product.filter(offer__id=shop.offers["Lechuga"]).update(active=False)

    for offer_id in (999, shop.offers["Tomate"], shop.offers["Lechuga"]):
        with pytest.raises(NotFound) as refused:
            await set_cart_quantity(consumer, offer_id, D("1"))
        assert refused.value.code == "offer_not_found"


async def test_a_line_whose_offer_was_withdrawn_since_shows_nothing_available(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))
    await Offer.filter(id=shop.offers["Tomate"]).update(status=OfferStatus.WITHDRAWN)

    (line,) = (await get_cart(consumer)).organizations[0].lines

    assert (line.available_stock, line.is_available) == (D("0"), False)
    assert (await remove_from_cart(consumer, shop.offers["Tomate"])).is_empty


async def test_each_organization_is_its_own_group_in_its_own_currency(shop, consumer):
    paraguay = await make_shop(
        "guarani-poty", name="Guarani Poty", currency="PYG", country_code="PY", fund_rate="0.025",
        products=(("Mandioca", "kg", "2505", "100"),), telegram_base=2000,
    )
    await add_to_cart(consumer, shop.offers["Tomate"], D("1.333"))
    await add_to_cart(consumer, paraguay.offers["Mandioca"], D("0.3"))
    await add_to_cart(consumer, shop.offers["Frutilla"], D("0.5"))

    cart = await get_cart(consumer)

    bolivia, guarani = cart.organizations
    assert [line.amount for line in bolivia.lines] == [D("10.00"), D("12.50")]  # 9.9975 and 12.5
    assert (bolivia.currency, bolivia.total, bolivia.fund_amount) == ("BOB", D("22.50"), D("0.50") + D("0.63"))
    assert (guarani.currency, guarani.total, guarani.fund_amount) == ("PYG", D("752"), D("19"))
    assert cart.item_count == 3


async def test_showing_a_cart_of_several_organizations_is_one_query(shop, consumer, queries):
    other = await make_shop("otra", telegram_base=2000)
    await add_to_cart(consumer, shop.offers["Tomate"], D("1"))
    await add_to_cart(consumer, shop.offers["Lechuga"], D("1"))
    await add_to_cart(consumer, other.offers["Tomate"], D("1"))
    queries.start()

    cart = await get_cart(consumer)

    assert cart.item_count == 3
    assert len(queries.statements) == 1

"""The cart's statements written once (market.services.orders.cart) answer what tortoise's queries answered: the same
carts, the same refusals, over random offers (withdrawn, past their day, product turned off, stock "0.000") and
random taps of two people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import OfferStatus
from market.errors import Conflict, FeriaError, NotFound
from market.models import CartItem, Offer, Product
from market.rules.orders import check_quantity
from market.services.orders import cart
from market.services.orders.cart import CartView, add_to_cart, get_cart, set_cart_quantity
from tests.market.services.catalog_fixtures import count_queries
from tests.market.services.shop import make_person, make_shop

D = Decimal


# The ORM's path as it was before the statements (commit be755cc), the twin the statements are held to.
async def orm_get_cart(person_id: int) -> CartView:
    items = await CartItem.filter(person_id=person_id).select_related(
        "offer__product__organization__territory").order_by("id")
    groups: dict[int, list[CartItem]] = {}
    for item in items:
        groups.setdefault(item.offer.product.organization_id, []).append(item)
    organizations = tuple(orm_group(items) for items in groups.values())
    return CartView(person_id=person_id, organizations=organizations,
                    item_count=sum(len(o.lines) for o in organizations))


def orm_group(items: list[CartItem]) -> cart.CartOrganization:
    organization, currency = items[0].offer.product.organization, items[0].offer.currency
    rate = organization.solidarity_fund_rate
    lines = tuple(
        cart.CartLine(
            offer_id=item.offer_id, product_id=item.offer.product_id, product_name=item.offer.product.name,
            quantity=item.quantity, unit=item.offer.unit, unit_price=item.offer.price,
            amount=cart.line_amount(item.quantity, item.offer.price, currency),
            available_stock=cart.available_stock(item.offer),
        )
        for item in items
    )
    return cart.CartOrganization(
        organization_id=organization.id, organization_name=organization.name, pickup_point=organization.pickup_point,
        country_code=organization.territory.country_code, currency=currency, fund_rate=rate, lines=lines,
        total=sum((line.amount for line in lines), D(0)),
        fund_amount=sum((cart.fund_share(line.amount, rate, currency) for line in lines), D(0)),
    )


async def orm_orderable_offer(offer_id: int) -> Offer:
    offer = await Offer.filter(id=offer_id).select_related("product").first()
    if offer is None or not cart.offer_on_sale(offer.status, offer.valid_until, clock.now()) or not offer.product.active:
        raise NotFound("offer_not_found")
    return offer


async def orm_store(person_id: int, offer: Offer, quantity: Decimal, *, held: bool = True) -> None:
    if quantity > offer.stock:
        raise Conflict("not_enough_stock", product=offer.product.name, available=offer.stock, unit=offer.unit)
    if held and await CartItem.filter(person_id=person_id, offer_id=offer.id).update(quantity=quantity):
        return
    try:
        async with in_transaction():
            await CartItem.create(person_id=person_id, offer_id=offer.id, quantity=quantity)
    except IntegrityError:
        await CartItem.filter(person_id=person_id, offer_id=offer.id).update(quantity=quantity)


async def orm_add_to_cart(person_id: int, offer_id: int, quantity: Decimal) -> CartView:
    offer = await orm_orderable_offer(offer_id)
    check_quantity(quantity, offer.unit)
    current = await CartItem.filter(person_id=person_id, offer_id=offer_id).first()
    await orm_store(person_id, offer, quantity + (current.quantity if current else 0), held=current is not None)
    return await orm_get_cart(person_id)


async def orm_added_line(person_id: int, offer_id: int, quantity: Decimal) -> cart.AddedLine:
    """The line add_to_cart_line answers, as the ORM's cart showed it after adding."""
    lines = [line for group in (await orm_add_to_cart(person_id, offer_id, quantity)).organizations
             for line in group.lines if line.offer_id == offer_id]
    return cart.AddedLine(offer_id, lines[0].product_name, lines[0].unit, lines[0].quantity)


async def orm_set_cart_quantity(person_id: int, offer_id: int, quantity: Decimal) -> CartView:
    if quantity == 0:
        await CartItem.filter(person_id=person_id, offer_id=offer_id).delete()
        return await orm_get_cart(person_id)
    offer = await orm_orderable_offer(offer_id)
    check_quantity(quantity, offer.unit)
    await orm_store(person_id, offer, quantity)
    return await orm_get_cart(person_id)


class Undone(Exception):
    """Raised to roll back what the ORM's path wrote, carrying its answer."""

    def __init__(self, answer: object) -> None:
        self.answer = answer


async def outcome(tap, *args) -> object:
    """The cart a tap answers, or its refusal as (kind, code, params)."""
    try:
        return await tap(*args)
    except FeriaError as refusal:
        return type(refusal).__name__, refusal.code, refusal.params


async def orm_outcome(tap, *args) -> object:
    """What the ORM's path answers for the tap, its writes rolled back."""
    try:
        async with in_transaction():
            raise Undone(await outcome(tap, *args))
    except Undone as undone:
        return undone.answer


@pytest.fixture
async def world(shop, consumer):
    """Four offers of two organizations in two currencies, and two people who buy."""
    paraguay = await make_shop(
        "guarani-poty", name="Guarani Poty", currency="PYG", country_code="PY", fund_rate="0.025",
        products=(("Mandioca", "kg", "2505", "100"),), telegram_base=2000,
    )
    other = await make_person("Juana Mamani", telegram_user_id=502)
    return [*shop.offers.values(), *paraguay.offers.values(), 999_999], [consumer, other]


STOCKS = ["0.000", "0", "2.5", "3", "20", "20", "100", "100"]
# Mostly taps that succeed, so that taps build on each other: lines added to, set, refused past the stock.
QUANTITIES = ["0", "-1", "0.0001", "0.5", "1", "1", "1", "1.333", "1.5", "2", "2", "2.5", "3", "20", "21"]
offer_states = st.tuples(
    st.sampled_from([OfferStatus.ACTIVE] * 4 + [OfferStatus.WITHDRAWN]),
    st.sampled_from([None, None, None, -1, 1]),  # days from now the offer stands until
    st.sampled_from([True] * 4 + [False]),  # the product active
    st.sampled_from(STOCKS),
)
taps = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "set", "line"]), st.sampled_from([0, 0, 1]), st.sampled_from([0, 0, 0, 1, 2, 3, 4]),
        st.sampled_from(QUANTITIES),
    ),
    min_size=2, max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(states=st.lists(offer_states, min_size=4, max_size=4), taps=taps)
async def test_any_taps_on_any_offers_answer_what_the_orms_queries_answered(world, states, taps):
    offers, people = world
    await CartItem.all().delete()
    for offer_id, (status, days, active, stock) in zip(offers[:4], states, strict=True):
        until = None if days is None else clock.now() + dt.timedelta(days=days)
        await Offer.filter(id=offer_id).update(status=status, valid_until=until, stock=D(stock))
        await Product.filter(offer__id=offer_id).update(active=active)

    for kind, person, offer, quantity in taps:
        written, built = {"add": (add_to_cart, orm_add_to_cart), "set": (set_cart_quantity, orm_set_cart_quantity),
                          "line": (cart.add_to_cart_line, orm_added_line)}[kind]
        args = (people[person], offers[offer], D(quantity))
        expected = await orm_outcome(built, *args)

        assert await outcome(written, *args) == expected
        for someone in people:
            assert await get_cart(someone) == await orm_get_cart(someone)


async def test_adding_reads_the_offer_and_the_line_in_one_statement_and_writes_in_one(world):
    offers, (rosa, _) = world
    await add_to_cart(rosa, offers[0], D("1"))

    with count_queries() as again:
        cart_after = await add_to_cart(rosa, offers[0], D("1.5"))

    assert cart_after.organizations[0].lines[0].quantity == D("2.5")
    assert again.count == 3  # the offer with the line, the upsert, the cart


async def test_the_bot_adding_reads_the_offer_with_the_line_and_writes_it_and_reads_no_cart(world):
    offers, (rosa, _) = world
    await add_to_cart(rosa, offers[0], D("1"))

    with count_queries() as statements:
        line = await cart.add_to_cart_line(rosa, offers[0], D("1.5"))

    shown = (await get_cart(rosa)).organizations[0].lines[0]
    assert (line.product_name, line.unit, line.quantity) == (shown.product_name, shown.unit, shown.quantity) == (
        shown.product_name, "kg", D("2.5"))
    assert statements.count == 2  # the offer with the line, the upsert


async def test_a_stock_of_zero_written_with_decimals_refuses_any_quantity(world):
    offers, (rosa, _) = world
    await Offer.filter(id=offers[0]).update(stock=D("0.000"))

    with pytest.raises(Conflict) as refused:
        await add_to_cart(rosa, offers[0], D("0.001"))

    assert refused.value.params == {"product": "Tomate", "available": D("0"), "unit": "kg"}


async def test_an_offer_past_its_day_is_not_found_and_its_line_shows_nothing_available(world):
    offers, (rosa, _) = world
    await add_to_cart(rosa, offers[0], D("2"))
    await Offer.filter(id=offers[0]).update(valid_until=clock.now() - dt.timedelta(minutes=1))

    with pytest.raises(NotFound):
        await add_to_cart(rosa, offers[0], D("1"))
    (line,) = (await get_cart(rosa)).organizations[0].lines

    assert (line.quantity, line.available_stock, line.is_available) == (D("2"), D("0"), False)

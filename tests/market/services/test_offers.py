"""A producer's own offers: stock, price, until when they stand, withdrawal, and the events alerts read."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from market import clock
from market.enums import MembershipStatus, OfferEventKind, OfferStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import Member, Offer, OfferEvent, Product
from market.rules.offers import offer_on_sale
from market.services.catalog.browse import get_catalog_overview, list_categories
from market.services.catalog.card import get_product_card
from market.services.catalog.products import ProductQuery, search_products
from market.services.catalog.version import catalog_changes, current_catalog_version
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.stock.offers import (
    end_of_day,
    get_offer,
    list_offers,
    offer_events,
    set_valid_until,
    update_offer,
    withdraw_offer,
)
from tests.market.services.shop import make_person, make_shop
from tests.support.clock import TODAY

NEW, SOLD, PRICE, GONE = (OfferEventKind.NEW_STOCK, OfferEventKind.SOLD_OUT, OfferEventKind.PRICE_CHANGE,
                          OfferEventKind.WITHDRAWN)


async def versions() -> tuple[int, int]:
    """The catalog's version and its stock version."""
    changes = await catalog_changes(None)
    return changes.version, changes.stock_version


async def events(offer_id: int) -> list[tuple]:
    return [(e.kind, e.stock, e.price, e.by_person_id)
            for e in await OfferEvent.filter(offer_id=offer_id).order_by("id")]


@pytest.mark.parametrize("before, after, price_before, price_after, expected", [
    ("5", "10", "8.00", "8.00", (NEW,)),
    ("10", "5", "8.00", "8.00", ()),
    ("5", "0", "8.00", "8.00", (SOLD,)),
    ("0", "0", "8.00", "8.00", ()),
    ("5", "5", "8.00", "9.50", (PRICE,)),
    ("0", "5", "8.00", "9.50", (NEW, PRICE)),
])
def test_what_an_edit_tells_the_alerts(before, after, price_before, price_after, expected):
    assert offer_events(on_sale_before=D(before), on_sale_after=D(after), price_before=D(price_before),
                        price_after=D(price_after)) == expected


@pytest.mark.parametrize("status, valid_until, now, expected", [
    (OfferStatus.ACTIVE, None, datetime(2026, 11, 28, 12, tzinfo=timezone.utc), True),
    (OfferStatus.ACTIVE, datetime(2026, 11, 28, 23, 59, tzinfo=timezone.utc),
     datetime(2026, 11, 28, 12, tzinfo=timezone.utc), True),
    (OfferStatus.ACTIVE, datetime(2026, 11, 28, 23, 59, tzinfo=timezone.utc),
     datetime(2026, 11, 29, tzinfo=timezone.utc), False),
    (OfferStatus.WITHDRAWN, None, datetime(2026, 11, 28, 12, tzinfo=timezone.utc), False),
])
def test_an_offer_is_on_sale_while_active_and_not_past_its_moment(status, valid_until, now, expected):
    assert offer_on_sale(status, valid_until, now) is expected


def test_an_offer_stands_through_its_last_day_where_the_organization_is():
    assert end_of_day(date(2026, 11, 28), "America/La_Paz") == datetime(
        2026, 11, 29, 3, 59, 59, 999999, tzinfo=timezone.utc)


async def test_members_see_active_and_withdrawn_offers_of_active_products_by_name(db):
    shop = await make_shop()
    await Offer.filter(id=shop.offers["Lechuga"]).update(status=OfferStatus.WITHDRAWN)
    await Product.filter(name="Frutilla").update(active=False)

    seen = await list_offers(shop.organization_id, viewer_person_id=shop.producer_id)

    assert [(o.product_name, o.status, o.stock, o.unit, o.price, o.currency) for o in seen] == [
        ("Lechuga", OfferStatus.WITHDRAWN, D("10"), "unit", D("4.00"), "BOB"),
        ("Tomate", OfferStatus.ACTIVE, D("20"), "kg", D("7.50"), "BOB"),
    ]
    assert (seen[1].valid_until, seen[1].on_sale, seen[1].time_zone) == (None, True, "America/La_Paz")


async def test_only_approved_members_see_or_change_the_offers(db):
    shop = await make_shop()
    stranger = await make_person("Rosa", telegram_user_id=501)
    other = await make_shop("otra", telegram_base=2000)
    tomate = shop.offers["Tomate"]

    for person in (stranger, shop.pending_producer_id, other.admin_id):
        with pytest.raises(Forbidden) as refused:
            await list_offers(shop.organization_id, viewer_person_id=person)
        assert refused.value.code == "not_a_member"
        with pytest.raises(Forbidden):
            await update_offer(tomate, by_person_id=person, stock=D("1"))
        with pytest.raises(Forbidden):
            await withdraw_offer(tomate, by_person_id=person)
    with pytest.raises(NotFound):
        await update_offer(999_999, by_person_id=shop.admin_id, stock=D("1"))

    assert (await Offer.get(id=tomate)).stock == D("20")
    assert await OfferEvent.all().count() == 0


async def test_raising_the_stock_is_new_stock_and_setting_it_to_zero_is_sold_out(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]

    raised = await update_offer(tomate, by_person_id=shop.producer_id, stock=D("35.5"))
    lowered = await update_offer(tomate, by_person_id=shop.admin_id, stock=D("30"))
    emptied = await update_offer(tomate, by_person_id=shop.producer_id, stock=D("0"))

    assert (raised.stock, lowered.stock, emptied.stock) == (D("35.5"), D("30"), D("0"))
    assert await events(tomate) == [
        (NEW, D("35.5"), D("7.50"), shop.producer_id),
        (SOLD, D("0"), D("7.50"), shop.producer_id),
    ]


async def test_a_new_price_is_recorded_with_the_stock_it_sells_and_the_same_price_again_records_nothing(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    before = await versions()

    changed = await update_offer(tomate, by_person_id=shop.admin_id, price=D("8.5"))
    middle = await versions()
    again = await update_offer(tomate, by_person_id=shop.admin_id, price=D("8.50"), stock=D("20"))

    assert changed.price == again.price == D("8.50")
    assert await events(tomate) == [(PRICE, D("20"), D("8.50"), shop.admin_id)]
    # A price alone: only the answers showing the product go (the stock version), not every answer (the version).
    assert await versions() == middle == (before[0], before[1] + 1)
    assert await Offer.filter(stock_version=middle[1]).values_list("id", flat=True) == [tomate]


async def test_stock_that_runs_out_or_comes_back_raises_the_catalog_version_and_stock_left_the_stock_version(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    before = await versions()

    await update_offer(tomate, by_person_id=shop.admin_id, stock=D("12"))
    lowered = await versions()
    await update_offer(tomate, by_person_id=shop.admin_id, stock=D("0"))
    emptied = await versions()
    await update_offer(tomate, by_person_id=shop.admin_id, stock=D("3"))

    assert lowered == (before[0], before[1] + 1)
    assert emptied == (lowered[0] + 1, lowered[1])
    assert await versions() == (emptied[0] + 1, emptied[1])


@pytest.mark.parametrize("product, field, value, code", [
    ("Tomate", "stock", D("-1"), "stock_negative"),
    ("Lechuga", "stock", D("1.5"), "quantity_not_whole"),  # lettuces come whole
    ("Tomate", "stock", D("2.0005"), "quantity_too_precise"),
    ("Tomate", "stock", D("1e11"), "stock_too_large"),
    ("Tomate", "stock", D("NaN"), "bad_quantity"),
    ("Tomate", "price", D("0"), "amount_not_positive"),
    ("Tomate", "price", D("-4"), "amount_not_positive"),
    ("Tomate", "price", D("4.005"), "amount_below_minor_unit"),
    ("Tomate", "price", D("1e12"), "price_too_large"),
])
async def test_a_stock_or_price_that_cannot_be_sold_is_refused_and_changes_nothing(db, product, field, value, code):
    shop = await make_shop()
    offer_id = shop.offers[product]
    before = await current_catalog_version()
    kept = await Offer.get(id=offer_id)

    with pytest.raises(Invalid) as refused:
        await update_offer(offer_id, by_person_id=shop.admin_id, **{field: value})

    assert refused.value.code == code
    offer = await Offer.get(id=offer_id)
    assert (offer.stock, offer.price) == (kept.stock, kept.price)
    assert await current_catalog_version() == before


async def test_a_price_in_whole_guaranies_takes_no_cents(db):
    shop = await make_shop("paraguay", currency="PYG", country_code="PY", products=(("Mandioca", "kg", "5000", "9"),))

    with pytest.raises(Invalid) as refused:
        await update_offer(shop.offers["Mandioca"], by_person_id=shop.admin_id, price=D("5000.50"))
    changed = await update_offer(shop.offers["Mandioca"], by_person_id=shop.admin_id, price=D("5500"))

    assert refused.value.params == {"currency": "PYG"}
    assert changed.price == D("5500")


async def test_withdrawing_takes_the_offer_off_sale_once_and_an_edit_offers_it_again(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    before = await current_catalog_version()

    first = await withdraw_offer(tomate, by_person_id=shop.producer_id)
    second = await withdraw_offer(tomate, by_person_id=shop.admin_id)
    hidden = await get_product_card(first.product_id, today=TODAY)
    middle = await current_catalog_version()
    back = await update_offer(tomate, by_person_id=shop.admin_id, price=D("8.00"))

    assert first.status == second.status == OfferStatus.WITHDRAWN
    assert hidden.offer is None
    assert middle == before + 1
    assert (back.status, back.on_sale) == (OfferStatus.ACTIVE, True)
    # Back on sale: the 20 kg count as new stock for whoever waits for tomatoes.
    assert await events(tomate) == [
        (GONE, D("20"), D("7.50"), shop.producer_id),
        (NEW, D("20"), D("8.00"), shop.admin_id),
        (PRICE, D("20"), D("8.00"), shop.admin_id),
    ]
    assert await current_catalog_version() == before + 2


async def test_an_offer_stands_until_the_end_of_the_chosen_day_and_a_past_day_is_refused(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    now = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)  # still the 21st in La Paz

    today = await set_valid_until(tomate, by_person_id=shop.admin_id, until=date(2026, 11, 21), now=now)
    with pytest.raises(Invalid) as refused:
        await set_valid_until(tomate, by_person_id=shop.admin_id, until=date(2026, 11, 20), now=now)
    with pytest.raises(Invalid):
        await update_offer(tomate, by_person_id=shop.admin_id, valid_until=now - timedelta(seconds=1), now=now)
    endless = await set_valid_until(tomate, by_person_id=shop.admin_id, until=None, now=now)

    assert today.valid_until == datetime(2026, 11, 22, 3, 59, 59, 999999, tzinfo=timezone.utc)
    assert refused.value.code == "valid_until_past"
    assert endless.valid_until is None
    assert await OfferEvent.all().count() == 0


async def test_an_offer_past_its_day_is_not_on_sale_anywhere_the_catalog_shows_offers(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    await Offer.filter(id__in=list(shop.offers.values())).exclude(id=tomate).update(status=OfferStatus.WITHDRAWN)
    await Offer.filter(id=tomate).update(valid_until=clock.now() - timedelta(minutes=1))

    page = await search_products(ProductQuery(text="tomate"), today=TODAY)
    in_stock = await search_products(ProductQuery(text="tomate", in_stock_only=True), today=TODAY)
    card = await get_product_card(page.items[0].id, today=TODAY)
    mine = await get_offer(tomate, viewer_person_id=shop.producer_id)

    assert (page.items[0].offer_id, page.items[0].price) == (None, None)
    assert in_stock.items == ()
    assert card.offer is None
    assert await list_categories() == ()
    assert (await get_catalog_overview()).product_count == 0
    assert (mine.status, mine.expired, mine.on_sale) == (OfferStatus.ACTIVE, True, False)


async def test_an_offer_with_days_left_is_on_sale(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    await set_valid_until(tomate, by_person_id=shop.admin_id, until=clock.today() + timedelta(days=2))

    page = await search_products(ProductQuery(text="tomate", in_stock_only=True), today=TODAY)

    assert [(i.name, i.stock) for i in page.items] == [("Tomate", D("20"))]
    assert (await get_product_card(page.items[0].id, today=TODAY)).offer.id == tomate


async def test_giving_an_expired_offer_a_new_day_brings_its_stock_back_as_new_stock(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    await Offer.filter(id=tomate).update(valid_until=clock.now() - timedelta(minutes=1))

    back = await set_valid_until(tomate, by_person_id=shop.admin_id, until=None)

    assert back.on_sale
    assert await events(tomate) == [(NEW, D("20"), D("7.50"), shop.admin_id)]


async def test_a_member_who_left_can_no_longer_change_the_offers(db):
    shop = await make_shop()
    await Member.filter(person_id=shop.producer_id).update(status=MembershipStatus.LEFT)

    with pytest.raises(Forbidden):
        await update_offer(shop.offers["Tomate"], by_person_id=shop.producer_id, stock=D("1"))


async def test_producers_editing_at_once_leave_the_last_price_event_telling_the_price_that_stands(db):
    shop = await make_shop()
    tomate = shop.offers["Tomate"]
    editors = [shop.admin_id, shop.producer_id] * 3

    for round_ in range(6):
        # Half raise the price, half set the stock at the price it had: without the row locked first,
        # one of those would compare with a price already gone and write the old price back unannounced.
        base = D("7.50") + round_
        await update_offer(tomate, by_person_id=shop.admin_id, price=base)
        await asyncio.gather(*(
            update_offer(tomate, by_person_id=person, price=base + D("0.50"))
            if n % 2 else update_offer(tomate, by_person_id=person, price=base, stock=D(20 + n))
            for n, person in enumerate(editors)
        ))

        last = await OfferEvent.filter(offer_id=tomate, kind=PRICE).order_by("-id").first()
        assert last.price == (await Offer.get(id=tomate)).price


async def test_a_stock_set_while_a_buyer_takes_some_records_each_rise_and_never_goes_below_zero(db, consumer):
    shop = await make_shop()
    frutilla = shop.offers["Frutilla"]  # 3 kg
    await add_to_cart(consumer, frutilla, D("3"))

    await asyncio.gather(
        place_orders(consumer, idempotency_key="k"),
        update_offer(frutilla, by_person_id=shop.producer_id, stock=D("10")),
        return_exceptions=True,
    )

    stock = (await Offer.get(id=frutilla)).stock
    kinds = [k for k, *_ in await events(frutilla)]
    # Either the order came first (3 → 0, then set to 10) or the stock (3 → 10, then 7 left).
    assert (stock, kinds) in [(D("10"), [NEW]), (D("7"), [NEW])]

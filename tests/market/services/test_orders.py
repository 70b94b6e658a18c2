"""Direct orders: checkout all or nothing, races for the last units, idempotency, and each order's life."""

import asyncio
from decimal import Decimal

import pytest

from market import clock
from market.enums import LedgerAccount, LedgerKind, MemberRole, OfferStatus, OrderStatus
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import LedgerEntry, Lot, LotChange, LotTake, Member, Notification, Offer, Order, OrderLine
from market.services.catalog.version import bump_catalog_version
from market.services.orders.cart import add_to_cart, get_cart
from market.services.orders.placing import DELIVERY_NOTE_LIMIT, get_order, list_orders, place_orders
from market.services.orders.status import advance_order, cancel_order, mark_order_paid, refuse_order
from tests.market.services.catalog_fixtures import count_queries
from tests.market.services.shop import make_person, make_shop

D = Decimal
S = OrderStatus


async def stock(offer_id: int) -> Decimal:
    return (await Offer.get(id=offer_id)).stock


async def notices(template: str) -> list[tuple[int, dict, str]]:
    rows = await Notification.filter(template=template).order_by("chat_id")
    return [(n.chat_id, n.params, n.dedupe_key) for n in rows]


async def order_of(person_id: int, shop, key: str = "k1", **quantities: str):
    """Put `quantities` (by product name) of `shop` in the cart and check out: the one order placed."""
    for name, quantity in quantities.items():
        await add_to_cart(person_id, shop.offers[name], D(quantity))
    (order,) = await place_orders(person_id, idempotency_key=key)
    return order


# Checkout


async def test_checkout_places_one_order_per_organization_takes_stock_and_empties_the_cart(shop, consumer):
    guarani = await make_shop(
        "guarani-poty", name="Guarani Poty", currency="PYG", country_code="PY", fund_rate="0.025",
        pickup_point="Mercado 4, galpón 2", products=(("Mandioca", "kg", "2505", "100"),), telegram_base=2000,
    )
    await add_to_cart(consumer, shop.offers["Tomate"], D("1.333"))
    await add_to_cart(consumer, guarani.offers["Mandioca"], D("0.3"))
    await add_to_cart(consumer, shop.offers["Frutilla"], D("0.5"))

    bolivia, paraguay = await place_orders(consumer, idempotency_key="checkout-1")

    assert (bolivia.organization_id, bolivia.status, bolivia.currency) == (shop.organization_id, S.PLACED, "BOB")
    assert [(ln.product_name, ln.quantity, ln.unit_price, ln.amount, ln.fund_amount) for ln in bolivia.lines] == [
        ("Tomate", D("1.333"), D("7.50"), D("10.00"), D("0.50")),
        ("Frutilla", D("0.500"), D("25.00"), D("12.50"), D("0.63")),
    ]
    assert (bolivia.total, bolivia.fund_total, bolivia.pickup_point) == (
        D("22.50"), D("1.13"), "Feria de Comarapa, puesto 4"
    )
    assert (paraguay.currency, paraguay.total, paraguay.fund_total, paraguay.pickup_point) == (
        "PYG", D("752"), D("19"), "Mercado 4, galpón 2"
    )
    assert (bolivia.consumer_id, bolivia.consumer_name, bolivia.paid_at) == (consumer, "Rosa Quispe", None)
    assert await stock(shop.offers["Tomate"]) == D("18.667")
    assert await stock(shop.offers["Frutilla"]) == D("2.5")
    assert await stock(guarani.offers["Mandioca"]) == D("99.7")
    assert (await get_cart(consumer)).is_empty


async def test_each_approved_admin_and_producer_with_telegram_is_owed_a_notice_of_the_new_order(shop, consumer):
    no_telegram = await make_person("Juan sin Telegram")
    await Member.create(organization_id=shop.organization_id, person_id=no_telegram, role=MemberRole.PRODUCER)

    order = await order_of(consumer, shop, Tomate="2")

    assert await notices("order_placed") == [
        (1001, {"order_id": order.id}, f"order:{order.id}:placed:{shop.admin_id}"),
        (1002, {"order_id": order.id}, f"order:{order.id}:placed:{shop.producer_id}"),
    ]


async def test_the_price_is_frozen_into_the_order_at_checkout(shop, consumer):
    order = await order_of(consumer, shop, Tomate="2")

    await Offer.filter(id=shop.offers["Tomate"]).update(price=D("9.00"))

    assert (await get_order(order.id, viewer_id=consumer)).lines[0].unit_price == D("7.50")


async def test_delivery_instead_of_pickup_carries_the_consumers_note(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))

    (order,) = await place_orders(consumer, idempotency_key="k", pickup=False, delivery_note="  Calle Sucre 12  ")

    assert (order.pickup_point, order.delivery_note) == ("", "Calle Sucre 12")
    assert order.organization_pickup_point == "Feria de Comarapa, puesto 4"


@pytest.mark.parametrize(
    ("note", "code", "params"),
    [("", "delivery_note_missing", {}), ("   ", "delivery_note_missing", {}),
     ("x" * (DELIVERY_NOTE_LIMIT + 1), "delivery_note_too_long", {"limit": DELIVERY_NOTE_LIMIT})],
)
async def test_delivery_needs_a_note_of_sane_length(shop, consumer, note, code, params):
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))

    with pytest.raises(Invalid) as refused:
        await place_orders(consumer, idempotency_key="k", pickup=False, delivery_note=note)

    assert (refused.value.code, refused.value.params) == (code, params)
    assert await Order.all().count() == 0


async def test_an_empty_cart_cannot_be_checked_out(shop, consumer):
    with pytest.raises(Invalid) as refused:
        await place_orders(consumer, idempotency_key="k")

    assert refused.value.code == "cart_empty"


async def test_a_refused_checkout_rolls_back_every_order_stock_notice_and_keeps_the_cart(shop, consumer):
    other = await make_shop("otra", telegram_base=2000)
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))
    await add_to_cart(consumer, other.offers["Tomate"], D("1"))
    await add_to_cart(consumer, other.offers["Frutilla"], D("3"))
    await Offer.filter(id=other.offers["Frutilla"]).update(stock=D("1"))

    with pytest.raises(Conflict) as refused:
        await place_orders(consumer, idempotency_key="k")

    assert refused.value.code == "not_enough_stock"
    assert refused.value.params == {"product": "Frutilla", "available": D("1"), "unit": "kg"}
    assert [await model.all().count() for model in (Order, OrderLine, Notification)] == [0, 0, 0]
    assert (await stock(shop.offers["Tomate"]), await stock(other.offers["Tomate"])) == (D("20"), D("20"))
    assert (await get_cart(consumer)).item_count == 3


async def test_lots_holding_less_than_their_offer_refuse_the_checkout_and_change_nothing(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))
    await add_to_cart(consumer, shop.offers["Lechuga"], D("3"))
    await Lot.filter(offer_id=shop.offers["Lechuga"]).update(stock=D("2"))  # a broken invariant, not a busy day

    with pytest.raises(Conflict) as refused:
        await place_orders(consumer, idempotency_key="k")

    assert refused.value.params == {"product": "Lechuga", "available": D("0"), "unit": "unit"}
    assert (await stock(shop.offers["Tomate"]), await stock(shop.offers["Lechuga"])) == (D("20"), D("10"))
    assert [D(s) for s in await Lot.filter(offer_id__in=list(shop.offers.values())).order_by("offer_id")
            .values_list("stock", flat=True)] == [D("20"), D("2"), D("3")]
    assert [await model.all().count() for model in (Order, OrderLine, LotTake, LotChange)] == [0, 0, 0, 0]
    assert (await get_cart(consumer)).item_count == 2


async def test_a_withdrawn_offer_in_the_cart_refuses_checkout_with_nothing_available(shop, consumer):
    await add_to_cart(consumer, shop.offers["Lechuga"], D("2"))
    await Offer.filter(id=shop.offers["Lechuga"]).update(status=OfferStatus.WITHDRAWN)

    with pytest.raises(Conflict) as refused:
        await place_orders(consumer, idempotency_key="k")

    assert refused.value.params == {"product": "Lechuga", "available": D("0"), "unit": "unit"}
    assert await stock(shop.offers["Lechuga"]) == D("10")


async def test_an_offer_whose_time_ran_out_in_the_cart_refuses_checkout_and_cannot_be_added_again(shop, consumer):
    from datetime import timedelta

    await add_to_cart(consumer, shop.offers["Lechuga"], D("2"))
    await Offer.filter(id=shop.offers["Lechuga"]).update(valid_until=clock.now() - timedelta(minutes=1))

    with pytest.raises(Conflict) as refused:
        await place_orders(consumer, idempotency_key="k")
    with pytest.raises(NotFound):
        await add_to_cart(consumer, shop.offers["Lechuga"], D("1"))

    assert refused.value.params == {"product": "Lechuga", "available": D("0"), "unit": "unit"}
    assert await stock(shop.offers["Lechuga"]) == D("10")


async def test_two_consumers_racing_for_the_last_units_one_gets_them_the_other_hears_what_is_left(shop, consumer):
    other = await make_person("Carmen Mamani", telegram_user_id=502)
    for person in (consumer, other):
        await add_to_cart(person, shop.offers["Frutilla"], D("2"))

    results = await asyncio.gather(
        place_orders(consumer, idempotency_key="rosa"), place_orders(other, idempotency_key="carmen"),
        return_exceptions=True,
    )

    placed = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert (len(placed), len(refused)) == (1, 1)
    assert refused[0].params == {"product": "Frutilla", "available": D("1"), "unit": "kg"}
    assert await stock(shop.offers["Frutilla"]) == D("1")
    assert await Order.all().count() == 1


async def test_many_buyers_at_once_never_take_the_stock_below_zero(shop):
    buyers = [await make_person(f"Buyer {n}", telegram_user_id=600 + n) for n in range(6)]
    for buyer in buyers:
        await add_to_cart(buyer, shop.offers["Frutilla"], D("1"))

    results = await asyncio.gather(
        *(place_orders(buyer, idempotency_key=f"k{buyer}") for buyer in buyers), return_exceptions=True
    )

    assert sum(isinstance(r, tuple) for r in results) == 3
    assert all(isinstance(r, (tuple, Conflict)) for r in results)
    assert await stock(shop.offers["Frutilla"]) == D("0")


async def test_a_crowd_checks_out_a_few_at_a_time_in_the_process_and_every_checkout_is_placed(shop, monkeypatch):
    # SQLite has one writer and PostgreSQL queues a crowd on the offers' rows: the rest wait in the process, holding
    # no connection, and each still gets its order.
    from market.services.orders import placing

    inside, most = 0, 0
    checkout = placing._checkout

    async def counted(*args, **kwargs):
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        try:
            await asyncio.sleep(0.01)  # long enough for the others to try to come in
            return await checkout(*args, **kwargs)
        finally:
            inside -= 1

    monkeypatch.setattr(placing, "_checkout", counted)
    buyers = [await make_person(f"Buyer {n}", telegram_user_id=600 + n) for n in range(8)]
    for buyer in buyers:
        await add_to_cart(buyer, shop.offers["Tomate"], D("1"))

    results = await asyncio.gather(*(place_orders(buyer, idempotency_key=f"k{buyer}") for buyer in buyers))

    dialect = Order._meta.db.capabilities.dialect
    assert most == placing.CHECKOUTS_AT_ONCE[dialect] == {"sqlite": 1, "postgres": 3}[dialect]
    assert [len(orders) for orders in results] == [1] * 8
    assert await Order.all().count() == 8


async def test_what_checkout_answers_is_what_reading_the_orders_answers_to_the_digit(shop, consumer):
    other = await make_shop("otra", telegram_base=2000)
    await add_to_cart(consumer, shop.offers["Tomate"], D("1.5"))
    await add_to_cart(consumer, shop.offers["Frutilla"], D("2"))
    await add_to_cart(consumer, other.offers["Lechuga"], D("3"))

    placed = await place_orders(consumer, idempotency_key="k", pickup=False, delivery_note=" Calle 3 ")

    read = tuple([await get_order(order.id, viewer_id=consumer) for order in placed])
    assert repr(placed) == repr(read) == repr(tuple(reversed(await list_orders(consumer))))


async def test_the_same_key_again_returns_the_first_orders_and_changes_nothing(shop, consumer):
    await add_to_cart(consumer, shop.offers["Tomate"], D("2"))
    first = await place_orders(consumer, idempotency_key="k")
    await add_to_cart(consumer, shop.offers["Lechuga"], D("1"))

    again = await place_orders(consumer, idempotency_key="k")

    assert again == first
    assert await stock(shop.offers["Tomate"]) == D("18")
    assert (await get_cart(consumer)).item_count == 1  # what was added since waits for the next checkout
    assert len(await notices("order_placed")) == 2


async def test_the_same_key_racing_from_two_tasks_places_once_and_both_get_the_orders(shop, consumer):
    other = await make_shop("otra", telegram_base=2000)
    await add_to_cart(consumer, shop.offers["Frutilla"], D("2"))
    await add_to_cart(consumer, other.offers["Tomate"], D("1"))

    results = await asyncio.gather(*(place_orders(consumer, idempotency_key="k") for _ in range(3)))

    assert results[0] == results[1] == results[2] and len(results[0]) == 2
    assert await Order.all().count() == 2
    assert (await stock(shop.offers["Frutilla"]), await stock(other.offers["Tomate"])) == (D("1"), D("19"))
    assert len(await notices("order_placed")) == 4


async def test_a_key_is_never_the_door_to_someone_elses_orders(shop, consumer):
    await order_of(consumer, shop, key="k", Tomate="1")
    other = await make_person("Carmen Mamani", telegram_user_id=502)
    await add_to_cart(other, shop.offers["Tomate"], D("1"))

    with pytest.raises(Conflict) as refused:
        await place_orders(other, idempotency_key="k")

    assert refused.value.code == "idempotency_key_reused"
    assert (await get_cart(other)).item_count == 1
    assert await Order.filter(consumer_id=other).count() == 0
    assert await stock(shop.offers["Tomate"]) == D("19")


@pytest.mark.parametrize("products", [("Tomate",), ("Tomate", "Lechuga", "Frutilla")])
async def test_a_checkout_costs_a_few_statements_and_holds_the_stock_for_the_last_few_whatever_the_cart(
    shop, consumer, products
):
    for name in products:
        await add_to_cart(consumer, shop.offers[name], D("1"))
    await bump_catalog_version()  # its row is made on first use: a market that ever sold has it

    with count_queries() as queries:
        await place_orders(consumer, idempotency_key="k")

    statements = queries.statements
    # From the stock's UPDATE to the catalog version, raised last: what other buyers of these offers wait for.
    first = next(i for i, sql in enumerate(statements) if sql.startswith(("UPDATE offer ", 'UPDATE "offer" ')))
    last = max(i for i, sql in enumerate(statements) if "catalog_version" in sql)
    # 13: the checkout's 11 and the versions' 2 (market.services.catalog.version.bump_for_stock_moved): the stock
    # version raised and the offers marked, so only answers showing them go stale; the offers as the take left them
    # come from its UPDATE's RETURNING.
    assert len(statements) <= 13, "\n".join(statements)
    assert last - first + 1 <= 7, "\n".join(statements[first:last + 1])


# Reading orders


async def test_a_consumer_lists_their_own_orders_newest_first(shop, consumer):
    first = await order_of(consumer, shop, key="a", Tomate="1")
    second = await order_of(consumer, shop, key="b", Lechuga="1")
    await order_of(await make_person("Carmen"), shop, key="c", Tomate="1")

    assert [o.id for o in await list_orders(consumer)] == [second.id, first.id]
    assert [o.id for o in await list_orders(consumer, limit=1)] == [second.id]


async def test_an_order_is_seen_by_its_consumer_and_the_approved_members_of_its_organization(shop, consumer):
    order = await order_of(consumer, shop, Tomate="1")
    other = await make_shop("otra", telegram_base=2000)

    for viewer in (consumer, shop.admin_id, shop.producer_id):
        assert (await get_order(order.id, viewer_id=viewer)).id == order.id
    for stranger in (shop.pending_producer_id, other.admin_id, await make_person("Curious")):
        with pytest.raises(Forbidden) as refused:
            await get_order(order.id, viewer_id=stranger)
        assert refused.value.code == "not_your_order"
    with pytest.raises(NotFound):
        await get_order(999, viewer_id=consumer)


# Cancelling


async def test_the_consumer_cancels_a_placed_order_the_stock_returns_and_the_members_hear(shop, consumer):
    order = await order_of(consumer, shop, Frutilla="2.5")

    cancelled = await cancel_order(order.id, by_person_id=consumer)

    assert cancelled.status == S.CANCELLED
    assert await stock(shop.offers["Frutilla"]) == D("3")
    assert [chat for chat, _, _ in await notices("order_cancelled")] == [1001, 1002]


async def test_cancelling_twice_or_after_confirmation_is_a_conflict_and_returns_no_stock(shop, consumer):
    twice = await order_of(consumer, shop, key="a", Frutilla="1")
    confirmed = await order_of(consumer, shop, key="b", Frutilla="1")
    await cancel_order(twice.id, by_person_id=consumer)
    await advance_order(confirmed.id, by_person_id=shop.admin_id, to=S.CONFIRMED)

    for order, status in ((twice, "cancelled"), (confirmed, "confirmed")):
        with pytest.raises(Conflict) as refused:
            await cancel_order(order.id, by_person_id=consumer)
        assert (refused.value.code, refused.value.params) == ("order_not_cancellable", {"status": status})
    assert await stock(shop.offers["Frutilla"]) == D("2")


async def test_only_the_consumer_may_cancel(shop, consumer):
    order = await order_of(consumer, shop, Tomate="1")

    with pytest.raises(Forbidden) as refused:
        await cancel_order(order.id, by_person_id=shop.admin_id)

    assert refused.value.code == "not_your_order"


# Advancing, refusing, paying


async def test_a_member_moves_the_order_on_and_the_consumer_hears_each_step(shop, consumer):
    order = await order_of(consumer, shop, Tomate="1")

    for to, by in ((S.CONFIRMED, shop.admin_id), (S.READY, shop.producer_id), (S.DELIVERED, shop.admin_id)):
        assert (await advance_order(order.id, by_person_id=by, to=to)).status == to

    assert await notices("order_status") == [
        (501, {"order_id": order.id, "status": status}, f"order:{order.id}:status:{status}")
        for status in ("confirmed", "ready", "delivered")
    ]


@pytest.mark.parametrize("who", ["consumer", "pending", "stranger"])
async def test_only_approved_members_handle_an_order(shop, consumer, who):
    order = await order_of(consumer, shop, Tomate="1")
    person = {"consumer": consumer, "pending": shop.pending_producer_id, "stranger": await make_person("X")}[who]

    for attempt in (
        advance_order(order.id, by_person_id=person, to=S.CONFIRMED),
        refuse_order(order.id, by_person_id=person, reason="no"),
        mark_order_paid(order.id, by_person_id=person),
    ):
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert refused.value.code == "not_a_member"
    assert (await get_order(order.id, viewer_id=consumer)).status == S.PLACED


async def test_a_stale_step_says_where_the_order_is_now(shop, consumer):
    order = await order_of(consumer, shop, key="a", Tomate="1")
    gone = await order_of(consumer, shop, key="b", Tomate="1")
    await advance_order(order.id, by_person_id=shop.admin_id, to=S.CONFIRMED)
    await cancel_order(gone.id, by_person_id=consumer)

    for order_id, to, status in ((order.id, S.CONFIRMED, "confirmed"), (gone.id, S.CONFIRMED, "cancelled")):
        with pytest.raises(Conflict) as refused:
            await advance_order(order_id, by_person_id=shop.producer_id, to=to)
        assert (refused.value.code, refused.value.params) == ("order_status_changed", {"status": status})


@pytest.mark.parametrize("to", [S.DELIVERED, S.CANCELLED])
async def test_skipping_a_step_or_cancelling_through_advance_is_invalid(shop, consumer, to):
    order = await order_of(consumer, shop, Tomate="1")

    with pytest.raises(Invalid) as refused:
        await advance_order(order.id, by_person_id=shop.admin_id, to=to)

    assert refused.value.code == "transition_not_allowed"


async def test_two_members_confirming_at_once_confirm_once(shop, consumer):
    order = await order_of(consumer, shop, Tomate="1")

    results = await asyncio.gather(
        *(advance_order(order.id, by_person_id=m, to=S.CONFIRMED) for m in (shop.admin_id, shop.producer_id)),
        return_exceptions=True,
    )

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "OrderView"]
    assert len(await notices("order_status")) == 1


async def test_a_member_refuses_an_order_saying_why_and_the_stock_returns(shop, consumer):
    order = await order_of(consumer, shop, Frutilla="3")
    await advance_order(order.id, by_person_id=shop.admin_id, to=S.CONFIRMED)

    refused = await refuse_order(order.id, by_person_id=shop.producer_id, reason="  Granizo en la parcela ")

    assert (refused.status, refused.status_reason) == (S.CANCELLED, "Granizo en la parcela")
    assert await stock(shop.offers["Frutilla"]) == D("3")
    assert (await notices("order_status"))[-1][1] == {
        "order_id": order.id, "status": "cancelled", "reason": "Granizo en la parcela"
    }


async def test_refusing_needs_a_reason_and_an_order_not_yet_ready(shop, consumer):
    order = await order_of(consumer, shop, Tomate="1")

    with pytest.raises(Invalid) as missing:
        await refuse_order(order.id, by_person_id=shop.admin_id, reason="  ")
    await advance_order(order.id, by_person_id=shop.admin_id, to=S.CONFIRMED)
    await advance_order(order.id, by_person_id=shop.admin_id, to=S.READY)
    with pytest.raises(Conflict) as late:
        await refuse_order(order.id, by_person_id=shop.admin_id, reason="no")

    assert missing.value.code == "reason_missing"
    assert (late.value.code, late.value.params) == ("order_not_refusable", {"status": "ready"})
    assert await stock(shop.offers["Tomate"]) == D("19")


async def test_marking_paid_records_the_buyer_payment_and_the_fund_share_once(shop, consumer):
    order = await order_of(consumer, shop, Tomate="1.333", Frutilla="0.5")

    paid = await mark_order_paid(order.id, by_person_id=shop.producer_id)
    with pytest.raises(Conflict) as again:
        await mark_order_paid(order.id, by_person_id=shop.admin_id)

    assert paid.paid_at is not None and again.value.code == "order_already_paid"
    payment, entry = await LedgerEntry.all().order_by("id")
    assert (payment.account, payment.kind, payment.amount, payment.order_id, payment.idempotency_key) == (
        LedgerAccount.BUYER, LedgerKind.PAYMENT, D("22.50"), order.id, f"order:{order.id}:payment"
    )
    assert (entry.account, entry.kind, entry.amount, entry.currency) == (
        LedgerAccount.SOLIDARITY_FUND, LedgerKind.FUND_CONTRIBUTION, D("1.13"), "BOB"
    )
    assert (entry.organization_id, entry.order_id, entry.recorded_by_id, entry.idempotency_key) == (
        shop.organization_id, order.id, shop.producer_id, f"order:{order.id}:fund"
    )


async def test_a_paid_order_is_not_cancelled_and_a_cancelled_one_not_paid(shop, consumer):
    paid = await order_of(consumer, shop, key="a", Tomate="1")
    cancelled = await order_of(consumer, shop, key="b", Tomate="1")
    await mark_order_paid(paid.id, by_person_id=shop.admin_id)
    await cancel_order(cancelled.id, by_person_id=consumer)

    with pytest.raises(Conflict) as cancel_paid:
        await cancel_order(paid.id, by_person_id=consumer)
    with pytest.raises(Conflict) as pay_cancelled:
        await mark_order_paid(cancelled.id, by_person_id=shop.admin_id)

    assert cancel_paid.value.code == "order_paid_ask_organization"  # the organization refuses it and refunds
    assert pay_cancelled.value.code == "order_status_changed"
    assert pay_cancelled.value.params == {"status": "cancelled"}
    assert await LedgerEntry.all().count() == 2  # the paid order's payment and fund share


async def test_an_organization_without_a_fund_rate_records_no_fund_entry(consumer):
    shop = await make_shop(fund_rate="0")
    order = await order_of(consumer, shop, Tomate="2")

    await mark_order_paid(order.id, by_person_id=shop.admin_id)

    assert order.fund_total == D("0.00")
    assert await LedgerEntry.exclude(account=LedgerAccount.BUYER).count() == 0

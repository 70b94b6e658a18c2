"""Checkout's own statements (market.services.orders.placing): the cart as checkout reads it, every line in one INSERT,
an organization's offers in one UPDATE.

Written once as SQL (market.sql.Statement), not built by the ORM on every checkout: tortoise spent more on building
and reading these than the database on running them (bench/checkout.py), and a crowd checking out at once waits on
the process's time as much as on the stock's locks. Values read come through the models' own fields, as the ORM
would give them, so what checkout answers equals what reading the order later answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.fields.data import JSON_DUMPS

from market import clock
from market.enums import OfferStatus
from market.errors import Conflict
from market.models import CartItem, Notification, Offer, Order, OrderLine, Organization
from market.rules.offers import OfferFace, offer_on_sale
from market.services.orders.cart import available_stock
from market.sql import SizedStatement, Statement, quantity_by_id


@dataclass(frozen=True)
class CheckoutItem:
    """A cart item with what checkout needs of its offer, product, organization and buyer."""

    id: int
    offer_id: int
    quantity: Decimal
    currency: str
    price: Decimal
    unit: str
    stock: Decimal
    status: OfferStatus
    valid_until: datetime | None
    product: str
    active: bool
    organization_id: int
    organization: str
    pickup_point: str
    fund_rate: Decimal
    margin_rate: Decimal
    country_code: str
    consumer_name: str

    def available(self, now: datetime) -> Decimal:
        """What may be ordered now: none once withdrawn or past the moment the offer stands until (as the cart says,
        market.services.orders.cart.available_stock)."""
        return self.stock if self.active and offer_on_sale(self.status, self.valid_until, now) else Decimal(0)


_CART = Statement(CartItem, """
    SELECT c.id, c.offer_id, c.quantity, o.currency, o.price, o.unit, o.stock, o.status, o.valid_until,
           p.name AS product, p.active, p.organization_id, g.name AS organization, g.pickup_point,
           g.solidarity_fund_rate, g.margin_rate, t.country_code, b.name AS consumer_name
    FROM cart_item c
    JOIN offer o ON o.id = c.offer_id
    JOIN product p ON p.id = o.product_id
    JOIN organization g ON g.id = p.organization_id
    JOIN territory t ON t.id = g.territory_id
    JOIN person b ON b.id = c.person_id
    WHERE c.person_id = ?
    ORDER BY p.organization_id, c.offer_id
""")


async def checkout_items(person_id: int) -> list[CheckoutItem]:
    """The person's cart in (organization, offer) order: the order every checkout locks stock in."""
    offer, organization = Offer._meta.fields_map, Organization._meta.fields_map
    quantity = CartItem._meta.fields_map["quantity"]
    return [
        CheckoutItem(
            id=row["id"], offer_id=row["offer_id"], quantity=quantity.to_python_value(row["quantity"]),
            currency=row["currency"], price=offer["price"].to_python_value(row["price"]), unit=row["unit"],
            stock=offer["stock"].to_python_value(row["stock"]), status=OfferStatus(row["status"]),
            valid_until=offer["valid_until"].to_python_value(row["valid_until"]), product=row["product"],
            active=bool(row["active"]), organization_id=row["organization_id"], organization=row["organization"],
            pickup_point=row["pickup_point"],
            fund_rate=organization["solidarity_fund_rate"].to_python_value(row["solidarity_fund_rate"]),
            margin_rate=organization["margin_rate"].to_python_value(row["margin_rate"]),
            country_code=row["country_code"], consumer_name=row["consumer_name"],
        )
        for row in await _CART.rows(person_id)
    ]


_LINE_COLUMNS = ("order_id", "offer_id", "product_name", "quantity", "unit", "unit_price", "amount", "fund_amount",
                 "margin_amount")
_LINE_INSERT = SizedStatement(OrderLine, lambda count: f"""
    INSERT INTO order_line ({", ".join(_LINE_COLUMNS)})
    VALUES {", ".join(["(" + ", ".join("?" * len(_LINE_COLUMNS)) + ")"] * count)} RETURNING id, order_id, offer_id
""")


async def insert_lines(lines: list[OrderLine]) -> None:
    """Every order line of the checkout in one INSERT; each line gets its id (a cart holds an offer once)."""
    fields = OrderLine._meta.fields_map
    values = [fields[name].to_db_value(getattr(line, name), line) for line in lines for name in _LINE_COLUMNS]
    ids = {(row["order_id"], row["offer_id"]): row["id"] for row in await _LINE_INSERT(len(lines)).rows(*values)}
    for line in lines:
        line.id = ids[line.order_id, line.offer_id]


async def take_stock(items: list[CheckoutItem]) -> dict[int, OfferFace]:
    """Decrement one organization's offers in one UPDATE, on condition: two buyers of the last units cannot both get
    them. The offers' rows are locked in offer order (a subquery's ORDER BY), as every checkout locks them. It answers
    each offer as the UPDATE left it (for the catalog's versions)."""
    values = [value for item in items for value in (item.offer_id, item.quantity)]
    fields = Offer._meta.fields_map
    taken = {
        row["id"]: OfferFace(fields["stock"].to_python_value(row["stock"]), fields["price"].to_python_value(row["price"]),
                             OfferStatus(row["status"]), fields["valid_until"].to_python_value(row["valid_until"]))
        for row in await _stock_update(len(items)).rows(*values, OfferStatus.ACTIVE.value, clock.now())
    }
    if short := [item for item in items if item.offer_id not in taken]:
        offer = await Offer.filter(id=short[0].offer_id).select_related("product").get()
        raise Conflict(
            "not_enough_stock", product=offer.product.name, available=available_stock(offer), unit=offer.unit
        )
    return taken


def _stock_update_text(count: int) -> str:
    """Take from `count` offers at once: (offer id, quantity) each, then the active status and now. Only from offers
    on sale still: not withdrawn, and not past the moment they stood until (an old cart keeps them)."""
    part, ids = quantity_by_id(count)
    status, now = 2 * count + 1, 2 * count + 2
    return f"""
        UPDATE offer SET stock = CAST(stock AS NUMERIC) - CASE id {part} END
        WHERE id IN (SELECT id FROM offer WHERE id IN ({ids}) ORDER BY id {{no_key_update}})
          AND CAST(stock AS NUMERIC) >= CASE id {part} END
          AND status = ?{status} AND (valid_until IS NULL OR valid_until > ?{now})
        RETURNING id, stock, price, status, valid_until
    """


_stock_update = SizedStatement(Offer, _stock_update_text)


_WITH_KEY = Statement(Order, """
    SELECT id, idempotency_key FROM "order"
    WHERE consumer_id = ?1 AND substr(idempotency_key, 1, CAST(?2 AS INTEGER)) = CAST(?3 AS TEXT)
""")


async def placed_with_key(person_id: int, key: str) -> list[int]:
    """The ids of the orders a checkout with `key` placed for the person ("k:5", "k:9" for key "k": one per
    organization), in order; "k" never finds the orders of key "k:5", and case counts."""
    prefix = f"{key}:"
    rows = await _WITH_KEY.rows(person_id, len(prefix), prefix)
    return sorted(row["id"] for row in rows if row["idempotency_key"][len(prefix):].isdigit())


_DELETE_ITEMS = SizedStatement(CartItem, lambda count: f"DELETE FROM cart_item WHERE id IN ({', '.join('?' * count)})")


async def delete_cart_items(item_ids: list[int]) -> None:
    """The cart items checkout ordered, gone in one DELETE."""
    await _DELETE_ITEMS(len(item_ids)).rows(*item_ids)


# Each approved admin and producer the bot can reach is owed "order_placed", keyed to the order and the person, as
# market.services.messaging.notifications.enqueue_notifications would owe it: one INSERT, whatever the organization's
# size, and nothing read back.
_ORDER_NOTICES = Statement(Notification, """
    INSERT INTO notification (chat_id, person_id, template, params, priority, not_before, status, attempts,
                              last_error, dedupe_key, created_at)
    SELECT p.telegram_user_id, p.id, 'order_placed', ?1{json}, 5, ?2{at}, 'pending', 0, '', ?3 || CAST(p.id AS TEXT),
           ?2{at}
    FROM member m JOIN person p ON p.id = m.person_id
    WHERE m.organization_id = ?4 AND m.status = 'approved' AND m.role IN ('admin', 'producer')
      AND p.telegram_user_id IS NOT NULL
""")


async def owe_order_notices(order_id: int, organization_id: int) -> None:
    """The organization's admins and producers hear of a new order (bot: notice "order_placed")."""
    await _ORDER_NOTICES.rows(JSON_DUMPS({"order_id": order_id}), clock.now(), f"order:{order_id}:placed:",
                              organization_id)

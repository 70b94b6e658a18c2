"""The orders a test placed, apart from the demo's history (market.demo.maturity: a paid sale each of its
organizations made a month before the seed's day, the evidence of their market)."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from market.models import Order

DEMO_SALES = "demo-sale-"  # the idempotency key's prefix of the demo's sales


def placed_orders() -> QuerySet[Order]:
    return Order.exclude(idempotency_key__startswith=DEMO_SALES)


async def the_order() -> Order:
    """The one order the test placed (MultipleObjectsReturned or DoesNotExist otherwise)."""
    return await placed_orders().get()

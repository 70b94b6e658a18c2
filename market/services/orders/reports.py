"""An organization's sales as its admins read them at the desk: by month, by product, by buyer, by buyer's place.

A sale is an order that was delivered or paid, and not cancelled (as the producers' statements count it,
market.services.organizations.statements): a placed, confirmed or ready order that nobody paid yet may still be
refused. The month is the month the order was placed, on the organization's calendar (its territory's time zone).
Only orders in the organization's currency are summed (every offer is in its territory's). Amounts are Decimals
summed here once, never in SQL (SQLite keeps decimals as text).

| report       | one row per                          | what                                            |
|--------------|--------------------------------------|-------------------------------------------------|
| months       | month of the period, empty ones too  | orders, amount, its solidarity-fund share       |
| products     | product and unit, most sold first    | quantity, amount                                |
| buyers       | buyer (a person), most bought first  | orders, amount; a forgotten person's name is "" |
| territories  | the place the buyer chose in the bot | orders, amount; "" when they chose none         |
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from market.enums import OrderStatus
from market.errors import Forbidden, NotFound
from market.models import Order, OrderLine, Organization
from market.services.lots.preview import is_admin

LONGEST = 36  # months a report spans at most


@dataclass(frozen=True)
class MonthSales:
    month: date  # its first day
    orders: int
    amount: Decimal
    fund: Decimal


@dataclass(frozen=True)
class ProductSales:
    product: str
    unit: str
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class GroupSales:
    """A buyer's or a place's sales: `name` is "" for a forgotten buyer or a buyer who chose no place."""

    name: str
    orders: int
    amount: Decimal


@dataclass(frozen=True)
class SalesReport:
    organization_name: str
    currency: str
    country_code: str
    first: date  # the first day of the first month
    last: date  # the first day of the last month
    months: tuple[MonthSales, ...]
    products: tuple[ProductSales, ...]
    buyers: tuple[GroupSales, ...]
    territories: tuple[GroupSales, ...]

    @property
    def orders(self) -> int:
        return sum(m.orders for m in self.months)

    @property
    def amount(self) -> Decimal:
        return sum((m.amount for m in self.months), Decimal(0))

    @property
    def fund(self) -> Decimal:
        return sum((m.fund for m in self.months), Decimal(0))


def month_span(first: date, last: date) -> tuple[date, ...]:
    """The first days of the months from `first`'s to `last`'s, both in."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = next_month(day)
    return tuple(months)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def local_midnight(day: date, zone: str) -> datetime:
    """The first moment of `day` on the organization's calendar, in UTC (SQLite compares stored moments as text)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


async def sales_report(organization_id: int, *, viewer_person_id: int, first: date, last: date) -> SalesReport:
    """The organization's sales placed from `first`'s month to `last`'s, for its admins (Forbidden otherwise)."""
    row = await Organization.filter(id=organization_id).first().values(
        "name", "territory__currency", "territory__country_code", "territory__time_zone")
    if row is None:
        raise NotFound("organization_not_found")
    if not await is_admin(organization_id, viewer_person_id):
        raise Forbidden("not_an_admin", organization=row["name"])
    currency, zone = row["territory__currency"], row["territory__time_zone"]
    months = month_span(first, last)[:LONGEST]
    orders = await Order.filter(
        Q(status=OrderStatus.DELIVERED) | Q(paid_at__isnull=False),
        organization_id=organization_id, status__not=OrderStatus.CANCELLED, currency=currency,
        placed_at__gte=local_midnight(months[0], zone), placed_at__lt=local_midnight(next_month(months[-1]), zone),
    ).order_by("placed_at", "id").values("id", "placed_at", "total", "fund_total", "consumer_id", "consumer__name",
                                         "consumer__territory__name")
    by_month: dict[date, list[Decimal]] = {m: [Decimal(0), Decimal(0), Decimal(0)] for m in months}
    buyers: defaultdict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    names: dict[int, str] = {}
    places: defaultdict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for o in orders:
        month = o["placed_at"].astimezone(ZoneInfo(zone)).date().replace(day=1)
        total = Decimal(o["total"])
        adds: tuple[tuple[list[Decimal], tuple[Decimal, ...]], ...] = (
            (by_month[month], (Decimal(1), total, Decimal(o["fund_total"]))),
            (buyers[o["consumer_id"]], (Decimal(1), total)),
            (places[o["consumer__territory__name"] or ""], (Decimal(1), total)))
        for sums, add in adds:
            for i, value in enumerate(add):
                sums[i] += value
        names[o["consumer_id"]] = o["consumer__name"] or ""
    return SalesReport(
        row["name"], currency, row["territory__country_code"], months[0], months[-1],
        tuple(MonthSales(m, int(s[0]), s[1], s[2]) for m, s in by_month.items()),
        await _products([o["id"] for o in orders]),
        _ranked([(names[i], sums) for i, sums in buyers.items()]),
        _ranked(list(places.items())),
    )


def _ranked(groups: list[tuple[str, list[Decimal]]]) -> tuple[GroupSales, ...]:
    """Most sold first, then by name."""
    rows = [GroupSales(name, int(sums[0]), sums[1]) for name, sums in groups]
    return tuple(sorted(rows, key=lambda g: (-g.amount, g.name)))


async def _products(order_ids: list[int]) -> tuple[ProductSales, ...]:
    sums: defaultdict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    if order_ids:
        for name, unit, quantity, amount in await OrderLine.filter(order_id__in=order_ids).values_list(
                "product_name", "unit", "quantity", "amount"):
            sums[(name, unit)][0] += Decimal(quantity)
            sums[(name, unit)][1] += Decimal(amount)
    rows = [ProductSales(name, unit, q.quantize(Decimal(1)) if q == q.to_integral() else q.normalize(), a)
            for (name, unit), (q, a) in sums.items()]
    return tuple(sorted(rows, key=lambda p: (-p.amount, p.product, p.unit)))

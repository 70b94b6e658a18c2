"""What each family is owed: a producer's statement (sold by product and month, due, paid, balance), read side.

Sold means: taken from the producer's lot by an order line (market.services.lots) and not given back, in an order
that was delivered or paid, and not cancelled; or taken by a round's close, once the round is settled. Only then has
the produce left and the money come in; a placed, confirmed or ready order may still be refused. Each line's amount,
fund share and margin are split across its takes to the cent (market.rules.statements): the producers' dues, the
fund and the margin add up to the orders. The month is the order's (the round's close), in the organization's time
zone. The organization's own lot (stock bought in or pooled) is owed to nobody and is left out.

| service            | who                                         | what                                           |
|--------------------|---------------------------------------------|------------------------------------------------|
| my_statement       | the member themselves                       | their statement                                |
| member_statement   | an admin (the treasurer holds an admin seat) | one producer's statement                       |
| statements_page    | an admin                                    | every producer's totals, a page                |
| statements_sheet   | an admin                                    | every producer's rows, a sheet to export       |
| statement_sheet    | (a statement already read)                  | one producer's rows, a sheet to export         |
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from market.enums import LedgerAccount, MemberRole, MembershipStatus, OrderStatus, RoundStatus
from market.errors import Forbidden, NotFound
from market.models import (
    LedgerEntry,
    LotTake,
    Member,
    OrderLine,
    Organization,
    RoundAllocation,
    RoundLotTake,
    RoundOffer,
)
from market.orm import value_of
from market.rules.amounts import fund_share
from market.rules.statements import take_shares
from market.spreadsheet import Cell, Sheet, Unit

PAGE = 8
SHEET_COLUMNS = ("producer", "month", "product", "quantity", "unit", "currency", "amount", "fund", "margin", "due",
                 "paid", "balance")


@dataclass(frozen=True)
class SoldRow:
    """A product sold in a month from the producer's lot, and what it brought."""

    month: str  # "2026-11"
    product: str
    quantity: Decimal
    unit: str
    currency: str
    amount: Decimal
    fund: Decimal
    margin: Decimal
    due: Decimal


@dataclass(frozen=True)
class PaymentRow:
    id: int
    amount: Decimal  # a correction is negative
    currency: str
    recorded_by: str
    at: datetime
    corrects_id: int | None


@dataclass(frozen=True)
class Statement:
    organization_id: int
    organization_name: str
    member_id: int
    person_name: str
    currency: str  # the organization's
    country_code: str  # its territory's: how its money is written (Bs for BOB in Bolivia)
    margin_rate: Decimal
    sold: tuple[SoldRow, ...]  # oldest month first, then product
    payments: tuple[PaymentRow, ...]  # oldest first

    @property
    def due(self) -> Decimal:
        return sum((r.due for r in self.sold), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))

    @property
    def balance(self) -> Decimal:
        return self.due - self.paid


@dataclass(frozen=True)
class StatementsPage:
    organization_id: int
    organization_name: str
    currency: str
    country_code: str
    margin_rate: Decimal
    statements: tuple[Statement, ...]  # a page of them, by name
    offset: int
    more: bool


async def my_statement(organization_id: int, *, person_id: int) -> Statement:
    """The member's own statement; Forbidden("not_a_member") for anyone who is not one."""
    member_id = await value_of(Member.filter(organization_id=organization_id, person_id=person_id).first(), "id", int)
    if member_id is None:
        raise Forbidden("not_a_member", organization_id=organization_id)
    return (await _statements(organization_id, [member_id]))[0]


async def member_statement(organization_id: int, member_id: int, *, by_person_id: int) -> Statement:
    """One producer's statement, for an admin; NotFound("producer_not_found") when not a member of it."""
    await check_admin(organization_id, by_person_id)
    if not await Member.exists(id=member_id, organization_id=organization_id):
        raise NotFound("producer_not_found")
    return (await _statements(organization_id, [member_id]))[0]


async def statements_page(organization_id: int, *, by_person_id: int, offset: int = 0) -> StatementsPage:
    """Every approved member's statement (and any other with money on it), by name, PAGE at a time, for an admin."""
    await check_admin(organization_id, by_person_id)
    ids = await _member_ids(organization_id)
    statements = await _statements(organization_id, ids[offset:offset + PAGE])
    organization = await _organization(organization_id)
    return StatementsPage(organization_id, organization.name, organization.territory.currency,
                          organization.territory.country_code, organization.margin_rate, statements, offset,
                          offset + PAGE < len(ids))


async def statements_sheet(organization_id: int, *, by_person_id: int) -> Sheet:
    """Every producer's sold rows, payments and balance, as a sheet to export (market.presentation.sheets)."""
    await check_admin(organization_id, by_person_id)
    rows: list[tuple[Cell, ...]] = []
    for s in await _statements(organization_id, await _member_ids(organization_id)):
        rows += statement_rows(s)
    return Sheet(SHEET_COLUMNS, tuple(rows))


def statement_sheet(s: Statement) -> Sheet:
    """One producer's statement as a sheet to export, the same rows as theirs in statements_sheet."""
    return Sheet(SHEET_COLUMNS, tuple(statement_rows(s)))


def statement_rows(s: Statement) -> list[tuple[Cell, ...]]:
    """A statement's sold rows, then its payments, then its totals: the rows of a sheet of SHEET_COLUMNS."""
    rows: list[tuple[Cell, ...]] = [
        (s.person_name, r.month, r.product, r.quantity, Unit(r.unit), r.currency, r.amount, r.fund, r.margin, r.due,
         None, None) for r in s.sold]
    rows += [(s.person_name, p.at.date().isoformat(), None, None, None, p.currency, None, None, None, None, p.amount,
              None) for p in s.payments]
    rows.append((s.person_name, None, None, None, None, s.currency, None, None, None, s.due, s.paid, s.balance))
    return rows


async def check_admin(organization_id: int, person_id: int) -> None:
    if not await Organization.exists(id=organization_id):
        raise NotFound("organization_not_found")
    if not await Member.exists(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=MembershipStatus.APPROVED):
        raise Forbidden("not_an_admin")


async def _organization(organization_id: int) -> Organization:
    return await Organization.filter(id=organization_id).select_related("territory").get()


async def _member_ids(organization_id: int) -> list[int]:
    """Approved members, and those no longer approved who still have a lot or a payment, by name."""
    money = Q(lots__id__isnull=False) | Q(ledger_entries__id__isnull=False)
    rows = await Member.filter(Q(status=MembershipStatus.APPROVED) | money, organization_id=organization_id).order_by(
        "person__name", "id").distinct().values_list("id", "person__name")
    return [int(row[0]) for row in rows]


async def _statements(organization_id: int, member_ids: list[int]) -> tuple[Statement, ...]:
    organization = await _organization(organization_id)
    zone = ZoneInfo(organization.territory.time_zone)
    names = dict(await Member.filter(id__in=member_ids).values_list("id", "person__name"))
    sold = await _sold(organization_id, member_ids, zone)
    entries = await LedgerEntry.filter(account=LedgerAccount.PRODUCER, organization_id=organization_id,
                                       producer_id__in=member_ids).order_by("created_at", "id").values(
        "id", "producer_id", "amount", "currency", "recorded_by__name", "created_at", "corrects_id")
    payments: dict[int, list[PaymentRow]] = defaultdict(list)
    for e in entries:
        payments[e["producer_id"]].append(PaymentRow(e["id"], Decimal(e["amount"]), e["currency"],
                                                     e["recorded_by__name"] or "", e["created_at"], e["corrects_id"]))
    return tuple(
        Statement(organization_id, organization.name, m, names.get(m) or "", organization.territory.currency,
                  organization.territory.country_code, Decimal(organization.margin_rate), tuple(sold.get(m, ())),
                  tuple(payments[m]))
        for m in member_ids
    )


async def _sold(organization_id: int, member_ids: list[int], zone: ZoneInfo) -> dict[int, list[SoldRow]]:
    """Each member's sold rows: every take of a sold line or round offer split by rule, then summed by month and
    product."""
    sums: dict[tuple[int, str, str, str, str], list[Decimal]] = {}
    for sale in await _order_sales(organization_id, member_ids) + await _round_sales(organization_id, member_ids):
        shares = take_shares(sale.amount, sale.fund, sale.margin, [q for _, q in sale.takes], sale.currency)
        month = sale.at.astimezone(zone).strftime("%Y-%m")
        for (member_id, quantity), share in zip(sale.takes, shares, strict=True):
            if member_id not in member_ids:
                continue
            key = (member_id, month, sale.product, sale.unit, sale.currency)
            row = sums.setdefault(key, [Decimal(0)] * 5)
            for i, value in enumerate((quantity, share.amount, share.fund, share.margin, share.due)):
                row[i] += value
    result: dict[int, list[SoldRow]] = defaultdict(list)
    for (member_id, month, product, unit, currency), (quantity, amount, fund, margin, due) in sorted(sums.items()):
        result[member_id].append(SoldRow(month, product, quantity, unit, currency, amount, fund, margin, due))
    return result


@dataclass(frozen=True)
class _Sale:
    """A sold order line or round offer: what it brought, when, and the lots it was taken from (member, quantity)."""

    product: str
    unit: str
    currency: str
    amount: Decimal
    fund: Decimal
    margin: Decimal
    at: datetime
    takes: tuple[tuple[int | None, Decimal], ...]


async def _order_sales(organization_id: int, member_ids: list[int]) -> list[_Sale]:
    """Lines of delivered or paid orders, not cancelled, that took from the members' lots and kept it."""
    sold_orders = Q(order__status=OrderStatus.DELIVERED) | Q(order__paid_at__isnull=False)
    lines = {r["id"]: r for r in await OrderLine.filter(
        sold_orders, order__organization_id=organization_id, order__status__not=OrderStatus.CANCELLED,
        lot_takes__lot__member_id__in=member_ids, lot_takes__returned_at__isnull=True,
    ).distinct().values("id", "product_name", "unit", "amount", "fund_amount", "margin_amount", "order__currency",
                        "order__placed_at")}
    takes: dict[int, list[tuple[int | None, Decimal]]] = defaultdict(list)
    for line_id, member_id, quantity in await LotTake.filter(
            order_line_id__in=list(lines), returned_at__isnull=True).order_by("id").values_list(
            "order_line_id", "lot__member_id", "quantity"):
        takes[line_id].append((member_id, Decimal(quantity)))
    return [_Sale(line["product_name"], line["unit"], line["order__currency"], Decimal(line["amount"]),
                  Decimal(line["fund_amount"]), Decimal(line["margin_amount"]), line["order__placed_at"],
                  tuple(takes[line_id])) for line_id, line in lines.items()]


async def _round_sales(organization_id: int, member_ids: list[int]) -> list[_Sale]:
    """Offers of settled rounds (what arrived and what was paid recorded) that took from the members' lots.

    A round offer brought what its members' bills say for it, after any correction at arrival; its fund share is
    theirs too; the margin is the organization's rate frozen when the round opened, on that amount.
    """
    offers = {r["id"]: r for r in await RoundOffer.filter(
        round__status=RoundStatus.SETTLED, offer__product__organization_id=organization_id,
        lot_takes__lot__member_id__in=member_ids,
    ).distinct().values("id", "offer__product__name", "unit", "currency", "margin_rate", "round__closed_at")}
    money: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for round_offer_id, amount, fund in await RoundAllocation.filter(round_offer_id__in=list(offers)).values_list(
            "round_offer_id", "amount", "fund_amount"):
        money[round_offer_id][0] += Decimal(amount)
        money[round_offer_id][1] += Decimal(fund)
    takes: dict[int, list[tuple[int | None, Decimal]]] = defaultdict(list)
    for round_offer_id, member_id, quantity in await RoundLotTake.filter(round_offer_id__in=list(offers)).order_by(
            "id").values_list("round_offer_id", "lot__member_id", "quantity"):
        takes[round_offer_id].append((member_id, Decimal(quantity)))
    sales = []
    for round_offer_id, row in offers.items():
        amount, fund = money[round_offer_id]
        margin = fund_share(amount, Decimal(row["margin_rate"]), row["currency"])
        sales.append(_Sale(row["offer__product__name"], row["unit"], row["currency"], amount, fund, margin,
                           row["round__closed_at"], tuple(takes[round_offer_id])))
    return sales

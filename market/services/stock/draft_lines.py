"""A line of a stock draft: what reading found, the pick for it, and why publishing would refuse it.

| a line of the draft                        | product_id | new_category_id | problem (publishing refuses it)  |
|--------------------------------------------|------------|-----------------|----------------------------------|
| unreadable ("tomate -5 kg")                | None       | None            | the parser's code (bad_quantity) |
| names a product ("tomates 20 kg")          | Tomate's   | None            | None                             |
| picked ExistingProduct (a name suggested)  | that one's | None            | None                             |
| picked NewProduct (a category)             | None       | that category   | None                             |
| names nothing known ("quinua 3 kg", "+4")  | None       | None            | unknown_product (no_product)     |
| names a product an earlier line named      | any        | any             | duplicate_product                |
| bags of a content its bags cannot make     | that one's | None            | content_mismatch                 |
| a price in another currency, no rate typed | any        | any             | currency_mismatch                |

`published` is the line as it will be published: "12 bolsas de 500 g" of a coffee sold in bags of 250 g is
24 of its bags (market.rules.units.repacked), a price in dollars at the rate the person typed is one in
the organization's currency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from market.errors import Invalid
from market.rules.amounts import round_money
from market.rules.units import repacked
from market.services.stock.publishing import LineMatch
from market.stock_messages import StockLine


@dataclass(frozen=True)
class ExistingProduct:
    """The line is this product of the organization: one of the names suggested for it."""

    product_id: int


@dataclass(frozen=True)
class NewProduct:
    """The line is a product the organization does not sell yet, to be made in this category."""

    category_id: int


Pick = ExistingProduct | NewProduct


@dataclass(frozen=True)
class RefusedLine:
    """Why a line cannot be published; line 0 is the whole message."""

    line: int
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # Names of the organization's products close to what was written.
    suggestions: tuple[str, ...] = ()


class StockNotPublished(Invalid):
    """Nothing was published: `lines` names each line refused and why (the first is what the chat says)."""

    def __init__(self, lines: Sequence[RefusedLine]) -> None:
        self.lines = tuple(lines)
        super().__init__("stock_not_published", lines=self.lines)

    @property
    def first(self) -> RefusedLine:
        return self.lines[0]


@dataclass(frozen=True)
class DraftLine:
    """One line of the message as read: unreadable (`error`), or stock with the product it goes on."""

    number: int
    stock: StockLine | None = None
    # The parser's code when the line cannot be read.
    error: str | None = None
    # The organization's product, or the names close to it; None while no organization is chosen.
    match: LineMatch | None = None
    pick: Pick | None = None
    # The earlier line that names the same product.
    repeats: int | None = None
    # The organization's currency, and how much of it one of the line's currency is, as the person typed it.
    currency: str | None = None
    rate: Decimal | None = None

    @property
    def product_id(self) -> int | None:
        if self.match is not None and self.match.product_id is not None:
            return self.match.product_id
        return self.pick.product_id if isinstance(self.pick, ExistingProduct) else None

    @property
    def new_category_id(self) -> int | None:
        return self.pick.category_id if isinstance(self.pick, NewProduct) and self.product_id is None else None

    @property
    def product_name(self) -> str | None:
        """The product's name; for a new product, the name as written, capitalized."""
        if self.match is not None and self.match.product_id is not None:
            return self.match.product_name
        if isinstance(self.pick, ExistingProduct) and self.match is not None:
            return dict(self.match.suggestions).get(self.pick.product_id)
        if isinstance(self.pick, NewProduct) and self.stock is not None:
            return self.stock.product.capitalize()
        return None

    @property
    def offer(self) -> tuple[str, tuple[Decimal, str] | None] | None:
        """The unit of the product's offer and what one of it holds; None for a new product or an unclear line."""
        offers = self.match.offers if self.match is not None else ()
        return next(((unit, content) for pid, unit, content in offers if pid == self.product_id), None)

    @property
    def bags(self) -> Decimal | None:
        """How many of the product's bags the line's bags of another content make; None when they need no
        converting (no content written, another unit, the same content, sold out) or cannot be converted."""
        line, offer = self.stock, self.offer
        if line is None or offer is None or line.content is None or line.unit != offer[0] or not line.quantity:
            return None
        return repacked(line.quantity, line.content, offer[1])

    @property
    def repacks(self) -> bool:
        """Whether the line's bags are of another content than the product's (converted, or asked about)."""
        line, offer = self.stock, self.offer
        return (line is not None and offer is not None and line.content is not None and line.unit == offer[0]
                and bool(line.quantity) and self.bags != line.quantity)

    @property
    def foreign(self) -> bool:
        """Whether the line's price is in a currency other than the organization's."""
        return (self.stock is not None and self.stock.currency is not None and self.currency is not None
                and self.stock.currency != self.currency)

    @property
    def published(self) -> StockLine | None:
        """The line as it will be published (see the table); None when it cannot be, and `problem` says why."""
        line = self.stock
        if line is None or (self.repacks and self.bags is None) or (self.foreign and self.rate is None):
            return None
        if self.repacks and (bags := self.bags) is not None and (offer := self.offer) is not None:
            price = line.price
            currency = line.currency or self.currency
            if price is not None and (line.price_unit or line.unit) == line.unit:  # a price per bag: per its bag
                price = price * line.quantity / bags
                price = round_money(price, currency) if currency else price
            line = replace(line, quantity=bags, content=offer[1], price=price)
        if self.foreign and self.rate is not None and line.price is not None and self.currency is not None:
            line = replace(line, price=round_money(line.price * self.rate, self.currency), currency=self.currency)
        return line

    @property
    def problem(self) -> RefusedLine | None:
        """Why this line cannot be published as it is; None when it can."""
        if self.stock is None:
            return RefusedLine(self.number, self.error or "invalid")
        if self.repeats is not None:
            return RefusedLine(self.number, "duplicate_product", {"product": self.product_name, "first": self.repeats})
        if self.repacks and self.bags is None and (offer := self.offer) is not None:
            return RefusedLine(self.number, "content_mismatch", {"product": self.product_name, "unit": offer[0]})
        if self.foreign and self.rate is None:
            return RefusedLine(self.number, "currency_mismatch", {
                "product": self.product_name or self.stock.product, "currency": self.stock.currency,
                "expected": self.currency})
        if self.product_id is not None or self.new_category_id is not None:
            return None
        if not self.stock.product:
            return RefusedLine(self.number, "no_product")
        suggested = tuple(name for _, name in self.match.suggestions) if self.match else ()
        return RefusedLine(self.number, "unknown_product", {"written": self.stock.product}, suggested)

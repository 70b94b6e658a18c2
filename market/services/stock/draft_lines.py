"""A line of a stock draft: what reading found, the pick for it, and why publishing would refuse it.

| a line of the draft                        | product_id | new_category_id | problem (publishing refuses it)  |
|--------------------------------------------|------------|-----------------|----------------------------------|
| unreadable ("tomate -5 kg")                | None       | None            | the parser's code (bad_quantity) |
| names a product ("tomates 20 kg")          | Tomate's   | None            | None                             |
| picked ExistingProduct (a name suggested)  | that one's | None            | None                             |
| picked NewProduct (a category)             | None       | that category   | None                             |
| names nothing known ("quinua 3 kg", "+4")  | None       | None            | unknown_product (no_product)     |
| names a product an earlier line named      | any        | any             | duplicate_product                |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from market.errors import Invalid
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
    def problem(self) -> RefusedLine | None:
        """Why this line cannot be published as it is; None when it can."""
        if self.stock is None:
            return RefusedLine(self.number, self.error or "invalid")
        if self.repeats is not None:
            return RefusedLine(self.number, "duplicate_product", {"product": self.product_name, "first": self.repeats})
        if self.product_id is not None or self.new_category_id is not None:
            return None
        if not self.stock.product:
            return RefusedLine(self.number, "no_product")
        suggested = tuple(name for _, name in self.match.suggestions) if self.match else ()
        return RefusedLine(self.number, "unknown_product", {"written": self.stock.product}, suggested)

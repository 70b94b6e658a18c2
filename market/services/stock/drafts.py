"""A producer's stock message on its way to the catalog: read, its unclear lines picked, published whole.

    read_draft (parse + match_lines) ──▶ StockDraft.pick, for each line no product matched ──▶ publish_draft

The chat and the API take the same road: the chat shows the draft as a card and keeps it in the chat's
state between two presses (`to_dict` / `from_dict`); the API reads and publishes at once. A draft keeps
the message and the producer's picks, not what reading found: each step reads it again against the
organization's products as they are then. What a line of a draft is, the picks and the refusal:
market.services.stock.draft_lines.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from market.errors import Invalid, NotFound
from market.rules.names import repeated_lines
from market.services.stock.draft_lines import (
    DraftLine,
    ExistingProduct,
    NewProduct,
    Pick,
    RefusedLine,
    StockNotPublished,
)
from market.services.stock.publishing import (
    LineMatch,
    Published,
    PublishItem,
    match_lines,
    publish_stock,
    stock_place,
)
from market.stock_messages import LIMIT, StockLine, StockMessageError, parse_stock_message
from market.text import search_key

# The shape of a stored draft (to_dict); the first shape, before this one, had no version.
VERSION = 2


def _new_token() -> str:
    return secrets.token_urlsafe(6)


@dataclass(frozen=True)
class StockDraft:
    """A producer's stock message for an organization, with the products picked for its unclear lines."""

    text: str
    # The language the message was written in: it says how numbers and words are read.
    locale: str
    # None until a member of several organizations chooses one.
    organization_id: int | None = None
    # A photo sent with the message as its caption: it goes on the first line's product.
    photo_file_id: str | None = None
    # (line number, pick), in line order.
    picks: tuple[tuple[int, Pick], ...] = ()
    # (currency, rate): how much of the organization's currency one of another is today, as the person typed it.
    rates: tuple[tuple[str, Decimal], ...] = ()
    # Tells this draft's buttons from an older card's: a new or corrected message gets a new token.
    token: str = field(default_factory=_new_token)
    # The member an admin posts for (their person id); None: the poster's own lot, an admin's the organization's.
    lot_for: int | None = None
    # What read_draft found, line by line; None before. Never stored: each step reads the message again.
    lines: tuple[DraftLine, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def read_lines(self) -> tuple[DraftLine, ...]:
        """What read_draft found, line by line (ValueError before it)."""
        return _lines(self)

    @property
    def is_stock(self) -> bool:
        """Whether the message says any stock at all: words and prices with no quantity are a search."""
        return any(line.error != "no_quantity" for line in _lines(self))

    @property
    def ready(self) -> bool:
        """Every readable line knows its product, once: publishing will take (the unreadable lines left out)."""
        stock = [line for line in _lines(self) if line.stock is not None]
        return bool(stock) and all(line.problem is None for line in stock)

    def pick(self, number: int, choice: Pick) -> StockDraft:
        """The draft with `choice` for line `number`, which no product matched.

        A line that has matched a product since keeps it; a product that is not one of the line's
        suggestions is NotFound("product_not_found"); a line that is not stock, Invalid("line_not_pickable").
        """
        line = next((line for line in _lines(self) if line.number == number), None)
        if line is None or line.stock is None or line.match is None:
            raise Invalid("line_not_pickable", line=number)
        if line.match.product_id is not None:
            return self
        if isinstance(choice, ExistingProduct) and choice.product_id not in dict(line.match.suggestions):
            raise NotFound("product_not_found", product_id=choice.product_id)
        return _with_picks(self, {**dict(self.picks), number: choice})

    def with_rate(self, currency: str, rate: Decimal) -> StockDraft:
        """The draft with its prices in `currency` converted at `rate`; Invalid("bad_rate") unless it is above zero."""
        if not rate.is_finite() or rate <= 0 or rate > LIMIT:
            raise Invalid("bad_rate")
        rates = {**dict(self.rates), currency: rate}
        draft = replace(self, rates=tuple(sorted(rates.items())))
        if self.lines is None:
            return draft
        return replace(draft, lines=tuple(replace(line, rate=rates.get(line.stock.currency or ""))
                                          if line.stock is not None else line for line in self.lines))

    def to_dict(self) -> dict[str, Any]:
        """The draft as JSON values, for the chat's state; read it back with `from_dict`."""
        return {
            "version": VERSION, "text": self.text, "locale": self.locale, "organization_id": self.organization_id,
            "photo_file_id": self.photo_file_id, "token": self.token, "lot_for": self.lot_for,
            "picks": {str(number): _pick_value(pick) for number, pick in self.picks},
            "rates": {currency: str(rate) for currency, rate in self.rates},
        }

    @classmethod
    def from_dict(cls, data: Any, *, locale: str) -> StockDraft:
        """A draft `to_dict` wrote, or one stored before drafts had a version, read in `locale`.

        The first shape: {"text", "photo", "token", "org", "picks": {"3": 12, "4": "c5"}}, a pick a
        product id or "c" and a category id. Anything else (a later version, a damaged row) is
        Invalid("stock_draft_unreadable"): the producer writes the message again.
        """
        try:
            if data.get("version") == VERSION:
                return cls(
                    text=_text(data["text"]), locale=_text(data["locale"]),
                    organization_id=_id(data["organization_id"], empty=True),
                    photo_file_id=_text(data["photo_file_id"], empty=True), picks=_picks(data["picks"]),
                    token=_text(data["token"]), rates=_rates(data.get("rates", {})),
                    lot_for=_id(data.get("lot_for"), empty=True),
                )
            if "version" not in data:
                return cls(
                    text=_text(data["text"]), locale=locale, organization_id=_id(data.get("org"), empty=True),
                    photo_file_id=_text(data.get("photo"), empty=True), picks=_picks(data.get("picks", {})),
                    token=_text(data["token"]),
                )
        except (AttributeError, KeyError, TypeError, ValueError, ArithmeticError):
            pass
        raise Invalid("stock_draft_unreadable")


async def read_draft(draft: StockDraft) -> StockDraft:
    """The draft's message parsed and matched against its organization's products as they are now.

    Picks apply to the lines still unmatched, an ExistingProduct only while it is among the line's
    suggestions; the others are dropped. Without an organization the lines are parsed, not matched.
    """
    try:
        results = parse_stock_message(draft.text, draft.locale)
    except StockMessageError:  # nothing but blanks and signs: no line at all
        results = []
    stock = [result for result in results if isinstance(result, StockLine)]
    matches: dict[int, LineMatch] = {}
    currency = None
    if draft.organization_id is not None and stock:
        matches = {match.line.line: match for match in await match_lines(draft.organization_id, stock)}
        currency = (await stock_place(draft.organization_id)).currency
    rates = dict(draft.rates)
    lines = tuple(
        DraftLine(result.line, error=result.code) if isinstance(result, StockMessageError)
        else DraftLine(result.line, stock=result, match=matches.get(result.line), currency=currency,
                       rate=rates.get(result.currency or ""))
        for result in results
    )
    return _with_picks(replace(draft, lines=lines), dict(draft.picks))


def _lines(draft: StockDraft) -> tuple[DraftLine, ...]:
    if draft.lines is None:
        raise ValueError("read the draft first (read_draft)")
    return draft.lines


async def publish_draft(
    draft: StockDraft, *, by_person_id: int, leave_out_unreadable: bool = False,
) -> tuple[tuple[int, Published], ...]:
    """Publish every line of the draft in one transaction, as (line number, Published); or nothing.

    Any line with a problem, or one publish_stock refuses (found by its product's name, else line 0),
    raises StockNotPublished naming them. The chat's card shows unreadable lines as warnings and
    offers the others: `leave_out_unreadable` publishes those.
    """
    lines = _lines(draft if draft.lines is not None else await read_draft(draft))
    stock = [(line, line.published or line.stock) for line in lines if line.stock is not None]
    checked = [line for line, _ in stock] if leave_out_unreadable else lines
    refused = [problem for line in checked if (problem := line.problem) is not None]
    if not refused and not stock:
        refused = [RefusedLine(0, "empty")]
    if refused:
        raise StockNotPublished(refused)
    if draft.organization_id is None:
        raise NotFound("organization_not_found")
    items = [PublishItem(written, product_id=line.product_id, new_category_id=line.new_category_id)
             for line, written in stock]
    try:
        published = await publish_stock(draft.organization_id, by_person_id=by_person_id, items=items,
                                        photo_file_id=draft.photo_file_id,
                                        lot_for=... if draft.lot_for is None else draft.lot_for)
    except Invalid as error:
        raise StockNotPublished([_refused_line(error, stock)]) from None
    return tuple(zip((line.number for line, _ in stock), published, strict=True))


def _with_picks(draft: StockDraft, picks: dict[int, Pick]) -> StockDraft:
    """The draft's lines with the picks that apply to them, and each line naming a product an earlier line named."""
    lines, kept = [], {}
    for line in _lines(draft):
        pick = picks.get(line.number)
        if line.match is None or line.match.product_id is not None or (
                isinstance(pick, ExistingProduct) and pick.product_id not in dict(line.match.suggestions)):
            pick = None
        if pick is not None:
            kept[line.number] = pick
        lines.append(replace(line, pick=pick, repeats=None))
    keys = [(line.number, key) for line in lines if (key := _product_key(line)) is not None]
    repeated = repeated_lines(keys)
    lines = [replace(line, repeats=repeated.get(line.number)) for line in lines]
    return replace(draft, picks=tuple(sorted(kept.items())), lines=tuple(lines))


def _product_key(line: DraftLine) -> Hashable | None:
    """What the line publishes on: its product's id, or a new product's name key; None while it is unclear."""
    if line.product_id is not None:
        return line.product_id
    if line.new_category_id is not None and line.stock is not None:
        return search_key(line.stock.product)
    return None


def _refused_line(error: Invalid, stock: list[tuple[DraftLine, StockLine]]) -> RefusedLine:
    """The line publish_stock refused: the one it names, else the one whose product the refusal names, else 0."""
    number = error.params.get("line")
    if not isinstance(number, int):
        product = error.params.get("product")
        number = next((line.number for line, written in stock
                       if product is not None and product in (line.product_name, written.product)), 0)
    return RefusedLine(number, error.code, dict(error.params))


def _pick_value(pick: Pick) -> dict[str, int]:
    if isinstance(pick, ExistingProduct):
        return {"product_id": pick.product_id}
    return {"category_id": pick.category_id}


def _picks(stored: Mapping[str, Any]) -> tuple[tuple[int, Pick], ...]:
    """Picks by line: {"product_id": 7} or {"category_id": 2}; in the first shape 7 or "c2"."""
    picks = {}
    for number, value in stored.items():
        if isinstance(value, Mapping) and value.keys() == {"product_id"}:
            pick: Pick = ExistingProduct(_id(value["product_id"]))
        elif isinstance(value, Mapping) and value.keys() == {"category_id"}:
            pick = NewProduct(_id(value["category_id"]))
        elif isinstance(value, str) and value[:1] == "c":
            pick = NewProduct(_id(int(value[1:])))
        else:
            pick = ExistingProduct(_id(value))
        picks[int(number)] = pick
    return tuple(sorted(picks.items()))


def _rates(stored: Mapping[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    """Rates by currency: {"USD": "6.96"}, each above zero."""
    rates = {_text(currency): Decimal(_text(rate)) for currency, rate in stored.items()}
    if any(not rate.is_finite() or rate <= 0 for rate in rates.values()):
        raise ValueError(rates)
    return tuple(sorted(rates.items()))


def _id(value: Any, *, empty: bool = False) -> Any:
    if value is None and empty:
        return None
    if type(value) is not int or value < 1:
        raise ValueError(value)
    return value


def _text(value: Any, *, empty: bool = False) -> Any:
    if value is None and empty:
        return None
    if not isinstance(value, str):
        raise TypeError(value)
    return value

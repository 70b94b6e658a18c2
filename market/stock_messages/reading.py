"""Reading one line of a stock message: sold out, price, quantity, unit, content, what the price is per, product."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from market.spreadsheet import starts_like_formula
from market.stock_messages.tokens import Token, tokenize, without_bullets
from market.stock_messages.words import CONTAINERS, MEASURES, SIGNS, SOLD_OUT_PHRASES, language_of, vocabulary_of

LIMIT = Decimal(1_000_000)  # above this a quantity is too_large and a price is bad_price


@dataclass(frozen=True)
class StockLine:
    """One line of a stock message, read."""

    line: int
    product: str
    quantity: Decimal
    unit: str
    mode: str = "set"  # "set" the stock, "add" to it (+5), "take" from it (-3)
    price: Decimal | None = None
    currency: str | None = None
    price_unit: str | None = None
    content: tuple[Decimal, str] | None = None


class StockMessageError(ValueError):
    """Why a line (or, with line 0, the whole message) cannot be read; compares by code and line."""

    def __init__(self, code: str, line: int = 0):
        super().__init__(code, line)
        self.code = code
        self.line = line

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StockMessageError):
            return NotImplemented
        return (self.code, self.line) == (other.code, other.line)

    def __hash__(self) -> int:
        return hash((self.code, self.line))

    def __repr__(self) -> str:
        return f"StockMessageError({self.code!r}, line={self.line})"

    __str__ = __repr__


# --- reading a line ------------------------------------------------------------------------------


@dataclass
class _Line:
    tokens: list[Token]
    words: dict[str, dict[str, object]]
    used: set[int] = field(default_factory=set)
    sold_out: bool = False
    quantity_at: int | None = None
    unit: str = "unit"
    content: tuple[Decimal, str] | None = None
    price_at: int | None = None
    currency: str | None = None
    price_unit: str | None = None

    def meaning(self, i: int) -> dict[str, object]:
        """What token i may mean (role -> value); a used token, a number or a mark means nothing."""
        if not 0 <= i < len(self.tokens) or i in self.used:
            return {}
        token = self.tokens[i]
        if token.kind == "money":
            return {"currency": SIGNS.get(token.key.replace(" ", ""))}
        if token.kind == "each":
            return {"each": True}
        if token.kind == "word" or token.text == "@":
            return self.words.get(token.key, {})
        return {}

    def role(self, i: int, role: str) -> object | None:
        return self.meaning(i).get(role)

    def number(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and i not in self.used and self.tokens[i].kind == "number"

    def take(self, *indexes: int) -> None:
        """Mark tokens as read, with a "." glued after an abbreviation ("Bs.", "kg.")."""
        for i in indexes:
            self.used.add(i)
            after = i + 1
            if after < len(self.tokens) and self.tokens[after].text == "." and self.tokens[after].glued:
                if self.tokens[i].kind in ("word", "money", "each"):
                    self.used.add(after)


def _take_sold_out(line: _Line) -> None:
    keys = [token.key for token in line.tokens]
    for start in range(len(keys)):
        for phrase in SOLD_OUT_PHRASES:
            if keys[start:start + len(phrase)] == phrase:
                line.sold_out = True
                line.take(*range(start, start + len(phrase)))
                return


def _currency(line: _Line, i: int) -> tuple[str | None, tuple[int, ...]] | None:
    """The currency at i and where its number may be: signs before it, codes either side, words after it."""
    meaning = line.meaning(i)
    if "currency" in meaning:
        dotted = i + 1 < len(line.tokens) and line.tokens[i + 1].text == "." and line.tokens[i + 1].glued
        after = i + 2 if dotted else i + 1  # "Bs. 900"
        sides: tuple[int, ...] = (after, i - 1) if line.tokens[i].kind == "money" else (i - 1, after)
    elif "currency_word" in meaning:
        sides = (i - 1,)
    else:
        return None
    # A currency role holds its code, or None for a word no one currency owns ("peso").
    return cast(str | None, meaning.get("currency", meaning.get("currency_word"))), sides


def _currency_number(line: _Line, i: int) -> int | None:
    """The number the currency at i goes with, taking the currency; None when it has none."""
    if (found := _currency(line, i)) is None:
        return None
    code, sides = found
    for j in sides:
        if line.number(j) and j != line.quantity_at:
            line.currency = code
            line.take(i)
            return j
    return None


def _take_price(line: _Line, j: int) -> None:
    """Take the price at j with the currencies written next to it ("R$ 25", "25 reais", "R$ 25 reais")."""
    line.price_at = j
    line.take(j)
    for k in (j - 2, j - 1, j + 1):
        if (found := _currency(line, k)) is not None and j in found[1]:
            line.currency = line.currency or found[0]
            line.take(k)


def _find_price(line: _Line) -> None:
    """The first number that comes with a currency, after "a"/"por"/"at", or before "cada"/"each"."""
    for i in range(len(line.tokens)):
        if (j := _currency_number(line, i)) is not None:
            _take_price(line, j)
            return
        if line.role(i, "price_before") or (line.tokens[i].text == "@" and not line.number(i - 1)):
            j = i + 1
            while j < len(line.tokens) and line.tokens[j].text in ":=":
                j += 1
            if (found := _currency(line, j)) is not None:  # "a R$ 8", "a Bs. 8"
                j = max(found[1])
            elif _unit_at(line, j + 1):  # "12 bolsas x 500 g", "tomate a 20 kg": a quantity, not a price
                continue
            if line.number(j):
                _take_price(line, j)
                line.take(*range(i, j))
                return
        if line.number(i) and (line.role(i + 1, "each") or _per_unit(line, i + 1)):
            _take_price(line, i)
            return


def _unit_at(line: _Line, i: int) -> str | None:
    unit = line.role(i, "unit")
    return unit if isinstance(unit, str) else None


def _find_quantity(line: _Line) -> None:
    """The first number left, with the unit after it and what one container of it holds."""
    numbers = [i for i in range(len(line.tokens)) if line.number(i) and i != line.price_at]
    if not numbers:
        return
    i = line.quantity_at = numbers[0]
    line.take(i)
    unit = _unit_at(line, i + 1)
    if unit is None:
        return
    line.unit = unit
    line.take(i + 1)
    if unit in CONTAINERS:
        _find_content(line, i + 2)


def _find_content(line: _Line, i: int) -> None:
    """ "12 bolsas de 500 g", "12 bolsas 500 g", "12 bolsas (500 g)": what one bag holds."""
    while i < len(line.tokens) and i in line.used:
        i += 1
    start = i
    while i < len(line.tokens) and (line.role(i, "connector") or line.tokens[i].key in ("x", "(", "com")):
        i += 1
    measure = _unit_at(line, i + 1)
    if line.number(i) and i != line.price_at and measure in MEASURES and (value := line.tokens[i].value) is not None:
        line.content = (value, measure)
        line.take(*range(start, i + 2))
        if i + 2 < len(line.tokens) and line.tokens[i + 2].text == ")" and "(" in line.tokens[start].text:
            line.take(i + 2)


def _per_unit(line: _Line, i: int) -> tuple[str, int] | None:
    """The unit named from i by "/kg", "c/kg", "el kilo", "por la docena", "cada kilo", "c/u", "cada
    una", and the index after the phrase; "c/u" and "cada" alone name the line's unit."""
    if not 0 <= i < len(line.tokens) or i in line.used:
        return None
    if line.tokens[i].key == "c" and i + 1 < len(line.tokens) and line.tokens[i + 1].text == "/":
        i += 1  # "c/kg": "cada kilo"
    if line.tokens[i].text == "/" and (unit := _unit_at(line, i + 1)):
        return unit, i + 2
    if line.role(i, "article") or line.role(i, "each"):
        j = i + 1 + bool(line.role(i + 1, "article") and _unit_at(line, i + 2))
        if unit := _unit_at(line, j):
            return unit, j + 1
    if line.role(i, "each"):
        return line.unit, i + 1 + bool(line.role(i + 1, "one"))
    return None


def _find_price_unit(line: _Line) -> None:
    """What the price is per: a unit named near it, else the line's unit."""
    assert line.price_at is not None  # called once a price is found
    line.price_unit = line.unit
    after = line.price_at + 1
    while after in line.used and after < len(line.tokens) and line.tokens[after].kind != "number":
        after += 1
    if unit := _unit_at(line, after):
        line.price_unit = unit
        line.take(after)
        return
    for i in range(len(line.tokens)):
        if (found := _per_unit(line, i)) is not None:
            line.price_unit, end = found
            line.take(*range(i, end))
            return


def _product(line: _Line) -> str:
    """What is left of the line: each run of unread tokens trimmed, the runs joined, lowercased."""
    runs: list[list[Token]] = [[]]
    for i, token in enumerate(line.tokens):
        if i in line.used:
            runs.append([])
        else:
            runs[-1].append(token)
    return " ".join(filter(None, (_trimmed(run, line) for run in runs))).lower()


def _trimmed(run: list[Token], line: _Line) -> str:
    """A run without outer punctuation, nor a connector or filler word at its ends ("de tomate")."""

    def loose(token: Token) -> bool:
        roles = line.words.get(token.key, {}) if token.kind == "word" else {}
        return token.kind == "mark" or "filler" in roles or "connector" in roles

    def bracketed() -> bool:  # "papa (nativa)" keeps its brackets
        texts = [token.text for token in run]
        return (texts[0] == "(" and ")" in texts) or (texts[-1] == ")" and "(" in texts)

    while run and loose(run[0]) and not bracketed():
        run = run[1:]
    while run and loose(run[-1]) and not bracketed():
        run = run[:-1]
    return "".join((" " if k and not token.glued else "") + token.text for k, token in enumerate(run))


def _checked(line: _Line, number: int) -> StockLine | StockMessageError:
    if line.quantity_at is None and not line.sold_out:
        return StockMessageError("no_quantity", number)
    quantity = Decimal(0)
    if line.quantity_at is not None:
        token = line.tokens[line.quantity_at]
        if token.value is None:
            return StockMessageError("bad_quantity", number)
        if token.value > LIMIT:
            return StockMessageError("too_large", number)
        quantity = Decimal(0) if line.sold_out else token.value
    price = None
    if line.price_at is not None:
        token = line.tokens[line.price_at]
        if token.value is None or token.sign == "-" or token.value > LIMIT:
            return StockMessageError("bad_price", number)
        price = token.value
    product = _product(line)
    if starts_like_formula(product):
        return StockMessageError("bad_name", number)
    sign = line.tokens[line.quantity_at].sign if line.quantity_at is not None else ""
    mode = {"+": "add", "-": "take"}.get(sign, "set")
    return StockLine(
        line=number, product=product, quantity=quantity, unit=line.unit, mode=mode, price=price,
        currency=line.currency if price is not None else None,
        price_unit=line.price_unit if price is not None else None, content=line.content,
    )


def _read_line(text: str, number: int, words: dict[str, dict[str, object]]) -> StockLine | StockMessageError:
    line = _Line(tokenize(without_bullets(text)), words)
    _take_sold_out(line)
    _find_price(line)
    _find_quantity(line)
    if line.price_at is None:
        second = next((i for i in range(len(line.tokens)) if line.number(i)), None)
        if second is not None:
            _take_price(line, second)
            if line.role(second - 1, "price_before"):
                line.take(second - 1)
    if line.price_at is not None:
        _find_price_unit(line)
    return _checked(line, number)


def parse_stock_message(text: str, locale: str = "es") -> list[StockLine | StockMessageError]:
    """Every non-blank line of a producer's message, read; raises StockMessageError("empty") only.

    | message                                  | product       | qty | unit    | mode | price | cur  | per     | content |
    |------------------------------------------|---------------|-----|---------|------|-------|------|---------|---------|
    | tomate 20 kg a 8,50                      | tomate        | 20  | kg      | set  | 8.50  |      | kg      |         |
    | Papa nativa 3 quintales 150 Bs c/u       | papa nativa   | 3   | quintal | set  | 150   | BOB  | quintal |         |
    | café tostado 12 bolsas de 500g a 35      | café tostado  | 12  | bag     | set  | 35    |      | bag     | 500 g   |
    | mel 20 potes de 500 g R$ 25 cada         | mel           | 20  | jar     | set  | 25    | BRL  | jar     | 500 g   |
    | +20 kg tomate                            | tomate        | 20  | kg      | add  |       |      |         |         |
    | 20 kg de tomate                          | tomate        | 20  | kg      | set  |       |      |         |         |
    | dulce de leche 10 frascos                | dulce de leche| 10  | jar     | set  |       |      |         |         |
    | Tomate: 20kg                             | tomate        | 20  | kg      | set  |       |      |         |         |
    | huevos 30                                | huevos        | 30  | unit    | set  |       |      |         |         |
    | tomate agotado                           | tomate        | 0   | unit    | set  |       |      |         |         |
    | lechuga 30 2,50                          | lechuga       | 30  | unit    | set  | 2.50  |      | unit    |         |
    | 1.200 kg papa a 2 el kilo                | papa          | 1200| kg      | set  | 2     |      | kg      |         |
    | queso 0,500 kg                           | queso         | 0.5 | kg      | set  |       |      |         |         |
    | 3 sacas de feijão R$ 300 a saca          | feijão        | 3   | sack    | set  | 300   | BRL  | sack    |         |
    | cilantro 10 atados $5 la docena          | cilantro      | 10  | bunch   | set  | 5     |      | dozen   |         |
    | tomatoes 20 lbs at 2.50 USD/lb           | tomatoes      | 20  | lb      | set  | 2.50  | USD  | lb      |         |
    | 1. tomate 20 kg                          | tomate        | 20  | kg      | set  |       |      |         |         |
    | tomate -5 kg                             | tomate        | 5   | kg      | take |       |      |         |         |
    | tomate                                   | no_quantity   |     |         |      |       |      |         |         |
    | papa 2000000 kg                          | too_large     |     |         |      |       |      |         |         |
    | papa 20 kg a -3                          | bad_price     |     |         |      |       |      |         |         |
    | =HYPERLINK("http://x.example") 2 kg      | bad_name      |     |         |      |       |      |         |         |
    """
    if not any(char.isalnum() for char in text or ""):
        raise StockMessageError("empty", line=0)
    words = vocabulary_of(language_of(locale))
    return [
        _read_line(line, number, words)
        for number, line in enumerate(text.splitlines(), start=1)
        if any(char.isalnum() for char in line)
    ]

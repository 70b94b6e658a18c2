"""Reading a producer's stock message ("tomate 20 kg a 8,50") into stock lines, as a neighbour would.

A producer writes in the chat, in Spanish, Portuguese or English, one product a line. Each non-blank
line gives a `StockLine` or a `StockMessageError` (returned, not raised), so the good lines of a
message are still offered. The reading goes in small steps over the tokens of a line:

    bullets -> tokens (numbers, words, money signs) -> signs and "mil" -> sold out -> price
    -> quantity, unit and content -> price by position -> what the price is per -> product

Where the issue is silent, the parser does what a producer would expect:

- A line with no letter or digit ("-----", a row of emoji) is decoration, read as blank; line
  numbers still count it. Emoji anywhere in a line read as a space.
- A line whose only numbers are prices ("tomate a 8,50") has no quantity: `no_quantity`.
- A number that follows no rule ("1,2,3", "1.20.5") is `bad_quantity`, or `bad_price` for a price.
- A "-" is a minus only when glued to the number and not to a word or number before it: "tomate
  -5 kg" is negative, "tomate-5kg" and "20-25" are not. "−" and "–" glued to a number are minus too.
- "@" right after the quantity is the arroba ("15 @"); "@" anywhere else before a number is "at".
- Currency words ("reais", "soles", "pesos") count only after a number ("150 reais"), so a name
  such as "papa real 20 kg" keeps "real"; signs and codes ("R$", "Bs.", "USD") go either side.
- "x" is "por": "20 kg x 8,50" is a price, "8,50 x kilo" and "c/kg" name what it is per, but
  "12 bolsas x 500 g" is a content: a number with a unit after it is never read as a price by a word.
- "precio", "preço", "price", "valor" before the price are read with it; "tengo", "hay", "hoy",
  "tenho", "disponible", "available"... and connectors at either end of the product are dropped.
- "15 mil" is 15000; "1/2 kg", "3/4", "1 1/2" are fractions (halves, thirds, quarters, eighths).
- "sin stock", "sem estoque", "out of stock" are sold out too; a sold-out line with a quantity
  ("papa 3 qq agotado") is 0 in the written unit.
- The content follows a counted unit written as a word: bag, sack, box, jar, bottle, bunch, unit.
- A few common spellings are units too: "kls", "grm", "ltr", "tn", "ud", "unid", "pz", "pcs",
  "peça", "mazo", "bolsita", "cajita". Other words ("bultos", "heads") stay in the product.
- The product may come out empty ("+20 kg"): that is for the caller to ask about.
- A product may not start as a spreadsheet formula does ("=", "+", "-", "@"): a bracketed name keeps
  its leading mark ("=HYPERLINK(...)"), and names end up in the bulk order's CSV: `bad_name`.
- Words are looked up in every language, the producer's own first: a word that is only an
  ordinary word in it ("real" in Spanish, "sol" in Portuguese) is not a currency there. An
  unknown locale reads as Spanish.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from market.spreadsheet import starts_like_formula
from market.text import search_key

LIMIT = Decimal(1_000_000)  # above this a quantity is too_large and a price is bad_price


@dataclass(frozen=True)
class StockLine:
    """One line of a stock message, read."""

    line: int
    product: str
    quantity: Decimal
    unit: str
    mode: str = "set"
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


# --- words ---------------------------------------------------------------------------------------

_UNITS = {  # canonical code -> what people write (accent-free keys; plurals in -s/-es are added)
    "kg": "kg kgs kl kls kilo kilogramo kilogram kilograma quilo quilograma",
    "g": "g gr grs grm grms gramo grama gram gramme",
    "lb": "lb lbs libra pound",
    "t": "t tn tns ton tonelada tonne",
    "quintal": "qq qqs quintal quintais",
    "arroba": "@ arroba",
    "l": "l lt lts ltr ltrs litro liter litre",
    "ml": "ml mls mililitro milliliter",
    "unit": "u un und unds ud uds unid unidad unidade pieza pza pzas pz pzs unit piece pc pcs peca",
    "dozen": "docena duzia dz dzs dozen",
    "bunch": "atado manojo mazo maco molho bunch",
    "bag": "bolsa bolsita sacola bag",
    "sack": "saco saca costal sack",
    "box": "caja cajita caixa box",
    "jar": "frasco pote jar",
    "bottle": "botella garrafa bottle",
}
_MEASURES = frozenset({"kg", "g", "lb", "t", "quintal", "arroba", "l", "ml"})  # what a container holds
_CONTAINERS = frozenset({"unit", "bunch", "bag", "sack", "box", "jar", "bottle"})

_CODES = {"bs": "BOB", "bob": "BOB", "brl": "BRL", "mxn": "MXN", "pen": "PEN", "gs": "PYG",
          "pyg": "PYG", "cop": "COP", "ars": "ARS", "usd": "USD"}
_SIGNS = {"$": None, "r$": "BRL", "us$": "USD", "u$s": "USD", "mx$": "MXN", "col$": "COP",
          "s/": "PEN", "s/.": "PEN"}
_CURRENCY_WORDS: dict[str, dict[str, str | None]] = {
    "es": {"boliviano": "BOB", "sol": "PEN", "soles": "PEN", "guarani": "PYG", "dolar": "USD", "peso": None},
    "pt": {"real": "BRL", "reais": "BRL", "dolar": "USD", "boliviano": "BOB", "guarani": "PYG"},
    "en": {"dollar": "USD", "real": "BRL", "reais": "BRL", "peso": None, "sol": "PEN", "soles": "PEN"},
}
_PLAIN = {"es": {"real"}, "pt": {"sol", "soles"}, "en": set()}  # ordinary words there

_PRICE_BEFORE = {"es": "a por x precio valor cuesta", "pt": "a por x preco valor custa", "en": "at for x price"}
_ARTICLES = {"es": "el la lo los las a por x cada", "pt": "o a os as por pra x cada", "en": "the a per x each"}
_EACH = {"es": "cada", "pt": "cada", "en": "each ea"}
_ONE = {"es": "uno una", "pt": "um uma", "en": "one"}
_CONNECTORS = {"es": "de del", "pt": "de da do das dos", "en": "of"}
_FILLERS = {"es": "tengo tenemos hay hoy disponible disponibles stock",
            "pt": "tenho temos tem hoje disponivel disponiveis estoque",
            "en": "have today available stock"}
_SOLD_OUT = {"es": ["agotado", "agotada", "agotados", "agotadas", "sin stock"],
             "pt": ["esgotado", "esgotada", "esgotados", "esgotadas", "sem estoque"],
             "en": ["sold out", "sold - out", "soldout", "out of stock"]}


def _plurals(word: str) -> list[str]:
    return [word, word + "s", word + "es"] if len(word) > 2 and word != "@" else [word]


def _language(locale: str) -> str:
    language = (locale or "").replace("-", "_").split("_")[0].lower()
    return language if language in _PLAIN else "es"


def _vocabulary(language: str) -> dict[str, dict[str, object]]:
    """Every word's roles, the producer's language read first: its plain words mean nothing else."""
    vocabulary: dict[str, dict[str, object]] = {}

    def add(words: str | Iterable[str], role: str, value: object = True, plurals: bool = False) -> None:
        for word in words.split() if isinstance(words, str) else words:
            for form in _plurals(word) if plurals else [word]:
                if form not in _PLAIN[language]:
                    vocabulary.setdefault(form, {}).setdefault(role, value)

    for code, words in _UNITS.items():
        add(words, "unit", code, plurals=True)
    for key, code in _CODES.items():
        add([key], "currency", code)
    for other in [language] + [lang for lang in _PLAIN if lang != language]:
        for word, currency in _CURRENCY_WORDS[other].items():
            add([word], "currency_word", currency, plurals=True)
        add(_PRICE_BEFORE[other], "price_before")
        add(_ARTICLES[other], "article")
        add(_EACH[other], "each")
        add(_ONE[other], "one")
        add(_CONNECTORS[other], "connector")
        add(_FILLERS[other], "filler")
    return vocabulary


def _sold_out_phrases() -> list[list[str]]:
    phrases = [phrase.split() for lang in _SOLD_OUT.values() for phrase in lang]
    return sorted(phrases, key=len, reverse=True)


_SOLD_OUT_PHRASES = _sold_out_phrases()

# --- numbers -------------------------------------------------------------------------------------


def read_number(text: str) -> Decimal | None:
    """A number as written, with a decimal comma or point and thousands groups; None if unreadable.

    | text         | number |
    |--------------|--------|
    | 8,50         | 8.5    |
    | 8.50         | 8.5    |
    | 20           | 20     |
    | 1.200        | 1200   |
    | 1,200        | 1200   |
    | 0,500        | 0.5    |
    | 1.200,50     | 1200.5 |
    | 1,200.50     | 1200.5 |
    | 1.200.000    | 1200000|
    | ,5           | 0.5    |
    | 1/2          | 0.5    |
    | 1,2,3        | None   |
    | 1.200.5      | None   |
    | 1.200.000,5. | None   |
    """
    if re.fullmatch(r"[0-9]/[0-9]", text):
        top, bottom = int(text[0]), int(text[2])
        return (Decimal(top) / Decimal(bottom)).quantize(Decimal("0.001")) if 0 < top < bottom else None
    if not re.fullmatch(r"[0-9]*(?:[.,][0-9]+)*", text) or not re.search("[0-9]", text):
        return None
    groups = re.split(r"[.,]", text)
    separators = re.findall(r"[.,]", text)
    if not separators:
        return Decimal(text)
    if groups[0] == "":
        return Decimal("0." + groups[1]) if len(groups) == 2 else None
    if len(separators) == 1:
        whole, part = groups
        if len(part) == 3 and int(whole) != 0:
            return Decimal(whole + part)
        return Decimal(f"{whole}.{part}")
    if len(set(separators)) == 1:  # "1.200.000": only thousands groups
        return Decimal("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None
    decimal_mark, grouping = separators[-1], separators[:-1]
    if decimal_mark in grouping or any(len(g) != 3 for g in groups[1:-1]):
        return None
    return Decimal("".join(groups[:-1]) + "." + groups[-1])


# --- tokens --------------------------------------------------------------------------------------


@dataclass
class _Token:
    kind: str  # "number", "word", "money", "each" (c/u) or "mark" (one other character)
    text: str
    glued: bool  # written right after the previous token, without a space
    value: Decimal | None = None
    sign: str = ""  # "+" or "-" written before a number
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.key = search_key(self.text)


_TOKEN = re.compile(
    r"(?P<each>c\s?/\s?u(?:n[ao]?)?(?![^\W\d_]))"
    r"|(?P<money>us\$|u\$s|mx\$|col\$|r\$|s/\.?|\$)"
    r"|(?P<number>(?:(?:1/2|[12]/3|[13]/4|[1-7]/8)(?![0-9])|[0-9]+(?:[.,][0-9]+)*|[.,][0-9]+))"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<mark>\S)",
    re.IGNORECASE,
)
_MINUS = "-\u2212\u2013"
_BULLET = re.compile(r"(?:[-*\u2022\u00b7\u25aa\u25e6\u2023\u25ba\u2013\u2014>]+\s+|[*\u2022\u00b7\u25aa\u25e6]+"
                     r"|[0-9]{1,2}[.)]\s+|[a-z]\)\s+|[0-9#*]\ufe0f?\u20e3)", re.IGNORECASE)


def _decoration(char: str) -> bool:
    """Emoji, variation selectors and the like: read as a space."""
    category = unicodedata.category(char)
    return category[0] in "CMZ" or category in ("So", "Sk")


def _without_bullets(text: str) -> str:
    while True:
        text = text.strip()
        if text and _decoration(text[0]):
            text = text[1:]
        elif match := _BULLET.match(text):
            text = text[match.end():]
        else:
            return text


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    end = 0
    for match in _TOKEN.finditer(text):
        kind, piece = match.lastgroup or "", match.group()  # every alternative of _TOKEN is a named group
        if kind == "mark" and _decoration(piece):
            continue
        value = read_number(piece) if kind == "number" else None
        tokens.append(_Token(kind, piece, match.start() == end, value))
        end = match.end()
    return _with_thousands(_with_fractions(_with_signs(tokens)))


def _with_signs(tokens: list[_Token]) -> list[_Token]:
    """A "+" before a number, or a minus glued to it (and not to a word), becomes its sign."""
    kept: list[_Token] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        after_word = bool(kept) and token.glued and kept[-1].kind in ("word", "number")
        if token.kind == "mark" and following is not None and following.kind == "number" and not after_word:
            if token.text == "+" or (token.text in _MINUS and following.glued):
                following.sign = "+" if token.text == "+" else "-"
                following.glued = token.glued
                continue
        kept.append(token)
    return kept


def _with_fractions(tokens: list[_Token]) -> list[_Token]:
    """ "1 1/2 kg" is 1.5 kg."""
    kept: list[_Token] = []
    for token in tokens:
        before = kept[-1] if kept else None
        if "/" in token.text and token.kind == "number" and token.value is not None and not token.sign and \
                before is not None and before.kind == "number" and before.value is not None and before.text.isdigit() \
                and not token.glued:
            before.value += token.value
            continue
        kept.append(token)
    return kept


def _with_thousands(tokens: list[_Token]) -> list[_Token]:
    """ "15 mil" is 15000."""
    kept: list[_Token] = []
    for token in tokens:
        if token.key == "mil" and kept and kept[-1].kind == "number" and kept[-1].value is not None:
            kept[-1].value *= 1000
            continue
        kept.append(token)
    return kept


# --- reading a line ------------------------------------------------------------------------------


@dataclass
class _Line:
    tokens: list[_Token]
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
            return {"currency": _SIGNS.get(token.key.replace(" ", ""))}
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
        for phrase in _SOLD_OUT_PHRASES:
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
    if unit in _CONTAINERS:
        _find_content(line, i + 2)


def _find_content(line: _Line, i: int) -> None:
    """ "12 bolsas de 500 g", "12 bolsas 500 g", "12 bolsas (500 g)": what one bag holds."""
    while i < len(line.tokens) and i in line.used:
        i += 1
    start = i
    while i < len(line.tokens) and (line.role(i, "connector") or line.tokens[i].key in ("x", "(", "com")):
        i += 1
    measure = _unit_at(line, i + 1)
    if line.number(i) and i != line.price_at and measure in _MEASURES and (value := line.tokens[i].value) is not None:
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
    runs: list[list[_Token]] = [[]]
    for i, token in enumerate(line.tokens):
        if i in line.used:
            runs.append([])
        else:
            runs[-1].append(token)
    return " ".join(filter(None, (_trimmed(run, line) for run in runs))).lower()


def _trimmed(run: list[_Token], line: _Line) -> str:
    """A run without outer punctuation, nor a connector or filler word at its ends ("de tomate")."""

    def loose(token: _Token) -> bool:
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
        if token.value is None or token.sign == "-":
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
    mode = "add" if line.quantity_at is not None and line.tokens[line.quantity_at].sign == "+" else "set"
    return StockLine(
        line=number, product=product, quantity=quantity, unit=line.unit, mode=mode, price=price,
        currency=line.currency if price is not None else None,
        price_unit=line.price_unit if price is not None else None, content=line.content,
    )


def _read_line(text: str, number: int, words: dict[str, dict[str, object]]) -> StockLine | StockMessageError:
    line = _Line(_tokenize(_without_bullets(text)), words)
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
    | tomate -5 kg                             | bad_quantity  |     |         |      |       |      |         |         |
    | tomate                                   | no_quantity   |     |         |      |       |      |         |         |
    | papa 2000000 kg                          | too_large     |     |         |      |       |      |         |         |
    | papa 20 kg a -3                          | bad_price     |     |         |      |       |      |         |         |
    | =HYPERLINK("http://x.example") 2 kg      | bad_name      |     |         |      |       |      |         |         |
    """
    if not any(char.isalnum() for char in text or ""):
        raise StockMessageError("empty", line=0)
    words = _vocabulary(_language(locale))
    return [
        _read_line(line, number, words)
        for number, line in enumerate(text.splitlines(), start=1)
        if any(char.isalnum() for char in line)
    ]

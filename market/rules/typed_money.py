"""Reading an amount of money typed in the chat in a known currency: "12,50", "12.50", "Bs 12,5", "R$ 1.200,50"."""

from __future__ import annotations

import re
from decimal import Decimal

from market.errors import Invalid
from market.stock_messages import read_number
from market.stock_messages.words import SIGNS

# How people write a currency next to its amount, besides its code ("bob", "brl") and the signs the stock messages
# read (market.stock_messages.words.SIGNS; "$" alone is the local peso or dollar).
_WRITTEN = {"BOB": ("bs", "bs."), "PYG": ("gs", "gs.", "₲"), "BRL": ("r$",), "PEN": ("s/", "s/."),
            "USD": ("us$", "u$s", "$us")}
_PESOS = frozenset({"MXN", "ARS", "COP", "CLP", "UYU", "USD"})
_AMOUNT = re.compile(r"^\s*(?P<before>[^\d\s.,]*\.?)\s*(?P<number>[\d.,]+)\s*(?P<after>[^\d\s]*)\s*$")


def written_currency(currency: str) -> frozenset[str]:
    """The ways `currency` is written beside an amount, in lower case: its code, signs and abbreviations."""
    signs = {sign for sign, code in SIGNS.items() if code == currency}
    if currency in _PESOS:
        signs.add("$")
    return frozenset({currency.lower(), *signs, *_WRITTEN.get(currency, ())})


def parse_money(text: str, currency: str) -> Decimal:
    """An amount of `currency` as a person types it, zero allowed; Invalid("bad_amount") when it is not one.

    | text          | currency | amount     |
    |---------------|----------|------------|
    | "12,50"       | BOB      | 12.50      |
    | "12.50"       | BOB      | 12.50      |
    | "Bs 12,5"     | BOB      | 12.5       |
    | "12,5 Bs."    | BOB      | 12.5       |
    | "1.200,50"    | BOB      | 1200.50    |
    | "R$ 8,00"     | BRL      | 8.00       |
    | "0"           | BOB      | 0          |
    | "R$ 8"        | BOB      | bad_amount |
    | "-5"          | BOB      | bad_amount |
    | "doce"        | BOB      | bad_amount |
    | "1,2,3"       | BOB      | bad_amount |
    """
    found = _AMOUNT.match(text or "")
    number = read_number(found["number"]) if found else None
    if found is None or number is None:
        raise Invalid("bad_amount", currency=currency)
    written = written_currency(currency)
    for mark in (found["before"], found["after"]):
        if mark and mark.lower() not in written and mark.lower().rstrip(".") not in written:
            raise Invalid("bad_amount", currency=currency)
    if found["before"] and found["after"]:
        raise Invalid("bad_amount", currency=currency)
    return number

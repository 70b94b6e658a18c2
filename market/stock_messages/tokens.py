"""A stock line in tokens: bullets dropped, numbers (signs, fractions, thousands, "mil") read, words and money signs apart."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from market.text import search_key


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


@dataclass
class Token:
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


def without_bullets(text: str) -> str:
    while True:
        text = text.strip()
        if text and _decoration(text[0]):
            text = text[1:]
        elif match := _BULLET.match(text):
            text = text[match.end():]
        else:
            return text


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    end = 0
    for match in _TOKEN.finditer(text):
        kind, piece = match.lastgroup or "", match.group()  # every alternative of _TOKEN is a named group
        if kind == "mark" and _decoration(piece):
            continue
        value = read_number(piece) if kind == "number" else None
        tokens.append(Token(kind, piece, match.start() == end, value))
        end = match.end()
    return _with_thousands(_with_fractions(_with_signs(tokens)))


def _with_signs(tokens: list[Token]) -> list[Token]:
    """A "+" before a number, or a minus glued to it (and not to a word), becomes its sign."""
    kept: list[Token] = []
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


def _with_fractions(tokens: list[Token]) -> list[Token]:
    """ "1 1/2 kg" is 1.5 kg."""
    kept: list[Token] = []
    for token in tokens:
        before = kept[-1] if kept else None
        if "/" in token.text and token.kind == "number" and token.value is not None and not token.sign and \
                before is not None and before.kind == "number" and before.value is not None and before.text.isdigit() \
                and not token.glued:
            before.value += token.value
            continue
        kept.append(token)
    return kept


def _with_thousands(tokens: list[Token]) -> list[Token]:
    """ "15 mil" is 15000."""
    kept: list[Token] = []
    for token in tokens:
        if token.key == "mil" and kept and kept[-1].kind == "number" and kept[-1].value is not None:
            kept[-1].value *= 1000
            continue
        kept.append(token)
    return kept

"""Whether a producer's message looks like stock that cannot be read as they meant, and its closest readable form.

A message an approved producer writes is stock when a line holds a quantity (market.stock_messages.reading);
anything else is a search. Between the two lie messages a neighbour would read as stock at once and the
parser would not, or would read wrongly: a quantity in words ("tomate veinte kilos", read as a search), a
misspelt unit ("tomate 20 kilso": 20 units of a product called "tomate kilso") and a quantity with no
product ("20 kg"). For those the producer is shown the closest form that is read, not a card nor search
results. The rule stays narrow, so that a producer can still search by writing a product's name: a number
in words counts only right before a unit, and a misspelt unit only right after a number, one letter away
(a letter more, less, changed, or two swapped) from a unit word of four letters or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from market.stock_messages.reading import StockLine, parse_stock_message
from market.stock_messages.tokens import Token, tokenize, without_bullets
from market.stock_messages.words import language_of, vocabulary_of

# Numbers people write in words; "un", "una", "um", "one", "a" are left out: they are articles too.
_NUMBER_WORDS = {
    "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete "
          "dieciocho diecinueve veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa cien",
    "pt": "dois tres quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezesseis dezessete "
          "dezoito dezenove vinte trinta quarenta cinquenta sessenta setenta oitenta noventa cem",
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
          "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred",
}
_VALUES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 30, 40, 50, 60, 70, 80, 90, 100)
NUMBER_WORDS = {
    word: value
    for language, words in _NUMBER_WORDS.items()
    for word, value in zip(words.split(), _VALUES, strict=True)
} | {"duas": 2}
_SHORTEST_MISSPELT = 4  # "kgs", "lbs", "qq" are too short to guess at: one letter away is another word


@dataclass(frozen=True)
class StockHint:
    """A line that looks like stock but is not read as meant, and how to write it so that it is."""

    line: int  # counted as parse_stock_message counts them
    code: str  # "spelled_number", "misspelt_unit" or "no_product"
    readable: str  # the line as it would be read


def stock_hint(text: str, locale: str, product: str) -> StockHint | None:
    """The first line of a producer's message that looks like stock and would not be read as meant; None
    when there is none (the message is stock as written, or a search). `product` names the product of the
    example given for a line that names none.

    | message                 | line | code           | readable         |
    |-------------------------|------|----------------|------------------|
    | tomate veinte kilos     | 1    | spelled_number | tomate 20 kilos  |
    | veinte kilso de tomate  | 1    | spelled_number | 20 kilos de tomate |
    | tomatoes twenty pounds  | 1    | spelled_number | tomatoes 20 pounds |
    | tomate 20 kilso         | 1    | misspelt_unit  | tomate 20 kilos  |
    | feijão 3 scaas a 300    | 1    | misspelt_unit  | feijão 3 sacas a 300 |
    | 20 kg                   | 1    | no_product     | papa 20 kg       |
    | +5 kg                   | 1    | no_product     | papa +5 kg       |
    | papa 2 qq\\n20 kg        | 2    | no_product     | papa 20 kg       |
    | tomate 20 kg a 8,50     |      |                |                  |
    | tomate veinte           |      |                |                  |
    | miel de abeja           |      |                |                  |
    | tomate por kilo         |      |                |                  |
    | 20 pesos                |      |                |                  |
    | huevos 30 maples        |      |                |                  |
    """
    words = vocabulary_of(language_of(locale))
    units = {word for word, roles in words.items() if "unit" in roles}
    number = 0
    for written in text.splitlines():
        if not any(char.isalnum() for char in written):
            continue  # parse_stock_message does not count it
        number += 1
        line = without_bullets(written)
        tokens = tokenize(line)
        if hint := _spelled(number, line, tokens, words, units) or _misspelt(number, line, tokens, words, units):
            return hint
        read = parse_stock_message(line, locale)[0]
        if isinstance(read, StockLine) and not read.product:
            return StockHint(number, "no_product", f"{product} {line}")
    return None


def _spelled(number: int, line: str, tokens: list[Token], words: dict[str, dict[str, object]],
             units: set[str]) -> StockHint | None:
    """ "veinte kilos": a line with no digit whose number in words comes right before a unit."""
    if any(token.kind == "number" for token in tokens):
        return None
    for i, token in enumerate(tokens[:-1]):
        unit = tokens[i + 1]
        if token.key in NUMBER_WORDS and (unit.key in units or _unit_meant(unit, words, units)):
            readable = _replaced(line, token.text, str(NUMBER_WORDS[token.key]))
            if (meant := _unit_meant(unit, words, units)) is not None:
                readable = _replaced(readable, unit.text, meant)
            return StockHint(number, "spelled_number", readable)
    return None


def _misspelt(number: int, line: str, tokens: list[Token], words: dict[str, dict[str, object]],
              units: set[str]) -> StockHint | None:
    """ "20 kilso": a word right after a number, one letter away from a unit and nothing else."""
    for i, token in enumerate(tokens[:-1]):
        if token.kind == "number" and (meant := _unit_meant(tokens[i + 1], words, units)) is not None:
            return StockHint(number, "misspelt_unit", _replaced(line, tokens[i + 1].text, meant))
    return None


def _unit_meant(token: Token, words: dict[str, dict[str, object]], units: set[str]) -> str | None:
    """The unit word a word not in the vocabulary is one letter away from; None for a known word or no unit."""
    if token.kind != "word" or token.key in words or len(token.key) < _SHORTEST_MISSPELT:
        return None
    close = sorted((abs(len(unit) - len(token.key)), unit) for unit in units
                   if len(unit) >= _SHORTEST_MISSPELT and _one_letter_away(token.key, unit))
    return close[0][1] if close else None  # a swap before a letter more or less


def _one_letter_away(a: str, b: str) -> bool:
    """One letter more, less or changed, or two neighbours swapped ("kilso" and "kilos")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        differ = [k for k in range(len(a)) if a[k] != b[k]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:k] + longer[k + 1:] == shorter for k in range(len(longer)))


def _replaced(line: str, word: str, by: str) -> str:
    """The line with its first `word` (a whole word, as written) replaced."""
    return re.sub(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", lambda _: by, line, count=1)

"""What of a failed search may reach a producer's demand board: a product's words, never what was typed.

A search box is a place anyone can write to, and the board shows it to every producer around: a
phishing line, a phone number or a greeting meant for the bot must not travel there. Only a short
run of plain words, the shape of a product's name, is kept, normalized as the catalog searches it.
"""

from __future__ import annotations

import re
import unicodedata

from market.text import search_key

MAX_KEY_LENGTH = 40
MAX_KEY_WORDS = 4
# Marks that end or start a question but are no part of the words ("¿miel?", "café, por favor" is two words).
_EDGES = re.compile(r"[¿?¡!]")
# After search_key: letters a-z and single spaces only; no digits, links, addresses or punctuation.
_PRODUCT_WORDS = re.compile(r"[a-z]+(?: [a-z]+)*")


def product_key(text: str) -> str | None:
    """The normalized product words of a failed search, or None when it is not shaped like a product's name.

    | typed                                              | key              |
    |----------------------------------------------------|------------------|
    | "Quinua  Roja"                                     | "quinua roja"    |
    | "¿Achachairú?"                                     | "achachairu"     |
    | "ch'uño"                                           | "chuno"          |
    | "mi\u200bel" (a zero-width space inside)           | "miel"           |
    | "\u202eleim" (a right-to-left override)            | "leim"           |
    | "PAGO ATRASADO escriba a t.me/pagos"               | None (a link)    |
    | "Gabriela Roca cel 71234567 Av Banzer 44"          | None (digits)    |
    | "hola buenas tardes, mañana llevo lo de siempre"   | None (a sentence)|
    | "café 500g"                                        | None (digits)    |
    | "миед" (letters outside the catalog's alphabet)    | None             |
    | "   "                                              | None             |
    """
    # Format characters (zero-width, bidirectional overrides) change how words look, never what they say.
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    key = search_key(_EDGES.sub(" ", visible.replace("'", "").replace("’", "")))
    if not _PRODUCT_WORDS.fullmatch(key):
        return None
    if len(key) > MAX_KEY_LENGTH or key.count(" ") >= MAX_KEY_WORDS:
        return None
    return key

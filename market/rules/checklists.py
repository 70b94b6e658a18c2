"""A PGS checklist as a committee writes it: one norm per line, read into the norms of a new version."""

from __future__ import annotations

import re

from market.errors import Invalid
from market.text import search_key

NORM_MIN, NORM_MAX = 3, 300  # characters of one norm
NORMS_MIN, NORMS_MAX = 1, 60  # norms in one version: a visit answers every one of them in the chat

# What a list pasted from a document or a chat starts its lines with: "1.", "2)", "-", "•", "*", "✅".
_BULLET = re.compile(r"^\s*(?:\d{1,2}\s*[.)\-:]|[-•*·▪◦✅✔☑])\s*")


def checklist_norms(text: str) -> tuple[str, ...]:
    """The norms a committee typed, one per line, in their order; a bad list is refused whole.

    A line's leading number or bullet is the list's, not the norm's; blank lines are skipped.
    Two norms that differ only in accents, case or spaces are the same norm.

    | text                                              | result                                           |
    |---------------------------------------------------|--------------------------------------------------|
    | "Semillas propias\\nFuente de agua protegida"      | ("Semillas propias", "Fuente de agua protegida") |
    | "1. Semillas propias\\n2) Sin quemas"              | ("Semillas propias", "Sin quemas")               |
    | "• Semillas propias\\n\\n- Sin quemas  "            | ("Semillas propias", "Sin quemas")               |
    | "" or "-\\n2."                                     | Invalid("checklist_norm_count")                  |
    | 61 lines                                          | Invalid("checklist_norm_count")                  |
    | "Semillas propias\\nAb"                            | Invalid("checklist_norm_length", number=2)       |
    | a line of 301 characters                          | Invalid("checklist_norm_length", number=1)       |
    | "Sin quemas\\nsin  QUEMAS"                         | Invalid("checklist_norm_repeated", number=2)     |
    """
    norms = [" ".join(_BULLET.sub("", line, count=1).split()) for line in text.splitlines()]
    norms = [norm for norm in norms if norm]
    if not NORMS_MIN <= len(norms) <= NORMS_MAX:
        raise Invalid("checklist_norm_count", min=NORMS_MIN, max=NORMS_MAX)
    seen: set[str] = set()
    for number, norm in enumerate(norms, start=1):
        if not NORM_MIN <= len(norm) <= NORM_MAX:
            raise Invalid("checklist_norm_length", number=number, min=NORM_MIN, max=NORM_MAX)
        key = search_key(norm)
        if key in seen:
            raise Invalid("checklist_norm_repeated", number=number)
        seen.add(key)
    return tuple(norms)

"""What an operator may write for a category: its code (kept for good, in links and filters) and its names."""

from __future__ import annotations

import re

CODE_LIMITS = (2, 32)
NAME_LIMIT = 60
_CODE = re.compile(r"[a-z][a-z0-9_]*")
# What a spreadsheet reads as a formula (market/spreadsheet.py): a name never starts with one.
_FORMULA_STARTS = ("=", "+", "-", "@")


def category_code(text: str) -> str | None:
    """The code written, made lowercase with "_" for spaces and "-"; None when it cannot be a code.

    | text             | code            |
    |------------------|-----------------|
    | "seeds"          | "seeds"         |
    | " Dried Fruit "  | "dried_fruit"   |
    | "plantas-medic"  | "plantas_medic" |
    | "semillas2"      | "semillas2"     |
    | "2semillas"      | None            |
    | "café"           | None            |
    | "x"              | None            |
    """
    code = re.sub(r"[\s-]+", "_", text.strip().lower())
    low, high = CODE_LIMITS
    return code if low <= len(code) <= high and _CODE.fullmatch(code) else None


def category_display_name(text: str) -> str | None:
    """The name written, its spaces tidied; None when it is empty, too long, unprintable or starts like a formula.

    | text                         | name                  |
    |------------------------------|-----------------------|
    | "Semillas"                   | "Semillas"            |
    | "  Plantas   medicinales "   | "Plantas medicinales" |
    | ""                           | None                  |
    | "=HYPERLINK(...)"            | None                  |
    | 61 letters                   | None                  |
    """
    name = " ".join(text.split())
    if not 1 <= len(name) <= NAME_LIMIT or not name.isprintable() or name.startswith(_FORMULA_STARTS):
        return None
    return name

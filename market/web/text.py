"""What the web adapter checks in text from an address before a service looks it up."""

from __future__ import annotations

import unicodedata


def unreadable(value: str) -> bool:
    """True when `value` holds a control character or a lone surrogate.

    No name, code or key Feria keeps holds one; PostgreSQL refuses a NUL in a query outright, and a
    lone surrogate (from percent-encoded bytes that are no UTF-8) cannot even be sent to it.

    | value            | unreadable |
    |------------------|------------|
    | "café"           | False      |
    | "caf\\x00e"       | True       |
    | "a\\tb", "a\\x85b" | True       |
    | "\\ud800"         | True       |
    | "\\u200bcafé"     | False      |
    """
    return any(unicodedata.category(char) in ("Cc", "Cs") for char in value)

"""The one exception tree of Feria's domain; each adapter translates it in one place.

    FeriaError                      anything the domain refuses, with a stable `code`
    ├── NotFound                    the thing asked for does not exist
    ├── Invalid                     the input breaks a rule (bad quantity, bad date)
    ├── Forbidden                   the person may not do this here
    └── Conflict                    the state changed under us (not enough stock, round closed)
"""

from __future__ import annotations

from typing import Any


class FeriaError(Exception):
    """Base of the domain's refusals. `code` is stable; `params` fill the translated message."""

    code = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.code, params)


class NotFound(FeriaError):
    code = "not_found"


class Invalid(FeriaError):
    code = "invalid"


class Forbidden(FeriaError):
    code = "forbidden"


class Conflict(FeriaError):
    code = "conflict"

"""The one exception tree of Feria's domain; each adapter translates it in one place.

    FeriaError                      anything the domain refuses, with a stable `code`
    ├── NotFound                    the thing asked for does not exist
    ├── Invalid                     the input breaks a rule (bad quantity, bad date)
    ├── Forbidden                   the person may not do this here
    ├── Conflict                    the state changed under us (not enough stock, round closed)
    └── Unavailable                 what we depend on is away (the database): nothing changed, try again

Every code is declared once in market.refusals, with its kind (the class it is raised as) and its
parameters; making a refusal with an undeclared code, another class or an undeclared parameter is a
mistake in the code that raises it, refused at once.
"""

from __future__ import annotations

from typing import Any

from market.refusals import Kind, declared


class FeriaError(Exception):
    """Base of the domain's refusals. `code` is stable; `params` fill the translated message."""

    code = "error"
    kind: Kind | None = None

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        refusal = declared(self.code)
        if self.kind is not None and refusal.kind is not self.kind:
            raise TypeError(f"refusal {self.code!r} is declared {refusal.kind}, raised as {type(self).__name__}")
        if undeclared := sorted(set(params) - refusal.params):
            raise TypeError(f"refusal {self.code!r} does not declare the parameters {undeclared}")
        super().__init__(self.code, params)


class NotFound(FeriaError):
    code = "not_found"
    kind = Kind.NOT_FOUND


class Invalid(FeriaError):
    code = "invalid"
    kind = Kind.INVALID


class Forbidden(FeriaError):
    code = "forbidden"
    kind = Kind.FORBIDDEN


class Conflict(FeriaError):
    code = "conflict"
    kind = Kind.CONFLICT


class Unavailable(FeriaError):
    code = "unavailable"
    kind = Kind.UNAVAILABLE

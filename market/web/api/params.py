"""Query parameters of the API: each declared once, parsed strictly and described in the OpenAPI document.

A view lists its parameters; `parse_query` reads them all and raises one InvalidParameters
naming every bad one, which the error middleware answers as a 400 problem. Parameters
nobody declared are ignored (as `lang` is everywhere but in the middleware that reads it),
so a client may add its own, e.g. to bust a cache.

| raw query                  | declared as                 | value / reason        |
|----------------------------|-----------------------------|-----------------------|
| limit=20                   | Integer("limit", 1, 100)    | 20                    |
| limit=0 / limit=abc        | Integer("limit", 1, 100)    | out_of_range / not_integer |
| sealed=true / sealed=yes   | Boolean("sealed")           | True / not_boolean    |
| q=caf%00e                  | Text("q", 200)              | control_characters    |
| category=Cafe!             | Code("category")            | not_code              |
| legal_form=oeca&legal_form=oeca | Choice("legal_form", ...)  | repeated           |
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from multidict import MultiMapping

from market.errors import Invalid

_INTEGER = re.compile(r"-?[0-9]{1,18}")


class InvalidParameters(Invalid):
    """One or more query parameters are bad; `problems` are (name, reason code, reason params)."""

    def __init__(self, problems: list[tuple[str, str, dict[str, Any]]]) -> None:
        super().__init__("invalid_parameters", problems=problems)
        self.problems = problems


class _Refused(ValueError):
    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


@dataclass(frozen=True)
class Param:
    """A query parameter: its name, what it means, and its value when absent."""

    name: str
    description: str
    default: Any = None

    def parse(self, raw: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def openapi(self) -> dict[str, Any]:
        schema = self.schema()
        if self.default is not None:
            schema["default"] = self.default
        return {"name": self.name, "in": "query", "required": False, "description": self.description,
                "schema": schema}


@dataclass(frozen=True)
class Integer(Param):
    minimum: int = 1
    maximum: int = 2**31 - 1

    def parse(self, raw: str) -> int:
        if not _INTEGER.fullmatch(raw):
            raise _Refused("not_integer")
        value = int(raw)
        if not self.minimum <= value <= self.maximum:
            raise _Refused("out_of_range", min=self.minimum, max=self.maximum)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Boolean(Param):
    default: Any = False

    def parse(self, raw: str) -> bool:
        if raw not in ("true", "false"):
            raise _Refused("not_boolean")
        return raw == "true"

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Text(Param):
    """Free text a person typed: any characters but control ones, up to a length."""

    max_length: int = 200

    def parse(self, raw: str) -> str:
        if len(raw) > self.max_length:
            raise _Refused("too_long", max=self.max_length)
        # NUL and friends are never typed, and PostgreSQL refuses NUL in text outright.
        if any(unicodedata.category(c) in ("Cc", "Cs") for c in raw):
            raise _Refused("control_characters")
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length, "pattern": r"^[^\u0000-\u001f\u007f-\u009f]*$"}


@dataclass(frozen=True)
class Code(Param):
    """A code or slug: lowercase letters, digits, - and _ (territory, category, organization)."""

    pattern: str = r"[a-z0-9][a-z0-9_-]{0,63}"

    def parse(self, raw: str) -> str:
        if not re.fullmatch(self.pattern, raw):
            raise _Refused("not_code")
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{self.pattern}$"}


@dataclass(frozen=True)
class Choice(Param):
    choices: tuple[str, ...] = field(default=())

    def parse(self, raw: str) -> str:
        if raw not in self.choices:
            raise _Refused("not_a_choice", choices=", ".join(self.choices))
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices)}


def parse_query(query: MultiMapping[str], params: Iterable[Param]) -> dict[str, Any]:
    """Every declared parameter's value (its default when absent); InvalidParameters names each bad one."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str, dict[str, Any]]] = []
    for param in params:
        given = query.getall(param.name, [])
        if not given:
            values[param.name] = param.default
        elif len(given) > 1:
            problems.append((param.name, "repeated", {}))
        else:
            try:
                values[param.name] = param.parse(given[0])
            except _Refused as refused:
                problems.append((param.name, refused.reason, refused.params))
    if problems:
        raise InvalidParameters(problems)
    return values


def refuse(name: str, reason: str, **params: Any) -> InvalidParameters:
    """The error for one parameter that parsed but makes no sense with the others."""
    return InvalidParameters([(name, reason, params)])


def openapi_parameters(params: Iterable[Param]) -> list[dict[str, Any]]:
    return [param.openapi() for param in params]

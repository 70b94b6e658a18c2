"""Errors of the API as application/problem+json (RFC 9457), translated for the person's language.

Every problem has `type`, `title`, `status` and `code` (a stable machine word). A problem the
domain raised has a type of its own under /api/v1/problems/ (a relative reference, resolved
against the API), and usually a `detail`; a bad query gets `invalid_params`, one entry per
parameter with the reason in words. Errors of HTTP itself (no such address, method not
allowed, our own crash) are "about:blank" with the status as title.

| raised                                             | status | type under /api/v1/problems/ | code               |
|----------------------------------------------------|--------|------------------------------|--------------------|
| InvalidParameters([("limit", "out_of_range", ..)]) | 400    | invalid-parameters           | invalid_parameters |
| Invalid("invalid_parameter", parameter="text")     | 400    | invalid-parameters           | invalid_parameters |
| NotFound("seal_not_found", seal_code="X")          | 404    | seal-not-found               | seal_not_found     |
| web.HTTPNotFound()                                 | 404    | (about:blank)                | not_found          |
| RuntimeError()                                     | 500    | (about:blank)                | internal_error     |
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from market.errors import FeriaError, Invalid
from market.presentation.i18n import Translator
from market.presentation.labels import N_
from market.web.api.params import InvalidParameters

PROBLEMS = "/api/v1/problems/"
CONTENT_TYPE = "application/problem+json"

# A service names a parameter by its own word; the API's word for it, where they differ.
_API_NAMES = {"text": "q", "sealed_only": "sealed", "in_stock_only": "in_stock"}

REASONS = {
    "not_integer": N_("Must be a whole number."),
    "out_of_range": N_("Must be a whole number from {min} to {max}."),
    "not_boolean": N_("Must be true or false."),
    "too_long": N_("Must be at most {max} characters long."),
    "control_characters": N_("Must not contain control characters."),
    "not_code": N_("Must be a code of lowercase letters, digits, - and _."),
    "not_a_choice": N_("Must be one of: {choices}."),
    "repeated": N_("Must be given only once."),
    "after_and_before": N_("Give after or before, not both."),
    "unknown_cursor": N_("No product has this id: start again from the first page."),
    "invalid": N_("This value is not valid here."),
    "missing": N_("Must be given."),
}

# What the person is told about a thing that was not found (the same words the bot uses).
DETAILS = {
    "seal_not_found": N_("No seal has the code {seal_code}. Check the letters and try again."),
    "organization_not_found": N_("We don't know that organization."),
    "product_not_found": N_("That product is no longer on offer."),
    "price_product_not_found": N_("We have no prices for that product yet."),
    "territory_not_found": N_("We don't know that place."),
}

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 429: "too_many_requests", 500: "internal_error"}


def problem_response(
    status: int, title: str, translator: Translator, error: FeriaError | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """The problem+json answer for `status`, in the translator's language; `error` is the domain's refusal."""
    _ = translator.gettext
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if error is None:
        body["code"] = _HTTP_CODES.get(status, "http_error")
    elif isinstance(error, Invalid) and error.code in ("invalid_parameters", "invalid_parameter"):
        body |= {"type": PROBLEMS + "invalid-parameters", "code": "invalid_parameters",
                 "invalid_params": invalid_params(error, _)}
    else:
        body |= {"type": PROBLEMS + error.code.replace("_", "-"), "code": error.code}
        if error.code in DETAILS:
            body["detail"] = _(DETAILS[error.code]).format_map(_Blanks(error.params))
    response = web.json_response(body, status=status, content_type=CONTENT_TYPE, headers=headers)
    response.headers["Content-Language"] = translator.locale.replace("_", "-")
    response.headers["Vary"] = "Accept-Language"
    return response


def invalid_params(error: Invalid, _) -> list[dict[str, str]]:
    """`[{"name": "limit", "reason": "Must be a whole number from 1 to 100."}]`, in the person's language."""
    if isinstance(error, InvalidParameters):
        problems = error.problems
    else:
        # A service's refusal names one parameter and, sometimes, why.
        params = dict(error.params)
        name = params.pop("parameter", "")
        problems = [(_API_NAMES.get(name, name), _service_reason(name, params), params)]
    return [
        {"name": name, "reason": _(REASONS.get(reason, REASONS["invalid"])).format_map(_Blanks(params))}
        for name, reason, params in problems
    ]


class _Blanks(dict):
    """Parameters for a message; one the message names but the error lacks reads as empty, not a crash."""

    def __missing__(self, key: str) -> str:
        return ""


def _service_reason(name: str, params: dict[str, Any]) -> str:
    if "reason" in params:
        return params.pop("reason")
    if name in ("after", "before"):
        return "unknown_cursor"
    if "min" in params and "max" in params:
        return "out_of_range"
    if "max" in params:
        return "too_long"
    return "invalid"

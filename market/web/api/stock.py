"""Stock written by an organization's own systems: POST /organizations/{slug}/stock with a bearer token.

The body carries the same plain lines producers write in the chat ("tomate 20 kg a 8,50"), read and
published as the chat's are (market.services.stock.drafts), as the admin who made the token.
All or nothing: a line that cannot be read, that names no product of the organization exactly,
or that names a product an earlier line named, refuses the whole message and names each bad line.

| request                                             | status | code                               |
|-----------------------------------------------------|--------|------------------------------------|
| no Authorization: Bearer, or a malformed token      | 401    | token_missing, token_malformed     |
| a token unknown, revoked, or its maker not an admin | 401    | token_unknown, token_revoked, ...  |
| a good token, no organization with that slug        | 404    | organization_not_found             |
| a token of another organization                     | 403    | token_of_another_organization      |
| a body over 16 KB                                   | 413    | body_too_large                     |
| a body that is not a JSON object                    | 400    | body_not_json                      |
| no "message" string, or one with nothing in it      | 400    | invalid_parameters (message)       |
| a line unreadable, naming no product exactly, or    | 422    | stock_not_published, with `lines` |
| naming a product a line before it named             |        |                                    |
| every line good                                     | 200    | (the published lines)              |

Every 401 carries `WWW-Authenticate: Bearer` (RFC 6750). Publishing raises the catalog's version,
so the cached catalog answers show the new stock at once.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from market.errors import Forbidden, NotFound
from market.presentation.labels import N_
from market.services.organizations.api_tokens import TOKEN_REFUSALS, TokenHolder, authenticate
from market.services.seals.support import get_organization
from market.services.stock.draft_lines import RefusedLine, StockNotPublished
from market.services.stock.drafts import StockDraft, publish_draft, read_draft
from market.services.stock.publishing import Published
from market.web.api import shapes
from market.web.api.common import PREFIX, answer, request_translator
from market.web.api.organizations import SLUG
from market.web.api.params import refuse
from market.web.api.problems import CONTENT_TYPE, PROBLEMS
from market.web.api.schemas import DECIMAL, SCHEMAS as API_SCHEMAS, array, integer, obj, ref, text

PROBLEM = API_SCHEMAS["Problem"]

routes = web.RouteTableDef()

MAX_BODY = 16 * 1024
_BEARER = re.compile(r"Bearer[ \t]+(\S+)[ \t]*", re.IGNORECASE)

TITLES = {
    400: N_("The request could not be understood."),
    401: N_("A valid API token of the organization is needed."),
    403: N_("This token may not write for that organization."),
    413: N_("The request is too large."),
    422: N_("Nothing was published: some lines need correcting."),
}
DETAILS = {
    "token_missing": N_("Send the token as “Authorization: Bearer feria_…”."),
    "token_malformed": N_("That is not a Feria API token: they start with “feria_”."),
    "token_unknown": N_("No organization has this token."),
    "token_revoked": N_("This token was revoked: ask an admin of the organization for a new one."),
    "token_maker_not_admin": N_("The admin who made this token no longer is one: ask an admin for a new one."),
    "token_of_another_organization": N_("This token belongs to another organization."),
    "body_too_large": N_("Send at most 16 KB at a time."),
    "body_not_json": N_("The body must be a JSON object like {\"message\": \"tomate 20 kg a 8,50\"}."),
    "stock_not_published": N_("Correct the lines named and send the whole message again."),
}
# Why a line was refused; the line's number is beside it in the answer.
LINE_REASONS = {
    "no_quantity": N_("No quantity found: write it like “tomate 20 kg a 8,50”."),
    "bad_quantity": N_("The quantity must be a number of zero or more."),
    "too_large": N_("The quantity is too large."),
    "bad_price": N_("The price does not look right: write it like “a 8,50”."),
    "bad_name": N_("A product's name cannot start with =, +, - or @."),
    "no_product": N_("The line names no product."),
    "unknown_product": N_("No product of the organization is called “{written}”."),
    "duplicate_product": N_("{product} is already on line {first}: write each product once."),
    "unit_mismatch": N_("{product} is sold by the {unit}: write its quantity in {unit}."),
    "currency_mismatch": N_("Prices here are in {expected}: write the price without {currency}."),
    "quantity_not_whole": N_("This product is counted in whole units."),
    "quantity_too_precise": N_("A quantity has at most three decimals."),
    "invalid": N_("This line cannot be published."),
}


class Refused(Exception):
    """A refusal this module answers itself (statuses and fields the shared error middleware does not make)."""

    def __init__(self, status: int, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.extra = status, code, extra


@routes.post(PREFIX + "/organizations/{slug}/stock", name="api-organization-stock")
async def post_stock(request: web.Request) -> web.Response:
    """Publish the stock lines of the body's message, all of them or none, as the token's maker."""
    try:
        holder = await _holder(request)
        slug = request.match_info["slug"]
        if not re.fullmatch(SLUG.pattern, slug):
            raise NotFound("organization_not_found", organization=slug)
        organization = await get_organization(slug)
        if organization.id != holder.organization_id:
            raise Refused(403, "token_of_another_organization")
        message = await _message(request)
        published = await _publish(organization.id, holder, message, request_translator(request).locale)
    except Refused as refused:
        return _problem(request, refused)
    return answer({"organization": organization.slug, "published": [_published(line, p) for line, p in published]})


async def _holder(request: web.Request) -> TokenHolder:
    header = request.headers.get("Authorization")
    if header is None:
        raise Refused(401, "token_missing")
    bearer = _BEARER.fullmatch(header)
    try:
        return await authenticate(bearer.group(1) if bearer else "")
    except Forbidden as error:
        if error.code in TOKEN_REFUSALS:
            raise Refused(401, error.code) from None
        raise


async def _message(request: web.Request) -> str:
    """The body's "message", read at most MAX_BODY bytes far."""
    if (request.content_length or 0) > MAX_BODY:
        raise Refused(413, "body_too_large")
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, "body_too_large")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; thousands of nested [ recurse
        raise Refused(400, "body_not_json") from None
    if not isinstance(data, dict):
        raise Refused(400, "body_not_json")
    message = data.get("message")
    if not isinstance(message, str) or not any(char.isalnum() for char in message):
        raise refuse("message", "missing" if message is None else "invalid")
    return message


async def _publish(
    organization_id: int, holder: TokenHolder, message: str, locale: str,
) -> tuple[tuple[int, Published], ...]:
    """(line number, Published) for every line, or Refused(422) naming each bad line and publishing nothing."""
    draft = await read_draft(StockDraft(message, locale, organization_id))
    try:
        return await publish_draft(draft, by_person_id=holder.person_id)
    except StockNotPublished as refused:
        raise Refused(422, "stock_not_published", lines=[_line_entry(line) for line in refused.lines]) from None


def _line_entry(line: RefusedLine) -> dict[str, Any]:
    return {"line": line.line, "code": line.code, "params": dict(line.params), "suggestions": list(line.suggestions)}


def _published(number: int, p: Published) -> dict[str, Any]:
    return {
        "line": number, "product": {"id": p.product_id, "name": p.product_name}, "stock": shapes.decimal(p.stock),
        "unit": p.unit, "price": shapes.money(p.price, p.currency), "events": [e.value for e in p.events],
    }


def _problem(request: web.Request, refused: Refused) -> web.Response:
    """The problem+json answer, its words in the request's language (as market.web.api.problems does)."""
    translator = request_translator(request)
    _ = translator.gettext
    body: dict[str, Any] = {
        "type": PROBLEMS + refused.code.replace("_", "-"), "title": _(TITLES[refused.status]),
        "status": refused.status, "code": refused.code, "detail": _(DETAILS[refused.code]),
    }
    if "lines" in refused.extra:
        body["lines"] = [_reason(entry, _) for entry in refused.extra["lines"]]
    headers = {"Content-Language": translator.locale.replace("_", "-"), "Vary": "Accept-Language"}
    if refused.status == 401:
        error = "" if refused.code == "token_missing" else ', error="invalid_token"'
        headers["WWW-Authenticate"] = f'Bearer realm="feria"{error}'
    return web.json_response(body, status=refused.status, content_type=CONTENT_TYPE, headers=headers)


def _reason(entry: dict[str, Any], _) -> dict[str, Any]:
    params, fallback = entry["params"], LINE_REASONS["invalid"]
    reason = _(LINE_REASONS.get(entry["code"], fallback))
    try:
        reason = reason.format(**params)
    except (KeyError, IndexError):
        reason = _(fallback)
    return {"line": entry["line"], "code": entry["code"], "reason": reason, "suggestions": entry["suggestions"]}


EVENTS = ("new_stock", "price_change", "sold_out")
# The JSON Schemas of the request and answers, added to the OpenAPI document's components.
SCHEMAS = {
    "StockMessage": {
        "type": "object", "required": ["message"],
        "properties": {"message": text(
            "Stock lines as producers write them in the chat, one product a line, e.g. "
            "\"tomate 20 kg a 8,50\\nlechuga 30 unidades\".", minLength=1)},
    },
    "PublishedStock": obj(
        organization=text("The organization's slug."),
        published=array(obj(
            line=integer("The line of the message.", minimum=1),
            product=obj(id=integer(minimum=1), name=text()),
            stock=DECIMAL, unit=text("The offer's unit; quantities written in another were converted."),
            price=ref("Money"), events=array(text(enum=list(EVENTS))),
        )),
    ),
    "StockProblem": {
        **PROBLEM,
        "description": "Nothing was published; `lines` names each line to correct.",
        "required": [*PROBLEM["required"], "lines"],
        "properties": {**PROBLEM["properties"], "lines": array(obj(
            line=integer("The line of the message; 0 when it is the whole message."),
            code=text("no_quantity, bad_quantity, too_large, bad_price, bad_name, no_product, unknown_product, "
                      "duplicate_product, unit_mismatch, "
                      "currency_mismatch, quantity_not_whole, quantity_too_precise or invalid."),
            reason=text("Why, in the asked language."),
            suggestions=array(text("The name of a product of the organization close to what was written.")),
        ))},
    },
}

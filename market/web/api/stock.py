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

A refusal is raised like any other and answered by the error middleware: its status is declared in
market.refusals, its words are in market.web.api.problems, and every 401 carries
`WWW-Authenticate: Bearer` (RFC 6750). Publishing raises the catalog's version, so the cached catalog
answers show the new stock at once.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from market.errors import Forbidden, Invalid, NotFound
from market.services.organizations.api_tokens import TokenHolder, authenticate
from market.services.seals.support import get_organization
from market.services.stock.draft_lines import RefusedLine, StockNotPublished
from market.services.stock.drafts import StockDraft, publish_draft, read_draft
from market.services.stock.publishing import Published
from market.web.api import shapes
from market.web.api.common import PREFIX, answer, request_translator
from market.web.api.organizations import SLUG
from market.web.api.params import refuse
from market.web.api.schemas import DECIMAL, array, integer, obj, ref, text
from market.web.api.schemas import SCHEMAS as API_SCHEMAS

PROBLEM = API_SCHEMAS["Problem"]

routes = web.RouteTableDef()

MAX_BODY = 16 * 1024
_BEARER = re.compile(r"Bearer[ \t]+(\S+)[ \t]*", re.IGNORECASE)


@routes.post(PREFIX + "/organizations/{slug}/stock", name="api-organization-stock")
async def post_stock(request: web.Request) -> web.Response:
    """Publish the stock lines of the body's message, all of them or none, as the token's maker."""
    holder = await _holder(request)
    slug = request.match_info["slug"]
    if not re.fullmatch(SLUG.pattern, slug):
        raise NotFound("organization_not_found", organization=slug)
    organization = await get_organization(slug)
    if organization.id != holder.organization_id:
        raise Forbidden("token_of_another_organization")
    message = await _message(request)
    published = await _publish(organization.id, holder, message, request_translator(request).locale)
    return answer({"organization": organization.slug, "published": [_published(line, p) for line, p in published]})


async def _holder(request: web.Request) -> TokenHolder:
    header = request.headers.get("Authorization")
    if header is None:
        raise Forbidden("token_missing")
    bearer = _BEARER.fullmatch(header)
    return await authenticate(bearer.group(1) if bearer else "")


async def _message(request: web.Request) -> str:
    """The body's "message", read at most MAX_BODY bytes far."""
    if (request.content_length or 0) > MAX_BODY:
        raise Invalid("body_too_large")
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > MAX_BODY:
            raise Invalid("body_too_large")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; thousands of nested [ recurse
        raise Invalid("body_not_json") from None
    if not isinstance(data, dict):
        raise Invalid("body_not_json")
    message = data.get("message")
    if not isinstance(message, str) or not any(char.isalnum() for char in message):
        raise refuse("message", "missing" if message is None else "invalid")
    return message


async def _publish(
    organization_id: int, holder: TokenHolder, message: str, locale: str,
) -> tuple[tuple[int, Published], ...]:
    """(line number, Published) for every line, or Invalid("stock_not_published") naming each bad line."""
    draft = await read_draft(StockDraft(message, locale, organization_id))
    try:
        return await publish_draft(draft, by_person_id=holder.person_id)
    except StockNotPublished as refused:
        raise Invalid("stock_not_published", lines=[_line_entry(line) for line in refused.lines]) from None


def _line_entry(line: RefusedLine) -> dict[str, Any]:
    return {"line": line.line, "code": line.code, "params": dict(line.params), "suggestions": list(line.suggestions)}


def _published(number: int, p: Published) -> dict[str, Any]:
    return {
        "line": number, "product": {"id": p.product_id, "name": p.product_name}, "stock": shapes.decimal(p.stock),
        "unit": p.unit, "price": shapes.money(p.price, p.currency), "events": [e.value for e in p.events],
    }


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

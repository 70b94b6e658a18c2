"""Registering an organization in the chat: each answer checked as it is given, then one transaction.

The bot keeps the draft in the chat's state (market.services.messaging.chats) until the person confirms, so a
person who stops midway leaves nothing in the database. Confirming creates the organization `pending` with a
short unique slug, its pickup points in order, and the person as its pending first admin; the operators'
queue shows it (market.services.operators.decisions), whose approval makes them its approved admin and
president, and whose refusal tells them why. The same person may register several organizations.

| check                        | accepts                                   | refuses with                              |
|------------------------------|-------------------------------------------|-------------------------------------------|
| check_name                   | 3 to 160 characters                       | Invalid("organization_name_length")       |
| check_legal_form             | a LegalForm value                         | Invalid("legal_form_unknown")             |
| check_tax_number             | the country's rule (rules/tax_numbers.py) | Invalid("tax_number_not_…")               |
| check_pickup_point           | 3 to 300 characters, at most 5 points     | Invalid("pickup_point_length"), ...       |
| check_fund_rate              | "5", "5 %", "2,5" between 0 and 20        | Invalid("fund_rate_range")                |
| check_description            | at most 1000 characters                   | Invalid("description_too_long")           |

Two people registering the same name at once: the slug is unique, and the one whose insert meets the other's
slug takes the next free one ("cooperativa-sol-2"); after SLUG_ATTEMPTS such meetings, Conflict("registration_busy").
A person id nobody has: NotFound("person_not_found").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.enums import LegalForm, Maturity, MemberRole, MembershipStatus, OrganizationStatus
from market.errors import Conflict, Invalid, NotFound
from market.models import Member, Organization, Person, PickupPoint, Territory
from market.rules.tax_numbers import TaxNumber, check_tax_number
from market.services.messaging.operator_news import tell_operators_something_waits
from market.text import search_key

NAME_LENGTH = (3, 160)
PICKUP_LENGTH = (3, 300)
PICKUP_POINTS_MAX = 5
FUND_PERCENT_MAX = Decimal(20)
DESCRIPTION_LIMIT = 1000
SLUG_LENGTH = 24  # a button carries a slug: it must leave room in Telegram's 64 bytes
SLUG_ATTEMPTS = 5  # organizations of the same name registered at the same moment each take the next free slug


def check_name(text: str) -> str:
    name = " ".join(text.split())
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        raise Invalid("organization_name_length", min=low, max=high)
    return name


def check_legal_form(value: str) -> LegalForm:
    try:
        return LegalForm(value)
    except ValueError:
        raise Invalid("legal_form_unknown") from None


async def check_tax_number_in(text: str, territory_id: int) -> TaxNumber:
    """The tax number checked by the rule of the chosen place's country."""
    country = await Territory.filter(id=territory_id).first().values_list("country_code", flat=True)
    if country is None:
        raise NotFound("territory_not_found")
    return check_tax_number(text, str(country))


def check_pickup_point(text: str, already: int) -> str:
    point = " ".join(text.split())
    low, high = PICKUP_LENGTH
    if not low <= len(point) <= high:
        raise Invalid("pickup_point_length", min=low, max=high)
    if already >= PICKUP_POINTS_MAX:
        raise Invalid("too_many_pickup_points", max=PICKUP_POINTS_MAX)
    return point


def check_fund_rate(text: str) -> Decimal:
    """The solidarity fund's share as a rate: "5" or "5 %" is 0.05, "2,5" is 0.025."""
    typed = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        percent = Decimal(typed) if re.fullmatch(r"\d{1,2}(\.\d{1,2})?", typed) else Decimal(-1)
    except InvalidOperation:  # the pattern lets only numbers through; kept for safety
        percent = Decimal(-1)
    if not 0 <= percent <= FUND_PERCENT_MAX:
        raise Invalid("fund_rate_range", max=int(FUND_PERCENT_MAX))
    return percent / 100


def check_description(text: str) -> str:
    description = text.strip()
    if len(description) > DESCRIPTION_LIMIT:
        raise Invalid("description_too_long", limit=DESCRIPTION_LIMIT)
    return description


@dataclass(frozen=True)
class Registered:
    id: int
    slug: str
    name: str


async def _free_slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", search_key(name)).strip("-")[:SLUG_LENGTH - 3].strip("-") or "org"
    taken = {str(s) for s in await Organization.filter(slug__startswith=base).values_list("slug", flat=True)}
    number = 1
    slug = base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


async def register_organization(draft: dict[str, Any], *, by_person_id: int) -> Registered:
    """Create the organization a chat's draft describes, waiting for an operator (every answer checked again)."""
    if not await Person.exists(id=by_person_id):  # only someone who wrote to the bot
        raise NotFound("person_not_found", person_id=by_person_id)
    name = check_name(draft.get("name", ""))
    legal_form = check_legal_form(draft.get("legal_form", ""))
    territory_id = int(draft.get("territory_id") or 0)
    tax = await check_tax_number_in(draft["tax_number"], territory_id) if draft.get("tax_number") else None
    points = [check_pickup_point(p, i) for i, p in enumerate(draft.get("pickup_points", []))]
    rate = check_fund_rate(str(draft.get("fund_percent", "0")))
    description = check_description(draft.get("description", ""))
    for _attempt in range(SLUG_ATTEMPTS):
        slug = await _free_slug(name)
        try:
            async with in_transaction():
                organization = await Organization.create(
                    slug=slug, name=name, legal_form=legal_form, maturity=Maturity.EMBRYONIC,
                    status=OrganizationStatus.PENDING, territory_id=territory_id, solidarity_fund_rate=rate,
                    description=description, pickup_point=points[0] if points else "",
                    tax_number=tax.number if tax else None, logo_file_id=draft.get("logo_file_id") or None)
                for position, point in enumerate(points, start=1):
                    await PickupPoint.create(organization_id=organization.id, position=position, text=point)
                await Member.create(organization_id=organization.id, person_id=by_person_id, role=MemberRole.ADMIN,
                                    status=MembershipStatus.PENDING)
                await tell_operators_something_waits()
        except IntegrityError:
            # Someone registered the same name between _free_slug and now: the next free slug, unless the row
            # refused was not about the slug.
            if not await Organization.filter(slug=slug).exists():
                raise
            continue
        return Registered(organization.id, organization.slug, organization.name)
    raise Conflict("registration_busy")

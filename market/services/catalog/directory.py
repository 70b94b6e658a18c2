"""Read-side directory for integrators: every territory, the organizations, and the PGS networks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from market.enums import LegalForm, NetworkStatus, TerritoryLevel
from market.errors import Invalid, NotFound
from market.models import Organization, PgsNetwork, PgsReviewer, Product, Seal, Territory
from market.orm import value_of
from market.services.catalog.badges import valid_seal_filter
from market.services.catalog.browse import PUBLIC_ORGANIZATION, TERRITORY_DEPTH

MAX_ORGANIZATIONS = 100


@dataclass(frozen=True)
class TerritoryEntry:
    code: str
    name: str
    level: str
    # None for a country.
    parent_code: str | None
    country_code: str
    currency: str
    time_zone: str


@dataclass(frozen=True)
class OrganizationSummary:
    slug: str
    name: str
    legal_form: str
    maturity: str
    territory_code: str
    territory_name: str
    country_code: str
    # Active products, in stock or not.
    product_count: int


@dataclass(frozen=True)
class OrganizationPage:
    items: tuple[OrganizationSummary, ...]
    # Pass as `after` for the next page; None on the last page.
    next_after: str | None


@dataclass(frozen=True)
class NetworkSummary:
    slug: str
    name: str
    description: str
    territory_code: str
    territory_name: str
    country_code: str
    # Reviewers the network has accepted and not retired.
    reviewer_count: int
    seals_valid_today: int


async def list_territories(*, level: str | None = None, country_code: str | None = None) -> tuple[TerritoryEntry, ...]:
    """Every territory (or those of one level or country), each right after its parent, siblings by name.

    The table is small (places people live in, not a gazetteer): one query, ordered here,
    so a client can build the tree in one pass.
    """
    if level is not None and level not in {lv.value for lv in TerritoryLevel}:
        raise Invalid("invalid_parameter", parameter="level")
    rows = await Territory.all().values(
        "code", "name", "level", "parent__code", "country_code", "currency", "time_zone"
    )
    children: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["parent__code"], []).append(row)
    ordered: list[dict[str, Any]] = []
    # Depth-first from the countries; iterative, and a row whose parent is not a row is never reached.
    stack = sorted(children.get(None, []), key=_by_name, reverse=True)
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(sorted(children.get(row["code"], []), key=_by_name, reverse=True))
    return tuple(
        TerritoryEntry(
            code=r["code"], name=r["name"], level=str(r["level"]), parent_code=r["parent__code"],
            country_code=r["country_code"], currency=r["currency"], time_zone=r["time_zone"],
        )
        for r in ordered
        if (level is None or r["level"] == level) and (country_code is None or r["country_code"] == country_code)
    )


async def territory_id(code: str) -> int:
    """The id of the territory with this code (the price pages name places by code, the services by id)."""
    found = await value_of(Territory.filter(code=code).first(), "id", int) if code else None
    if found is None:
        raise NotFound("territory_not_found", territory_code=code)
    return found


def _by_name(row: dict[str, Any]) -> tuple[str, str]:
    return (row["name"].casefold(), row["code"])


async def list_organizations(
    *, territory: str | None = None, legal_form: str | None = None, after: str | None = None, limit: int = 50
) -> OrganizationPage:
    """Approved organizations by slug, a page at a time; `territory` takes in every place below it.

    `after` is a slug: the page starts with the first slug after it, whether or not that slug exists.
    """
    if not 1 <= limit <= MAX_ORGANIZATIONS:
        raise Invalid("invalid_parameter", parameter="limit", min=1, max=MAX_ORGANIZATIONS)
    if legal_form is not None and legal_form not in {f.value for f in LegalForm}:
        raise Invalid("invalid_parameter", parameter="legal_form")
    organizations = Organization.filter(**PUBLIC_ORGANIZATION)
    if territory is not None:
        organizations = organizations.filter(Q(
            *(Q(**{f"territory{'__parent' * up}__code": territory}) for up in range(TERRITORY_DEPTH + 1)),
            join_type=Q.OR,
        ))
    if legal_form is not None:
        organizations = organizations.filter(legal_form=legal_form)
    if after is not None:
        organizations = organizations.filter(slug__gt=after)
    rows = await organizations.order_by("slug").limit(limit + 1).values(
        "id", "slug", "name", "legal_form", "maturity", "territory__code", "territory__name",
        "territory__country_code",
    )
    page = rows[:limit]
    counts = dict(
        await Product.filter(active=True, organization_id__in=[r["id"] for r in page])
        .group_by("organization_id").annotate(n=Count("id")).values_list("organization_id", "n")
    ) if page else {}
    return OrganizationPage(
        items=tuple(
            OrganizationSummary(
                slug=r["slug"], name=r["name"], legal_form=str(r["legal_form"]), maturity=str(r["maturity"]),
                territory_code=r["territory__code"], territory_name=r["territory__name"],
                country_code=r["territory__country_code"], product_count=counts.get(r["id"], 0),
            )
            for r in page
        ),
        next_after=page[-1]["slug"] if len(rows) > limit else None,
    )


async def list_networks(*, today: date) -> tuple[NetworkSummary, ...]:
    """Every approved PGS network by name, with its active reviewers and the seals it holds valid on `today` (one
    waiting for an operator, or refused, is not listed)."""
    networks = await PgsNetwork.filter(status=NetworkStatus.APPROVED).order_by("name", "slug").values(
        "id", "slug", "name", "description", "territory__code", "territory__name", "territory__country_code"
    )
    reviewers = dict(
        await PgsReviewer.filter(active=True).group_by("network_id").annotate(n=Count("id"))
        .values_list("network_id", "n")
    )
    seals = dict(
        await Seal.filter(valid_seal_filter(today)).group_by("network_id").annotate(n=Count("id"))
        .values_list("network_id", "n")
    )
    return tuple(
        NetworkSummary(
            slug=n["slug"], name=n["name"], description=n["description"], territory_code=n["territory__code"],
            territory_name=n["territory__name"], country_code=n["territory__country_code"],
            reviewer_count=reviewers.get(n["id"], 0), seals_valid_today=seals.get(n["id"], 0),
        )
        for n in networks
    )

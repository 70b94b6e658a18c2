"""PGS networks that set themselves up: registered in the bot, approved by an operator, run by their reviewers.

    register_network ──▶ pending ──an operator (market.services.operators.decisions)──▶ approved | refused
                                    on approval the person who registered it is its first reviewer, on its committee

Only approved networks are in the directory, the API, seal flows and fairs (their reviewers only act for an
approved one). Its committee admits the other reviewers (market.services.seals.committee), so that a new network
runs itself from its first day.

| step                                                   | result                                                |
|--------------------------------------------------------|-------------------------------------------------------|
| register_network, a name of NAME_MIN to NAME_MAX       | a pending network, proposed by the person             |
| a name too short or too long                           | Invalid("network_name_length")                        |
| a description over DESCRIPTION_LIMIT                   | Invalid("network_description_too_long")               |
| a norms document over NORMS_LIMIT                      | Invalid("network_norms_too_long")                     |
| no such territory                                      | NotFound("territory_not_found")                       |
| no such network                                        | NotFound("network_not_found")                         |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from market.enums import NetworkStatus
from market.errors import Invalid, NotFound
from market.models import PgsNetwork, PgsReviewer, Territory
from market.orm import column_of
from market.text import search_key

NAME_MIN, NAME_MAX = 3, 160
DESCRIPTION_LIMIT = 1000
NORMS_LIMIT = 2000  # the norms document: a link, or a few paragraphs (a long one lives behind a link)
SLUG_MAX = 64
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NetworkView:
    id: int
    slug: str
    name: str
    territory_name: str
    status: NetworkStatus
    reviewers: tuple[str, ...]  # names of the active reviewers, longest-standing first


async def register_network(*, by_person_id: int, name: str, territory_id: int, description: str = "",
                           norms: str = "") -> NetworkView:
    """A person registers a network, with its norms document if they have one; it waits for an operator (see the
    table above)."""
    name, description, norms = name.strip(), description.strip(), norms.strip()
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise Invalid("network_name_length", min=NAME_MIN, max=NAME_MAX)
    if len(description) > DESCRIPTION_LIMIT:
        raise Invalid("network_description_too_long", limit=DESCRIPTION_LIMIT)
    if len(norms) > NORMS_LIMIT:
        raise Invalid("network_norms_too_long", limit=NORMS_LIMIT)
    if not await Territory.exists(id=territory_id):
        raise NotFound("territory_not_found")
    network = await PgsNetwork.create(slug=await _free_slug(name), name=name, territory_id=territory_id,
                                      description=description, norms=norms, status=NetworkStatus.PENDING,
                                      proposed_by_id=by_person_id)
    return await get_network_view(network.id)


async def my_networks(person_id: int) -> tuple[NetworkView, ...]:
    """The networks the person reviews for, and those they registered that were not approved yet, by name."""
    reviewed = await column_of(PgsReviewer.filter(person_id=person_id, active=True), "network_id", int)
    proposed = await column_of(PgsNetwork.filter(proposed_by_id=person_id).exclude(status=NetworkStatus.APPROVED),
                               "id", int)
    ids = await column_of(PgsNetwork.filter(id__in=[*reviewed, *proposed]).order_by("name", "id"), "id", int)
    return tuple([await get_network_view(i) for i in ids])


async def get_network_view(network_id: int) -> NetworkView:
    row = await PgsNetwork.filter(id=network_id).first().values("id", "slug", "name", "status", "territory__name")
    if row is None:
        raise NotFound("network_not_found", network=str(network_id))
    reviewers = await PgsReviewer.filter(network_id=network_id, active=True).order_by("id").values_list(
        "person__name", flat=True)
    return NetworkView(row["id"], row["slug"], row["name"], row["territory__name"], NetworkStatus(row["status"]),
                       tuple(str(name) for name in reviewers))


async def _free_slug(name: str) -> str:
    """A slug from the name, numbered when taken: "Red SPG Yungas" → "red-spg-yungas", "red-spg-yungas-2"."""
    base = _NOT_SLUG.sub("-", search_key(name)).strip("-")[:SLUG_MAX - 4].strip("-") or "network"
    taken = set(await column_of(PgsNetwork.filter(slug__startswith=base), "slug", str))
    n = 1
    while (slug := base if n == 1 else f"{base}-{n}") in taken:
        n += 1
    return slug

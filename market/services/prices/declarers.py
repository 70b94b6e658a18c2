"""Who declares a fair price or announces a feria in the chat, and what the chat offers them to choose from.

The bot asks these before its first question, so that a person who may not declare is refused at the first press
(the declaring services check again when the draft is confirmed).
"""

from __future__ import annotations

from dataclasses import dataclass

from market.errors import NotFound
from market.models import Organization, PgsNetwork, Product, Territory

# Who may announce a feria may declare a fair price: the one check fair_prices uses too.
from market.services.prices.fairs import _check_announcer as check_declarer

MAX_PRODUCTS = 24  # buttons on one screen; others are typed


@dataclass(frozen=True)
class DeclarerProduct:
    id: int
    name: str
    unit: str


@dataclass(frozen=True)
class Declarer:
    """An organization or a PGS network, with its territory (the default place) and its products."""

    organization_id: int | None
    network_id: int | None
    name: str
    territory_id: int
    products: tuple[DeclarerProduct, ...]  # an organization's active ones; a network sells none


@dataclass(frozen=True)
class TerritoryFacts:
    id: int
    name: str
    currency: str
    country_code: str
    time_zone: str


async def get_declarer(*, by_person_id: int, organization_id: int | None = None, network_id: int | None = None,
                       committee: bool = False) -> Declarer:
    """The organization (its approved admins) or the network (its active reviewers, once approved; its committee
    when `committee`, for a feria): Forbidden ("not_an_admin", "not_a_reviewer", "not_on_committee") for anyone else."""
    await check_declarer(by_person_id, organization_id, network_id, committee=committee)
    if organization_id is not None:
        row = await Organization.filter(id=organization_id).first().values("name", "territory_id")
        products = await Product.filter(organization_id=organization_id, active=True).order_by("name").limit(
            MAX_PRODUCTS).values_list("id", "name", "unit")
    else:
        row = await PgsNetwork.filter(id=network_id).first().values("name", "territory_id")
        products = []
    if row is None:
        raise NotFound("organization_not_found" if organization_id is not None else "network_not_found")
    return Declarer(organization_id, network_id, row["name"], row["territory_id"],
                    tuple(DeclarerProduct(*product) for product in products))


async def territory_facts(territory_id: int) -> TerritoryFacts:
    """A territory's name, currency and clock: amounts are typed in its currency, moments in its time zone."""
    row = await Territory.filter(id=territory_id).first().values("id", "name", "currency", "country_code",
                                                                 "time_zone")
    if row is None:
        raise NotFound("territory_not_found")
    return TerritoryFacts(**row)

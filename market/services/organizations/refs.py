"""An organization as other objects name it (a product card, a seal): its slug, name, form and place."""

from __future__ import annotations

from dataclasses import dataclass

from market.models import Organization


@dataclass(frozen=True)
class OrganizationRef:
    """An organization as a product card or a seal names it."""

    id: int
    slug: str
    name: str
    legal_form: str
    territory_code: str
    territory_name: str
    country_code: str


def organization_ref(organization: Organization) -> OrganizationRef:
    """The reference of an organization fetched with its territory."""
    territory = organization.territory
    return OrganizationRef(
        id=organization.id, slug=organization.slug, name=organization.name,
        legal_form=organization.legal_form.value, territory_code=territory.code, territory_name=territory.name,
        country_code=territory.country_code,
    )

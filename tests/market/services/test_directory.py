"""The directory: territories in tree order, organizations a page at a time, PGS networks with counts."""

import pytest
from tortoise.transactions import in_transaction

from market.enums import LegalForm, SealStatus, TerritoryLevel
from market.errors import Invalid
from market.models import Person, PgsReviewer
from market.services.catalog.directory import list_networks, list_organizations, list_territories
from tests.market.services.catalog_fixtures import (
    TODAY,
    bolivia,
    days,
    network,
    organization,
    product,
    seal,
    territory,
)


@pytest.fixture
async def world(db):
    async with in_transaction():
        places = await bolivia()
        amboro = await organization("cafe-amboro", places["bo-scz-comarapa-pulquina"])
        comarapa = await organization("oeca-comarapa", places["bo-scz-comarapa"], legal_form=LegalForm.OECA)
        irupana = await organization("coraca-irupana", places["bo-lpz-irupana"], legal_form=LegalForm.CORACA)
        await product(amboro, "Café")
        await product(amboro, "Miel", active=False)
        coffee = await product(irupana, "Café de Yungas")
        await seal(irupana, [coffee])
        await seal(amboro, [], valid_until=days(-1))
        await seal(comarapa, [], status=SealStatus.SUSPENDED)
        return places


async def test_territories_come_each_right_after_its_parent_siblings_by_name(world):
    await territory("bo-lpz-achacachi", TerritoryLevel.MUNICIPALITY, world["bo-lpz"], "Achacachi")

    entries = await list_territories()

    assert [(t.code, t.parent_code) for t in entries] == [
        ("bo", None),
        ("bo-lpz", "bo"), ("bo-lpz-achacachi", "bo-lpz"), ("bo-lpz-irupana", "bo-lpz"),
        ("bo-scz", "bo"), ("bo-scz-comarapa", "bo-scz"), ("bo-scz-comarapa-pulquina", "bo-scz-comarapa"),
    ]
    assert (entries[0].level, entries[0].currency, entries[0].time_zone) == ("country", "BOB", "America/La_Paz")


async def test_territories_filter_by_level_and_country(world):
    assert [t.code for t in await list_territories(level="region")] == ["bo-lpz", "bo-scz"]
    assert await list_territories(country_code="MX") == ()
    with pytest.raises(Invalid):
        await list_territories(level="planet")


async def test_organizations_of_a_region_include_those_in_its_municipalities_and_communities(world):
    page = await list_organizations(territory="bo-scz")

    assert [(o.slug, o.territory_code, o.product_count) for o in page.items] == [
        ("cafe-amboro", "bo-scz-comarapa-pulquina", 1), ("oeca-comarapa", "bo-scz-comarapa", 0),
    ]
    assert page.next_after is None


async def test_organizations_page_by_slug_from_any_slug_and_filter_by_legal_form(world):
    first = await list_organizations(limit=2)
    rest = await list_organizations(after=first.next_after, limit=2)

    assert [o.slug for o in first.items] == ["cafe-amboro", "coraca-irupana"] and first.next_after == "coraca-irupana"
    assert [o.slug for o in rest.items] == ["oeca-comarapa"] and rest.next_after is None
    assert [o.slug for o in (await list_organizations(after="d")).items] == ["oeca-comarapa"]
    assert [o.slug for o in (await list_organizations(legal_form="coraca")).items] == ["coraca-irupana"]


@pytest.mark.parametrize("bad", [dict(limit=0), dict(limit=101), dict(legal_form="company")])
async def test_organizations_refuse_a_bad_limit_or_legal_form(world, bad):
    with pytest.raises(Invalid):
        await list_organizations(**bad)


async def test_networks_count_active_reviewers_and_seals_valid_today(world):
    red = await network()
    for n, active in enumerate((True, True, False)):
        person = await Person.create(name=f"Revisora {n}")
        await PgsReviewer.create(network=red, person=person, active=active)
    await network("red-vacia")

    networks = await list_networks(today=TODAY)

    assert [(n.slug, n.reviewer_count, n.seals_valid_today) for n in networks] == [
        ("red-spg", 2, 1), ("red-vacia", 0, 0),
    ]

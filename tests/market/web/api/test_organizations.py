"""GET /api/v1/organizations (pages by slug) and /api/v1/organizations/{slug} (the profile)."""

import pytest

from tests.market.web.api.conftest import get_json


async def test_organizations_come_in_slug_order_a_page_at_a_time(api):
    slugs, path = [], "/api/v1/organizations?limit=4"
    while path:
        body = await (await api.get(path)).json()
        slugs += [o["slug"] for o in body["items"]]
        path = body["next"]

    assert slugs == sorted(slugs) and len(slugs) == len(set(slugs)) == 9


async def test_organizations_filter_by_territory_below_a_region_and_by_legal_form(api):
    _, santa_cruz = await get_json(api, "/api/v1/organizations", territory="bo-scz")
    _, collectives = await get_json(api, "/api/v1/organizations", legal_form="collective")

    assert [o["slug"] for o in santa_cruz["items"]] == ["cafe-amboro", "oeca-valles-comarapa"]
    assert [o["slug"] for o in collectives["items"]] == ["artesas-lomba-do-pinheiro", "tejidos-warmi-makis"]
    assert santa_cruz["items"][0] == {
        "slug": "cafe-amboro", "name": "Asociación de Productores de Café Amboró", "legal_form": "association",
        "maturity": "consolidating",
        "territory": {"code": "bo-scz-buena-vista", "name": "Buena Vista", "country_code": "BO"},
        "product_count": 6,
    }


async def test_a_profile_has_the_fund_rate_producers_first_products_and_seals_current_and_past(api):
    status, profile = await get_json(api, "/api/v1/organizations/cafe-amboro")

    assert status == 200
    assert (profile["legal_form"], profile["maturity"], profile["solidarity_fund_rate"]) == (
        "association", "consolidating", "0.03"
    )
    assert profile["producer_count"] == 4 and profile["product_count"] == 6  # Hilda, an admin, and three producers
    assert [p["name"] for p in profile["products"]["items"]][:2] == ["Achachairú", "Cacao en grano"]
    assert profile["products"]["next"] is None
    assert profile["current_seals"] == []
    assert [s["status"] for s in profile["other_seals"]] == ["expired"]


async def test_a_profile_names_its_board_when_it_was_renewed_and_whether_its_term_has_passed(api):
    _, amboro = await get_json(api, "/api/v1/organizations/cafe-amboro")
    _, comarapa = await get_json(api, "/api/v1/organizations/oeca-valles-comarapa")

    assert amboro["board"] == {
        "members": [{"name": "Hilda Justiniano Rojas", "role": "president", "since": "2026-05-05"}],
        "renewed_on": "2026-05-05", "term_months": 12, "term_ends_on": "2027-05-05", "term_state": "current",
    }
    assert (comarapa["board"]["term_ends_on"], comarapa["board"]["term_state"]) == ("2026-09-17", "ended")


@pytest.mark.parametrize(("language", "detail"), [
    ("es", "No conocemos esa organización."),
    ("pt-BR", "Não conhecemos essa organização."),
])
@pytest.mark.parametrize("slug", ["no-such-cooperative", "Café%20Amboró", "x" * 80])
async def test_an_unknown_organization_is_a_404_problem_in_the_persons_language(api, slug, language, detail):
    response = await api.get(f"/api/v1/organizations/{slug}", headers={"Accept-Language": language})

    body = await response.json()
    assert response.status == 404 and body["code"] == "organization_not_found" and body["detail"] == detail

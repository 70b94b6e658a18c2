"""GET /api/v1/seals/{code}: what a seal says today, and a clear 404 for a code nobody holds."""

import pytest

from tests.market.web.api.conftest import TODAY, get_json, seal_code


async def test_a_valid_seal_shows_its_network_holder_scope_and_last_review(api):
    code = await seal_code("coraca-irupana")

    status, body = await get_json(api, f"/api/v1/seals/{code[:4].lower()}-{code[4:].lower()}")

    assert status == 200
    assert body["code"] == code and body["status"] == "granted" and body["valid_today"] is True
    assert body["network"] == {"slug": "red-spg-bolivia", "name": "Red de Certificación Participativa de Bolivia"}
    assert body["organization"]["slug"] == "coraca-irupana"
    assert body["organization"]["territory"] == {"code": "bo-lpz-irupana", "name": "Irupana", "country_code": "BO"}
    assert [p["name"] for p in body["scope"]] == [
        "Amaranto", "Café orgánico de Yungas", "Miel de abeja de Yungas", "Quinua real",
    ]
    assert body["valid_until"] == "2027-05-10" and body["valid_from"] < TODAY.isoformat()
    assert body["last_review"]["reviewers"] == {"producer": 1, "consumer": 1, "technician": 1}


async def test_a_seal_past_its_date_reads_expired(api):
    _, body = await get_json(api, f"/api/v1/seals/{await seal_code('cafe-amboro')}")

    assert (body["status"], body["valid_today"]) == ("expired", False)


async def test_a_suspended_seal_says_why(api):
    _, body = await get_json(api, f"/api/v1/seals/{await seal_code('agroecologistas-ipe')}")

    assert body["status"] == "suspended" and body["status_reason"].startswith("Deriva de agrotóxico")


@pytest.mark.parametrize(("language", "detail"), [
    ("es", "Ningún sello tiene el código ZZZZ2222. Revisa las letras e inténtalo de nuevo."),
    ("pt-BR", "Nenhum selo tem o código ZZZZ2222. Confira as letras e tente de novo."),
])
async def test_an_unknown_code_is_a_404_problem_in_the_persons_language(api, language, detail):
    response = await api.get("/api/v1/seals/zzzz-2222", headers={"Accept-Language": language})

    body = await response.json()
    assert response.status == 404 and response.content_type == "application/problem+json"
    assert body["type"] == "/api/v1/problems/seal-not-found" and body["code"] == "seal_not_found"
    assert body["detail"] == detail

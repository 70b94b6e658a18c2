"""The web app built by its factory: health check, home page in the person's language, errors."""

import asyncio
import uuid
from decimal import Decimal

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import load_settings
from market.models import Category, Offer, Organization, Product, Territory
from market.web import create_app
from tests.support.databases import engine
from tests.support.settings import NO_RATE_LIMITS


@pytest.fixture
async def client(settings):
    app = create_app(settings)

    async def crash(request):
        raise RuntimeError("secret internals")

    app.router.add_get("/crash", crash)
    async with TestClient(TestServer(app)) as client:
        yield client


async def test_healthz_says_the_database_is_reachable(client):
    response = await client.get("/healthz")

    assert response.status == 200
    assert await response.json() == {"status": "ok", "database": "reachable"}


async def add_tomatoes() -> None:
    bolivia = await Territory.create(
        code="bo", name="Bolivia", level="country", country_code="BO", currency="BOB", time_zone="America/La_Paz"
    )
    santa_cruz = await Territory.create(
        code="bo-scz", name="Santa Cruz", level="region", parent=bolivia, country_code="BO", currency="BOB",
        time_zone="America/La_Paz",
    )
    org = await Organization.create(
        slug="amboro", name="Asociación Amboró", legal_form="association", maturity="consolidating", territory=santa_cruz,
        status="approved",
    )
    vegetables = await Category.create(code="vegetables")
    tomato = await Product.create(organization=org, category=vegetables, name="Tomate", search_key="tomate", unit="kg")
    await Offer.create(product=tomato, stock=Decimal("20"), unit="kg", price=Decimal("8.50"), currency="BOB")


async def test_the_home_page_lists_categories_and_regions_in_the_asked_language(client):
    await add_tomatoes()

    spanish = await (await client.get("/", params={"lang": "es"})).text()
    portuguese = await (await client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"})).text()

    assert "Verduras y hortalizas" in spanish and "1 producto" in spanish and "Santa Cruz" in spanish
    assert '<html lang="pt-BR">' in portuguese and "Verduras e legumes" in portuguese
    assert "1 organização" in portuguese


async def test_lang_in_the_address_wins_over_the_browser_language(client):
    page = await (await client.get("/?lang=en", headers={"Accept-Language": "es"})).text()

    assert '<html lang="en">' in page and "Solidarity market" in page


async def test_an_unknown_page_is_a_translated_404(client):
    response = await client.get("/no-existe", headers={"Accept-Language": "es"})

    assert response.status == 404
    assert "No encontramos esa página." in await response.text()


async def test_an_unknown_api_address_answers_problem_json(client):
    response = await client.get("/api/v1/nothing", headers={"Accept-Language": "pt-BR"})

    assert response.status == 404
    assert response.content_type == "application/problem+json"
    assert (await response.json())["title"] == "Não encontramos essa página."


async def test_a_crash_shows_a_translated_apology_and_no_trace(client):
    response = await client.get("/crash", headers={"Accept-Language": "es"})

    body = await response.text()
    assert response.status == 500
    assert "No se perdió nada" in body
    assert "secret internals" not in body and "Traceback" not in body


@pytest.mark.skipif(engine() != "postgres", reason="needs a database server that can go away")
async def test_healthz_answers_503_while_the_database_is_gone_and_recovers_by_itself(migrated_database):
    name = f"feria_gone_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(migrated_database.server_url.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = migrated_database.url.rsplit("/", 1)[0] + f"/{name}"
    app = create_app(load_settings({"DATABASE_URL": url, **NO_RATE_LIMITS}))
    try:
        async with TestClient(TestServer(app)) as client:
            assert (await client.get("/healthz")).status == 200

            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            gone = await client.get("/healthz")
            await admin.execute(f'CREATE DATABASE "{name}"')
            await asyncio.sleep(0.1)
            back = await client.get("/healthz")

            assert gone.status == 503 and (await gone.json())["database"] == "unreachable"
            assert back.status == 200
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

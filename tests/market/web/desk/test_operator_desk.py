"""An operator at the desk (issue 22): what waits, approving an organization registered in the bot (its registrant
told by the bot), refusing with a reason, categories, and a price survey imported by upload with its row report;
nobody else gets in, and no decision is taken twice."""

from __future__ import annotations

import datetime as dt
import io

from market.enums import DecisionKind, OrganizationStatus
from market.models import Category, Decision, Notification, Organization, PriceObservation
from serve import build
from tests.bot.conftest import sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import (  # noqa: F401
    feria_settings,
    hilda,
    people,
    retry_after_as_timedelta,
)
from tests.bot.flows.test_registration import ROSA, register_until_summary
from tests.bot.flows.test_rounds import receives_with
from tests.market.web.pages.conftest import visible_text
from tests.support.clock import TODAY
from tests.support.desk import desk_browser, sign_in

OLGA = 900_000_401  # the demo's operator
DIONISIA = 900_000_033  # registered an organization in the demo that waits for an operator
APPROVALS = "/escritorio/operador/aprobaciones"
DAY = (TODAY - dt.timedelta(days=1)).isoformat()


def upload(content: bytes, filename: str = "encuesta.csv") -> dict[str, io.BytesIO]:
    """The form's file field, as a browser sends a file chosen from the disk (its name with it)."""
    file = io.BytesIO(content)
    file.name = filename
    return {"file": file}


async def test_an_operator_approves_on_the_web_an_organization_registered_in_the_bot_once(
        feria_settings, people):  # noqa: F811
    rosa = people.person(ROSA, "Rosa", language_code="en")
    olga = people.person(OLGA, "Olga")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)  # before Rosa registers: then Olga's chat hears of what waits
        summary = await register_until_summary(rosa)
        await rosa.presses("✅ Send for approval", message=summary)
        await rosa.sees_edited(summary)
        organization = await Organization.get(name="Cooperativa Quinua Real")
        home = visible_text(await browser.text("/escritorio/operador"))
        queue = visible_text(await browser.text(APPROVALS))
        page = visible_text(await browser.text(f"{APPROVALS}/organization/{organization.id}"))

        approved = await browser.post_form(f"{APPROVALS}/organization/{organization.id}/aprobar")
        told = await receives_with(rosa, "«Cooperativa Quinua Real» was approved")
        again = await browser.post_form(f"{APPROVALS}/organization/{organization.id}/aprobar", again=True)
        status = (await Organization.get(id=organization.id)).status
        decisions = await Decision.filter(kind=DecisionKind.ORGANIZATION, subject_id=organization.id).count()
        notices = await Notification.filter(template="decision_made").count()

    assert "Organizaciones: 2" in home
    assert "Cooperativa Quinua Real" in queue
    assert "Buena Vista" in page and "1020304050" in page and "Rosa" in page and "Aprobar" in page
    assert approved.url.path == f"{APPROVALS}/organization/{organization.id}"
    assert "«Cooperativa Quinua Real» está aprobada" in visible_text(await approved.text())
    assert told.text.startswith("✅ «Cooperativa Quinua Real» was approved by Feria's operators")
    assert again.status == 409
    assert "«Cooperativa Quinua Real» ya se decidió" in visible_text(await again.text())
    assert (status, decisions, notices) == (OrganizationStatus.APPROVED, 1, 1)


async def test_a_refusal_asks_for_its_reason_and_the_registrant_reads_it(feria_settings, people):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    dionisia = people.person(DIONISIA, "Dionisia")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)
        waiting = await Organization.get(status=OrganizationStatus.PENDING)
        path = f"{APPROVALS}/organization/{waiting.id}"
        await browser.get(path)
        bare = await browser.post_form(f"{path}/rechazar", {"reason": "  "})
        still = (await Organization.get(id=waiting.id)).status
        refused = await browser.post_form(f"{path}/rechazar", {"reason": "No encontramos su NIT en el padrón"})
        told = await receives_with(dionisia, "No encontramos su NIT en el padrón")
        status = (await Organization.get(id=waiting.id)).status

    assert bare.status == 400 and still == OrganizationStatus.PENDING
    assert 'aria-invalid="true" aria-describedby="e-reason"' in await bare.text()
    assert "escribe el motivo" in visible_text(await bare.text())
    assert "está rechazada" in visible_text(await refused.text())
    assert waiting.name in told.text and status == OrganizationStatus.REFUSED


async def test_only_an_operator_reaches_the_operators_desk_and_a_form_without_its_token_changes_nothing(
        feria_settings, people, hilda):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        waiting = await Organization.get(status=OrganizationStatus.PENDING)
        pages = [(await browser.get(path)).status for path in (
            "/escritorio/operador", APPROVALS, f"{APPROVALS}/organization/{waiting.id}",
            "/escritorio/operador/categorias", "/escritorio/operador/precios")]
        await browser.get("/escritorio")
        by_admin = await browser.post_form(f"{APPROVALS}/organization/{waiting.id}/aprobar")
        await browser.post_form("/salir")
        await sign_in(browser, olga)
        forged = await browser.post_form(f"{APPROVALS}/organization/{waiting.id}/aprobar", csrf=False)
        category = await browser.post_form("/escritorio/operador/categorias", {
            "code": "semillas", "name_es": "Semillas", "name_pt_BR": "Sementes", "name_en": "Seeds"}, csrf=False)
        status = (await Organization.get(id=waiting.id)).status
        categories = await Category.filter(code="semillas").count()

    assert pages == [403] * 5
    assert (by_admin.status, forged.status, category.status) == (403, 403, 403)
    assert (status, categories) == (OrganizationStatus.PENDING, 0)


async def test_an_operator_adds_a_category_after_correcting_the_fields_named_and_renames_it(
        feria_settings, people):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)
        await browser.get("/escritorio/operador/categorias")
        wrong = await browser.post_form("/escritorio/operador/categorias", {
            "code": "Semillas!", "name_es": "Semillas", "name_pt_BR": "=Sementes", "name_en": "Seeds"})
        taken = await browser.post_form("/escritorio/operador/categorias", {
            "code": "vegetables", "name_es": "Verduras", "name_pt_BR": "Verduras", "name_en": "Greens"})
        nothing = await Category.filter(code="semillas").count()
        added = await browser.post_form("/escritorio/operador/categorias", {
            "code": "semillas", "name_es": "Semillas", "name_pt_BR": "Sementes", "name_en": "Seeds"})
        renamed = await browser.post_form("/escritorio/operador/categorias/semillas", {
            "name_es": "Semillas nativas", "name_pt_BR": "", "name_en": "Seeds"})
        stored = await Category.get(code="semillas")

    wrong_page = await wrong.text()
    assert wrong.status == 400 and nothing == 0
    assert 'id="e-code"' in wrong_page and 'id="e-name_pt_BR"' in wrong_page and 'id="e-name_es"' not in wrong_page
    assert 'value="Semillas!"' in wrong_page and 'value="Seeds"' in wrong_page, "values kept"
    assert taken.status == 409 and "Ya hay una categoría con el código vegetables" in visible_text(await taken.text())
    assert added.url.path == "/escritorio/operador/categorias"
    assert "Guardado: la categoría «Semillas»" in visible_text(await added.text())
    assert "Guardado: la categoría «Semillas nativas»" in visible_text(await renamed.text())
    assert (stored.name_es, stored.name_pt_br, stored.name_en) == ("Semillas nativas", "Sementes", "Seeds")


async def test_a_price_survey_with_a_bad_row_imports_nothing_and_names_the_row_then_the_corrected_file_imports(
        feria_settings, people):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    survey = ("date;product;territory;market_level;price;unit;currency;source\n"
              f"{DAY};Tomate;bo;national;6,50;kg;BOB;survey\n"
              f"{DAY};Papa;bo;national;cinco;kg;BOB;survey\n"
              f"{DAY};Cebolla;bo;national;5;kg;BOB;survey\n").encode()
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)
        await browser.get("/escritorio/operador/precios")
        before = await PriceObservation.all().count()
        first = await browser.post_form("/escritorio/operador/precios", upload(survey))
        after_first = await PriceObservation.all().count()
        fixed = await browser.post_form("/escritorio/operador/precios", upload(survey.replace(b"cinco", b"5,20")))
        after_fixed = await PriceObservation.all().count()
        again = await browser.post_form("/escritorio/operador/precios", upload(survey.replace(b"cinco", b"5,20")))
        after_again = await PriceObservation.all().count()

    report = visible_text(await first.text())
    assert first.status == 200 and after_first == before, "one bad row: nothing imported"
    assert "No se importó nada: 1 fila está mal" in report
    assert "3 El precio «cinco» no es un precio mayor que 0." in report
    assert after_fixed == before + 3 and "3 precios importados" in visible_text(await fixed.text())
    repeated = visible_text(await again.text())
    assert after_again == after_fixed, "a file uploaded twice counts nothing twice"
    assert "0 precios importados" in repeated and "ya se importó" in repeated


async def test_a_file_too_large_or_not_csv_imports_nothing_and_says_so(feria_settings, people):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    row = f"{DAY};Tomate;bo;national;6,50;kg;BOB;survey\n"
    header = "date;product;territory;market_level;price;unit;currency;source\n"
    huge = (header + row * (2 * 1024 * 1024 // len(row) + 10)).encode()
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)
        await browser.get("/escritorio/operador/precios")
        before = await PriceObservation.all().count()
        large = await browser.post_form("/escritorio/operador/precios", upload(huge))
        sheet = await browser.post_form("/escritorio/operador/precios", upload(b"PK\x03\x04...", "precios.xlsx"))
        utf16 = await browser.post_form("/escritorio/operador/precios", upload((header + row).encode("utf-16")))
        after = await PriceObservation.all().count()

    assert (large.status, sheet.status, utf16.status) == (400, 400, 400) and after == before
    assert "más de 2 MB" in visible_text(await large.text())
    assert "Solo se puede importar un archivo CSV" in visible_text(await sheet.text())
    assert "no es texto UTF-8" in visible_text(await utf16.text())

"""The member register at the desk (issue 22): an organization's admin reads the members' entries and their totals,
exports them (spreadsheet-safe CSV and .xlsx, no gender), and writes her own entry with the bot's checks, all or
nothing; nobody reads another organization's register (an admin writing a member's entry:
test_org_register_member_desk.py).

Hilda is an admin of the demo's Café Amboró (members Reina, Marcelino and Norma, no entries written); Felipa is
an admin of CORACA Irupana, whose members wrote theirs (women, declared a hundred days ago).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from market.enums import Gender
from market.models import Member, MemberEntry
from market.presentation.labels import UNITS
from market.rules.register import ProductionLine, parse_production
from market.web.desk.org_register import production_text
from serve import build
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

REGISTER = "/escritorio/org/cafe-amboro/registro"
MINE = f"{REGISTER}/mio"
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró
FORMULA = '=HYPERLINK("http://evil.example/","Amboró")'


def entry_form(**changes: str) -> dict[str, str]:
    return {"comunidad": "", "produccion": "", "familia": "", "genero": ""} | changes


async def hildas_entry() -> MemberEntry | None:
    return await MemberEntry.filter(member__organization__slug="cafe-amboro", member__person__name="Hilda").first()


async def test_the_register_lists_every_member_with_the_totals_and_no_gender(feria_settings, people):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        page = await browser.get("/escritorio/org/coraca-irupana/registro")
        text = visible_text(await page.text())
        juana = await Member.get(organization__slug="coraca-irupana", person__name="Juana Condori Quispe")
        entry = visible_text(await browser.text(f"/escritorio/org/coraca-irupana/registro/{juana.id}"))

    assert page.status == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert "Padrón de socias y socios" in text and "Juana Condori Quispe" in text
    assert "4 socias y socios; 0 sin actualizar en los últimos 12 meses." in text
    assert "Mujeres entre quienes producen: 100 %" in text, "gender counted in the totals"
    assert "Mujer" not in text.replace("Mujeres", ""), "never shown per person"
    assert "Juana Condori Quispe" in entry and "200 kg" in entry and "Mujer" not in entry.replace("Mujeres", "")


async def test_the_register_exports_as_csv_and_xlsx_without_gender_and_formulas_neutralized(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(MINE)
        await browser.post_form(MINE, entry_form(comunidad=FORMULA, familia="4"))
        exported = await browser.get(f"{REGISTER}.csv")
        csv_text = await exported.text()
        xlsx = await browser.get(f"{REGISTER}.xlsx")
        book = load_workbook(io.BytesIO(await xlsx.read()))

    assert exported.headers["Content-Disposition"].startswith('attachment; filename="registro-cafe-amboro-')
    header, *rows = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";")
    assert header == ["socio o socia", "rol", "comunidad", "personas en la familia", "producto", "cantidad", "unidad",
                      "temporada", "actualizado el"]
    assert "género" not in csv_text and len(rows) == 4
    hilda_row = next(row for row in rows if row[0] == "Hilda")
    assert hilda_row[2] == "'" + FORMULA and hilda_row[3] == "4", "a formula someone typed is text in the spreadsheet"
    sheet = book.active
    assert sheet.title == "Padrón de socias y socios" and sheet.max_row == 5
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not any(value.startswith("=") for value in cells)


async def test_a_bad_entry_is_named_next_to_each_field_kept_and_nothing_is_saved(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(MINE)
        answer = await browser.post_form(MINE, entry_form(
            comunidad="Los Negros", produccion="café 5 quintales, cosecha\npapa muchas", familia="0", genero="woman"))
        html = await answer.text()
        half = await browser.post_form(MINE, entry_form(produccion="café 5 quintales", familia="tres"))
        half_html = await half.text()
        saved = await hildas_entry()

    assert answer.status == 400 and "No se guardó nada" in visible_text(html)
    assert 'id="e-produccion">No pude leer la línea 2.' in html
    assert 'id="e-familia">Escribe cuántas personas tiene tu familia, con un número de 1 a 40' in html
    assert 'value="Los Negros"' in html and "papa muchas</textarea>" in html, "values kept"
    assert 'value="woman" checked' in html
    assert half.status == 400 and 'id="e-familia">Escribe un número entero de personas, como 5.' in half_html
    assert saved is None, "nothing written while any part was refused"


async def test_a_good_entry_is_saved_once_as_the_bot_would_and_reads_back_in_the_form(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(MINE)
        form = entry_form(comunidad="Buena Vista", produccion="café 5 quintales, cosecha\nmiel 30 kg",
                          familia="5", genero="woman")
        saved = await browser.post_form(MINE, form)
        saved_text = visible_text(await saved.text())
        again = await browser.post_form(MINE, form)
        back = await browser.text(MINE)
        entries = await MemberEntry.filter(member__organization__slug="cafe-amboro").count()
        entry = await hildas_entry()
        listed = visible_text(await browser.text(REGISTER))

    assert saved.history[0].status == 303 and saved.url.path == MINE and "✅ Guardado." in saved_text
    assert again.status == 200 and entries == 1
    assert entry is not None and entry.family_size == 5 and entry.gender == Gender.WOMAN
    assert [line["product"] for line in entry.production] == ["café", "miel"]
    assert entry.production[0]["unit"] == "quintal" and entry.production[0]["season"] == "cosecha"
    assert "café 5 quintales, cosecha" in back or "café 5 qq, cosecha" in back, "written back as the bot asks it"
    assert 'value="woman" checked' in back, "her own gender, shown to herself"
    assert "Hilda" in listed and "café, miel" in listed and "Mujer" not in listed.replace("Mujeres", "")


async def test_still_right_counts_the_entry_as_updated(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(MINE)
        await browser.post_form(MINE, entry_form(familia="3"))
        first = (await hildas_entry()).updated_at
        confirmed = await browser.post_form(f"{MINE}/sigue-igual")
        text = visible_text(await confirmed.text())
        later = (await hildas_entry()).updated_at

    assert confirmed.url.path == MINE and "Gracias: tu ficha cuenta como actualizada." in text
    assert later >= first


async def test_a_post_without_its_token_writes_nothing(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        await browser.get(MINE)
        forged = await browser.post_form(MINE, entry_form(familia="4"), csrf=False)
        entry = await hildas_entry()

    assert forged.status == 403 and entry is None


async def test_another_organizations_register_and_members_are_not_reachable(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        theirs = await browser.get("/escritorio/org/coraca-irupana/registro")
        export = await browser.get("/escritorio/org/coraca-irupana/registro.csv")
        juana = await Member.get(organization__slug="coraca-irupana", person__name="Juana Condori Quispe")
        through_mine = await browser.get(f"{REGISTER}/{juana.id}")
        await browser.get(MINE)
        write_there = await browser.post_form("/escritorio/org/coraca-irupana/registro/mio", entry_form(familia="39"))
        juanas = await MemberEntry.get(member_id=juana.id)

    assert theirs.status == 403 and export.status == 403 and write_there.status == 403
    assert through_mine.status == 404, "another organization's member is not found in this register"
    assert juanas.family_size != 39


@pytest.mark.parametrize("locale", ["es", "pt_BR", "en"])
@pytest.mark.parametrize("unit", list(UNITS))
def test_a_product_line_is_written_back_in_the_form_as_it_reads_again(locale, unit):
    line = ProductionLine("café", Decimal("2.5"), unit, "cosecha")

    text = production_text(line, locale)

    assert parse_production(text, locale) == [line], text

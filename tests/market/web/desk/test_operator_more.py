"""An operator at the desk imports places by upload and names and removes operators (issue 22), as the command
line's `territories import` and the bot's /operadores do: a file with a wrong line imports nothing and names the
line, the same file twice stores nothing twice; a person is named once, told once, and the last operator is never
removed. Nobody else gets in, and a form without its token changes nothing."""

from __future__ import annotations

import io

from market.enums import TerritoryLevel
from market.models import Notification, Operator, Person, Territory
from serve import build
from tests.bot.conftest import sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import (  # noqa: F401
    HILDA,
    feria_settings,
    hilda,
    people,
    retry_after_as_timedelta,
)
from tests.bot.flows.test_rounds import receives_with
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

OLGA = 900_000_401  # the demo's operator
PLACES = "/escritorio/operador/territorios?lang=en"
OPERATORS = "/escritorio/operador/operadores"
LIST = ("code;name;level;parent\n"
        "bo-scz-feria-1;Villa Feria Uno;municipality;BO-S\n"
        "bo-scz-feria-1-a;Comunidad Feria A;comunidad;bo-scz-feria-1\n"
        "bo-scz-feria-1-b;Comunidad Feria B;ciudad;bo-scz-feria-1\n")


def upload(content: bytes, filename: str = "municipios.csv") -> dict[str, io.BytesIO]:
    """The form's file field, as a browser sends a file chosen from the disk (its name with it)."""
    file = io.BytesIO(content)
    file.name = filename
    return {"file": file}


def en(path: str) -> str:
    return f"{path}?lang=en"


async def test_places_with_a_wrong_line_import_nothing_and_name_it_then_the_corrected_file_imports_once(
        feria_settings, people):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)
        form = visible_text(await browser.text(PLACES))
        before = await Territory.all().count()
        first = await browser.post_form(PLACES, upload(LIST.encode()))
        after_first = await Territory.all().count()
        fixed = await browser.post_form(PLACES, upload(LIST.replace("ciudad", "community").encode()))
        after_fixed = await Territory.all().count()
        again = await browser.post_form(PLACES, upload(LIST.replace("ciudad", "community").encode()))
        after_again = await Territory.all().count()
        community = await Territory.get(code="bo-scz-feria-1-a")

    assert "code, name, level, parent" in form
    report = visible_text(await first.text())
    assert first.status == 200 and after_first == before, "one wrong line: nothing imported"
    assert "Nothing was imported: 1 line is wrong." in report
    assert "4 The level «ciudad» is not region, municipality or community." in report
    fixed_text = visible_text(await fixed.text())
    assert after_fixed == before + 3 and "3 places imported" in fixed_text
    assert "Municipalities: 1" in fixed_text and "Communities: 2" in fixed_text
    assert community.level == TerritoryLevel.COMMUNITY and community.currency == "BOB"
    repeated = visible_text(await again.text())
    assert after_again == after_fixed, "the same file twice stores nothing twice"
    assert "Nothing was imported: 3 lines are wrong." in repeated and "is already a place" in repeated


async def test_a_places_file_too_large_not_csv_or_unreadable_imports_nothing(feria_settings, people):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    header = "code;name;level;parent\n"
    huge = (header + "x" * (2 * 1024 * 1024 + 10)).encode()
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, olga)
        await browser.get(PLACES)
        before = await Territory.all().count()
        large = await browser.post_form(PLACES, upload(huge))
        sheet = await browser.post_form(PLACES, upload(b"PK\x03\x04...", "municipios.xlsx"))
        columns = await browser.post_form(PLACES, upload(b"code;name\nbo-x;Equis\n"))
        zone = await browser.post_form(PLACES, {**upload(LIST.encode()), "time_zone": "America/ La Paz"})
        after = await Territory.all().count()

    assert (large.status, sheet.status, columns.status, zone.status) == (400, 400, 400, 400) and after == before
    assert "The file is over 2 MB" in visible_text(await large.text())
    assert "Only a CSV file can be imported" in visible_text(await sheet.text())
    assert "The file lacks the columns level, parent" in visible_text(await columns.text())
    zone_html = await zone.text()
    assert 'id="e-time_zone"' in zone_html and 'value="America/ La Paz"' in zone_html


async def test_an_operator_names_another_once_who_is_told_and_removes_them_once(
        feria_settings, people, hilda):  # noqa: F811
    olga = people.person(OLGA, "Olga")
    async with desk_browser(build(feria_settings, "all")) as browser:
        hilda_id = (await Person.get(telegram_user_id=HILDA)).id
        olga_id = (await Person.get(telegram_user_id=OLGA)).id
        await sign_in(browser, olga)
        listed = visible_text(await browser.text(en(OPERATORS)))
        wrong = await browser.post_form(en(f"{OPERATORS}/nuevo"), {"person": "Hilda"})
        unknown = await browser.post_form(en(f"{OPERATORS}/nuevo"), {"person": "@nadie_aqui"})
        lonely = await browser.post_form(en(f"{OPERATORS}/{olga_id}/quitar"))
        confirm = await browser.post_form(en(f"{OPERATORS}/nuevo"), {"person": str(HILDA)})
        forged = await browser.post_form(en(f"{OPERATORS}/nombrar"), {"person_id": str(hilda_id)}, csrf=False)
        nobody = await Operator.filter(person_id=hilda_id).count()
        named = await browser.post_form(en(f"{OPERATORS}/nombrar"), {"person_id": str(hilda_id)})
        told = await receives_with(hilda, "operador")
        again = await browser.post_form(en(f"{OPERATORS}/nombrar"), {"person_id": str(hilda_id)})
        roles = await Operator.filter(person_id=hilda_id).count()
        notices = await Notification.filter(template="operator_named", person_id=hilda_id).count()
        remove_page = visible_text(await browser.text(en(f"{OPERATORS}/{hilda_id}/quitar")))
        removed = await browser.post_form(en(f"{OPERATORS}/{hilda_id}/quitar"))
        removed_again = await browser.post_form(en(f"{OPERATORS}/{hilda_id}/quitar"))
        current = await Operator.filter(person_id=hilda_id, removed_at__isnull=True).count()

    assert "Olga" in listed and "(you)" in listed and "the last one: name another first" in listed
    wrong_html = await wrong.text()
    assert wrong.status == 400 and 'id="e-person"' in wrong_html and 'value="Hilda"' in wrong_html
    assert "Write their Telegram id (digits, like 123456789) or their @username." in visible_text(wrong_html)
    assert unknown.status == 400 and "Nobody who wrote to the bot is @nadie_aqui" in visible_text(await unknown.text())
    assert lonely.status == 409 and "That is the last operator" in visible_text(await lonely.text())
    assert "Name Hilda Justiniano Rojas operator?" in visible_text(await confirm.text())
    assert forged.status == 403 and nobody == 0
    assert named.url.path == OPERATORS and "is now an operator" in visible_text(await named.text())
    assert told is not None
    assert "was an operator already: nothing changed." in visible_text(await again.text())
    assert (roles, notices) == (1, 1)
    assert "Remove Hilda Justiniano Rojas as operator?" in remove_page
    assert "is no longer an operator" in visible_text(await removed.text())
    assert removed_again.status == 409 and "That person is no longer an operator." in visible_text(
        await removed_again.text())
    assert current == 0


async def test_only_an_operator_reaches_these_pages(feria_settings, people, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        olga_id = (await Person.get(telegram_user_id=OLGA)).id
        await sign_in(browser, hilda)
        pages = [(await browser.get(path)).status for path in (
            PLACES, OPERATORS, f"{OPERATORS}/{olga_id}/quitar")]
        await browser.get("/escritorio")
        posts = [(await browser.post_form(PLACES, upload(LIST.encode()))).status,
                 (await browser.post_form(f"{OPERATORS}/nuevo", {"person": str(HILDA)})).status,
                 (await browser.post_form(f"{OPERATORS}/{olga_id}/quitar")).status]
        operators = await Operator.filter(removed_at__isnull=True).count()

    assert pages == [403] * 3 and posts == [403] * 3
    assert operators == 1

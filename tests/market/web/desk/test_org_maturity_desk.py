"""The maturity profile at the desk (issue 22): an organization's admin reads its level as the bot shows it (what it
rests on, what the next level needs, what the admins declared) and declares with a day what only people can say,
through the bot's service: once, never a day to come, nothing on bad input, nobody else's.

Café Amboró (demo data) is consolidating: its statutes were declared; no assembly yet.
"""

from __future__ import annotations

import re

from market.enums import DeclarationKind
from market.models import MaturityDeclaration
from serve import build
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

MATURITY = "/escritorio/org/cafe-amboro/madurez"
FELIPA = 900_000_005  # an admin of CORACA Irupana, not of Café Amboró


def latest(html: str) -> str:
    """The latest declaration the page's form carries (what a browser sends back with it)."""
    return re.search(r'name="ultima" value="([^"]*)"', html).group(1)


async def assemblies() -> int:
    return await MaturityDeclaration.filter(organization__slug="cafe-amboro", kind=DeclarationKind.ASSEMBLY).count()


async def test_the_profile_reads_as_in_the_bot_and_an_assembly_is_declared_once(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        page = await browser.get(MATURITY)
        html = await page.text()
        text = visible_text(html)
        seen = latest(html)
        declared = await browser.post_form(MATURITY, {"tipo": "assembly", "dia": "2026-11-14", "ultima": seen})
        declared_text = visible_text(await declared.text())
        twice = await browser.post_form(MATURITY, {"tipo": "assembly", "dia": "2026-11-14", "ultima": seen})
        twice_text = visible_text(await twice.text())
        count = await assemblies()

    assert page.status == 200 and "🌱 Madurez: En consolidación" in text
    assert "Estatutos aprobados" in text and "Una asamblea en los últimos 12 meses" in text
    assert declared.url.path == MATURITY and "Asamblea realizada 14 nov 2026 Hilda" in declared_text
    assert twice.status == 409 and "Esto ya quedó registrado" in twice_text
    assert count == 1
    assert "Una asamblea en los últimos 12 meses" in declared_text.split("Lo que declararon")[0].split(
        "Lo que le falta")[0], "the level was read again: the assembly now counts"


async def test_a_day_unread_or_to_come_is_named_next_to_the_field_and_nothing_is_declared(feria_settings, hilda):
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        seen = latest(await browser.text(MATURITY))
        unread = await browser.post_form(MATURITY, {"tipo": "assembly", "dia": "31/02/2026", "ultima": seen})
        unread_html = await unread.text()
        future = await browser.post_form(MATURITY, {"tipo": "assembly", "dia": "2026-12-24", "ultima": seen})
        future_html = await future.text()
        kind = await browser.post_form(MATURITY, {"tipo": "fiesta", "dia": "2026-11-14", "ultima": seen})
        count = await assemblies()

    assert unread.status == 400 and 'id="e-dia">No pude leer esa fecha.' in unread_html
    assert 'value="31/02/2026"' in unread_html or "31/02/2026" in unread_html
    assert future.status == 400 and 'id="e-dia">Ese día todavía no llegó' in future_html
    assert kind.status == 400 and 'id="e-tipo">' in await kind.text()
    assert count == 0


async def test_nobody_else_declares_and_a_post_without_its_token_declares_nothing(feria_settings, people, hilda):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        seen = latest(await browser.text(MATURITY))
        forged = await browser.post_form(MATURITY, {"tipo": "assembly", "dia": "2026-11-14", "ultima": seen},
                                         csrf=False)
        await sign_in(browser, felipa)
        theirs = await browser.get(MATURITY)
        await browser.get("/escritorio/org/coraca-irupana/madurez")  # a token of her own desk
        posted = await browser.post_form(MATURITY, {"tipo": "assembly", "dia": "2026-11-14", "ultima": seen})
        token_sent = browser.posted is not None
        count = await assemblies()

    assert token_sent, "refused for who she is, not for a missing token"
    assert forged.status == 403 and theirs.status == 403 and posted.status == 403 and count == 0

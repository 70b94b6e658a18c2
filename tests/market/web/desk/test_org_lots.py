"""An organization's lots at its admins' desk (issue 22): whose stock each product is, as producers posted it in the
chat, and the organization's own; nobody but its admins reads them."""

from __future__ import annotations

from serve import build
from tests.bot.flows.conftest import REINA
from tests.bot.flows.test_lots import posts
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import desk_browser, sign_in

LOTS = "/escritorio/org/cafe-amboro/lotes"
FELIPA = 900_000_005  # admin of CORACA Irupana (demo data), not of Café Amboró


async def test_a_lot_a_producer_posts_in_the_chat_shows_whose_it_is_beside_the_organizations_own(
        feria_settings, people, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        before = visible_text(await browser.text(LOTS))
        await posts(reina, "cacao en grano 80 kg")
        page = await browser.get(LOTS)
        after = visible_text(await page.text())

    assert "Reina" not in before
    assert page.status == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert "Lotes: de quién es el stock" in after
    assert "Cacao en grano" in after and "80 kg" in after, "Reina's lot, as she posted it in the chat"
    assert "Lo propio de la organización" in after, "the organization's own lots of other products"


async def test_only_the_organizations_admins_read_its_lots(feria_settings, people):
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, felipa)
        other = await browser.get(LOTS)
        own = await browser.get("/escritorio/org/coraca-irupana/lotes")

    assert other.status == 403
    assert own.status == 200

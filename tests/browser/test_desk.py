"""The desk in Chromium at 360 px, signed in through the bot on the offline sandbox's chat page, as a person does.

The desk's pages need no script (its Content-Security-Policy lets none run: a blocked one fails the `page` fixture).
"""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.browser.desk_page import DeskPage
from tests.browser.sandbox_page import WAIT_MS

HILDA = "Hilda Justiniano Rojas"  # the demo's admin of Café Amboró (Telegram id 900000001)
AMBORO = "Asociación de Productores de Café Amboró"


async def runs_no_script(desk: DeskPage) -> None:
    assert await desk.page.locator("script").count() == 0


async def test_an_admin_signs_in_by_saying_yes_in_the_sandbox_and_the_page_moves_on_by_itself(page, feria):
    desk = DeskPage(page, feria)

    waiting = await desk.asks_for_a_code("/escritorio")
    await runs_no_script(desk)
    _, question = await desk.says_yes_in_the_bot(waiting, HILDA)

    # The first tab was left alone: its <meta http-equiv="refresh"> brings it to the desk.
    await page.wait_for_url(re.compile(r"/escritorio(\?lang=es)?$"), timeout=WAIT_MS)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Hilda Justiniano Rojas")
    await expect(page.get_by_role("link", name=AMBORO)).to_be_visible()
    await runs_no_script(desk)
    assert waiting.bot_link.startswith(f"/sandbox?start=login_{waiting.code}"), "offline the link opens the sandbox"
    # Headless Chromium says it is Chrome on Linux (X11; Linux x86_64 … HeadlessChrome/…).
    assert "¿Entrar en Feria desde el navegador? (Chrome en Linux)" in question
    assert "Chrome en Linux (este)" in await page.locator("main").inner_text()
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360, "nothing wider than the phone"
    await page.screenshot(path="/tmp/desk-home.png", full_page=True)


async def test_the_desk_s_pages_allow_no_script_at_all(page, feria):
    desk = DeskPage(page, feria)

    for path in ("/entrar", "/escritorio"):
        response = await desk.opens(path)
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, path
        await runs_no_script(desk)


async def test_signing_out_from_the_header_closes_the_desk_to_this_browser(page, feria):
    desk = DeskPage(page, feria)
    await desk.signs_in_as(HILDA)

    await page.locator("header").get_by_role("button", name="Cerrar sesión").click()

    await expect(page).to_have_url(re.compile(r"/entrar(\?|$)"), timeout=WAIT_MS)
    await expect(page.get_by_role("button", name="Entrar con Telegram")).to_be_visible()
    await desk.opens("/escritorio")
    await expect(page).to_have_url(re.compile(r"/entrar(\?|$)"))
    await expect(page.locator("header .who")).to_have_count(0)

"""A person at the desk (/escritorio) in Chromium, signing in as a person does: through the bot, in a second tab.

    desk = DeskPage(page, feria)
    await desk.signs_in_as("Hilda Justiniano Rojas")      # /entrar → the bot's chat page → Sí, entrar → /escritorio
    await desk.opens("/escritorio/org/cafe-amboro")
    cookie = await desk.cookie_header()                    # the session, for a tool outside the browser (Lighthouse)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.async_api import Page, Response, expect

from tests.browser.sandbox_page import WAIT_MS, SandboxPage

CODE = re.compile(r"/entrar ([A-Z0-9]{8})")


@dataclass(frozen=True)
class Waiting:
    """What the waiting page (/entrar/espera) shows: the code to type and the link that opens the bot."""

    code: str
    bot_link: str


class DeskPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    async def opens(self, path: str) -> Response | None:
        return await self.page.goto(self.base_url + path)

    async def asks_for_a_code(self, path: str = "/entrar") -> Waiting:
        """Open `path` (a desk page sends a browser signed in to nobody to /entrar), press "Entrar con Telegram"."""
        await self.opens(path)
        await self.page.get_by_role("button", name="Entrar con Telegram").click()
        await expect(self.page).to_have_url(re.compile(r"/entrar/espera"), timeout=WAIT_MS)
        shown = CODE.search(await self.page.locator("main").inner_text())
        assert shown is not None, "the waiting page shows the code to type to the bot"
        link = await self.page.get_by_role("link", name="Abrir el bot de Feria").get_attribute("href")
        assert link is not None
        return Waiting(shown.group(1), link)

    async def says_yes_in_the_bot(self, waiting: Waiting, name: str) -> tuple[SandboxPage, str]:
        """In a second tab, open the waiting page's link to the bot as `name` and answer Yes; the chat's tab and
        the bot's question as it was asked."""
        chat = SandboxPage(await self.page.context.new_page(), self.base_url)
        await chat.follows_link_as(waiting.bot_link, name)
        question = await (await chat.sees("¿Entrar en Feria desde el navegador?")).inner_text()
        await chat.presses("Sí, entrar")
        await chat.sees("✅")
        return chat, question

    async def signs_in_as(self, name: str) -> None:
        """The whole handshake; the desk's tab ends on /escritorio, moved on by the waiting page by itself."""
        chat, _ = await self.says_yes_in_the_bot(await self.asks_for_a_code(), name)
        await chat.page.close()
        await self.page.wait_for_url(re.compile(r"/escritorio(\?lang=\w+)?$"), timeout=WAIT_MS)

    async def cookie_header(self) -> str:
        """The browser's cookies for the app, as a Cookie header."""
        cookies = await self.page.context.cookies(self.base_url)
        return "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in cookies)

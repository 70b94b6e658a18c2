"""A person at the /sandbox chat page, in the words a browser test reads best."""

from __future__ import annotations

from playwright.async_api import Locator, Page, expect

WAIT_MS = 15_000  # the bot's answer comes through a long poll; a first page load compiles catalogs


class SandboxPage:
    """`await chat.opens_as("Carmen")`, `await chat.sends("/start")`, `await chat.sees("Hola")`,
    `await chat.presses("Ver catálogo")`: each waits for what a person would wait to see."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    async def opens_as(self, name: str, *, lang: str | None = None) -> None:
        """Pick a demo person by (part of) their name on the picker, and open their chat."""
        await self.page.goto(f"{self.base_url}/sandbox" + (f"?lang={lang}" if lang else ""))
        value = await self.page.locator("#person option", has_text=name).first.get_attribute("value")
        await self.page.select_option("#person", value)
        await self.page.click("#pick button")
        await self.page.wait_for_selector("#composer")

    async def follows_link_as(self, url: str, name: str) -> None:
        """Open a link to the bot (the web's "Open Feria's bot", offline a /sandbox?start=... link), pick a demo
        person on the picker by (part of) their name, and press the chat's Start button, as Telegram shows it."""
        await self.page.goto(url if url.startswith("http") else self.base_url + url)
        value = await self.page.locator("#person option", has_text=name).first.get_attribute("value")
        await self.page.select_option("#person", value)
        await self.page.click("#pick button")
        await self.page.wait_for_selector("#composer")
        await self.page.click("#start")

    async def opens_as_someone_new(self, name: str, language_code: str) -> None:
        await self.page.goto(f"{self.base_url}/sandbox")
        await self.page.fill("#name", name)
        await self.page.select_option("#language_code", language_code)
        await self.page.click("#newcomer button")
        await self.page.wait_for_selector("#composer")

    async def sends(self, text: str) -> None:
        await self.page.fill("#text", text)
        await self.page.press("#text", "Enter")
        await expect(self.page.locator(".msg.me", has_text=text).last).to_be_visible(timeout=WAIT_MS)

    async def sends_photo(self, name: str, content: bytes, mime_type: str, caption: str = "") -> None:
        await self.page.fill("#text", caption)
        await self.page.set_input_files("#photo", files=[{"name": name, "mimeType": mime_type, "buffer": content}])
        await expect(self.page.locator(".msg.me img").last).to_be_visible(timeout=WAIT_MS)

    async def sees(self, text: str) -> Locator:
        """The bot's newest message showing `text` (waits for it to come)."""
        message = self.page.locator("#log .msg.bot", has_text=text).last
        await expect(message).to_be_visible(timeout=WAIT_MS)
        return message

    async def presses(self, text: str) -> None:
        """Press the newest inline button, or reply-keyboard button, labelled `text`."""
        await self.page.locator(".msg .inline button, #keyboard button", has_text=text).last.click()

    async def sees_toast(self, text: str) -> None:
        await expect(self.page.locator("#toast")).to_have_text(text, timeout=WAIT_MS)

    async def sees_alert(self, text: str) -> None:
        await expect(self.page.locator("#alert-text")).to_have_text(text, timeout=WAIT_MS)
        await self.page.click("#alert-ok")

    async def buttons(self) -> list[str]:
        """The labels of the inline buttons under the bot's newest message."""
        return await self.page.locator("#log .msg.bot").last.locator(".inline button").all_inner_texts()

    async def bot_messages(self) -> list[str]:
        return await self.page.locator("#log .msg.bot .bubble").all_inner_texts()

    async def sees_the_chat_change(self, before: list[str]) -> None:
        """Wait until the bot's messages differ from `before` (a new one, an edit or a deletion)."""
        await self.page.wait_for_function(
            """before => {
                const now = [...document.querySelectorAll('#log .msg.bot .bubble')].map(b => b.innerText);
                return JSON.stringify(now) !== JSON.stringify(before);
            }""",
            arg=before, timeout=WAIT_MS,
        )

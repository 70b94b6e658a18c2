"""A browser at the desk in tests: a cookie jar that keeps the desk's Secure cookie over the test's plain HTTP, and
the sign-in handshake through the bot, as a person does it (market.web.desk.signin).

    async with desk_browser(app) as browser:               # the served app (web and bot) on a port of its own
        await sign_in(browser, hilda)                       # /entrar → the bot's Yes → /escritorio
        page = await browser.get("/escritorio/…")
        await browser.post_form("/escritorio/…", {"field": "value"})   # with the page's CSRF token
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import ClientResponse, CookieJar, web
from aiohttp.test_utils import TestClient, TestServer

from bot.sandbox import SandboxPerson
from tests.support.network import free_port

CHROME_ON_ANDROID = ("Mozilla/5.0 (Linux; Android 13; SM-A145M) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/120.0.0.0 Mobile Safari/537.36")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)


def page_token(html: str) -> str | None:
    """The CSRF token the page's own forms carry (inside <main>), as a browser would post it; None when they carry
    none. The header's sign-out form is left out: its token once hid forms that carried none (in Chromium they
    answered 403)."""
    main = _MAIN.search(html)
    found = _CSRF.search(main.group(0)) if main else None
    return found.group(1) if found else None
_CODE = re.compile(r"/entrar ([A-Z0-9]{8})")


class DeskBrowser:
    """One browser (one cookie jar) at the served app."""

    def __init__(self, client: TestClient[Any, Any]) -> None:
        self.client = client
        self.csrf: str | None = None  # the token of the last page read (page_token)
        self.posted: str | None = None  # the token the last POST carried

    async def get(self, path: str, **kwargs: Any) -> ClientResponse:
        kwargs.setdefault("headers", {"Accept-Language": "es", "User-Agent": CHROME_ON_ANDROID})
        response = await self.client.get(path, **kwargs)
        if response.content_type == "text/html":
            self.csrf = page_token(await response.text())
        return response

    async def text(self, path: str) -> str:
        response = await self.get(path)
        return await response.text()

    async def post_form(self, path: str, fields: dict[str, Any] | None = None, *, csrf: bool = True,
                        again: bool = False, **kwargs: Any) -> ClientResponse:
        """POST a form (urlencoded; multipart when a value is bytes or a file) with the last page's CSRF token;
        `again`: with the token of the POST before, as a browser sends a form a second time (back, or a double
        press) from a page that has changed since; `csrf=False`: without one, as another site would (the
        browser's own pages stay as they were)."""
        token = self.posted if again else self.csrf
        data: dict[str, Any] = {"csrf": token} if csrf and token else {}
        data.update(fields or {})
        kwargs.setdefault("headers", {"Accept-Language": "es", "User-Agent": CHROME_ON_ANDROID})
        response = await self.client.post(path, data=data, **kwargs)
        if not csrf:
            return response  # a forgery, sent by another site: this browser's pages are as they were
        self.posted = token
        if response.content_type == "text/html":
            self.csrf = page_token(await response.text())
        return response


@asynccontextmanager
async def desk_browser(app: web.Application) -> AsyncIterator[DeskBrowser]:
    """Serve `app` (it opens and closes the database: read the ORM inside the block) and open one browser at it."""
    port = free_port()
    jar = CookieJar(unsafe=True, treat_as_secure_origin=[f"http://127.0.0.1:{port}"])
    async with TestClient(TestServer(app, host="127.0.0.1", port=port), cookie_jar=jar) as client:
        yield DeskBrowser(client)


async def another_browser(browser: DeskBrowser) -> DeskBrowser:
    """A second browser at the same served app, with cookies of its own."""
    server = browser.client.server
    jar = CookieJar(unsafe=True, treat_as_secure_origin=[str(server.make_url("/"))])
    client = TestClient(server, cookie_jar=jar)
    await client.start_server()
    return DeskBrowser(client)


async def ask_for_code(browser: DeskBrowser, next_path: str | None = None) -> str:
    """Press "Sign in with Telegram" on /entrar; the code the waiting page shows."""
    await browser.get("/entrar" + (f"?next={next_path}" if next_path else ""))
    waiting = await browser.post_form("/entrar", {"next": next_path or ""})
    found = _CODE.search(await waiting.text())
    assert found, "the waiting page shows the code to type"
    return found.group(1)


async def sign_in(browser: DeskBrowser, person: SandboxPerson, next_path: str | None = None) -> ClientResponse:
    """The whole handshake: the code, the bot's question, Yes, and the page the browser moves on to."""
    code = await ask_for_code(browser, next_path)
    await person.says(f"/start login_{code}")
    question = await person.receives()
    await person.presses(question.buttons[0][0][0], message=question)  # "Yes, sign in", in the person's language
    await person.sees_edited(question)
    return await browser.get("/entrar/espera")

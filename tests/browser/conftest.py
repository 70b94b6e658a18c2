"""A real browser (Debian's Chromium driven by Playwright) on the real served app.

Without Chromium or Playwright the browser tests skip, saying why; with FERIA_REQUIRE_BROWSER=1
(as .ci/run sets) they fail instead, so CI cannot pass without having run them.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from config import load_settings
from market import clock
from market.demo.seed import seed_demo
from serve import build
from tests.support.network import free_port
from tests.support.settings import NO_RATE_LIMITS

CHROMIUM = Path("/usr/bin/chromium")
# Offline and quiet: without the network flags Chromium keeps trying to reach Google's services.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 360, "height": 740}  # a cheap phone's screen, in CSS pixels


def browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium chromium-driver)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture
async def browser():
    """Chromium with a phone-sized window; yields Playwright's BrowserContext.

    Playwright starts each launch on a fresh temporary profile (its own --user-data-dir).
    """
    reason = browser_missing()
    if reason is not None:
        if os.environ.get("FERIA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FERIA_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield await chromium.new_context(viewport=PHONE, locale="es-BO")
        await chromium.close()


@pytest.fixture
async def feria(seeded) -> AsyncIterator[str]:
    """The served app as `make run` starts it (web, offline sandbox, bot) on the demo data; its URL."""
    database_url = await seeded(seed_demo, ("demo", clock.today()))
    settings = load_settings({"DATABASE_URL": database_url, "SANDBOX_PORT": str(free_port()), **NO_RATE_LIMITS})
    server = TestServer(build(settings, "all"))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def page(browser):
    page = await browser.new_page()
    # A script error fails the test where it happens instead of leaving a page that silently does nothing.
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_policy(page, errors)
    yield page
    assert errors == []


def watch_policy(page, errors: list[str]) -> None:
    """Add to `errors` what the page's Content-Security-Policy blocked (Chromium says so on the console)."""
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)


@pytest.fixture
async def chat(page, feria):
    """A person at the real served app's /sandbox page."""
    from tests.browser.sandbox_page import SandboxPage  # Playwright is there: `browser` checked

    return SandboxPage(page, feria)

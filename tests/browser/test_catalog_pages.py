"""The public catalog in a real browser, on a phone's screen with JavaScript switched off.

A person searches "cafe", opens a product, sees its price and seal, follows to the organization,
and verifies the seal's code by typing it (an unknown code says it was not found).
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.browser.conftest import PHONE, watch_policy

SHOTS = "/tmp/catalog-{}.png"


@pytest.fixture
async def phone(browser):
    """A phone-sized page with scripts off: the catalog must work without them."""
    context = await browser.browser.new_context(viewport=PHONE, locale="es-BO", java_script_enabled=False)
    page = await context.new_page()
    blocked: list[str] = []
    watch_policy(page, blocked)  # the style sheet, the chart and the QR code all load under the policy
    yield page
    await context.close()
    assert blocked == []


async def fits_the_screen(page) -> bool:
    """Nothing wider than the phone: no sideways scrolling to read a page."""
    return await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


async def test_a_person_searches_opens_a_product_follows_to_its_maker_and_verifies_the_seal(phone, feria):
    from playwright.async_api import expect  # Playwright is there: `browser` checked

    await phone.goto(f"{feria}/")
    await phone.fill("header input[name=q]", "cafe")
    await phone.press("header input[name=q]", "Enter")

    await expect(phone.locator("h1")).to_have_text("Resultados para “cafe”")
    await phone.click("details.filters summary")  # the filters open without a script
    await expect(phone.locator("details.filters select[name=territorio]")).to_be_visible()
    assert await fits_the_screen(phone)
    await phone.screenshot(path=SHOTS.format("search"), full_page=True)

    await phone.click("text=Café orgánico de Yungas")
    await expect(phone.locator("h1")).to_have_text("Café orgánico de Yungas")
    await expect(phone.locator(".price")).to_have_text("Bs110,00 por kg")
    seal = phone.locator("ul.seals li.valid")
    await expect(seal).to_contain_text("Vigente")
    await expect(seal).to_contain_text("Red: Red de Certificación Participativa de Bolivia")
    code = await seal.locator("a").inner_text()
    assert await fits_the_screen(phone)
    await phone.screenshot(path=SHOTS.format("product"), full_page=True)

    await phone.click("article.product >> text=CORACA Irupana")
    await expect(phone.locator("h1")).to_have_text("CORACA Irupana")
    await expect(phone.locator("dl.facts").first).to_contain_text("Corporación Agropecuaria Campesina (CORACA)")
    await expect(phone.locator("ul.seals li.valid")).to_contain_text(code)
    assert await fits_the_screen(phone)
    await phone.screenshot(path=SHOTS.format("organization"), full_page=True)

    await phone.click("header a.seals")
    await phone.fill("input[name=codigo]", f"{code[:4].lower()}-{code[4:].lower()}")
    await phone.press("input[name=codigo]", "Enter")
    await expect(phone.locator("p.status")).to_contain_text(f"Sello {code[:4]}-{code[4:]}: Vigente")
    await expect(phone.locator("ul.facts")).to_contain_text("Titular: CORACA Irupana")
    # The page shows the QR code, and its address serves the drawing (fetched here: whether the browser has painted
    # an image below the seal's history when the check runs was a race).
    qr = await phone.request.get(urljoin(phone.url, await phone.locator("img.qr").get_attribute("src") or ""))
    assert qr.status == 200 and qr.headers["content-type"].startswith("image/svg+xml")
    assert (await qr.text()).startswith("<svg")
    assert await fits_the_screen(phone)
    await phone.screenshot(path=SHOTS.format("seal"), full_page=True)

    await phone.fill("input[name=codigo]", "abcd-2345")
    await phone.press("input[name=codigo]", "Enter")
    await expect(phone.locator("p.notice")).to_have_text(
        "Ningún sello tiene el código ABCD2345. Revisa las letras e inténtalo de nuevo."
    )
    assert await fits_the_screen(phone)
    await phone.screenshot(path=SHOTS.format("not-found"), full_page=True)


async def test_the_catalog_pages_log_no_error_and_each_describes_itself_to_search_engines(phone, feria):
    from playwright.async_api import expect  # Playwright is there: `browser` checked

    console: list[str] = []
    phone.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    await phone.goto(f"{feria}/")
    await phone.fill("header input[name=q]", "cafe")
    await phone.press("header input[name=q]", "Enter")
    await expect(phone.locator("header input[name=q]")).to_have_value("cafe")  # the box keeps what was typed
    searched = phone.url
    await phone.click("text=Café orgánico de Yungas")
    await expect(phone.locator("h1")).to_have_text("Café orgánico de Yungas")
    product = phone.url
    await phone.click("article.product >> text=CORACA Irupana")
    organization = phone.url
    await phone.click("ul.seals li a >> nth=0")
    seal = phone.url
    descriptions = {}

    for address in (f"{feria}/", searched, product, organization, seal):
        await phone.goto(address)
        await phone.wait_for_load_state("load")
        descriptions[address] = await phone.locator("meta[name=description]").get_attribute("content")

    # A missing icon was an error on every page's console (the browser asks for /favicon.ico by itself).
    assert console == []
    assert "/organizaciones/" in organization and "/sellos/" in seal
    assert all(descriptions.values()) and len(set(descriptions.values())) == len(descriptions), descriptions


async def test_a_product_leads_to_its_market_prices_whose_chart_fits_the_phone(phone, feria):
    from playwright.async_api import expect  # Playwright is there: `browser` checked

    await phone.goto(f"{feria}/buscar?q=quinua")
    await phone.click("text=Quinua real")
    await phone.click("text=Precios de Quinua real en el mercado")

    await expect(phone.locator("h1")).to_contain_text("Quinua real")
    await phone.wait_for_load_state("load")  # the chart is drawn for this visit: it comes after the page
    assert await phone.locator("img.chart").evaluate("img => img.complete && img.naturalWidth === 800")
    assert await fits_the_screen(phone)

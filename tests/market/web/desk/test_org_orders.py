"""An organization's admin at the desk (issue 22): its home, the orders it received (filtered by status and days),
and one order confirmed on the web as in the bot, its buyer told by the bot; nobody else's desk, no step twice."""

from __future__ import annotations

import asyncio

from market.enums import OrderStatus
from market.models import Notification, Order
from serve import build
from tests.bot.conftest import sandbox  # noqa: F401  (the bot's fixtures, for a test outside tests/bot)
from tests.bot.flows.conftest import (  # noqa: F401
    ana,
    feria_settings,
    hilda,
    people,
    retry_after_as_timedelta,
)
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.market.web.pages.conftest import visible_text
from tests.support.desk import another_browser, desk_browser, sign_in
from tests.support.orders import the_order

AMBORO = "/escritorio/org/cafe-amboro"
FELIPA = 900_000_005  # admin of CORACA Irupana in the demo, not of Café Amboró


async def _placed_by_ana(ana, hilda) -> Order:  # noqa: F811
    """Ana orders 2 kg of coffee in the bot, to be picked up; Hilda's chat gets the new order."""
    await checkout_with_pickup(ana, "Café tostado en grano", "+2 kg")
    await hilda.receives(timeout=5)
    return await the_order()


async def test_an_admin_finds_the_waiting_order_confirms_it_on_the_web_and_the_buyer_is_told_by_the_bot(
        feria_settings, hilda, ana):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        order = await _placed_by_ana(ana, hilda)
        home = visible_text(await browser.text(AMBORO))
        waiting = visible_text(await browser.text(f"{AMBORO}/pedidos?estado=placed"))
        delivered = visible_text(await browser.text(f"{AMBORO}/pedidos?estado=delivered&desde=2000-01-01"))
        await browser.get(f"{AMBORO}/pedidos/{order.id}")
        confirmed = await browser.post_form(f"{AMBORO}/pedidos/{order.id}/avanzar", {"paso": "confirmed"})
        told = await ana.receives(timeout=5)
        status = (await Order.get(id=order.id)).status

    assert "Asociación de Productores de Café Amboró" in home
    assert "1 pedido esperando confirmación" in home
    assert "Productos y ofertas" in home and "Importar productos y ofertas" in home
    assert f"#{order.id} Ana" in waiting and "Café tostado en grano 2 kg" in waiting and "Bs190,00" in waiting
    assert "Recibido" in waiting and "Sin pagar" in waiting
    assert f"#{order.id}" not in delivered
    assert confirmed.url.path == f"{AMBORO}/pedidos/{order.id}" and confirmed.history[0].status == 303
    assert f"Pedido #{order.id} confirmado; avisamos a Ana." in visible_text(await confirmed.text())
    assert told.text.startswith(f"👍 Asociación de Productores de Café Amboró confirmó tu pedido #{order.id}")
    assert status == OrderStatus.CONFIRMED


async def test_the_same_step_posted_twice_is_taken_once_and_the_second_says_so(feria_settings, hilda, ana):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        order = await _placed_by_ana(ana, hilda)
        page = await browser.get(f"{AMBORO}/pedidos/{order.id}")
        token = browser.csrf
        first = await browser.post_form(f"{AMBORO}/pedidos/{order.id}/avanzar", {"paso": "confirmed"})
        browser.csrf = token  # the stale page's form, sent again
        second = await browser.post_form(f"{AMBORO}/pedidos/{order.id}/avanzar", {"paso": "confirmed"})
        await ana.receives(timeout=5)
        await asyncio.sleep(1)  # two outbox polls: anything more owed would have been sent
        told = [m for m in ana.messages if "confirmó tu pedido" in m.text]
        notices = await Notification.filter(template="order_status", dedupe_key__startswith=f"order:{order.id}:").count()

    assert page.status == 200 and first.status == 200
    assert second.status == 409
    assert "El pedido ya está en «Confirmado»: no se cambió nada." in visible_text(await second.text())
    assert len(told) == 1 and notices == 1


async def test_a_refusal_without_a_reason_is_said_next_to_the_field_and_changes_nothing(feria_settings, hilda, ana):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        order = await _placed_by_ana(ana, hilda)
        await browser.get(f"{AMBORO}/pedidos/{order.id}")
        empty = await browser.post_form(f"{AMBORO}/pedidos/{order.id}/rechazar", {"motivo": "  "})
        html = await empty.text()
        refused = await browser.post_form(f"{AMBORO}/pedidos/{order.id}/rechazar", {"motivo": "Sin cosecha"})
        told = await ana.receives(timeout=5)
        status = (await Order.get(id=order.id)).status

    assert empty.status == 400
    assert 'aria-invalid="true"' in html and "Por favor escribe el motivo." in visible_text(html)
    assert f"Pedido #{order.id} rechazado" in visible_text(await refused.text())
    assert "Sin cosecha" in told.text
    assert status == OrderStatus.CANCELLED


async def test_an_admin_of_another_organization_gets_403_and_a_form_without_csrf_changes_nothing(
        feria_settings, hilda, ana, people):  # noqa: F811
    felipa = people.person(FELIPA, "Felipa", language_code="es")
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        order = await _placed_by_ana(ana, hilda)
        await browser.get(f"{AMBORO}/pedidos/{order.id}")
        forged = await browser.post_form(f"{AMBORO}/pedidos/{order.id}/avanzar", {"paso": "confirmed"}, csrf=False)
        other = await another_browser(browser)
        await sign_in(other, felipa)
        pages = [await other.get(path) for path in (AMBORO, f"{AMBORO}/pedidos", f"{AMBORO}/pedidos/{order.id}")]
        await other.get("/escritorio")
        acted = await other.post_form(f"{AMBORO}/pedidos/{order.id}/avanzar", {"paso": "confirmed"})
        status = (await Order.get(id=order.id)).status
        await other.client.close()

    assert forged.status == 403
    assert [page.status for page in pages] == [403, 403, 403]
    assert acted.status == 403
    assert status == OrderStatus.PLACED


async def test_a_bad_date_is_said_next_to_its_field_and_the_page_stays_small(feria_settings, hilda):  # noqa: F811
    async with desk_browser(build(feria_settings, "all")) as browser:
        await sign_in(browser, hilda)
        bad = await browser.get(f"{AMBORO}/pedidos?desde=31/02/2026&hasta=2026-03-01&estado=placed")
        html = await bad.text()
        backwards = visible_text(await browser.text(f"{AMBORO}/pedidos?desde=2026-03-05&hasta=2026-03-01"))
        listing = await browser.get(f"{AMBORO}/pedidos")
        size = len(await listing.read())

    assert bad.status == 400
    assert 'id="e-desde"' in html and 'aria-describedby="e-desde"' in html
    assert "No es una fecha: escríbela como 31/03/2026." in visible_text(html)
    assert 'value="2026-03-01"' in html, "the values typed are kept"
    assert "Este día es anterior al primer día." in backwards
    assert listing.status == 200 and size < 100_000

"""The offline chat page in a real browser: a person picks who they are and uses the bot.

The first test runs the app as `make run` does; an order from start to confirmation grows from it
with the same steps: `await chat.presses("…")`, `await chat.sends("2")`, `await chat.sees("…")`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from bot.sandbox.chatpage import add_chat_page
from market.web import create_app
from tests.bot.sandbox.images import PNG_2x3
from tests.bot.sandbox.tiny_bot import sandbox_without_limits, tiny_bot

SCREENSHOT = "/tmp/sandbox-page.png"


async def test_a_demo_consumer_picks_herself_says_start_and_uses_the_bot(chat):
    await chat.opens_as("Carmen Gutiérrez Ribera")

    await chat.sends("/start")

    await chat.sees("Carmen")
    if buttons := await chat.buttons():
        before = await chat.bot_messages()
        await chat.presses(buttons[0])
        await chat.sees_the_chat_change(before)
    await chat.page.screenshot(path=SCREENSHOT)


@pytest.fixture
async def tiny(settings) -> AsyncIterator[str]:
    """The web app with the chat page and the tiny test bot: what the real bot may not show yet."""
    app = create_app(settings, contexts=[sandbox_without_limits, tiny_bot])
    add_chat_page(app)
    server = TestServer(app)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def tiny_chat(page, tiny):
    from tests.browser.sandbox_page import SandboxPage

    chat = SandboxPage(page, tiny)
    await chat.opens_as_someone_new("Rosa Quispe", "es")
    return chat


async def test_a_button_press_shows_the_toast_and_the_edited_formatted_message(tiny_chat):
    await tiny_chat.sends("/menu")
    await tiny_chat.sees("¿Qué quieres hacer?")

    await tiny_chat.presses("Ver catálogo")

    await tiny_chat.sees_toast("Abriendo el catálogo")
    edited = await tiny_chat.sees("Catálogo: tomate, quinua")
    assert await edited.locator("b").inner_text() == "tomate"
    assert await edited.locator(".inline").count() == 0


async def test_an_answer_with_an_alert_waits_for_the_person_to_dismiss_it(tiny_chat):
    await tiny_chat.sends("/menu")
    await tiny_chat.sees("¿Qué quieres hacer?")

    await tiny_chat.presses("Ayuda")

    await tiny_chat.sees_alert("Escribe /menu para empezar.")
    assert await tiny_chat.page.locator("#alert").is_hidden()


async def test_photos_show_both_ways(tiny_chat):
    await tiny_chat.sends("/foto")
    sent = await tiny_chat.sees("Tomate de Sorata")

    await tiny_chat.sends_photo("cosecha.png", PNG_2x3, "image/png", caption="mi cosecha")

    await tiny_chat.sees("Foto de 2x3: mi cosecha")
    assert await sent.locator("img").evaluate("img => img.complete && img.naturalWidth") == 2


async def test_the_reply_keyboard_and_the_command_menu_send_what_they_show(tiny_chat):
    await tiny_chat.sends("/unidad")
    await tiny_chat.sees("¿En qué unidad?")

    await tiny_chat.presses("quintal")
    await tiny_chat.page.click("#menu")
    await tiny_chat.page.click("#commands button")

    await tiny_chat.sees("¿Qué quieres hacer?")
    for said in ("quintal", "/menu"):
        assert await tiny_chat.page.locator(".msg.me", has_text=said).count() == 1


async def test_a_demo_consumer_orders_a_product_and_the_producer_confirms_it_in_the_browser(chat):
    # A bot may only write to people who have started it: Hilda, who sells the coffee, did.
    await chat.opens_as("Hilda Justiniano Rojas")
    await chat.sends("/start")
    await chat.sees("¿Qué quieres hacer?")

    await chat.opens_as("Carmen Gutiérrez Ribera")
    await chat.sends("/start")
    await chat.sees("¿Qué quieres hacer?")
    await chat.presses("🧺 Ver productos")
    await chat.sees("Elige una categoría:")
    await chat.presses("Café y cacao (8)")
    await chat.sees("Café y cacao: ¿de dónde?")
    await chat.presses("Santa Cruz (4)")
    await chat.sees("Bs95,00 por kg")
    await chat.presses("Café tostado en grano")
    await chat.sees("📦 Disponible: 40 kg")
    await chat.presses("+2 kg")
    await chat.sees_toast("Agregado: 2 kg de Café tostado en grano. En tu carrito: 2 kg.")
    await chat.presses("🛒 Mi carrito")
    await chat.sees("Total: Bs190,00")
    await chat.presses("✅ Finalizar pedido")
    await chat.sees("¿Cómo quieres recibir tu pedido?")
    await chat.presses("📍 Lo retiro yo")
    placed = await chat.sees("hecho. Lo recibe: Asociación de Productores de Café Amboró.")  # the demo has its earlier sales
    number = re.search(r"✅ Pedido #(\d+) hecho\.", await placed.inner_text())
    assert number is not None
    number = number.group(1)

    await chat.opens_as("Hilda Justiniano Rojas")
    await chat.sees(f"🆕 Pedido #{number} de Carmen")
    await chat.presses("✅ Confirmar")
    await chat.sees("Estado: Confirmado")

    await chat.opens_as("Carmen Gutiérrez Ribera")
    await chat.sees(f"👍 Asociación de Productores de Café Amboró confirmó tu pedido #{number}.")
    await chat.page.screenshot(path="/tmp/sandbox-order.png")

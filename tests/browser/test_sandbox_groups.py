"""The offline demo in a real browser: from the web's order link into the bot, and a group chat made on the page."""

from __future__ import annotations

from playwright.async_api import expect

from tests.browser.sandbox_page import WAIT_MS


async def test_the_webs_order_button_opens_the_chat_page_and_start_opens_the_organization(chat):
    await chat.page.goto(f"{chat.base_url}/organizaciones/cafe-amboro?lang=es")

    await chat.page.click("a.button[href^='/sandbox']")
    value = await chat.page.locator("#person option", has_text="Hilda Justiniano Rojas").get_attribute("value")
    await chat.page.select_option("#person", value)
    await chat.page.click("#pick button")
    await chat.page.click("#start")

    await chat.sees("Asociación de Productores de Café Amboró")
    assert await chat.page.locator(".msg.me", has_text="/start o_cafe-amboro").count() == 1
    await expect(chat.page.locator("#start")).to_be_hidden()
    assert "start=" not in chat.page.url  # a reload does not offer to start it again


async def test_a_coordinator_makes_a_group_adds_a_member_and_the_bot_and_links_it(chat, browser):
    await chat.opens_as("Carmen Gutiérrez Ribera")
    await chat.sends("/start")
    await chat.sees("¿Qué quieres hacer?")

    await chat.page.click("#chats summary")
    await chat.page.fill("#group-title", "Vecinas de Equipetrol")
    await chat.page.click("#new-group button")
    await expect(chat.page.locator(".bar .who strong")).to_have_text("Vecinas de Equipetrol", timeout=WAIT_MS)
    await chat.page.click("#group summary")
    value = await chat.page.locator("#candidate option", has_text="Ana María Rivero Antelo").get_attribute("value")
    await chat.page.select_option("#candidate", value)
    await chat.page.click("#add-member button")
    await expect(chat.page.locator("#members")).to_contain_text("Ana María Rivero Antelo", timeout=WAIT_MS)
    await chat.page.click("#bot-toggle")
    await chat.presses("🔗 Vincular a «Grupo de Consumo Solidario Equipetrol»")
    await chat.sees("✅ Este chat es ahora el chat de «Grupo de Consumo Solidario Equipetrol»")

    # Ana María, in the same group on her own page, reads what the bot wrote there.
    other = await browser.new_page()
    await other.goto(chat.page.url.replace("person=900000101", "person=900000102"))
    await expect(other.locator("#log .msg.bot", has_text="✅ Este chat es ahora el chat de")).to_be_visible(
        timeout=WAIT_MS)
    await expect(other.locator("#log .msg.service", has_text="Carmen Gutiérrez Ribera agregó a Ana María")).to_be_visible()
    await expect(chat.page.locator("#bot-toggle")).to_have_text("Sacar el bot del grupo")

"""Fair prices and ferias made entirely in the chat: an admin declares a fair price step by step and buyers see it
on the product's page; an admin announces a feria, a follower is told, and /ferias lists it in the bot and on the
web. Nobody else gets past the first button, and a second Confirm changes nothing."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from market.enums import MemberRole
from market.models import FairEvent, FairPrice, Member, Product
from serve import build
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_rounds import receives_with

PEDRO = 7501  # a consumer, member of no organization
ROCIO = 900_000_301  # a reviewer of the demo's Bolivian network
NETWORK = "Red de Certificación Participativa de Bolivia"
LURDES = 900_000_024  # a reviewer of the demo's network in Rio Grande do Sul, writes Portuguese
# The feria announced below, as Spanish in Bolivia writes it (CLDR puts narrow no-break spaces in "a. m.").
WHEN = "domingo, 20 de diciembre, 9:00\u202fa.\u202fm.–6:00\u202fp.\u202fm."


async def _press(person, text: str, message):
    await person.presses(text, message=message)
    return await person.sees_edited(message)


async def test_an_admin_declares_a_fair_price_in_the_chat_and_it_shows_on_the_products_page(feria_settings, hilda):
    async with TestClient(TestServer(build(feria_settings, "all"))) as web:
        await hilda.says("/organizacion")
        page = await hilda.receives()
        await hilda.presses("⚖ Precio justo", message=page)
        product = await hilda.receives()
        where = await _press(hilda, "Miel de abeja", product)
        unit = await _press(hilda, "📍 Buena Vista", where)
        await hilda.presses("frasco", message=unit)
        producer = await hilda.receives()
        await hilda.says("1,2,3")
        refused = await hilda.receives()
        await hilda.says("Bs 38,5")
        transport = await hilda.receives()
        await hilda.says("3.00")
        fund = await hilda.receives()
        await hilda.says("1,50")
        other = await hilda.receives()
        await hilda.presses("Omitir: 0", message=other)
        since = await hilda.receives()
        await hilda.presses("Desde hoy", message=since)
        until = await hilda.receives()
        summary = await _press(hilda, "Sin fecha de fin", until)
        confirm = summary.button("✅ Declarar")["callback_data"]
        await hilda.client.press_button(hilda.id, summary, confirm)
        again_id = await hilda.client.press_button(hilda.id, summary, confirm)  # a double tap
        again = await hilda.client.wait_for_answer(again_id)
        declared = await hilda.sees_edited(summary)
        honey = await Product.get(name="Miel de abeja")
        card = await (await web.get(f"/productos/{honey.id}", headers={"Accept-Language": "es"})).text()
        [fair_price] = await FairPrice.filter(search_key="miel de abeja").values("price", "producer_share", "unit")

    assert product.text.startswith("⚖ Precio justo de Asociación de Productores de Café Amboró. ¿De qué producto?")
    assert "Miel de abeja" in product.button_texts
    assert unit.button_texts[0] == "frasco"
    assert producer.text == "¿Cuánto recibe quien produce, por frasco? Escribe el monto en BOB, como 12,50."
    assert refused.text == "Escribe un monto en BOB, como 12,50, o 0."
    assert "Omitir: 0" in transport.button_texts
    assert fund.text.startswith("¿Cuánto para el fondo solidario")
    assert summary.text.splitlines()[:6] == [
        "⚖ Precio justo de Miel de abeja en Buena Vista, declarado por Asociación de Productores de Café Amboró:",
        "• Para quien produce: Bs38,50", "• Transporte: Bs3,00", "• Fondo solidario: Bs1,50",
        "• Otros costos: Bs0,00", "= Bs43,00 por frasco"]
    assert declared.text.startswith("✅ Precio justo de Miel de abeja en Buena Vista declarado:")
    assert again.text == "Este botón ya no vale. Envía /start para ver el menú de nuevo."
    assert (str(fair_price["price"]), fair_price["unit"]) == ("43.00", "jar")
    assert "⚖ Precio justo en Buena Vista: Bs43,00 por frasco" in card
    assert "<dt>Para quien produce</dt><dd>Bs38,50</dd>" in card
    assert "<dt>Fondo solidario</dt><dd>Bs1,50</dd>" in card


async def test_an_admin_announces_a_feria_a_follower_is_told_and_ferias_lists_it(feria_settings, hilda, ana):
    async with TestClient(TestServer(build(feria_settings, "all"))) as web:
        await ana.says("/ferias")
        empty = await ana.receives()
        where = await _press(ana, "🔔 Seguir ferias", empty)
        await _press(ana, "En cualquier lugar", where)

        await hilda.says("/organizacion")
        page = await hilda.receives()
        await hilda.presses("🎪 Anunciar una feria", message=page)
        await hilda.receives()
        await hilda.says("Feria del café y la miel")
        await hilda.receives()
        await hilda.says("Plaza principal de Buena Vista")
        territory = await hilda.receives()
        starts = await _press(hilda, "📍 Buena Vista", territory)
        await hilda.says("20/12 09:00")
        ends = await hilda.receives()
        await hilda.says("08:00")
        refused = await hilda.receives()
        await hilda.says("18:00")
        participants = await hilda.receives()
        await hilda.says("Café Amboró, OECA Valles")
        summary = await hilda.receives()
        announced = await _press(hilda, "✅ Anunciar", summary)
        told = await receives_with(ana, "Feria del café y la miel")

        await ana.says("/ferias")
        listed = await ana.receives()
        web_page = await (await web.get("/ferias", headers={"Accept-Language": "es"})).text()
        [fair] = await FairEvent.all().values("title", "starts_at", "ends_at", "participants")

    assert empty.text == "🎪 No hay ferias anunciadas para los próximos 60 días."
    assert starts.text == "¿Cuándo empieza? Escribe el día y la hora de Buena Vista, como “12/12 09:00”."
    assert ends.text.startswith("📅 domingo, 20 de diciembre, 9:00\u202fa.\u202fm.\n¿Cuándo termina?")
    assert announced.text.startswith("✅ Feria anunciada; estamos avisando a quienes siguen las ferias de ahí.")
    assert refused.text == "Una feria termina después de empezar. Escribe una hora más tarde, como “18:00”."
    assert participants.button_texts[0] == "Omitir"
    assert fair["title"] == "Feria del café y la miel"
    assert (fair["ends_at"] - fair["starts_at"]).total_seconds() == 9 * 3600
    assert told.text.splitlines()[:2] == ["🎪 Feria del café y la miel, de Asociación de Productores de Café Amboró",
                                          f"📅 {WHEN}"]
    assert listed.text.splitlines()[:5] == [
        "🎪 Ferias de los próximos 60 días", "", "📍 Buena Vista",
        "🎪 Feria del café y la miel, de Asociación de Productores de Café Amboró", f"📅 {WHEN}"]
    assert "🔔 Seguir ferias" not in listed.button_texts
    assert "<h2>Buena Vista</h2>" in web_page
    assert f">{WHEN}</time>" in web_page
    assert '<a href="/organizaciones/cafe-amboro?lang=es">Asociación de Productores de Café Amboró</a>' in web_page


async def test_a_reviewer_declares_a_network_fair_price_for_a_place_chosen_in_the_chooser(feria, people):
    rocio = people.person(ROCIO, "Rocío", language_code="es")

    await rocio.says("/redes")
    networks = await rocio.receives()
    network = await _press(rocio, f"🌱 {NETWORK}", networks)
    hub = await _press(rocio, "⚖ Precios justos y ferias", network)
    await rocio.presses("⚖ Precio justo", message=hub)
    product = await rocio.receives()
    await rocio.says("quinua real")
    where = await rocio.receives()
    await rocio.presses("📍 En otro lugar", message=where)
    await rocio.receives()
    await rocio.says("comarapa")
    found = await rocio.receives()
    comarapa = await _press(rocio, "Comarapa", found)
    await rocio.presses("✅ Elegir Comarapa", message=comarapa)
    unit = await rocio.receives()
    await rocio.presses("kg", message=unit)
    await rocio.receives()
    for amount in ("15", "2", "0", "0"):
        await rocio.says(amount)
        await rocio.receives()
    await rocio.says("1/1/2027")
    await rocio.receives()
    await rocio.says("1/12/2026")
    refused = await rocio.receives()
    await rocio.says("31/1/2027")
    summary = await rocio.receives()
    await _press(rocio, "✅ Declarar", summary)

    assert product.text == ("⚖ Precio justo de Red de Certificación Participativa de Bolivia. ¿De qué producto? "
                            "Escribe su nombre, como “café tostado en grano”.")
    assert where.button_texts[:2] == ["📍 Bolivia", "📍 En otro lugar"]
    assert refused.text == "El último día no puede ser antes del primero. Escribe un día posterior."
    assert "= Bs17,00 por kg" in summary.text
    assert "Del 1 ene 2027 al 31 ene 2027." in summary.text
    [declared] = await FairPrice.filter(search_key="quinua real").values(
        "price", "network__slug", "territory__code", "valid_until")
    assert (str(declared["price"]), declared["network__slug"], declared["territory__code"]) == (
        "17.00", "red-spg-bolivia", "bo-scz-comarapa")


async def test_an_admin_no_longer_and_a_stranger_pressing_the_buttons_are_refused(feria, people, hilda):
    pedro = people.person(PEDRO, "Pedro", language_code="es")
    await hilda.says("/organizacion")
    page = await hilda.receives()
    await hilda.presses("⚖ Precio justo", message=page)
    product = await hilda.receives()
    await pedro.says("/redes")
    networks = await pedro.receives()

    await Member.filter(person__telegram_user_id=HILDA, organization__slug="cafe-amboro").update(
        role=MemberRole.PRODUCER)
    await hilda.presses("Miel de abeja", message=product)
    demoted = await hilda.sees_answer()
    stranger = await people.press_button(pedro.id, page, page.button("🎪 Anunciar una feria")["callback_data"])
    expired = await people.wait_for_answer(stranger)

    assert demoted.text == "Solo la administración de la organización puede hacer eso."
    assert expired.text == "Este botón ya no vale. Envía /start para ver el menú de nuevo."
    assert "⚖" not in " ".join(networks.button_texts)
    assert await FairPrice.filter(search_key="miel de abeja").count() == 0
    assert await FairEvent.all().count() == 0


async def test_a_reviewer_announces_a_network_feria_in_portuguese_without_an_end_or_participants(feria, people):
    lurdes = people.person(LURDES, "Lurdes", language_code="pt-br")

    await lurdes.says("/redes")
    networks = await lurdes.receives()
    network = await _press(lurdes, "🌱 Rede Sul de Certificação Participativa", networks)
    hub = await _press(lurdes, "⚖ Preços justos e feiras", network)
    await lurdes.presses("🎪 Anunciar uma feira", message=hub)
    await lurdes.receives()
    await lurdes.says("Feira da colheita")
    await lurdes.receives()
    await lurdes.says("Praça da Matriz")
    territory = await lurdes.receives()
    await _press(lurdes, "📍 Rio Grande do Sul", territory)
    await lurdes.says("28/11 8h")
    ends = await lurdes.receives()
    participants = await _press(lurdes, "Pular: sem horário de fim", ends)
    summary = await _press(lurdes, "Pular", participants)
    await _press(lurdes, "✅ Anunciar", summary)
    await lurdes.says("/feiras")
    listed = await lurdes.receives()
    [fair] = await FairEvent.all().values("network__slug", "ends_at", "participants")

    assert summary.text.splitlines()[:3] == [
        "🎪 Feira da colheita, de Rede Sul de Certificação Participativa", "📅 sábado, 28 de novembro, 08:00",
        "📍 Praça da Matriz (Rio Grande do Sul)"]
    assert (fair["network__slug"], fair["ends_at"], fair["participants"]) == ("rede-sul-certificacao", None, "")
    assert listed.text.startswith("🎪 Feiras dos próximos 60 dias\n\n📍 Rio Grande do Sul\n🎪 Feira da colheita")

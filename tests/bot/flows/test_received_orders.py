"""Received orders in chat: an order whose notice never reached the organization waits in its list; members are
told what waits, open an order with the notice's buttons, and write to its buyer."""

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal

from market.enums import MemberRole, MembershipStatus, NotificationStatus, OrderStatus
from market.models import Member, Notification, Offer, Organization
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.received import PAGE_SIZE
from market.services.people.profile import register_person
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.support.orders import placed_orders, the_order

AMBORO = "Asociación de Productores de Café Amboró"


async def wait_for(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    """Poll the database until `check` holds (the outbox works in the background)."""
    for _ in range(int(timeout / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")


async def test_an_order_the_admin_never_heard_of_waits_in_her_list_and_she_confirms_it_there(feria, people, ana):
    hilda = people.person(HILDA, "Hilda", language_code="es", started=False)
    await checkout_with_pickup(ana, "Café tostado en grano")
    order = await the_order()
    await wait_for(lambda: Notification.filter(chat_id=HILDA, template="order_placed",
                                               status=NotificationStatus.BLOCKED).exists())

    await hilda.says("/start")
    menu = await hilda.receives()
    await hilda.presses("📥 Ver los pedidos", message=menu)
    listed = await hilda.sees_edited(menu)
    await hilda.presses(f"🆕 #{order.id} · Ana", message=listed)
    opened = await hilda.sees_edited(listed)
    await hilda.presses("✅ Confirmar", message=opened)
    confirmed = await hilda.sees_edited(opened)
    told = await ana.receives(timeout=5)

    assert menu.text.split("\n") == [
        "¡Hola, Hilda! Te damos la bienvenida a Feria, el mercado solidario.",
        "📥 Tienes 1 pedido esperando respuesta.",
        "¿Qué quieres hacer?",
    ]
    assert menu.button_texts == ["📦 Publicar stock", "📥 Ver los pedidos", "🧺 Ver productos", "🔎 Buscar", "🛒 Mi carrito",
                                 "📦 Mis pedidos", "👥 Mis grupos", "🧑‍🌾 Mi organización", "🌐 Idioma", "📍 Mi lugar",
                                 "🔒 Mis datos"]
    assert listed.text.split("\n") == [
        f"📥 Pedidos recibidos · {AMBORO}",
        "🆕 1 nuevo · 👍 0 confirmados · 📦 0 listos",
        "",
        f"🆕 #{order.id} · 21/11/26 · Ana · Bs95,00",
    ]
    assert opened.text.startswith(f"🆕 Pedido #{order.id} de Ana")
    assert opened.button_texts == ["✅ Confirmar", "❌ Rechazar", "💵 Marcar pagado", "✉️ Escribir a Ana",
                                   "« Pedidos recibidos"]
    assert "Estado: Confirmado" in confirmed.text
    assert confirmed.button_texts == ["📦 Listo para recoger", "❌ Rechazar", "💵 Marcar pagado",
                                      "✉️ Escribir a Ana", "« Pedidos recibidos"]
    assert told.text == f"👍 {AMBORO} confirmó tu pedido #{order.id}."
    assert (await the_order()).status == OrderStatus.CONFIRMED


async def test_once_the_admin_started_the_bot_she_hears_of_the_next_order(feria, people, ana):
    hilda = people.person(HILDA, "Hilda", language_code="es", started=False)
    await checkout_with_pickup(ana, "Café tostado en grano")
    await wait_for(lambda: Notification.filter(chat_id=HILDA, status=NotificationStatus.BLOCKED).exists())
    await hilda.says("/start")
    await hilda.receives()

    await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)

    assert notice.text.startswith(f"🆕 Pedido #{(await placed_orders().order_by('-id').first()).id} de Ana")


async def test_a_refusal_from_the_list_returns_to_the_order_as_the_list_shows_it(feria, ana, hilda):
    await checkout_with_pickup(ana, "Café tostado en grano")
    await hilda.receives(timeout=5)
    order = await the_order()
    opened = await open_from_organization_page(hilda, order.id)

    await hilda.presses("❌ Rechazar", message=opened)
    await hilda.receives()
    await hilda.says("Se nos acabó el tostado")
    refused, shown = await hilda.receives_many(2)

    assert refused.text == f"Pedido #{order.id} rechazado; avisamos a Ana."
    assert "Estado: Cancelado" in shown.text
    assert shown.button_texts == ["✉️ Escribir a Ana", "« Pedidos recibidos"]


async def open_from_organization_page(member, order_id: int):
    """/organizacion, the organization's received orders, then the order: the order as the list opens it."""
    await member.says("/organizacion")
    page = await member.receives()
    await member.presses(next(t for t in page.button_texts if t.startswith("📥 Pedidos recibidos")), message=page)
    listed = await member.sees_edited(page)
    await member.presses(next(t for t in listed.button_texts if t.startswith(f"🆕 #{order_id} ")), message=listed)
    return await member.sees_edited(listed)


async def test_a_message_to_a_buyer_without_a_username_is_passed_on_with_the_order_number(feria, ana, hilda):
    await checkout_with_pickup(ana, "Café tostado en grano")
    await hilda.receives(timeout=5)
    order = await the_order()
    opened = await open_from_organization_page(hilda, order.id)

    await hilda.presses("✉️ Escribir a Ana", message=opened)
    asked = await hilda.sees_edited(opened)
    await hilda.says("¿Pasas el sábado a las 9?")
    sent = await hilda.receives()
    relayed = await ana.receives(timeout=5)
    await hilda.says("gracias")  # no longer awaited: a search, not a second message to Ana
    await hilda.receives()

    assert asked.text.startswith(f"Escribe tu mensaje para Ana sobre el pedido #{order.id}.")
    assert sent.text == "✉️ Enviado a Ana."
    assert relayed.text == f"✉️ {AMBORO} te escribe sobre tu pedido #{order.id}:\n\n¿Pasas el sábado a las 9?"
    assert relayed.button_texts == [f"Pedido #{order.id}"]
    assert await Notification.filter(template="order_message").count() == 1


async def test_a_buyer_with_a_username_gets_a_link_unless_their_privacy_refuses_it(feria, people, hilda):
    rosa = people.person(5201, "Rosa", username="rosaq")
    beto = people.person(5202, "Beto", username="betov", profile_links=False)
    for buyer in (rosa, beto):
        await checkout_with_pickup(buyer, "Café tostado en grano")
        await hilda.receives(timeout=5)
    rosas, betos = [o.id for o in await placed_orders().order_by("id")]

    rosas_order = await open_from_organization_page(hilda, rosas)
    betos_order = await open_from_organization_page(hilda, betos)

    assert rosas_order.button("💬 Chatear con Rosa")["url"] == "tg://user?id=5201"
    assert "✉️ Escribir a Beto" in betos_order.button_texts
    assert not [t for t in betos_order.button_texts if t.startswith("💬")]


async def test_a_member_of_two_organizations_chooses_whose_orders_to_see(feria, ana, hilda):
    irupana = await Organization.get(slug="coraca-irupana")
    hilda_id = (await register_person(HILDA, "Hilda", None, "es")).id
    await Member.create(organization=irupana, person_id=hilda_id, role=MemberRole.PRODUCER,
                        status=MembershipStatus.APPROVED)
    await checkout_with_pickup(ana, "Café tostado en grano")
    await hilda.receives(timeout=5)

    await hilda.says("/start")
    menu = await hilda.receives()
    await hilda.presses("📥 Ver los pedidos", message=menu)
    choice = await hilda.sees_edited(menu)

    assert choice.text == "📥 ¿De qué organización quieres ver los pedidos?"
    assert choice.button_texts == [f"📥 Pedidos recibidos · {AMBORO} (1 🆕)",
                                   f"📥 Pedidos recibidos · {irupana.name}", "« Menú"]


async def test_a_long_list_comes_a_page_at_a_time(feria, people):
    consumer = await register_person(5001, "Ana", None, "es")
    offer_id = (await Offer.get(product__name="Café tostado en grano")).id
    for number in range(PAGE_SIZE + 1):
        await add_to_cart(consumer.id, offer_id, Decimal(1))
        await place_orders(consumer.id, idempotency_key=f"page-{number}")
    # Hilda's chat is not there yet: the notices find no chat (her chat waits, as a blocked one), and her chat
    # shows only what she asks for.
    async def all_failed() -> bool:
        return not await Notification.exclude(status=NotificationStatus.BLOCKED).exists()

    await wait_for(all_failed, timeout=10)
    hilda = people.person(HILDA, "Hilda", language_code="es")
    await hilda.says("/organizacion")
    page = await hilda.receives()

    await hilda.presses(f"📥 Pedidos recibidos · {AMBORO} ({PAGE_SIZE + 1} 🆕)", message=page)
    first = await hilda.sees_edited(page)
    await hilda.presses("Siguiente ▶", message=first)
    second = await hilda.sees_edited(first)

    assert len([t for t in first.button_texts if t.startswith("🆕 #")]) == PAGE_SIZE
    assert len([t for t in second.button_texts if t.startswith("🆕 #")]) == 1
    assert "◀ Anterior" in second.button_texts and "Siguiente ▶" not in second.button_texts

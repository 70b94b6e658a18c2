"""A network starts on an empty Feria (the migrations, no demo), as issue 17 will check it by hand.

Olivia is named operator from the command line; Rosa registers a quinoa cooperative of Santa Cruz (Bolivia) in
the chat and Olivia approves it; Joana, who writes Portuguese, joins by Rosa's link, fills her register entry and
posts her stock once Olivia has added the first kind of product; Ana orders while Rosa's chat is out of reach,
and Rosa finds the order waiting when she comes back; Rosa names Joana to the board and hands her the presidency,
and the organization's page, on the web and in the bot, shows the new board.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import Settings, load_settings
from market.enums import BoardRole, MemberRole, MembershipStatus, NotificationStatus, OrderStatus, OrganizationStatus
from market.models import (
    BoardRecord,
    Category,
    Member,
    MemberEntry,
    Notification,
    Offer,
    Order,
    Organization,
    Person,
    PickupPoint,
    Product,
    Territory,
)
from serve import build
from tests.bot.flows.conftest import TOKEN
from tests.bot.flows.test_operators import cli
from tests.bot.flows.test_received_orders import wait_for
from tests.bot.flows.test_rounds import receives_with
from tests.market.web.pages.conftest import visible_text

OLIVIA, ROSA, JOANA, ANA = 7501, 7502, 7503, 7504
COOP = "Cooperativa Agropecuaria Quinueros del Sara"


@pytest.fixture
async def feria_settings(database_url, sandbox) -> Settings:
    """Feria on a database holding only the migrations: no territory, category, organization or person."""
    return load_settings({
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": sandbox.api_url, "TELEGRAM_FILE_URL": sandbox.file_url,
        "OUTBOX_POLL_INTERVAL": "0.1", "BOT_UPDATES_PER_MINUTE": "0",
    })


@pytest.fixture
async def web(feria_settings) -> AsyncIterator[TestClient]:
    """Feria served (web, bot, outbox) against the sandbox, with a client for its pages."""
    async with TestClient(TestServer(build(feria_settings, "all"))) as client:
        yield client


async def name_the_first_operator(olivia, database_url: str) -> None:
    await olivia.says("/start")
    before = await olivia.receives()

    status, out, err = await cli(database_url, "operators", "add", str(OLIVIA))
    told = await receives_with(olivia, "Ahora eres persona operadora")

    assert "🛠 Operación" not in before.button_texts
    assert (status, err) == (0, "")
    assert out == "Olivia (Telegram 7501) is now an operator. They can use /operadores (/operators) in the bot.\n"
    assert told.button_texts == ["🛠 Operación"]


async def register_the_cooperative(rosa) -> None:
    """Rosa answers one question a message; Santa Cruz comes from the country's list, found by its name."""
    await rosa.says("/registrar")
    await receives_with(rosa, "¿Cómo se llama?")
    await rosa.says(COOP)
    form = await receives_with(rosa, "¿Qué tipo de organización")
    await rosa.presses("Cooperativa", message=form)
    await receives_with(rosa, "¿Dónde está?")
    await rosa.says("Santa Cruz")
    matches = await rosa.receives()
    await rosa.presses("Santa Cruz (Bolivia)", message=matches)
    department = await rosa.sees_edited(matches)
    await rosa.presses("✅ Elegir Santa Cruz", message=department)
    tax = await rosa.receives()
    await rosa.says("123-A")
    bad_tax = await rosa.receives()
    await rosa.says("1023456027")
    await receives_with(rosa, "¿Dónde retiran sus pedidos")
    await rosa.says("Feria del Productor de San Julián, puesto 12")
    points = await rosa.receives()
    await rosa.presses("Listo con los puntos de retiro »", message=points)
    fund = await receives_with(rosa, "fondo solidario")
    await rosa.presses("5 %", message=fund)
    await receives_with(rosa, "Describe tu organización")
    await rosa.says("Quinua y chía de familias de San Julián, lavada y seleccionada.")
    logo = await receives_with(rosa, "Envía tu logo")
    await rosa.presses("Omitir »", message=logo)
    summary = await rosa.receives()
    await rosa.presses("✅ Enviar para aprobación", message=summary)
    sent = await rosa.sees_edited(summary)

    assert matches.button_texts[:2] == ["Santa Cruz (Argentina)", "Santa Cruz (Bolivia)"]
    assert department.text.startswith("📍 Santa Cruz: elige un lugar dentro, o elige «Santa Cruz» mismo.")
    assert tax.text == "Escribe su número tributario (NIT: solo dígitos), u omítelo por ahora."
    assert bad_tax.text == ("El NIT boliviano lleva solo dígitos, de 7 a 13, como 1020304050. Escríbelo de nuevo o "
                            "toca Omitir.")
    assert summary.text.splitlines()[:7] == [
        "Revisa, por favor:", "", f"🏢 {COOP}", "Cooperativa", "Lugar: Santa Cruz",
        "Número tributario: 1023456027 (NIT ✓)", "Retira en: Feria del Productor de San Julián, puesto 12"]
    assert sent.text.startswith(f"📨 «{COOP}» espera la revisión del equipo de Feria.")
    organization = await Organization.get(name=COOP).prefetch_related("territory")
    assert (organization.status, organization.tax_number) == (OrganizationStatus.PENDING, "1023456027")
    assert (organization.territory.iso_code, organization.territory.currency) == ("BO-S", "BOB")
    assert organization.territory.time_zone == "America/La_Paz"
    assert await Territory.filter(iso_code="BO").exists()  # its country, made with it
    assert await PickupPoint.filter(organization=organization).values_list("text", flat=True) == [
        "Feria del Productor de San Julián, puesto 12"]


async def approve_it(olivia, rosa) -> None:
    await olivia.says("/operadores")
    home = await receives_with(olivia, "Cuidar esta Feria")
    await olivia.presses("📥 Organizaciones (1)", message=home)
    queue = await olivia.sees_edited(home)
    await olivia.presses(COOP, message=queue)
    item = await olivia.sees_edited(queue)
    await olivia.presses("✅ Aprobar", message=item)
    approved = await olivia.sees_edited(item)
    told = await receives_with(rosa, "aprobaron")

    assert home.text == "🛠 Cuidar esta Feria\n\nEsperando una decisión:\n• Organizaciones: 1"
    assert "Lo pidió: Rosa" in item.text.splitlines() and "Número tributario: 1023456027" in item.text.splitlines()
    assert approved.text == f"✅ «{COOP}» está aprobada: ya es pública, y se avisó a quien la pidió."
    assert told.text == (f"✅ Las personas operadoras de Feria aprobaron «{COOP}»: ya está en el catálogo. "
                         "Invita a sus productores desde la página de tu organización.")
    organization = await Organization.get(name=COOP)
    assert organization.status == OrganizationStatus.APPROVED
    seat = await BoardRecord.get(organization=organization, ended_at=None).prefetch_related("person")
    assert (seat.person.telegram_user_id, seat.role) == (ROSA, BoardRole.PRESIDENT)


async def invite_and_approve_a_producer(rosa, joana) -> None:
    await rosa.says("/organizacion")
    mine = await rosa.receives()
    await rosa.presses(f"👥 Productores · {COOP}", message=mine)
    page = await rosa.sees_edited(mine)
    code = re.search(r"start=j_([A-Za-z0-9_-]+)", page.text)[1]

    await joana.says(f"/start j_{code}")
    invitation = await joana.receives()
    await joana.presses("✅ Pedir para entrar", message=invitation)
    await joana.sees_edited(invitation)
    request = await receives_with(rosa, "🧑‍🌾 Joana pide unirse")
    await rosa.presses("✅ Aprobar", message=request)
    approved = await rosa.sees_edited(request)
    welcome = await receives_with(joana, "aprovou você")

    assert mine.text == f"🧑‍🌾 Tus organizaciones\n• {COOP} (administras)"
    assert invitation.text == (f"Pedir para entrar em «{COOP}» (Santa Cruz) como produtor(a)? A administração vai "
                               "responder.")
    assert approved.text == f"✅ Joana ya produce para {COOP}."
    assert welcome.text.startswith(f"✅ {COOP} aprovou você. Publique seu estoque escrevendo aqui")
    member = await Member.get(person__telegram_user_id=JOANA)
    assert (member.role, member.status) == (MemberRole.PRODUCER, MembershipStatus.APPROVED)


async def fill_the_register_entry(joana) -> None:
    """Joana's community is not on any list: she writes its name."""
    await joana.says("/meucadastro")
    entry = await joana.receives()
    await joana.presses("✍️ Preencher", message=entry)
    community = await joana.sees_edited(entry)
    await joana.says("Colonia San Juan de Yapacaní")
    await receives_with(joana, "O que você produz?")
    await joana.says("quinua 2 qq, abril a junho\nchía 30 kg, maio")
    await receives_with(joana, "Quantas pessoas")
    await joana.says("4")
    gender = await joana.receives()
    await joana.presses("Mulher", message=gender)
    saved = await joana.sees_edited(gender)

    assert entry.text.splitlines()[:6] == [f"📋 Meu cadastro no registro · {COOP}", "", "🏘 Comunidade: —",
                                           "🌱 Produção: —", "👪 Família: —", "Ainda não preenchido."]
    assert community.text == "🏘 Em que comunidade você mora? Escreva o nome."
    assert saved.text.splitlines()[:9] == [
        "✅ Salvo.", "", f"📋 Meu cadastro no registro · {COOP}", "",
        "🏘 Comunidade: Colonia San Juan de Yapacaní", "🌱 Produção:", "• quinua: cerca de 2 quintais, abril a junho",
        "• chía: cerca de 30 kg, maio", "👪 Família: 4 pessoas"]
    row = await MemberEntry.get(member__person__telegram_user_id=JOANA)
    assert (row.community_name, row.family_size, len(row.production)) == ("Colonia San Juan de Yapacaní", 4, 2)


async def new_product_without_a_category(joana) -> str:
    """Joana writes her stock before Feria has any kind of product: told who adds them, she cancels."""
    await joana.says("quinua 50 kg a 18")
    card = await joana.receives()
    await joana.presses("🆕 Novo: quinua", message=card)
    kinds = await joana.sees_edited(card)
    await joana.presses("❌ Cancelar", message=kinds)
    cancelled = await joana.sees_edited(kinds)

    assert card.text.splitlines() == [f"📦 Para publicar · {COOP}:", "",
                                      "❓ “quinua”: 50 kg · BOB\xa018,00 por kg. Qual produto é?"]
    assert cancelled.text == "Nada foi publicado."
    assert not await Product.exists()
    return kinds.text


async def add_the_first_category(olivia) -> None:
    await olivia.says("/operadores")
    home = await receives_with(olivia, "Cuidar esta Feria")
    await olivia.presses("🏷 Categorías", message=home)
    categories = await olivia.sees_edited(home)
    await olivia.presses("➕ Nueva categoría", message=categories)
    await receives_with(olivia, "Escribe el código de la nueva categoría")
    await olivia.says("granos")
    for name in ("Granos y cereales", "Grãos e cereais", "Grains and cereals"):
        await receives_with(olivia, "Escribe el nombre de la categoría granos")
        await olivia.says(name)
    added = await receives_with(olivia, "La categoría")

    assert categories.button_texts == ["➕ Nueva categoría", "« Volver"]  # none yet
    assert added.text.startswith("✅ La categoría «Granos y cereales» ya está en el catálogo")


async def post_stock(joana) -> None:
    await joana.says("quinua 50 kg a 18")
    card = await joana.receives()
    await joana.presses("🆕 Novo: quinua", message=card)
    kinds = await joana.sees_edited(card)
    await joana.presses("Grãos e cereais", message=kinds)
    card = await joana.sees_edited(kinds)
    await joana.presses("✅ Publicar", message=card)
    published = await joana.sees_edited(card)

    assert kinds.text == "Que tipo de produto é?"
    assert kinds.button_texts == ["Grãos e cereais", "❌ Cancelar"]
    assert "🆕 Quinua (Grãos e cereais): 50 kg · BOB\xa018,00 por kg" in card.text.splitlines()
    assert published.text == ("✅ Publicado. O catálogo já mostra:\n• Quinua: 50 kg · BOB\xa018,00 por kg\n"
                              "   Seu lote: 0 → 50 kg · À venda: 0 → 50 kg")
    offer = await Offer.get(product__name="Quinua").prefetch_related("product__category")
    assert (offer.stock, offer.price, offer.currency) == (Decimal(50), Decimal(18), "BOB")
    assert offer.product.category.code == "granos"


async def order_from_the_catalog(ana) -> None:
    await ana.says("/start")
    menu = await ana.receives()
    await ana.presses("🧺 Ver productos", message=menu)
    categories = await ana.sees_edited(menu)
    await ana.presses("Granos y cereales (1)", message=categories)
    regions = await ana.sees_edited(categories)
    await ana.presses("Santa Cruz (1)", message=regions)
    products = await ana.sees_edited(regions)
    await ana.presses("Quinua", message=products)
    card = await ana.sees_edited(products)
    await ana.presses("+2 kg", message=card)
    added = await ana.sees_answer()
    await ana.says("/carrito")
    cart = await ana.receives()
    await ana.presses("✅ Finalizar pedido", message=cart)
    how = await ana.sees_edited(cart)
    await ana.presses("📍 Lo retiro yo", message=how)
    placed = await ana.receives()

    assert categories.button_texts == ["Granos y cereales (1)", "« Menú"]
    assert products.text.splitlines() == ["Granos y cereales", "", "• Quinua — Bs18,00 por kg",
                                          f"  {COOP}, Santa Cruz"]
    assert card.text.splitlines()[:5] == ["Quinua", f"{COOP} · Santa Cruz", "", "💲 Bs18,00 por kg",
                                          "📦 Disponible: 50 kg"]
    assert added.text == "Agregado: 2 kg de Quinua. En tu carrito: 2 kg."
    assert "de lo cual Bs1,80 va al fondo solidario (5 %)" in cart.text.splitlines()
    order = await Order.get()
    assert placed.text.splitlines()[:3] == [f"✅ Pedido #{order.id} hecho. Lo recibe: {COOP}.", "Total: Bs36,00",
                                            "Retira en: Feria del Productor de San Julián, puesto 12"]
    assert (await Offer.get(product__name="Quinua")).stock == Decimal(48)


async def find_and_confirm_the_waiting_order(rosa, ana) -> None:
    """Rosa comes back to the bot (she had blocked it): the order her notice never brought waits for her."""
    order = await Order.get()
    rosa.unblocks_bot()
    await rosa.says("/start")
    menu = await rosa.receives()
    await rosa.says("/organizacion")
    page = await rosa.receives()
    await rosa.presses(f"📥 Pedidos recibidos · {COOP} (1 🆕)", message=page)
    listed = await rosa.sees_edited(page)
    await rosa.presses(f"🆕 #{order.id} · Ana", message=listed)
    opened = await rosa.sees_edited(listed)
    await rosa.presses("✅ Confirmar", message=opened)
    confirmed = await rosa.sees_edited(opened)
    told = await receives_with(ana, "confirmó tu pedido")

    assert menu.text.splitlines() == ["¡Hola, Rosa! Te damos la bienvenida a Feria, el mercado solidario.",
                                      "📥 Tienes 1 pedido esperando respuesta.", "¿Qué quieres hacer?"]
    assert listed.text.splitlines() == [f"📥 Pedidos recibidos · {COOP}", "🆕 1 nuevo · 👍 0 confirmados · 📦 0 listos",
                                        "", f"🆕 #{order.id} · 21/11/26 · Ana · Bs36,00"]
    assert opened.text.splitlines()[:3] == [f"🆕 Pedido #{order.id} de Ana", "", "• Quinua: 2 kg — Bs36,00"]
    assert "Estado: Confirmado" in confirmed.text.splitlines()
    assert told.text == f"👍 {COOP} confirmó tu pedido #{order.id}."
    assert (await Order.get()).status == OrderStatus.CONFIRMED


async def hand_over_the_presidency(rosa, joana) -> str:
    await rosa.says("/organizacion")
    page = await rosa.receives()
    await rosa.presses("👥 Junta directiva", message=page)
    board = await rosa.sees_edited(page)
    await rosa.presses("➕ Nombrar en la administración", message=board)
    producers = await rosa.sees_edited(board)
    await rosa.presses("Joana", message=producers)
    asked = await rosa.sees_edited(producers)
    await rosa.presses("✅ Sí", message=asked)
    named = await rosa.sees_edited(asked)
    await receives_with(joana, "Administração")
    await rosa.presses("🤝 Pasar la presidencia", message=named)
    members = await rosa.sees_edited(named)
    await rosa.presses("Joana (Administración)", message=members)
    asked = await rosa.sees_edited(members)
    await rosa.presses("✅ Sí", message=asked)
    handed = await rosa.sees_edited(asked)
    presides = await receives_with(joana, "Presidência")

    assert board.text.splitlines()[:3] == [f"👥 Junta directiva · {COOP}", "",
                                           "• Rosa — Presidencia, desde el 21 nov 2026"]
    assert producers.button_texts == ["Joana", "« Volver"]
    assert handed.text.splitlines()[2:4] == ["• Joana — Presidencia, desde el 21 nov 2026",
                                             "• Rosa — Administración, desde el 21 nov 2026"]
    assert presides.text == f"👥 Rosa deu a você um lugar na diretoria de {COOP}: Presidência."
    seats = await BoardRecord.filter(organization__name=COOP, ended_at=None).order_by("role").values_list(
        "person__telegram_user_id", "role")
    assert sorted(seats) == sorted([(JOANA, BoardRole.PRESIDENT), (ROSA, BoardRole.ADMIN)])
    assert await BoardRecord.filter(organization__name=COOP).count() == 4  # Rosa's two seats, Joana's two
    return (await Organization.get(name=COOP)).slug


async def test_a_network_starts_from_an_empty_database_and_runs_itself(web, feria_settings, people):
    olivia = people.person(OLIVIA, "Olivia", language_code="es")
    rosa = people.person(ROSA, "Rosa", language_code="es")
    joana = people.person(JOANA, "Joana", language_code="pt-br")
    ana = people.person(ANA, "Ana", language_code="es")
    assert not await Territory.exists() and not await Category.exists() and not await Organization.exists()

    await name_the_first_operator(olivia, feria_settings.database_url)
    await register_the_cooperative(rosa)
    await approve_it(olivia, rosa)
    await invite_and_approve_a_producer(rosa, joana)
    await fill_the_register_entry(joana)
    assert (await new_product_without_a_category(joana)).startswith("A Feria ainda não tem tipos de produto")
    await add_the_first_category(olivia)
    await post_stock(joana)

    # Rosa blocks the bot for a while: the notice of the order cannot reach her (Joana, a producer, gets hers).
    rosa.blocks_bot()
    await order_from_the_catalog(ana)
    await wait_for(lambda: Notification.filter(chat_id=ROSA, template="order_placed",
                                               status=NotificationStatus.BLOCKED).exists())
    assert not [m for m in rosa.messages if (m.text or "").startswith("🆕 Pedido")]
    await find_and_confirm_the_waiting_order(rosa, ana)

    slug = await hand_over_the_presidency(rosa, joana)
    response = await web.get(f"/organizaciones/{slug}", params={"lang": "es"})
    page = visible_text(await response.text())
    await ana.says(f"/start o_{slug}")
    in_the_bot = await receives_with(ana, f"🏢 {COOP}")

    assert response.status == 200
    assert ("Junta directiva Joana: Presidencia, desde el 21 nov 2026 Rosa: Administración, desde el 21 nov 2026 "
            "Renovada el 21 nov 2026; un periodo dura 12 meses, hasta el 21 nov 2027.") in page
    assert "Quinua Bs18,00 por kg" in page
    assert in_the_bot.text.splitlines()[6:10] == [
        "👥 Junta directiva:", "• Joana — Presidencia, desde el 21 nov 2026",
        "• Rosa — Administración, desde el 21 nov 2026",
        "Renovada el 21 nov 2026; un periodo dura 12 meses: este termina el 21 nov 2027."]


async def test_a_new_product_before_any_kind_of_product_exists_says_who_adds_them(web, people):
    """A new installation has no categories: the chooser says who adds them and lets the producer cancel."""
    await Organization.create(slug="coop-sara", name=COOP, legal_form="cooperative", maturity="embryonic",
                              status=OrganizationStatus.APPROVED, territory=await Territory.create(
                                  code="bo-s", iso_code="BO-S", name="Santa Cruz", level="region",
                                  country_code="BO", currency="BOB", time_zone="America/La_Paz"))
    joana = people.person(JOANA, "Joana", language_code="pt-br")
    await joana.says("/start")
    await joana.receives()
    organization = await Organization.get(slug="coop-sara")
    await Member.create(organization=organization, person=await Person.get(telegram_user_id=JOANA),
                        role=MemberRole.PRODUCER, status=MembershipStatus.APPROVED)

    kinds = await new_product_without_a_category(joana)

    assert kinds == ("A Feria ainda não tem tipos de produto, e um produto novo precisa de um. As pessoas operadoras "
                     "da Feria os criam: peça a elas e depois escreva seu estoque de novo.")


"""Ways to pay: an organization's admin sets a Pix key in /organizacao; a buyer checks out choosing Pix and gets
a BR Code (text to copy and a QR photo) for the order's exact amount, naming the order."""

import io
from decimal import Decimal

import segno

from market.enums import PaymentMethodKind
from market.models import Order, PaymentMethod, Product
from market.rules.pix import crc_is_right, parse_br_code, parse_tlv
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_rounds import ANA, CARMEN, create_group, join, open_round_on_comarapa, order, receives_with
from tests.bot.sandbox.images import PNG_2x3

IVONE = 900_000_023  # admin of the Cooperativa de Agricultores Familiares Nova Petrópolis (demo), writes Portuguese
LURDES = 900_000_024  # one of its producers, not an admin
CPF = "390.533.447-05"
NOVA = "coop-nova-petropolis"  # no way to pay in the demo: its admin sets them here


async def _ways_to_pay_page(person):
    await person.says("/organizacao")
    home = await person.receives()
    await person.presses("💳 Formas de pagamento", message=home)
    return await person.sees_edited(home)


async def test_an_admin_sets_pix_and_a_buyer_pays_an_order_with_its_br_code(feria, people):
    ivone = people.person(IVONE, "Ivone", language_code="pt-br")
    page = await _ways_to_pay_page(ivone)
    assert page.text.startswith("💳 Formas de pagamento · Cooperativa de Agricultores Familiares Nova Petrópolis")
    await ivone.presses("➕ Adicionar forma de pagamento", message=page)
    kinds = await ivone.sees_edited(page)
    await ivone.presses("⚡ Pix", message=kinds)
    asked = await ivone.receives()
    await ivone.says("390.533.447-06")  # a wrong check digit
    refused = await ivone.receives()
    saved_after_refusal = await PaymentMethod.filter(organization__slug=NOVA, kind=PaymentMethodKind.PIX).count()
    await ivone.says(CPF)
    asked_name = await ivone.receives()
    await ivone.says("Coop Nova Petrópolis")
    asked_city = await ivone.receives()
    await ivone.says("Nova Petrópolis")
    added = await ivone.receives()
    # Cash at pickup too: the buyer then chooses between the two.
    await ivone.presses("💳 Formas de pagamento", message=added)
    page = await ivone.sees_edited(added)
    await ivone.presses("➕ Adicionar forma de pagamento", message=page)
    kinds = await ivone.sees_edited(page)
    await ivone.presses("💵 Dinheiro na retirada", message=kinds)
    cash = await ivone.sees_edited(kinds)

    assert asked.text.startswith("⚡ Qual a chave Pix?")
    assert refused.text.startswith("Isso não é uma chave Pix.")
    assert saved_after_refusal == 0
    assert asked_name.text.startswith("👤 O nome que o banco de quem paga mostra")
    assert asked_city.text.startswith("🏙 Qual a cidade")
    assert added.text == "✅ Adicionada: ⚡ Pix: chave 39053344705 (Coop Nova Petrópolis, Nova Petrópolis)"
    assert cash.text == "✅ Adicionada: 💵 Dinheiro na retirada"

    joao = people.person(5002, "João", language_code="pt-br")
    cheese = await Product.get(name="Queijo colonial")
    await joao.says(f"/start p_{cheese.id}")
    card = await joao.receives()
    await joao.presses("+1 kg", message=card)
    await joao.says("/carrinho")
    cart = await joao.receives()
    await joao.presses("✅ Finalizar pedido", message=cart)
    checkout = await joao.sees_edited(cart)
    await joao.presses("📍 Eu retiro", message=checkout)
    placed, choose = await joao.receives_many(2)
    assert "Avisaremos quando for confirmado." in placed.text
    assert "Você paga na retirada" not in placed.text
    order = await Order.get(consumer__telegram_user_id=5002)
    assert choose.text == f"💳 Como você vai pagar o pedido #{order.id} (R$\xa058,00)?"
    assert choose.button_texts == ["⚡ Pix", "💵 Dinheiro na retirada"]

    await joao.presses("⚡ Pix", message=choose)
    words, photo = await joao.receives_many(2)

    code = words.text.split("\n")[-1]
    copyable = [e for e in words.raw.get("entities", []) if e["type"] == "code"]
    assert words.text.startswith("⚡ Pague R$\xa058,00 por Pix para Coop Nova Petrópolis")
    assert [words.text[e["offset"]:e["offset"] + e["length"]] for e in copyable] == [code]
    assert crc_is_right(code)
    fields = parse_tlv(code)
    assert parse_tlv(fields["26"]) == {"00": "br.gov.bcb.pix", "01": "39053344705"}
    assert (fields["53"], fields["54"], fields["58"]) == ("986", "58.00", "BR")
    assert (fields["59"], fields["60"]) == ("Coop Nova Petropolis", "Nova Petropolis")
    assert parse_tlv(fields["62"]) == {"05": f"FERIA{order.id}"}
    assert parse_br_code(code).amount == Decimal(order.total) == Decimal("58.00")
    # The photo is the QR of that very code, with the order and its amount beside it.
    assert photo.caption == f"Pedido #{order.id}: R$\xa058,00"
    expected = io.BytesIO()
    segno.make(code, error="m", micro=False).save(expected, kind="png", scale=8, border=4)
    assert people.download(photo.photo[-1]["file_id"]) == expected.getvalue()
    await order.refresh_from_db()
    assert order.payment_method_id == (await PaymentMethod.get(organization__slug=NOVA, kind=PaymentMethodKind.PIX)).id

    # The order in /pedidos tells the same again.
    await joao.says("/pedidos")
    orders = await joao.receives()
    await joao.presses(f"Pedido #{order.id}", message=orders)
    detail = await joao.sees_edited(orders)
    await joao.presses("💳 Como pagar", message=detail)
    again, _photo_again = await joao.receives_many(2)
    assert again.text == words.text


async def test_a_producer_who_is_not_an_admin_finds_no_way_to_add_one(feria, people):
    """Her /organizacao has no ways-to-pay button (the service refuses her too: tests/market/services)."""
    lurdes = people.person(LURDES, "Lurdes", language_code="pt-br")
    await lurdes.says("/organizacao")
    home = await lurdes.receives()
    assert "💳 Formas de pagamento" not in home.button_texts
    assert "📦 Nossas ofertas" in home.button_texts  # her organization's menu is there
    assert await PaymentMethod.filter(organization__slug=NOVA).count() == 0


async def _add(person, page, kind: str):
    """From the ways-to-pay page: ➕, then the kind; returns the message that asks or answers."""
    await person.presses("➕ Agregar forma de pago", message=page)
    kinds = await person.sees_edited(page)
    await person.presses(kind, message=kinds)
    return kinds


async def checks_out_two_kilos_of_coffee_for_delivery(ana, note: str) -> None:
    """Ana puts 2 kg of Amboró's roasted coffee in her cart and checks out, asking for delivery with `note`."""
    coffee = await Product.get(name="Café tostado en grano")
    await ana.says(f"/start p_{coffee.id}")
    card = await ana.receives()
    await ana.presses("+2 kg", message=card)
    await ana.says("/carrito")
    cart = await ana.receives()
    await ana.presses("✅ Finalizar pedido", message=cart)
    checkout = await ana.sees_edited(cart)
    await ana.presses("📝 Escribir una nota de entrega", message=checkout)
    await ana.receives()
    await ana.says(note)


async def test_a_bolivian_buyer_who_asked_for_delivery_pays_with_the_banks_qr_and_the_amount(feria, people, ana):
    hilda = people.person(HILDA, "Hilda", language_code="es")
    await hilda.says("/organizacion")
    home = await hilda.receives()
    await hilda.presses("💳 Formas de pago", message=home)
    page = await hilda.sees_edited(home)
    assert "Ninguna aún" in page.text
    await _add(hilda, page, "🏦 Transferencia")
    for answer in ("Banco Unión", "1-00000123456", "Asociación Café Amboró"):
        await hilda.receives()
        await hilda.says(answer)
    transfer = await hilda.receives()
    await hilda.presses("💳 Formas de pago", message=transfer)
    page = await hilda.sees_edited(transfer)
    await _add(hilda, page, "🔳 QR del banco")
    asked = await hilda.receives()
    await hilda.says("aquí va")  # words, not a photo: asked again
    again = await hilda.receives()
    sent = await hilda.sends_photo(PNG_2x3)
    qr_added = await hilda.receives()
    await hilda.presses("💳 Formas de pago", message=qr_added)
    page = await hilda.sees_edited(qr_added)
    await _add(hilda, page, "💵 Efectivo al retirar")  # not for a buyer who asked for delivery
    await hilda.sees_edited(page)

    assert transfer.text == "✅ Agregada: 🏦 Transferencia: Banco Unión, cuenta 1-00000123456, Asociación Café Amboró"
    assert asked.text.startswith("🔳 Envía como foto el código QR que te dio tu banco.")
    assert again.text.startswith("Envía el código QR como foto.")
    assert qr_added.text == "✅ Agregada: 🔳 QR del banco"

    await checks_out_two_kilos_of_coffee_for_delivery(ana, "Calle Sucre 12, portón verde")
    placed, choose = await ana.receives_many(2)
    order_ = await Order.get(consumer__telegram_user_id=5001)
    assert choose.button_texts == ["🏦 Transferencia · Banco Unión", "🔳 QR del banco"]
    assert choose.text == f"💳 ¿Cómo pagarás el pedido #{order_.id} (Bs190,00)?"

    await ana.presses("🔳 QR del banco", message=choose)
    words, photo = await ana.receives_many(2)
    assert words.text == (f"🔳 Paga Bs190,00 con el QR de Asociación de Productores de Café Amboró en la app de tu "
                          f"banco. Referencia: pedido #{order_.id}.")
    assert photo.caption == f"Pedido #{order_.id}: Bs190,00"
    assert people.download(photo.photo[-1]["file_id"]) == people.download(sent.photo[-1]["file_id"])

    await ana.presses("🏦 Transferencia · Banco Unión", message=choose)  # she changes her mind
    words, = await ana.receives_many(1)
    assert words.text.split("\n") == ["🏦 Paga Bs190,00 por transferencia:", "Banco: Banco Unión",
                                      "Cuenta: 1-00000123456", "Titular: Asociación Café Amboró",
                                      f"Referencia: pedido #{order_.id}"]


async def test_without_ways_to_pay_a_delivery_is_paid_on_delivery(feria, ana):
    await checks_out_two_kilos_of_coffee_for_delivery(ana, "Calle Sucre 12")
    placed = await ana.receives()
    assert placed.text.endswith("Pagas al recibir, en efectivo o por transferencia. Te avisaremos cuando esté "
                                "confirmado.")


async def test_a_member_reads_the_groups_ways_to_pay_under_her_round_account(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    code, page = await create_group(carmen)
    await carmen.presses("💳 Formas de pago", message=page)
    ways = await carmen.sees_edited(page)
    await _add(carmen, ways, "🏦 Transferencia")
    for answer in ("Banco Fassil", "778899", "Carmen Rojas"):
        await carmen.receives()
        await carmen.says(answer)
    await carmen.receives()
    ana = people.person(ANA, "Ana", language_code="es")
    await join(ana, code)
    await carmen.says("/grupos")
    page = await receives_with(carmen, "Compras del Barrio Norte")
    if "🆕 Abrir una ronda" not in page.button_texts:  # the list of groups: open hers
        await carmen.presses(next(t for t in page.button_texts if "Compras del Barrio Norte" in t), message=page)
        page = await carmen.sees_edited(page)
    round_id, board = await open_round_on_comarapa(carmen, page)
    await order(ana, round_id, "Papa nativa", "4")
    await carmen.presses("🔒 Cerrar ahora", message=board)
    asked = await carmen.sees_edited(board)
    await carmen.presses("Sí, cerrarla", message=asked)

    bill = await receives_with(ana, "Total:")
    assert bill.text.split("\n")[-3:] == ["", "💳 Formas de pagar al grupo:",
                                          "• 🏦 Transferencia: Banco Fassil, cuenta 778899, Carmen Rojas"]

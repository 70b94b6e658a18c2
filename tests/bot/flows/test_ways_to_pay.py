"""Ways to pay: an organization's admin sets a Pix key in /organizacao; a buyer checks out choosing Pix and gets
a BR Code (text to copy and a QR photo) for the order's exact amount, naming the order."""

import io
from decimal import Decimal

import segno

from market.enums import PaymentMethodKind
from market.models import Order, PaymentMethod, Product
from market.rules.pix import crc_is_right, parse_br_code, parse_tlv

IVONE = 900_000_023  # admin of the Cooperativa de Agricultores Familiares Nova Petrópolis (demo), writes Portuguese
LURDES = 900_000_024  # one of its producers, not an admin
CPF = "390.533.447-05"


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
    saved_after_refusal = await PaymentMethod.filter(kind=PaymentMethodKind.PIX).count()
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
    assert order.payment_method_id == (await PaymentMethod.get(kind=PaymentMethodKind.PIX)).id

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
    assert await PaymentMethod.all().count() == 0

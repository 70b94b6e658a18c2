"""Refunds through the bot: the admin refuses a paid order that is ready for pickup, the buyer is owed the money
back and then paid back, and her receipt, sent again from /recibos, says so; a buyer who tries to cancel an order
already paid is told which organization to ask."""

from __future__ import annotations

from decimal import Decimal

from market.enums import LedgerAccount, OrderStatus
from market.models import LedgerEntry
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.bot.flows.test_payment_proofs import AMBORO, buyer_entries, next_with
from tests.bot.flows.test_receipts import receives_document
from tests.support.orders import the_order
from tests.support.pdf import pdf_text


async def paid_and_ready(ana, hilda):
    """Ana checks out a kilo of coffee to pick up; Hilda marks it paid, confirms it and readies it."""
    await hilda.says("/start")
    await hilda.receives()
    await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    await hilda.presses("💵 Marcar pagado", message=notice)
    await hilda.sees_answer()
    for step in ("✅ Confirmar", "📦 Listo para recoger"):
        await hilda.presses(step, message=hilda.last_message)
        await hilda.sees_answer()
    return notice


async def test_a_paid_order_ready_for_pickup_is_refused_and_refunded_and_her_receipt_says_so(
        feria, people, ana, hilda):
    notice = await paid_and_ready(ana, hilda)
    order = await the_order()
    await receives_document(ana)

    ready = hilda.last_message
    await hilda.presses("❌ Rechazar", message=ready)
    asked = await hilda.receives()
    await hilda.says("Se mojó el café en la bodega")
    refused, shown = await hilda.receives_many(2)
    owed = await next_with(ana, "Te devolverán")
    await hilda.presses("💸 Devolución hecha", message=shown)
    await hilda.receives()
    await next_with(ana, "te devolvió")
    await ana.says("/recibos")
    listed = await ana.receives()
    await ana.presses(listed.button_texts[0], message=listed)
    again = await receives_document(ana)

    assert notice.message_id == ready.message_id and "🤝 Entregado" in ready.button_texts
    assert asked.text == (f"¿Por qué no puedes tomar el pedido #{order.id}? Escribe el motivo; Ana lo leerá y se le "
                          "deberá devolver Bs95,00.")
    assert refused.text == f"Pedido #{order.id} rechazado; avisamos a Ana."
    assert "💸 Devolución pendiente: Bs95,00" in shown.text
    assert owed.text.split("\n") == [f"❌ {AMBORO} no pudo atender tu pedido #{order.id}.",
                                     "Motivo: Se mojó el café en la bodega", "💸 Te devolverán Bs95,00."]
    assert (await the_order()).status == OrderStatus.CANCELLED
    assert await buyer_entries(order.id) == [
        ("payment", Decimal("95.00")), ("refund_owed", Decimal("-95.00")), ("refund", Decimal("95.00"))]
    assert listed.text.split("\n")[-1] == "↩ marca un pago que te devolvieron."
    assert listed.button_texts[0].endswith("Bs95,00 ↩")
    assert again.caption.split("\n")[-1] == "↩ Devuelto: Bs95,00 el 21 de noviembre de 2026"
    text = pdf_text(people.download(again.document["file_id"]))
    assert "Pagado Bs95,00" in text and "↩ Devuelto: Bs95,00 el 21 de noviembre de 2026" in text


async def test_a_buyer_pressing_cancel_on_an_order_since_paid_is_told_to_ask_the_organization(feria, ana, hilda):
    await hilda.says("/start")
    await hilda.receives()
    _, placed = await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    await ana.says("/pedidos")
    orders = await ana.receives()
    order = await the_order()
    await ana.presses(f"Pedido #{order.id}", message=orders)
    before = await ana.sees_edited(orders)
    await hilda.presses("💵 Marcar pagado", message=notice)
    await hilda.sees_answer()

    await ana.presses("❌ Cancelar este pedido", message=before)
    answer = await ana.sees_answer()
    await ana.says("/pedidos")
    listed = await ana.receives()
    await ana.presses(f"Pedido #{order.id}", message=listed)
    now = await ana.sees_edited(listed)

    assert answer.text == (f"Este pedido ya está pagado y no puedes cancelarlo aquí: pide a {AMBORO} que lo cancele "
                           "y te devuelva el dinero.")
    assert "❌ Cancelar este pedido" not in now.button_texts
    assert (await the_order()).status == OrderStatus.PLACED
    assert await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order.id).count() == 1

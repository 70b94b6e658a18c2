"""Proofs of payment and refunds through the bot: "Ya pagué" with the photo of a transfer, the organization's admin
confirms or rejects it, a member's round account confirmed by the coordinator, and a paid order refused and
refunded. The ledger records each payment once, whatever is pressed twice or delivered twice."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from market.enums import LedgerAccount, LedgerKind, OrderStatus, ProofStatus
from market.models import LedgerEntry, PaymentProof
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.bot.flows.test_round_coordination import _close
from tests.bot.flows.test_rounds import ANA, round_with_members
from tests.bot.flows.test_rounds import order as round_order
from tests.bot.sandbox.images import PNG_2x3
from tests.support.orders import the_order

AMBORO = "Asociación de Productores de Café Amboró"


async def next_with(person, text: str):
    """The person's next message whose text or caption contains `text`, past others the outbox slips in."""
    while True:
        message = await person.receives(timeout=5)
        if text in (message.text or message.caption or ""):
            return message


async def buyer_entries(order_id: int) -> list[tuple[str, Decimal]]:
    rows = await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order_id).order_by("id").values_list(
        "kind", "amount")
    return [(str(kind), Decimal(amount)) for kind, amount in rows]


async def says_paid_with_photo(ana):
    """Ana checks out a kilo of coffee, presses "Ya pagué" and sends the photo of her transfer."""
    _, placed = await checkout_with_pickup(ana, "Café tostado en grano")
    await ana.presses("✅ Ya pagué", message=placed)
    asked = await ana.receives()
    await ana.sends_photo(PNG_2x3)
    sent = await ana.receives()
    return placed, asked, sent


async def test_a_buyer_sends_the_photo_of_a_transfer_and_the_admin_confirms_it_once(feria, ana, hilda):
    placed, asked, sent = await says_paid_with_photo(ana)
    order = await the_order()
    notice = await next_with(hilda, "dice que pagó")

    await hilda.presses("✅ Confirmar pago", message=notice)
    recorded = await hilda.receives()
    told = await next_with(ana, "confirmó tu pago")
    await hilda.presses("✅ Confirmar pago", message=notice)
    again = await hilda.sees_answer()
    await hilda.presses("❌ Rechazar", message=notice)
    too_late = await hilda.sees_answer()
    await ana.presses(f"Pedido #{order.id}", message=told)
    shown = await ana.sees_edited(told)

    assert placed.button_texts[0] == "✅ Ya pagué"
    assert asked.text == "📷 Envía la foto de tu transferencia (📎 → Foto) o toca «Sin foto»."
    assert asked.button_texts == ["➡️ Sin foto", "✖ Cancelar"]
    assert sent.text == f"📨 Enviado a {AMBORO}. Te avisaremos cuando confirmen tu pago de Bs95,00."
    assert notice.photo, "the admin sees the photo of the transfer"
    assert notice.caption.split("\n") == [f"💵 Ana dice que pagó el pedido #{order.id}.", "Monto: Bs95,00"]
    assert notice.button_texts == ["✅ Confirmar pago", "❌ Rechazar"]
    assert recorded.text == "✅ Pago de Bs95,00 de Ana registrado; avisamos a Ana."
    assert told.text == f"✅ {AMBORO} confirmó tu pago de Bs95,00 por el pedido #{order.id}."
    assert again.text == too_late.text == "Hilda ya confirmó este pago."
    assert "Pagado" in shown.text and "✅ Ya pagué" not in shown.button_texts
    assert await buyer_entries(order.id) == [("payment", Decimal("95.00"))]
    assert (await the_order()).paid_at is not None


@pytest.mark.parametrize("mode", ["webhook"])
async def test_the_photo_delivered_twice_by_telegram_makes_one_proof_and_one_notice(feria, sandbox, ana, hilda):
    _, placed = await checkout_with_pickup(ana, "Café tostado en grano")
    await ana.presses("✅ Ya pagué", message=placed)
    await ana.receives()
    sandbox.faults.repeat_deliveries(1, at_once=True)

    await ana.sends_photo(PNG_2x3)
    await next_with(hilda, "dice que pagó")
    await asyncio.sleep(0.5)

    assert await PaymentProof.all().count() == 1
    assert len([m for m in hilda.messages if "dice que pagó" in (m.caption or m.text or "")]) == 1


async def test_a_rejected_proof_tells_the_buyer_the_reason_and_records_nothing(feria, ana, hilda):
    await says_paid_with_photo(ana)
    order = await the_order()
    notice = await next_with(hilda, "dice que pagó")

    await hilda.presses("❌ Rechazar", message=notice)
    asked = await hilda.receives()
    await hilda.says("No llegó la transferencia a la cuenta")
    rejected = await hilda.receives()
    told = await ana.receives(timeout=5)

    assert asked.text == "¿Por qué rechazas este pago? Escribe el motivo; Ana lo leerá."
    assert rejected.text == "❌ Pago de Ana rechazado; le avisamos a Ana el motivo."
    assert told.text.split("\n") == [
        f"❌ {AMBORO} no confirmó tu pago por el pedido #{order.id}.",
        "Motivo: No llegó la transferencia a la cuenta",
    ]
    assert await LedgerEntry.filter(account=LedgerAccount.BUYER).count() == 0
    assert (await PaymentProof.get()).status == ProofStatus.REJECTED
    assert (await the_order()).paid_at is None


async def test_a_member_says_she_paid_her_round_account_and_the_coordinator_confirms_one_payment(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await round_order(ana, round_id, "Papa nativa", "4")
    await _close(carmen, board)
    bill = await next_with(ana, "🧾 Tu")

    await ana.presses("✅ Ya pagué", message=bill)
    await ana.receives()
    await ana.says("ya te pasé la plata")
    asked = await ana.receives()
    await ana.presses("➡️ Sin foto", message=asked)
    sent = await ana.receives()
    await ana.presses("➡️ Sin foto", message=asked)
    pressed_again = await ana.sees_answer()
    notice = await next_with(carmen, "dice que pagó")
    await carmen.presses("✅ Confirmar pago", message=notice)
    recorded = await carmen.receives()
    told = await next_with(ana, "confirmó")

    assert asked.text == "Eso no es una foto. Envía la foto de tu transferencia o toca «Sin foto»."
    assert sent.text.startswith("📨 Enviado a Compras del Barrio Norte.")
    assert pressed_again.text.startswith("Este botón ya no vale.") and await PaymentProof.all().count() == 1
    assert notice.text.split("\n")[0] == "💵 Ana dice que pagó su cuenta de la ronda de Compras del Barrio Norte."
    assert "No envió foto." in notice.text
    assert recorded.text.startswith("✅ Pago de Bs")
    assert told.text.startswith("✅ Compras del Barrio Norte confirmó tu pago de Bs")
    assert told.text.endswith("por tu cuenta de la ronda.")
    payments = await LedgerEntry.filter(account=LedgerAccount.MEMBER, kind=LedgerKind.PAYMENT, round_id=round_id)
    assert len(payments) == 1
    account = await LedgerEntry.filter(account=LedgerAccount.MEMBER, round_id=round_id).values_list("amount", flat=True)
    assert sum(Decimal(a) for a in account) == 0


async def test_a_paid_order_refused_owes_the_buyer_a_refund_then_the_refund_is_paid_and_she_is_told(feria, ana, hilda):
    await says_paid_with_photo(ana)
    order = await the_order()
    notice = await next_with(hilda, "dice que pagó")
    await hilda.presses("✅ Confirmar pago", message=notice)
    await hilda.receives()
    await ana.receives(timeout=5)

    await hilda.says("/organizacion")
    page = await hilda.receives()
    await hilda.presses(next(t for t in page.button_texts if t.startswith("📥 Pedidos recibidos")), message=page)
    listed = await hilda.sees_edited(page)
    await hilda.presses(next(t for t in listed.button_texts if f"#{order.id} " in t), message=listed)
    opened = await hilda.sees_edited(listed)
    await hilda.presses("❌ Rechazar", message=opened)
    await hilda.receives()
    await hilda.says("Se nos acabó el tostado")
    refused, shown = await hilda.receives_many(2)
    owed = await next_with(ana, "Te devolverán")
    await hilda.presses("💸 Devolución hecha", message=shown)
    recorded = await hilda.receives()
    paid_back = await next_with(ana, "te devolvió")
    await hilda.presses("💸 Devolución hecha", message=shown)
    twice = await hilda.sees_answer()
    await ana.presses(f"Pedido #{order.id}", message=owed)
    buyer_view = await ana.sees_edited(owed)

    assert refused.text == f"Pedido #{order.id} rechazado; avisamos a Ana."
    assert "💸 Devolución pendiente: Bs95,00" in shown.text
    assert owed.text.split("\n") == [
        f"❌ {AMBORO} no pudo atender tu pedido #{order.id}.",
        "Motivo: Se nos acabó el tostado",
        "💸 Te devolverán Bs95,00.",
    ]
    assert recorded.text == f"💸 Devolución del pedido #{order.id} registrada; avisamos a Ana."
    assert paid_back.text == f"💸 {AMBORO} te devolvió Bs95,00 por el pedido #{order.id}."
    assert twice.text == "Esta devolución ya se registró como hecha."
    assert "Estado: Cancelado" in buyer_view.text and "💸 Devuelto: Bs95,00" in buyer_view.text
    assert "✅ Ya pagué" not in buyer_view.button_texts
    assert (await the_order()).status == OrderStatus.CANCELLED
    assert await buyer_entries(order.id) == [
        ("payment", Decimal("95.00")), ("refund_owed", Decimal("-95.00")), ("refund", Decimal("95.00"))]
    fund = await LedgerEntry.filter(account=LedgerAccount.SOLIDARITY_FUND, order_id=order.id).values_list(
        "amount", flat=True)
    assert len(fund) == 2 and sum(Decimal(a) for a in fund) == 0


async def test_the_admin_finds_payments_waiting_beside_the_received_orders(feria, ana, hilda):
    await says_paid_with_photo(ana)
    order = await the_order()
    await next_with(hilda, "dice que pagó")

    await hilda.says("/organizacion")
    page = await hilda.receives()
    await hilda.presses(next(t for t in page.button_texts if t.startswith("📥 Pedidos recibidos")), message=page)
    listed = await hilda.sees_edited(page)
    await hilda.presses("💵 Pagos por confirmar (1)", message=listed)
    pending = await hilda.sees_edited(listed)
    await hilda.presses(f"#{order.id} · Ana · Bs95,00", message=pending)
    opened = await hilda.receives()

    assert pending.text == "💵 Pagos por confirmar"
    assert opened.photo and opened.button_texts == ["✅ Confirmar pago", "❌ Rechazar"]

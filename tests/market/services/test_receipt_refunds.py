"""Refunds beside receipts: a paid order refused (even when ready) owes its buyer the money back; its receipt stays
as issued and, read afterwards, says the refund is pending, then when it was paid back; a buyer never cancels (and
so refunds) a paid order herself: she is told which organization to ask."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from market.enums import LedgerAccount, OrderStatus
from market.errors import Conflict
from market.models import LedgerEntry, Order
from market.services.orders.refunds import RefundState, record_refund, refund_state
from market.services.orders.status import advance_order, cancel_order, refuse_order
from market.services.receipts.views import get_own_receipt, get_receipt, list_receipts
from tests.market.services.test_receipts import paid_order, pdf_of
from tests.support.pdf import pdf_text

D = Decimal


async def test_a_paid_order_ready_for_pickup_is_refused_and_its_buyer_is_owed_the_total(shop, consumer):
    order = await paid_order(shop, consumer)
    await advance_order(order.id, by_person_id=shop.admin_id, to=OrderStatus.CONFIRMED)
    await advance_order(order.id, by_person_id=shop.admin_id, to=OrderStatus.READY)

    refused = await refuse_order(order.id, by_person_id=shop.admin_id, reason="Se arruinó la frutilla")

    assert refused.status == OrderStatus.CANCELLED
    assert await refund_state(order.id) == RefundState(owed=D("22.50"), refunded=D(0))


async def test_a_receipt_read_after_a_refusal_says_the_refund_is_pending_and_keeps_what_was_issued(
        shop, consumer):
    await paid_order(shop, consumer)
    (issued,) = await list_receipts(consumer)
    order_id = issued.content["order_id"]

    await refuse_order(order_id, by_person_id=shop.admin_id, reason="Se arruinó la frutilla")
    receipt = await get_receipt(issued.code)

    assert issued.refund is None
    assert receipt.refund is not None and (receipt.refund.owed, receipt.refund.refunded) == (D("22.50"), D(0))
    assert receipt.content == issued.content and receipt.total == D("22.50")
    text = pdf_text(pdf_of(receipt, "es"))
    assert "Pagado Bs22,50 por transferencia a Banco Unión" in text
    assert "↩ Devolución pendiente: Bs22,50" in text and "Devuelto" not in text
    # Bolivianos read by a Brazilian: babel writes the code, BOB, before the amount.
    assert "↩ Devolução pendente: BOB 22,50" in pdf_text(pdf_of(receipt, "pt_BR")).replace("\xa0", " ")


async def test_a_refund_paid_back_shows_on_the_receipt_with_its_day_where_the_organization_is(
        shop, consumer, feria_clock):
    await paid_order(shop, consumer)
    (issued,) = await list_receipts(consumer)
    order_id = issued.content["order_id"]
    await refuse_order(order_id, by_person_id=shop.admin_id, reason="Se arruinó la frutilla")
    # 03:30 on the 25th in UTC is still the evening of the 24th in Bolivia (UTC-4).
    feria_clock.freeze(datetime(2026, 11, 25, 3, 30, tzinfo=timezone.utc))

    await record_refund(order_id, by_person_id=shop.admin_id)
    receipt = await get_own_receipt(issued.code, person_id=consumer)
    (listed,) = await list_receipts(consumer)

    assert receipt.refund is not None and (receipt.refund.owed, receipt.refund.refunded) == (D(0), D("22.50"))
    assert listed.refund == receipt.refund
    text = pdf_text(pdf_of(receipt, "es"))
    assert "↩ Devuelto: Bs22,50 el 24 de noviembre de 2026" in text and "pendiente" not in text
    assert "↩ Devolvido: BOB 22,50 em 24 de novembro de 2026" in pdf_text(pdf_of(receipt, "pt_BR")).replace("\xa0", " ")
    assert receipt.content == issued.content


async def test_a_buyer_cannot_cancel_her_paid_order_and_is_told_to_ask_the_organization(shop, consumer):
    order = await paid_order(shop, consumer)

    with pytest.raises(Conflict) as refused:
        await cancel_order(order.id, by_person_id=consumer)

    assert refused.value.code == "order_paid_ask_organization"
    assert refused.value.params == {"organization": "OECA Valles de Comarapa"}
    assert (await Order.get(id=order.id)).status == OrderStatus.PLACED
    assert await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order.id).count() == 1

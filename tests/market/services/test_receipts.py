"""Receipts: issued once as a payment is recorded (an order's, a member's in a round), owed to the payer, as a PDF
that names the organization, the lines, the fund's share and the payment, in the reader's language."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from market import clock
from market.enums import PaymentMethodKind, ReceiptKind
from market.errors import NotFound
from market.models import Notification, Order, Organization, PaymentMethod, Receipt
from market.presentation.receipt_pdf import render_receipt_pdf
from market.services.groups.rounds.settlement import record_full_payment, record_payment
from market.services.orders.status import mark_order_paid
from market.services.people.privacy import forget_person
from market.services.receipts.issuing import CODE_ALPHABET, CODE_LENGTH, issue_order_receipt, issue_round_receipt
from market.services.receipts.views import get_own_receipt, get_receipt, list_receipts
from tests.market.services.test_orders import order_of
from tests.market.services.test_round_settlement import closed_world, receive
from tests.support.pdf import pdf_text

D = Decimal
URL = "https://feria.example.org"


async def paid_order(shop, consumer):
    """Rosa's order of 1,333 kg of tomato and 0,5 kg of strawberries (Bs22,50, Bs1,13 to the fund), paid by transfer."""
    method = await PaymentMethod.create(organization_id=shop.organization_id, kind=PaymentMethodKind.TRANSFER,
                                        bank="Banco Unión", account_number="1-234567", holder="OECA")
    order = await order_of(consumer, shop, Tomate="1.333", Frutilla="0.5")
    await Order.filter(id=order.id).update(payment_method_id=method.id)
    await Organization.filter(id=shop.organization_id).update(tax_number="1023456027")
    await mark_order_paid(order.id, by_person_id=shop.admin_id)
    return order


def pdf_of(receipt, locale: str) -> bytes:
    return render_receipt_pdf(receipt.content, receipt.code, receipt.issued_at, locale, URL, receipt.refund)


async def test_marking_an_order_paid_issues_one_receipt_owed_to_the_buyer(shop, consumer):
    order = await paid_order(shop, consumer)

    (receipt,) = await list_receipts(consumer)
    again = await issue_order_receipt(order.id)

    assert (receipt.kind, receipt.total, receipt.currency, receipt.person_id) == (
        ReceiptKind.ORDER, D("22.50"), "BOB", consumer)
    assert len(receipt.code) == CODE_LENGTH and set(receipt.code) <= set(CODE_ALPHABET)
    assert again.code == receipt.code and await Receipt.all().count() == 1
    owed = await Notification.filter(template="receipt").values_list("chat_id", "person_id", "params")
    assert owed == [(501, consumer, {"code": receipt.code})]
    assert (await get_receipt(receipt.code.lower())).id == receipt.id


async def test_an_order_receipt_keeps_what_was_bought_the_fund_share_and_how_it_was_paid(shop, consumer):
    await paid_order(shop, consumer)

    (receipt,) = await list_receipts(consumer)

    content = receipt.content
    assert content["issuer"]["name"] == "OECA Valles de Comarapa" and content["issuer"]["tax_number"] == "1023456027"
    assert content["buyer"] == "Rosa Quispe"
    assert [(ln["product"], ln["quantity"], ln["unit"], ln["unit_price"], ln["amount"]) for ln in content["lines"]] == [
        ("Tomate", "1.333", "kg", "7.50", "10.00"), ("Frutilla", "0.500", "kg", "25.00", "12.50")]
    assert (content["fund"], content["total"]) == ("1.13", "22.50")
    assert (content["payment"]["kind"], content["payment"]["bank"], content["payment"]["amount"]) == (
        "transfer", "Banco Unión", "22.50")


async def test_the_pdf_names_the_organization_lines_fund_share_and_payment_in_spanish_and_portuguese(shop, consumer):
    await paid_order(shop, consumer)
    (receipt,) = await list_receipts(consumer)

    spanish, portuguese = pdf_of(receipt, "es"), pdf_of(receipt, "pt_BR")

    text = pdf_text(spanish)
    for words in ("Recibo", "OECA Valles de Comarapa", "Número tributario: 1023456027", "Recibido de: Rosa Quispe",
                  "Tomate", "1,333 kg", "Bs7,50", "Bs10,00", "Frutilla", "Bs12,50", "Total: Bs22,50",
                  "de los cuales Bs1,13 van al fondo solidario", "Pagado Bs22,50 por transferencia a Banco Unión",
                  f"Código de verificación: {receipt.code}", f"{URL}/recibos/{receipt.code}"):
        assert words in text, words
    text = pdf_text(portuguese)
    for words in ("Recibo", "OECA Valles de Comarapa", "Recebido de: Rosa Quispe", "Tomate", "Frutilla",
                  "dos quais", "vão para o fundo solidário", "por transferência para Banco Unión",
                  f"Código de verificação: {receipt.code}"):
        assert words in text, words
    assert len(spanish) < 100_000 and len(portuguese) < 100_000


async def test_a_name_typed_as_markup_is_drawn_as_it_was_typed(shop, consumer):
    await Organization.filter(id=shop.organization_id).update(name="**Coop** <b>Sur</b> __x__")
    await paid_order(shop, consumer)
    (receipt,) = await list_receipts(consumer)

    assert "**Coop** <b>Sur</b> __x__" in pdf_text(pdf_of(receipt, "es"))


async def test_a_members_round_payment_issues_a_receipt_of_the_account_with_corrections_and_balance(db):
    world = await closed_world()
    await receive(world, 4)  # Tomate: 4 kg arrived of 6 ordered, A's bill corrected
    rosa = world.members["A"]

    view = await record_payment(world.round_id, member_person_id=rosa, amount=D("10.00"),
                                by_person_id=world.coordinator_id)
    await record_full_payment(world.round_id, member_person_id=rosa, by_person_id=world.coordinator_id)

    first, second = sorted(await list_receipts(rosa), key=lambda r: r.id)
    assert (first.kind, first.total, (await issue_round_receipt(view.id)).code) == (
        ReceiptKind.ROUND_ACCOUNT, D("10.00"), first.code)
    content = second.content
    assert content["issuer"]["name"] == "Grupo Equipetrol" and content["round_number"] == 1
    assert content["payments"] == ["10.00", str(second.total)] and content["balance"] == "0.00"
    lines_total = sum(D(line["amount"]) for line in content["lines"])
    assert content["corrections"] and D(content["charged"]) - sum(D(c) for c in content["corrections"]) == lines_total
    text = pdf_text(pdf_of(second, "es"))
    assert "Ronda 1 del grupo Grupo Equipetrol" in text and "Saldo: nada pendiente" in text
    assert "Corrección por lo que llegó" in text
    assert await Notification.filter(template="receipt", person_id=rosa).count() == 2


async def test_another_persons_receipt_is_as_unknown_as_a_wrong_code(shop, consumer):
    await paid_order(shop, consumer)
    (receipt,) = await list_receipts(consumer)

    for attempt in (get_own_receipt(receipt.code, person_id=shop.admin_id), get_receipt("ZZZZZZZZZZ"),
                    get_receipt("")):
        with pytest.raises(NotFound) as refused:
            await attempt
        assert refused.value.code == "receipt_not_found"


def test_the_pdf_shows_the_payments_day_in_the_issuers_time_zone():
    content = {"kind": "order", "issuer": {"name": "Coop", "tax_number": "", "territory": "Comarapa",
                                           "country_code": "BO", "time_zone": "America/La_Paz"},
               "buyer": "Rosa", "currency": "BOB", "lines": [], "fund": "0", "total": "5.00", "order_id": 7,
               "payment": {"kind": None, "bank": "", "amount": "5.00", "at": "2026-03-03T02:30:00+00:00"}}

    text = pdf_text(render_receipt_pdf(content, "ABCDEFGHJK", datetime(2026, 3, 3, 2, 30, tzinfo=timezone.utc),
                                       "es", URL))

    assert "Emitido el 2 de marzo de 2026, 10:30 p. m." in text and "Pagado Bs5,00 según lo registró quien cobra" in text


async def test_a_person_who_asks_to_be_forgotten_leaves_receipts_without_their_name(shop, consumer):
    await paid_order(shop, consumer)

    await forget_person(consumer, now=clock.now())

    (receipt,) = await list_receipts(consumer)
    assert receipt.content["buyer"] == "" and receipt.total == D("22.50")
    assert "Rosa" not in pdf_text(pdf_of(receipt, "es"))

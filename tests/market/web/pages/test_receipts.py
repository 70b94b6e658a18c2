"""Receipt verification on the web: a code verifies (who issued it, the total, what for, the buyer's first name
only), its PDF downloads in the visitor's language, and a wrong code is a translated 404."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import load_settings
from market.services.orders.refunds import record_refund
from market.services.orders.status import refuse_order
from market.services.receipts.views import list_receipts
from market.web import create_app
from market.web.pages.receipts import short_name
from tests.market.services.shop import make_person, make_shop
from tests.market.services.test_receipts import paid_order
from tests.market.web.pages.conftest import PUBLIC_URL, page, visible_text
from tests.support.pdf import pdf_text
from tests.support.settings import NO_RATE_LIMITS


@pytest.fixture
async def client(database_url) -> AsyncIterator[TestClient]:
    """The app on an empty database of this test's own (the shared demo must not collect orders)."""
    settings = load_settings({"DATABASE_URL": database_url, "PUBLIC_URL": PUBLIC_URL, **NO_RATE_LIMITS})
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


@pytest.fixture
async def code(client) -> str:
    """The receipt of Rosa Quispe's paid order (Bs22,50 of tomato and strawberries, by transfer)."""
    consumer = await make_person("Rosa Quispe Mamani", telegram_user_id=501)
    await paid_order(await make_shop(), consumer)
    (receipt,) = await list_receipts(consumer)
    return receipt.code


@pytest.mark.parametrize(("name", "shown"), [("Patricia Mamani Quispe", "Patricia M."), ("Hilda", "Hilda"),
                                             ("", "")])
def test_the_buyer_is_named_by_first_name_and_initial(name, shown):
    assert short_name(name) == shown


async def test_a_receipts_code_verifies_it_with_the_total_and_what_it_was_for(client, code):
    body = await page(client, f"/recibos/{code}", lang="es")

    text = visible_text(body)
    assert f"Recibo {code}" in text and "Este recibo es auténtico: lo emitió Feria." in text
    assert "Emitido por OECA Valles de Comarapa" in text and "Número tributario: 1023456027" in text
    assert "Pagado Bs22,50 por transferencia" in text
    assert "Tomate: 1,333 kg · Bs10,00" in text and "Frutilla: 0,5 kg · Bs12,50" in text
    assert "de los cuales Bs1,13 van al fondo solidario" in text
    assert "Recibido de: Rosa Q." in text and "Quispe" not in text and "Banco Unión" not in text
    assert "<script" not in body and len(body.encode()) < 100_000


async def test_a_code_typed_in_small_letters_verifies_in_portuguese(client, code):
    text = visible_text(await page(client, f"/recibos/{code.lower()}", lang="pt-BR"))

    assert "Este recibo é autêntico: foi emitido pela Feria." in text and "dos quais" in text


async def test_a_wrong_code_is_a_translated_not_found_page(client, code):
    wrong = "ZZZZ<b>ZZZZZZ"

    body = await page(client, f"/recibos/{wrong}", lang="es", status=404)
    pdf = await client.get(f"/recibos/{wrong}.pdf", headers={"Accept-Language": "pt-BR"})

    assert "Ningún recibo tiene el código ZZZZBZZZZZZ. Revisa las letras e intenta de nuevo." in visible_text(body)
    assert pdf.status == 404 and "Recibo não encontrado" in visible_text(await pdf.text())


async def test_the_receipts_pdf_downloads_in_the_visitors_language(client, code):
    response = await client.get(f"/recibos/{code}.pdf", headers={"Accept-Language": "pt-BR"})

    pdf = await response.read()
    assert response.status == 200 and response.content_type == "application/pdf"
    assert f'filename="recibo-{code}.pdf"' in response.headers["Content-Disposition"]
    assert "Content-Security-Policy" in response.headers and len(pdf) < 100_000
    text = pdf_text(pdf)
    assert "Recebido de: Rosa Quispe Mamani" in text and f"{PUBLIC_URL}/recibos/{code}" in text


async def test_a_refunded_orders_receipt_says_the_refund_pending_then_paid_back_beside_the_payment(client):
    consumer = await make_person("Rosa Quispe Mamani", telegram_user_id=501)
    shop = await make_shop()
    order = await paid_order(shop, consumer)
    (receipt,) = await list_receipts(consumer)
    await refuse_order(order.id, by_person_id=shop.admin_id, reason="Se arruinó la frutilla")

    pending = visible_text(await page(client, f"/recibos/{receipt.code}", lang="es"))
    await record_refund(order.id, by_person_id=shop.admin_id)
    paid_back = visible_text(await page(client, f"/recibos/{receipt.code}", lang="es"))
    response = await client.get(f"/recibos/{receipt.code}.pdf", headers={"Accept-Language": "es"})

    assert "Pagado Bs22,50 por transferencia" in pending and "↩ Devolución pendiente: Bs22,50" in pending
    assert "Pagado Bs22,50 por transferencia" in paid_back and "Tomate: 1,333 kg · Bs10,00" in paid_back
    assert "↩ Devuelto: Bs22,50 el 21 nov 2026" in paid_back and "pendiente" not in paid_back
    assert "↩ Devuelto: Bs22,50 el 21 de noviembre de 2026" in pdf_text(await response.read())

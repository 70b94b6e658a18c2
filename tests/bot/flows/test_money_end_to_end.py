"""Issue 21's check for a Bolivian buyer, whole, through the Bot API server and the web: Café Amboró's admin sets a
bank transfer as its way to pay; Ana checks out, reads the transfer's details, presses "Ya pagué" and sends the
photo of her transfer; the admin confirms it; Ana receives a PDF receipt that names her line, the fund's share and
the transfer, and its code verifies on the web catalog."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from market.enums import LedgerAccount, LedgerKind
from market.models import LedgerEntry, Order, Receipt
from serve import build
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.bot.flows.test_payment_proofs import next_with
from tests.bot.flows.test_receipts import receives_document
from tests.bot.flows.test_ways_to_pay import _add
from tests.bot.sandbox.images import PNG_2x3
from tests.market.web.pages.conftest import visible_text
from tests.support.pdf import pdf_text

AMBORO = "Asociación de Productores de Café Amboró"


async def sets_a_transfer(hilda) -> None:
    await hilda.says("/organizacion")
    home = await hilda.receives()
    await hilda.presses("💳 Formas de pago", message=home)
    page = await hilda.sees_edited(home)
    await _add(hilda, page, "🏦 Transferencia")
    for answer in ("Banco Unión", "1-00000123456", "Asociación Café Amboró"):
        await hilda.receives()
        await hilda.says(answer)
    added = await hilda.receives()
    assert added.text.startswith("✅ Agregada: 🏦 Transferencia")


async def test_a_transfer_proved_by_photo_and_confirmed_sends_a_receipt_that_verifies_on_the_web(
        feria, feria_settings, people, ana, hilda):
    await sets_a_transfer(hilda)

    _, placed = await checkout_with_pickup(ana, "Café tostado en grano", "+2 kg")
    details = await next_with(ana, "por transferencia")
    order = await Order.get(consumer__telegram_user_id=5001)
    await ana.presses("✅ Ya pagué", message=placed)
    await next_with(ana, "foto de tu transferencia")
    await ana.sends_photo(PNG_2x3)
    await next_with(ana, "Te avisaremos cuando confirmen")
    notice = await next_with(hilda, "dice que pagó")
    await hilda.presses("✅ Confirmar pago", message=notice)
    sent = await receives_document(ana)

    receipt = await Receipt.get(order_id=order.id)
    text = pdf_text(people.download(sent.document["file_id"]))
    paid = await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order.id).values_list("kind", "amount")
    fund = await LedgerEntry.get(account=LedgerAccount.SOLIDARITY_FUND, order_id=order.id)
    async with TestClient(TestServer(build(feria_settings, "all"))) as web:  # it closes the database when done
        response = await web.get(f"/recibos/{receipt.code}", headers={"Accept-Language": "es"})
        public = visible_text(await response.text())
        wrong = await web.get("/recibos/ZZZZZZZZZZ", headers={"Accept-Language": "es"})

    # What Ana read after checking out: where to send Bs190,00, with her order as the reference.
    assert details.text.split("\n") == ["🏦 Paga Bs190,00 por transferencia:", "Banco: Banco Unión",
                                        "Cuenta: 1-00000123456", "Titular: Asociación Café Amboró",
                                        f"Referencia: pedido #{order.id}"]
    assert notice.photo, "the admin sees the photo of the transfer"
    # One payment in the ledger, the order paid, the fund's share in the fund.
    assert [(kind, f"{amount:.2f}") for kind, amount in paid] == [(LedgerKind.PAYMENT, "190.00")]
    assert fund.amount == order.fund_total > 0
    # The receipt: her line, the total, the fund's share inside it, how she paid, its code and address.
    fund_words = f"de los cuales Bs{order.fund_total:.2f}".replace(".", ",")
    for words in (AMBORO, "Recibido de: Ana", f"Pedido n.º {order.id}", "Café tostado en grano", "2 kg",
                  "Total: Bs190,00", fund_words, "van al fondo solidario", "Pagado Bs190,00 por transferencia a Banco Unión",
                  f"Código de verificación: {receipt.code}", f"/recibos/{receipt.code}"):
        assert words in text, words
    # Its code verifies on the web; a made-up one does not.
    assert response.status == 200
    assert AMBORO in public and "Bs190,00" in public and "Café tostado en grano" in public
    assert wrong.status == 404

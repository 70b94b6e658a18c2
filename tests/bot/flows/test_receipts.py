"""Receipts in the chat: an admin marks an order paid and the buyer receives its PDF, in her language; /recibos
sends it again; a coordinator records a member's payment and the member receives her round account's."""

from market.models import Person, Receipt
from tests.bot.flows.test_order_edges import to_checkout
from tests.bot.flows.test_round_coordination import _close, _press
from tests.bot.flows.test_rounds import ANA, answer_to, button_starting, order, receives_with, round_with_members
from tests.support.orders import the_order
from tests.support.pdf import pdf_text


async def paid_by_hilda(ana, hilda, then_speaks: str | None = None):
    """Ana checks out 1 kg of roasted coffee to pick up (then chooses another language, if given); Hilda presses
    "Mark paid" on the order's notice."""
    await hilda.says("/start")
    await hilda.receives()
    how = await to_checkout(ana)
    await ana.presses("📍 Lo retiro yo", message=how)
    notice = await hilda.receives(timeout=5)
    if then_speaks:
        await Person.filter(telegram_user_id=5001).update(locale=then_speaks)
    await hilda.presses("💵 Marcar pagado", message=notice)
    await hilda.sees_answer()


async def receives_document(person):
    """The next message with a document (the order's screens may come first)."""
    while not (message := await person.receives(timeout=5)).document:
        pass
    return message


async def test_marking_an_order_paid_sends_the_buyer_her_receipt_as_a_pdf(feria, people, ana, hilda):
    await paid_by_hilda(ana, hilda)

    sent = await receives_document(ana)

    order, receipt = await the_order(), await Receipt.get()
    assert sent.document is not None and sent.document["file_name"] == f"recibo-{receipt.code}.pdf"
    assert sent.caption == (f"🧾 Tu recibo de Asociación de Productores de Café Amboró: pagaste Bs95,00. "
                            f"Su código, {receipt.code}, lo verifica en la web.")
    pdf = people.download(sent.document["file_id"])
    text = pdf_text(pdf)
    assert len(pdf) < 100_000
    for words in ("Recibo", "Asociación de Productores de Café Amboró", "Recibido de: Ana", f"Pedido n.º {order.id}",
                  "Café tostado en grano", "1 kg", "Total: Bs95,00", "de los cuales", "van al fondo solidario",
                  "Pagado Bs95,00", f"Código de verificación: {receipt.code}", f"/recibos/{receipt.code}"):
        assert words in text, words
    assert f"de los cuales Bs{order.fund_total:.2f}".replace(".", ",") in text


async def test_the_receipt_speaks_the_buyers_language_when_it_is_sent_and_comes_again_from_recibos(
        feria, people, ana, hilda):
    await paid_by_hilda(ana, hilda, then_speaks="pt_BR")
    first = await receives_document(ana)

    await ana.says("/recibos")
    listed = await ana.receives()
    await ana.presses(listed.button_texts[0], message=listed)
    again = await ana.receives()

    assert "Seu recibo de Asociación de Productores de Café Amboró" in first.caption
    assert listed.text == "🧾 Seus últimos recibos: toque em um para receber o PDF de novo."
    assert again.document["file_name"] == first.document["file_name"]
    text = pdf_text(people.download(again.document["file_id"]))
    assert "Recebido de: Ana" in text and "vão para o fundo solidário" in text


async def test_a_members_payment_in_a_round_sends_her_the_account_with_what_is_still_owed(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")
    payers = await _press(carmen, "💵 Pago", closed)
    await carmen.presses(button_starting(payers, "Ana"), message=payers)
    await receives_with(carmen, "¿Cuánto pagó?")
    await carmen.says("120,50")
    await answer_to(carmen)

    sent = await receives_document(ana)

    receipt = await Receipt.get()
    assert sent.document["file_name"] == f"recibo-{receipt.code}.pdf" and "pagaste Bs120,50" in sent.caption
    text = pdf_text(people.download(sent.document["file_id"]))
    for words in ("Papa nativa", "Cobrado al cerrar la ronda: Bs220,00", "Pagado hasta ahora: Bs120,50",
                  "Saldo: falta pagar Bs99,50", "Pagado Bs120,50", f"Código de verificación: {receipt.code}"):
        assert words in text, words

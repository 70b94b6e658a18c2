"""The less travelled paths of ordering: a delivery note, payment, races between members, stale buttons, crashes."""

from market.enums import LedgerAccount, OrderStatus
from market.models import LedgerEntry, Person
from tests.bot.flows.conftest import REINA
from tests.bot.flows.test_ordering import card_of
from tests.support.orders import placed_orders, the_order


async def to_checkout(person, product: str = "Café tostado en grano"):
    card = await card_of(person, product)
    await person.presses("+1 kg", message=card)
    await person.sees_answer()
    await person.says("/carrito")
    cart = await person.receives()
    await person.presses("✅ Finalizar pedido", message=cart)
    return await person.sees_edited(cart)


async def test_a_delivery_note_written_at_checkout_travels_with_the_order(feria, ana):
    how = await to_checkout(ana)

    await ana.presses("📝 Escribir una nota de entrega", message=how)
    question = await ana.receives()
    await ana.says("Mercado Mutualista, puesto 12, el sábado a las 10")
    placed = await ana.receives()

    order = await the_order()
    assert question.text.startswith("Escribe dónde y cuándo quieres recibirlo")
    assert "Nota de entrega: Mercado Mutualista, puesto 12, el sábado a las 10" in placed.text
    assert order.delivery_note == "Mercado Mutualista, puesto 12, el sábado a las 10" and order.pickup_point == ""


async def test_an_older_checkout_button_has_expired_once_a_newer_checkout_began(feria, ana):
    old = await to_checkout(ana)
    await ana.says("/carrito")
    cart = await ana.receives()
    await ana.presses("✅ Finalizar pedido", message=cart)
    await ana.sees_edited(cart)

    await ana.presses("📍 Lo retiro yo", message=old)
    answer = await ana.sees_answer()

    assert answer.text == "Este botón ya no vale. Envía /start para ver el menú de nuevo."
    assert await placed_orders().count() == 0


async def test_the_organization_marks_an_order_paid_and_its_fund_share_enters_the_ledger(feria, ana, hilda):
    await hilda.says("/start")
    await hilda.receives()
    how = await to_checkout(ana)
    await ana.presses("📍 Lo retiro yo", message=how)
    notice = await hilda.receives(timeout=5)

    await hilda.presses("💵 Marcar pagado", message=notice)
    answer = await hilda.sees_answer()
    shown = await hilda.sees_edited(notice)

    order = await the_order()
    fund = await LedgerEntry.get(order=order, account=LedgerAccount.SOLIDARITY_FUND)
    assert answer.text == f"Pedido #{order.id} marcado como pagado."
    assert "Pagado" in shown.text and "💵 Marcar pagado" not in shown.button_texts
    assert order.paid_at is not None and fund.amount == order.fund_total


async def test_when_two_members_confirm_at_once_the_second_hears_someone_got_there_first(feria, ana, hilda, people):
    reina = people.person(REINA, "Reina")
    for member in (hilda, reina):
        await member.says("/start")
        await member.receives()
    how = await to_checkout(ana)
    await ana.presses("📍 Lo retiro yo", message=how)
    hilda_notice = await hilda.receives(timeout=5)
    reina_notice = await reina.receives(timeout=5)

    await hilda.presses("✅ Confirmar", message=hilda_notice)
    await hilda.sees_answer()
    await reina.presses("✅ Confirmar", message=reina_notice)
    late = await reina.sees_answer()

    assert late.text == "El pedido ya está en «Confirmado»: no se cambió nada."
    assert (await the_order()).status == OrderStatus.CONFIRMED


async def test_an_unexpected_failure_tells_the_person_nothing_was_lost_and_shows_no_trace(feria, ana, monkeypatch):
    import bot.flows.cart

    async def broken(person_id):
        raise RuntimeError("database on fire: SELECT * FROM secrets")

    monkeypatch.setattr(bot.flows.cart, "get_cart", broken)

    await ana.says("/carrito")

    told = await ana.receives()
    assert told.text == "Algo falló de nuestro lado. No se perdió nada; por favor, intenta de nuevo."
    assert "SELECT" not in told.text and await Person.filter(telegram_user_id=ana.id).exists()

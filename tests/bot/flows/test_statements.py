"""What each family is owed: two producers' lots sold in one order, delivered and paid; the treasurer pays one."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from market import clock
from market.enums import BoardChange, LedgerAccount, MemberRole, MembershipStatus, OrderStatus
from market.errors import Conflict, Forbidden
from market.models import LedgerEntry, Member, Organization, Person
from market.services.orders.status import advance_order, mark_order_paid
from market.services.organizations.board import change_board
from market.services.organizations.statement_payments import correct_producer_payment, record_producer_payment
from tests.bot.flows.conftest import HILDA, REINA
from tests.bot.flows.test_lots import RAMIRO, orders_cacao, posts
from tests.support.orders import the_order


async def opens(person, *buttons: str):
    """/organizacion, then each button in turn; the last screen. An order's notices may come first (a producer is
    told of her organization's orders too): the organization's screen is the one with the first button."""
    await person.says("/organizacion")
    screen = await person.receives()
    while buttons and buttons[0] not in screen.button_texts:
        screen = await person.receives()
    for button in buttons:
        await person.presses(button, message=screen)
        screen = await person.sees_edited(screen)
    return screen


async def test_two_producers_sold_in_one_order_each_see_what_they_are_owed_and_the_treasurer_pays_one(
        feria, people, hilda, ana):
    reina, ramiro = people.person(REINA, "Reina", language_code="es"), people.person(RAMIRO, "Ramiro", language_code="es")
    await ramiro.says("/start")
    await ramiro.receives()
    amboro = await Organization.get(slug="cafe-amboro")
    await Member.create(organization=amboro, person=await Person.get(telegram_user_id=RAMIRO),
                        role=MemberRole.PRODUCER, status=MembershipStatus.APPROVED)
    hilda_id = (await Person.get(telegram_user_id=HILDA)).id
    # Hilda sets a 10 % margin in the bot, before the sale.
    page = await opens(hilda, "💰 Cuentas de productores")
    await hilda.presses("⚙️ Margen", message=page)
    asked = await hilda.receives()
    await hilda.says("31")
    refused = await hilda.receives()
    await hilda.says("10")
    margin_set = await hilda.receives()
    await hilda.receives()  # the producers' statements again
    await posts(hilda, "cacao en grano agotado")
    await posts(reina, "cacao en grano 80 kg")
    clock.advance(timedelta(minutes=5))
    await posts(ramiro, "cacao en grano 10 kg")
    await orders_cacao(ana, "85")  # 85 kg at Bs55: 80 from Reina's lot (the older), 5 from Ramiro's
    order = await the_order()
    for status in (OrderStatus.CONFIRMED, OrderStatus.READY, OrderStatus.DELIVERED):
        await advance_order(order.id, by_person_id=hilda_id, to=status)
    await mark_order_paid(order.id, by_person_id=hilda_id)
    await change_board(amboro.id, BoardChange.TREASURY, (await Person.get(telegram_user_id=RAMIRO)).id,
                       by_person_id=hilda_id)

    # Ramiro, now the treasurer, pays Reina Bs1.000.
    page = await opens(ramiro, "💰 Cuentas de productores")
    await ramiro.presses("Reina · Bs3.828,00", message=page)
    reina_seen = await ramiro.sees_edited(page)
    await ramiro.presses("💸 Registrar un pago", message=reina_seen)
    await ramiro.receives()
    await ramiro.says("1000")
    confirm = await ramiro.receives()
    await ramiro.presses("✅ Registrarlo", message=confirm)
    paid = await ramiro.sees_edited(confirm)
    reina_own = await opens(reina, "💰 Mi estado de cuenta")
    ramiro_own = await opens(ramiro, "💰 Mi estado de cuenta")
    page = await opens(ramiro, "💰 Cuentas de productores")
    await ramiro.presses("⬇️ CSV", message=page)
    document = await ramiro.receives()

    assert "Ahora es 0 %" in asked.text
    assert refused.text == "Escribe un número de 0 a 30, como 10 para 10 %."
    assert margin_set.text == "✅ Margen: 10 % de cada venta nueva."
    assert confirm.text == "¿Registrar un pago de Bs1.000,00 a Reina? Su saldo queda en Bs2.828,00."
    assert "Saldo: Bs2.828,00" in paid.text
    payments = await LedgerEntry.filter(account=LedgerAccount.PRODUCER).values_list("amount", flat=True)
    assert [Decimal(a) for a in payments] == [Decimal(1000)]
    # Reina's 80 kg brought Bs4.400: less the fund's 3 % (Bs132) and the margin's 10 % (Bs440).
    assert "• 2026-11 · Cacao en grano: 80 kg → Bs3.828,00" in reina_own.text
    assert "Te corresponde: Bs3.828,00 · Pagado: Bs1.000,00" in reina_own.text
    assert "Saldo: Bs2.828,00" in reina_own.text
    assert "• 2026-11 · Cacao en grano: 5 kg → Bs239,25" in ramiro_own.text
    assert "Saldo: Bs239,25" in ramiro_own.text
    # The producers' dues, the fund and the margin add up to the order, to the cent.
    assert Decimal("3828.00") + Decimal("239.25") + order.fund_total + Decimal("467.50") == order.total
    # In Ramiro's language, as his spreadsheet opens it: ';' between cells and a decimal comma.
    rows = list(csv.DictReader(io.StringIO(people.download(document.document["file_id"]).decode("utf-8-sig")),
                               delimiter=";"))
    totals = {r["productor"]: r for r in rows if r["saldo"]}
    assert (totals["Reina"]["le corresponde"], totals["Reina"]["pagado"], totals["Reina"]["saldo"]) == (
        "3828,00", "1000,00", "2828,00")
    assert totals["Ramiro"]["saldo"] == "239,25"
    sold = [(r["productor"], r["cantidad"], r["unidad"], r["monto"], r["fondo solidario"], r["margen"],
             r["le corresponde"]) for r in rows if r["producto"]]
    assert sorted(sold) == [("Ramiro", "5", "kg", "275,00", "8,25", "27,50", "239,25"),
                            ("Reina", "80", "kg", "4400,00", "132,00", "440,00", "3828,00")]


async def test_a_payment_pressed_twice_is_recorded_once(feria, people, hilda):
    amboro = await Organization.get(slug="cafe-amboro")
    hilda_id = (await Person.get(telegram_user_id=HILDA)).id
    reina = await Member.get(organization=amboro, person__telegram_user_id=REINA)

    for _ in range(2):
        s = await record_producer_payment(amboro.id, reina.id, Decimal("50.00"), by_person_id=hilda_id, key="777-9")
    taken_back = await correct_producer_payment(s.payments[0].id, by_person_id=hilda_id)

    assert s.paid == Decimal("50.00") and len(s.payments) == 1
    assert taken_back.paid == 0 and [p.amount for p in taken_back.payments] == [Decimal("50.00"), Decimal("-50.00")]
    with pytest.raises(Conflict):
        await correct_producer_payment(s.payments[0].id, by_person_id=hilda_id)
    with pytest.raises(Forbidden):
        await record_producer_payment(amboro.id, reina.id, Decimal(1), by_person_id=reina.person_id, key="x")


async def test_an_admin_takes_back_an_older_payment_not_only_the_last_and_each_only_once(feria, people, hilda):
    amboro = await Organization.get(slug="cafe-amboro")
    hilda_id = (await Person.get(telegram_user_id=HILDA)).id
    reina = await Member.get(organization=amboro, person__telegram_user_id=REINA)
    await record_producer_payment(amboro.id, reina.id, Decimal("50.00"), by_person_id=hilda_id, key="a")
    clock.advance(timedelta(days=1))
    await record_producer_payment(amboro.id, reina.id, Decimal("30.00"), by_person_id=hilda_id, key="b")

    page = await opens(hilda, "💰 Cuentas de productores")
    await hilda.presses(next(b for b in page.button_texts if b.startswith("Reina")), message=page)
    statement = await hilda.sees_edited(page)
    await hilda.presses("↩️ Anular Bs50,00 (21/11/26)", message=statement)
    after = await hilda.sees_edited(statement)

    assert [b for b in statement.button_texts if b.startswith("↩️")] == [
        "↩️ Anular Bs30,00 (22/11/26)", "↩️ Anular Bs50,00 (21/11/26)"]
    assert [b for b in after.button_texts if b.startswith("↩️")] == ["↩️ Anular Bs30,00 (22/11/26)"]
    assert "Pagado: Bs30,00" in after.text

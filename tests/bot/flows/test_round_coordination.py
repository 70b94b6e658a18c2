"""A coordinator's round beyond ordering, through the bot: extend, cancel, the bulk order's CSV, the pickup
list, what arrived, payments, settling; and the group's door: leaving it, and an invitation link replaced.

Comarapa (demo data) sells Papa nativa at Bs55,00 the arroba (Bs53,90 to the producer, Bs1,10 to the fund) in
packs of 4 arrobas and Lechuga at Bs4,00 (Bs3,92) in packs of 12.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

from bot.callbacks import CallbackCodec
from market.enums import GroupMemberStatus, LedgerKind, RoundStatus
from market.models import GroupMember, LedgerEntry, MemberOrderRow, Notification, OrderRound, Product
from tests.bot.flows.conftest import TOKEN
from tests.bot.flows.test_rounds import (
    ANA,
    BETO,
    CARMEN,
    answer_to,
    button_starting,
    create_group,
    join,
    money,
    order,
    receives_with,
    round_with_members,
)

GROUP = "Compras del Barrio Norte"
COMARAPA = "OECA Valles de Comarapa"
EXPIRED = "Este botón ya no vale. Envía /start para ver el menú de nuevo."


async def _close(carmen, board):
    """Carmen closes the round from its board; the board as it shows once closed."""
    await carmen.presses("🔒 Cerrar ahora", message=board)
    asked = await carmen.sees_edited(board)
    await carmen.presses("Sí, cerrarla", message=asked)
    return await carmen.sees_edited(asked)


async def _press(person, text: str, message):
    """Press a button and see the message it edits."""
    await person.presses(text, message=message)
    return await person.sees_edited(message)


async def _refused(person, message, text: str) -> str:
    """What the alert says when the person presses a button the bot refuses."""
    await person.presses(text, message=message)
    answer = await person.sees_answer()
    assert answer.show_alert
    return answer.text


async def _accounts_of(person, message):
    """The group's accounts as `person` sees them, from the "📒 Cuentas" button of `message`."""
    return await _press(person, "📒 Cuentas", message)


async def _units_arrived(carmen, closed, product: str, units: str):
    """Carmen records, from the closed round's board, how many order units of `product` arrived."""
    products = await _press(carmen, "📥 Lo que llegó", closed)
    assert products.text == "¿Qué producto llegó con más o menos de lo pedido?"
    await carmen.presses(product, message=products)
    await receives_with(carmen, f"¿Cuánto {product} llegó?")
    await carmen.says(units)
    return await answer_to(carmen)


async def _closed_board(person, round_id: int):
    """The round as the person opens it from its link once it is closed: their bill."""
    await person.says(f"/start r_{round_id}")
    return await receives_with(person, "« Grupo")  # the board (the bill notice has no such button)


async def _document_for(person):
    """The next file the bot sends the person, past the messages before it."""
    while True:
        message = await person.receives()
        if message.document:
            return message


def _bill(person):
    return next(m for m in reversed(person.messages) if m.text and "🧾 Tu cuenta" in m.text)


async def test_an_extended_round_closes_later_members_who_ordered_are_told_and_a_stale_extension_changes_nothing(
    feria, people
):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"),
                                                                    pickup=2)  # three days after the close
    await order(ana, round_id, "Papa nativa", "4")
    before = (await OrderRound.get(id=round_id)).closes_at

    choices = await _press(carmen, "⏰ Extender", board)
    until = button_starting(choices, "Hasta el ")
    stale = choices.button(until)["callback_data"]
    extended = await _press(carmen, until, choices)
    told = await receives_with(ana, "sigue abierta más tiempo")

    when = until.removeprefix("Hasta el ")
    assert (await carmen.sees_answer()).text == "Extendida. Se está avisando a los miembros."
    assert f"Cierra: {when}" in extended.text
    assert told.text.startswith(f"⏰ La ronda #1 de {GROUP} sigue abierta más tiempo: ahora cierra el {when}\n"
                                "Retiro: ")
    closes_at = (await OrderRound.get(id=round_id)).closes_at
    assert closes_at - before == timedelta(days=1)
    told_to = await Notification.filter(template="round_extended").values_list("person__telegram_user_id", flat=True)
    assert told_to == [ANA]  # Beto ordered nothing

    # The extension's message now shows the board: its old button pressed again, as a slow network would.
    query = await people.press_button(CARMEN, choices, stale, forged=True)
    again = await people.wait_for_answer(query)

    assert again.text == "La ronda ya cierra más tarde que eso."
    assert (await OrderRound.get(id=round_id)).closes_at == closes_at
    assert await Notification.filter(template="round_extended").count() == 1


async def test_an_extension_past_the_pickup_day_asks_for_a_new_pickup_day_and_members_are_told_it(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))  # picked up the day after
    await order(ana, round_id, "Papa nativa", "4")
    before = await OrderRound.get(id=round_id)

    choices = await _press(carmen, "⏰ Extender", board)
    asked = await _press(carmen, choices.button_texts[1], choices)  # three days more
    unchanged = await OrderRound.get(id=round_id)
    moved = await _press(carmen, asked.button_texts[0], asked)
    told = await receives_with(ana, "sigue abierta más tiempo")

    after = await OrderRound.get(id=round_id)
    assert "es después del día de retiro" in asked.text
    assert (unchanged.closes_at, unchanged.pickup_on) == (before.closes_at, before.pickup_on)
    assert after.closes_at - before.closes_at == timedelta(days=3)
    assert after.pickup_on > after.closes_at.date()
    assert "Cierra: " in moved.text
    assert told.text.split("\n")[1].startswith("Retiro: ")
    assert told.text.split("\n")[1] in moved.text


async def test_a_cancelled_round_tells_who_ordered_takes_no_more_orders_and_charges_nobody(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    line = await order(ana, round_id, "Papa nativa", "4")

    asked = await _press(carmen, "❌ Cancelar la ronda", board)
    assert asked.text == "¿Cancelar la ronda #1? Nadie paga nada y se avisa a los miembros."
    cancelled = await _press(carmen, button_starting(asked, "Sí, cancelar"), asked)
    told = await receives_with(ana, "se canceló")

    assert (await carmen.sees_answer()).text == "Ronda cancelada."
    assert "Estado: cancelada" in cancelled.text
    assert "Esta ronda se canceló: no hay nada que pagar." in cancelled.text
    assert told.text == f"❌ La ronda #1 de {GROUP} se canceló. Nadie paga nada."
    told_to = await Notification.filter(template="round_cancelled").values_list("person__telegram_user_id", flat=True)
    assert told_to == [ANA]

    refusal = await _refused(ana, line, "➕")

    assert refusal == "Esta ronda está cerrada: los pedidos ya no pueden cambiar."
    rows = await MemberOrderRow.filter(round_offer__round_id=round_id).values_list("quantity", flat=True)
    assert rows == [4]
    assert await OrderRound.filter(id=round_id, status=RoundStatus.CANCELLED).exists()
    assert not await LedgerEntry.filter(round_id=round_id).exists()


async def test_the_coordinator_downloads_the_bulk_order_as_a_csv_that_adds_up_and_a_member_cannot(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "4")
    await order(beto, round_id, "Lechuga", "12")
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")

    bulk = await _press(carmen, "📦 Pedidos por mayor", closed)
    assert f"📦 {COMARAPA}" in bulk.text
    assert "• Papa nativa: 1 × bulto de 4 arrobas = 4 arrobas — Bs215,60" in bulk.text
    shown_total = money(re.search(r"Al productor: (Bs[\d.,]+)", bulk.text)[1])
    assert shown_total == Decimal("262.64")  # 4 × 53,90 + 12 × 3,92
    await carmen.presses(f"⬇️ CSV: {COMARAPA}", message=bulk)
    document = await _document_for(carmen)

    # In Carmen's language, as her spreadsheet opens it: ';' between cells and a decimal comma.
    rows = list(csv.reader(io.StringIO(people.download(document.document["file_id"]).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:7] == ["producto", "unidad de pedido", "unidades por bulto", "bultos", "unidades",
                           "precio al productor", "monto al productor"]
    products, total = rows[1:-1], rows[-1]
    assert sorted(r[0] for r in products) == ["Lechuga", "Papa nativa"]
    assert ["Papa nativa", "1 arroba", "4", "1", "4", "53,90", "215,60", "BOB"] in products
    assert total[0] == "total" and money(total[6]) == shown_total
    assert sum(money(r[6]) for r in products) == shown_total
    assert document.document["file_name"].endswith(".csv")

    # Ana replays Carmen's button (its data is signed for Carmen); then one made for her, as a leaked layout would.
    csv_data = bulk.button(f"⬇️ CSV: {COMARAPA}")["callback_data"]
    replayed = await people.wait_for_answer(await people.press_button(ANA, _bill(ana), csv_data, forged=True))
    _, action, args, _ = csv_data.split(":")
    own = CallbackCodec(TOKEN).encode(ANA, action, *args.split("."))
    refused = await people.wait_for_answer(await people.press_button(ANA, _bill(ana), own, forged=True))

    assert replayed.text == EXPIRED
    assert refused.text == "Solo quienes coordinan el grupo pueden hacer eso."
    await asyncio.sleep(0.3)
    assert not [m for m in ana.messages if m.document]


async def test_the_pickup_list_names_each_member_with_what_they_take_home_and_their_total(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "4")
    await order(beto, round_id, "Lechuga", "12")
    closed = await _close(carmen, board)

    listing = await _press(carmen, "🧾 Lista de retiro", closed)

    lines = listing.text.splitlines()
    assert lines[0] == "🧾 Lista de retiro · ronda #1"
    assert lines[1].startswith("Casa comunal del barrio Norte, sábado 9 a 12")
    ana_at, beto_at = lines.index("Ana — Bs220,00"), lines.index("Beto — Bs48,00")
    assert lines[ana_at + 1] == "  • Papa nativa: 4 arrobas"
    assert lines[beto_at + 1].startswith("  • Lechuga: 12 ")
    assert "Carmen" not in listing.text  # she ordered nothing


async def test_fewer_units_arrived_corrects_the_bills_and_every_member_sees_the_new_totals(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "3 1")
    await order(beto, round_id, "Papa nativa", "3 1")  # 8 arrobas: two packs, Bs440,00
    closed = await _close(carmen, board)
    await receives_with(beto, "🧾 Tu cuenta")

    recorded = await _units_arrived(carmen, closed, "Papa nativa", "4")  # quantities first, by time: Ana 3, Beto 1

    assert recorded.text == "Registrado. 2 cuentas cambiaron y se corrigieron."
    accounts = await _accounts_of(beto, _bill(beto))
    assert "Los miembros pagan Bs220,00; los productores reciben Bs215,60; fondo solidario Bs4,40" in accounts.text
    assert "Saldo del grupo: -Bs220,00" in accounts.text
    assert "Total: Bs165,00" in (await _closed_board(ana, round_id)).text
    assert "Total: Bs55,00" in (await _closed_board(beto, round_id)).text
    corrections = await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.CORRECTION, member_id__isnull=False)
    assert sorted(Decimal(e.amount) for e in corrections) == [Decimal("55.00"), Decimal("165.00")]


async def test_what_arrived_lists_only_what_was_ordered_and_is_written_in_the_offers_unit(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Frutilla", "5")  # 5 kg: a full pack of 10 half kilos, Bs125,00
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")

    products = await _press(carmen, "📥 Lo que llegó", closed)
    await carmen.presses("Frutilla", message=products)
    asked = await receives_with(carmen, "¿Cuánto Frutilla llegó?")
    await carmen.says("4,5")
    recorded = await answer_to(carmen)

    assert products.button_texts == ["Frutilla", "« Ronda"]
    assert asked.text == "¿Cuánto Frutilla llegó? Escríbelo en kg, como 5."
    assert recorded.text == "Registrado. 1 cuenta cambió y se corrigió."
    assert "Total: Bs112,50" in (await _closed_board(ana, round_id)).text  # 9 half kilos


async def test_a_product_recorded_as_nothing_arrived_stays_in_the_list_to_be_corrected(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")  # one pack of 4 arrobas, Bs220,00
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")

    await _units_arrived(carmen, closed, "Papa nativa", "0")  # a slip: it did come
    nothing = (await _closed_board(ana, round_id)).text
    corrected = await _units_arrived(carmen, await _closed_board(carmen, round_id), "Papa nativa", "4")

    assert "No recibes nada de esta ronda: nada que pagar." in nothing
    assert corrected.text == "Registrado. 1 cuenta cambió y se corrigió."
    assert "Total: Bs220,00" in (await _closed_board(ana, round_id)).text


async def test_a_bill_that_falls_to_nothing_is_counted_among_the_corrected_ones(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "5")
    await order(beto, round_id, "Papa nativa", "3")
    closed = await _close(carmen, board)
    await receives_with(beto, "🧾 Tu cuenta")

    recorded = await _units_arrived(carmen, closed, "Papa nativa", "4")  # all to Ana, who ordered first

    assert "No recibes nada de esta ronda: nada que pagar." in (await _closed_board(beto, round_id)).text
    assert await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.CORRECTION, member_id__isnull=False).count() == 2
    assert recorded.text == "Registrado. 2 cuentas cambiaron y se corrigieron."


async def test_a_payment_is_recorded_once_and_only_coordinators_see_each_members_balance(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")

    payers = await _press(carmen, "💵 Pago", closed)
    assert payers.text.startswith("¿Quién pagó?")
    await carmen.presses(button_starting(payers, "Ana"), message=payers)
    await receives_with(carmen, "¿Cuánto pagó?")
    await carmen.says("120,50")
    recorded = await answer_to(carmen)
    round_board = await receives_with(carmen, "📒 Cuentas")
    await carmen.says("120,50")  # the same message again: the chat no longer awaits an amount
    searched = await answer_to(carmen)

    assert recorded.text == "💵 Pago de Bs120,50 de Ana registrado."
    assert searched.text.startswith("Todavía ningún producto se llama “120,50”")  # a product search, not a payment
    payments = await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.PAYMENT).values_list("amount", flat=True)
    assert [Decimal(p) for p in payments] == [Decimal("120.50")]

    seen_by_carmen = (await _accounts_of(carmen, round_board)).text
    seen_by_ana = (await _accounts_of(ana, _bill(ana))).text
    for seen in (seen_by_carmen, seen_by_ana):
        assert "\nPagos\n" in seen
        assert re.search(r"• Ana: Bs120,50, registrado por Carmen el ", seen)
    assert "Saldo por miembro (solo coordinación)" in seen_by_carmen
    assert "Saldo por miembro" not in seen_by_ana
    assert "-Bs99,50" in seen_by_carmen.split("Saldo por miembro")[1]  # 220,00 billed, 120,50 paid


async def test_paid_in_full_records_what_the_member_owes_in_one_press_and_a_second_press_pays_nothing(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")
    payers = await _press(carmen, "💵 Pago", closed)
    ana_row = next(row for row in payers.buttons if row[0][0].startswith("Ana"))
    in_full = dict(ana_row)["✅ Pagó todo"]

    recorded = await people.wait_for_answer(await people.press_button(CARMEN, payers, in_full))
    again = await carmen.sees_edited(payers)
    refused = await people.wait_for_answer(await people.press_button(CARMEN, again, in_full))

    assert recorded.text == "💵 Pago de Bs220,00 de Ana registrado."
    assert button_starting(again, "Ana") == "Ana (Bs0,00)"
    assert refused.text == "No se debe nada en esta ronda: no se registró ningún pago." and refused.show_alert
    payments = await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.PAYMENT).values_list("amount", flat=True)
    assert [Decimal(p) for p in payments] == [Decimal("220.00")]


async def test_a_settled_round_no_longer_offers_to_record_arrivals(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)

    asked = await _press(carmen, "✅ Liquidar la ronda", closed)
    settled = await _press(carmen, "Sí, liquidarla", asked)

    assert (await carmen.sees_answer()).text == "Ronda liquidada."
    assert "Estado: liquidada" in settled.text
    assert "📥 Lo que llegó" not in settled.button_texts
    assert "✅ Liquidar la ronda" not in settled.button_texts
    assert "📦 Pedidos por mayor" in settled.button_texts
    assert await OrderRound.filter(id=round_id, status=RoundStatus.SETTLED).exists()


async def test_a_member_who_leaves_loses_their_open_lines_and_the_last_coordinator_cannot_leave(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "4")
    await order(beto, round_id, "Papa nativa", "1")

    await ana.says("/grupos")
    groups = await answer_to(ana)
    page = await _press(ana, GROUP, groups)
    asked = await _press(ana, "🚪 Salir", page)
    left = await _press(ana, "Sí, salir", asked)

    assert (await ana.sees_answer()).text == "Saliste del grupo."
    assert GROUP not in left.button_texts
    await ana.says("/grupos")
    assert GROUP not in (await answer_to(ana)).button_texts
    mine = MemberOrderRow.filter(member__person__telegram_user_id=ANA)
    assert not await mine.exists()
    assert await MemberOrderRow.filter(member__person__telegram_user_id=BETO).exists()
    await carmen.says(f"/start r_{round_id}")
    seen_by_carmen = await receives_with(carmen, "Elige un producto")
    assert "Bulto de 4 arrobas: hay 1 arroba, falta completar 3 arrobas" in seen_by_carmen.text

    await carmen.says("/grupos")
    carmen_groups = await answer_to(carmen)
    carmen_page = await _press(carmen, GROUP, carmen_groups)
    carmen_asked = await _press(carmen, "🚪 Salir", carmen_page)
    refusal = await _refused(carmen, carmen_asked, "Sí, salir")

    assert refusal == "Eres la última persona que coordina el grupo: nombra a otra antes de salir."
    status = await GroupMember.filter(person__telegram_user_id=CARMEN).values_list("status", flat=True)
    assert status == [GroupMemberStatus.ACTIVE]


async def test_an_invitation_link_replaced_by_a_new_one_no_longer_lets_anyone_join(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    ana, beto = people.person(ANA, "Ana", language_code="es"), people.person(BETO, "Beto", language_code="es")
    code, page = await create_group(carmen)
    await beto.says(f"/start g_{code}")
    invitation = await beto.receives()  # Beto opened the old link before it was replaced

    renewed = await _press(carmen, "🔄 Nuevo enlace de invitación", page)
    new_code = re.search(r"start=g_([A-Za-z0-9_-]+)", renewed.text)[1]
    await ana.says(f"/start g_{code}")
    stale = await ana.receives()
    late = await _refused(beto, invitation, "✅ Unirme")

    assert (await carmen.sees_answer()).text == "Nuevo enlace creado; el anterior ya no funciona."
    assert new_code != code
    assert stale.text == "Este enlace de invitación ya no funciona. Pide uno nuevo a quien coordina."
    assert late == stale.text
    assert not await GroupMember.filter(person__telegram_user_id__in=[ANA, BETO]).exists()
    joined = await join(ana, new_code)
    assert joined.text.startswith(f"👥 {GROUP}")


async def test_the_bulk_order_csv_sent_in_the_chat_runs_no_formula_whatever_the_products_are_called(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "4")
    await order(beto, round_id, "Lechuga", "12")
    hostile = {"Papa nativa": '=HYPERLINK("http://evil.example/","Factura")', "Lechuga": "@SUM(A1:A9)"}
    for name, new in hostile.items():  # names made before names were checked
        await Product.filter(name=name).update(name=new)
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")
    bulk = await _press(carmen, "📦 Pedidos por mayor", closed)

    await carmen.presses(f"⬇️ CSV: {COMARAPA}", message=bulk)
    document = await _document_for(carmen)

    rows = list(csv.reader(io.StringIO(people.download(document.document["file_id"]).decode("utf-8-sig")),
                           delimiter=";"))
    assert [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    assert sorted(row[0] for row in rows[1:-1]) == sorted("'" + new for new in hostile.values())
    assert rows[-1][6] == "262,64"

"""A purchasing group's whole round through the bot: create the group, link its Telegram chat, invite
three families, open a round, order with tolerance, close, bills, bulk orders and the open accounts.

Comarapa (demo data, 2 % to the solidarity fund, inside the price) sells Papa nativa by the arroba at Bs55,00
(Bs53,90 to the producer) in packs of 4 arrobas, Lechuga at Bs4,00 (Bs3,92) in packs of 12, Frutilla by the half
kilo at Bs12,50 (Bs12,25) in packs of 10 half kilos.
"""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal

from market import clock
from market.enums import LedgerKind, RoundStatus
from market.models import LedgerEntry, MemberOrderRow, Notification, OrderRound, RoundAllocation

CARMEN, ANA, BETO, CECI, DORA = 6001, 6101, 6102, 6103, 6002
MONEY = re.compile(r"Bs[\d.]+,\d\d")


def money(text: str) -> Decimal:
    return Decimal(text.removeprefix("Bs").replace(".", "").replace(",", "."))


def button_starting(message, prefix: str) -> str:
    texts = [t for row in message.buttons for t, _ in row if t.startswith(prefix)]
    assert texts, f"no button starting {prefix!r} in {message.button_texts}"
    return texts[0]


async def receives_with(person, text: str):
    """The person's next message containing `text`, past others the outbox may slip in (announcements)."""
    while True:
        message = await person.receives()
        if text in (message.text or "") or any(text == t for row in message.buttons for t, _ in row):
            return message


async def answer_to(person):
    """The bot's answer to what the person just did, past round announcements the outbox slips in."""
    while True:
        message = await person.receives()
        if not (message.text or "").startswith("🛒 ¡Nueva ronda"):
            return message


async def group_message(people, chat_id: int, count: int):
    """The bot's newest `count` messages in a group chat, once there are that many."""
    return (await people.wait_for_messages(chat_id, count))[-1]


async def create_group(carmen) -> tuple[str, object]:
    """Carmen creates «Compras del Barrio Norte» in Santa Cruz; returns the invite code and the group page."""
    await carmen.says("/grupos")
    groups = await carmen.receives()
    await carmen.presses("➕ Crear un grupo", message=groups)
    await carmen.receives()
    await carmen.says("Compras del Barrio Norte")
    await carmen.receives()
    await carmen.says("santa cruz")
    places = await carmen.receives()
    await carmen.presses(button_starting(places, "Santa Cruz"), message=places)
    await carmen.receives()
    await carmen.says("Casa comunal del barrio Norte, sábado 9 a 12")
    created, page = await carmen.receives_many(2)
    assert created.text.startswith("✅ «Compras del Barrio Norte» está creado y tú lo coordinas.")
    code = re.search(r"start=g_([A-Za-z0-9_-]+)", page.text)[1]
    return code, page


async def join(person, code: str):
    await person.says(f"/start g_{code}")
    invitation = await person.receives()
    await person.presses("✅ Unirme", message=invitation)
    return await person.sees_edited(invitation)


async def open_round_on_comarapa(carmen, page, pickup: int = 0) -> tuple[int, object]:
    """Carmen opens a round on Comarapa's offers, closing in three days, picked up on the `pickup`th day offered."""
    await carmen.presses("🆕 Abrir una ronda", message=page)
    organizations = await carmen.sees_edited(page)
    await carmen.presses(button_starting(organizations, "OECA Valles de Comarapa"), message=organizations)
    chosen = await carmen.sees_edited(organizations)
    await carmen.presses("Siguiente »", message=chosen)
    closing = await carmen.sees_edited(chosen)
    await carmen.presses(closing.button_texts[1], message=closing)  # in three days, 20:00
    pickup_day = await carmen.sees_edited(closing)
    await carmen.presses(pickup_day.button_texts[pickup], message=pickup_day)
    pickup_point = await carmen.sees_edited(pickup_day)
    await carmen.presses("Mantener este lugar y abrir la ronda", message=pickup_point)
    opened = await receives_with(carmen, "está abierta con")
    board = await receives_with(carmen, "🔒 Cerrar ahora")
    assert re.search(r"ronda #\d+", opened.text, re.IGNORECASE)  # its number in the group; links carry its id
    return (await OrderRound.all().order_by("-id").first()).id, board


async def order(person, round_id: int, product: str, text: str):
    """The person opens the round from its link, chooses a product and types quantity and tolerance."""
    await person.says(f"/start r_{round_id}")
    board = await receives_with(person, "Elige un producto")
    await person.presses(product, message=board)
    await person.sees_edited(board)
    await person.says(text)
    return await answer_to(person)


async def round_with_members(people, *names: tuple[int, str], pickup: int = 0):
    """Carmen's group with these members and a round open on Comarapa: (carmen, members, round id, board)."""
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    code, page = await create_group(carmen)
    members = [people.person(i, n, language_code="es") for i, n in names]
    for member in members:
        await join(member, code)
    round_id, board = await open_round_on_comarapa(carmen, page, pickup)
    return carmen, members, round_id, board


async def test_a_round_from_the_groups_creation_to_bills_that_add_up_and_the_same_accounts_for_all(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    ana, beto, ceci = (people.person(i, n, language_code="es") for i, n in ((ANA, "Ana"), (BETO, "Beto"), (CECI, "Ceci")))
    code, page = await create_group(carmen)

    # The group's Telegram chat: Carmen adds the bot, then confirms on a button only she can press.
    chat = people.group("Barrio Norte", with_bot=False)
    people.add_bot_to_group(CARMEN, chat)
    greeting = await group_message(people, chat, 1)
    await people.press_button(CARMEN, greeting, greeting.button("🔗 Vincular a «Compras del Barrio Norte»")["callback_data"])
    linked = await people.wait_for_edit(greeting)
    assert linked.text.startswith("✅ Este chat es ahora el chat de «Compras del Barrio Norte»")

    for person in (ana, beto, ceci):
        joined = await join(person, code)
        assert joined.text.startswith("👥 Compras del Barrio Norte")
    round_id, board = await open_round_on_comarapa(carmen, page)

    # The announcement in the group chat links each family to a private chat with the bot.
    announcement = await group_message(people, chat, 2)
    assert announcement.text.startswith("🛒 ¡Nueva ronda de pedidos de Compras del Barrio Norte!")
    assert "• Papa nativa — Bs55,00 por arroba · bulto de 4 arrobas" in announcement.text
    order_button = announcement.button("🛒 Pedir en chat privado")
    assert order_button["url"].endswith(f"?start=r_{round_id}")

    ana_line = await order(ana, round_id, "Papa nativa", "3 1")
    assert "Bulto de 4 arrobas: hay 3 arrobas (+1 arroba de tolerancia) → bultos completos: 1" in ana_line.text
    beto_line = await order(beto, round_id, "Papa nativa", "1+2")
    assert ("Bulto de 4 arrobas: hay 4 arrobas (+3 arrobas de tolerancia) → bultos completos: 1; "
            "para otro falta completar 1 arroba") in beto_line.text
    ceci_line = await order(ceci, round_id, "Papa nativa", "1")
    assert "Bulto de 4 arrobas: hay 5 arrobas (+3 arrobas de tolerancia) → bultos completos: 2" in ceci_line.text
    await order(ana, round_id, "Lechuga", "5")
    await order(ceci, round_id, "Lechuga", "4")
    frutilla = await order(beto, round_id, "Frutilla", "3 2")  # in kg: 6 half kilos and up to 4 more
    assert "Tu pedido: 3 kg y hasta 2 kg más para completar un bulto" in frutilla.text

    await carmen.presses("🔒 Cerrar ahora", message=board)
    asked = await carmen.sees_edited(board)
    await carmen.presses("Sí, cerrarla", message=asked)
    closed = await carmen.sees_edited(asked)
    assert "Estado: cerrada" in closed.text

    bills = {}
    for person in (ana, beto, ceci):
        notices = await person.receives_many(2 if person in (ana, ceci) else 1)
        bill = next(n for n in notices if "🧾 Tu cuenta" in n.text)
        bills[person.id] = money(re.search(r"Total: (Bs[\d.,]+)", bill.text)[1])
        if person in (ana, ceci):
            unfilled = next(n for n in notices if n is not bill)
            assert "• Lechuga: un bulto de 12 unidades no se completó, faltaron 3 unidades" in unfilled.text
    assert bills == {ANA: Decimal("220.00"), BETO: Decimal("290.00"), CECI: Decimal("55.00")}

    summary = await group_message(people, chat, 3)
    assert summary.text.startswith("🔒 La ronda")
    together = money(re.search(r"juntos pagan (Bs[\d.,]+)", summary.text)[1])
    assert together == sum(bills.values()) == Decimal("565.00")
    assert "• Papa nativa: 2 × bulto de 4 arrobas = 8 arrobas — Bs431,20" in summary.text
    assert "• Frutilla: 1 × bulto de 5 kg = 5 kg — Bs122,50" in summary.text
    assert "Al productor: Bs553,70" in summary.text

    # Every member sees the same accounts, no one's bill lines; below them, each her own balance.
    seen, own = [], []
    for person in (ana, beto, ceci):
        await person.presses("📒 Cuentas", message=_bill_message(person))
        shared, mine = (await person.sees_edited(_bill_message(person))).text.split("\n\nTu saldo: ")
        seen.append(shared)
        own.append(mine)
    assert seen[0] == seen[1] == seen[2]
    assert own == ["-Bs220,00\n(debes Bs220,00)", "-Bs290,00\n(debes Bs290,00)", "-Bs55,00\n(debes Bs55,00)"]
    assert "Los miembros pagan Bs565,00; los productores reciben Bs553,70; fondo solidario Bs11,30" in seen[0]
    assert "Papa nativa" not in seen[0] and "Beto" not in seen[0]

    charges = await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.CHARGE).values_list("amount", flat=True)
    assert sorted(-Decimal(c) for c in charges) == sorted(bills.values())


def _bill_message(person):
    return next(m for m in reversed(person.messages) if m.text and "🧾 Tu cuenta" in m.text)


async def test_two_coordinators_closing_at_once_make_one_set_of_bills(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    dora = people.person(DORA, "Dora", language_code="es")
    code, page = await create_group(carmen)
    await join(dora, code)
    ana = people.person(ANA, "Ana", language_code="es")
    await join(ana, code)
    await _make_coordinator(DORA)
    round_id, board = await open_round_on_comarapa(carmen, page)
    await order(ana, round_id, "Papa nativa", "4")

    await dora.says(f"/start r_{round_id}")
    dora_board = await receives_with(dora, "🔒 Cerrar ahora")
    for person, shown in ((carmen, board), (dora, dora_board)):
        await person.presses("🔒 Cerrar ahora", message=shown)
    asked_carmen, asked_dora = await asyncio.gather(carmen.sees_edited(board), dora.sees_edited(dora_board))
    await asyncio.gather(carmen.presses("Sí, cerrarla", message=asked_carmen),
                         dora.presses("Sí, cerrarla", message=asked_dora))
    answers = await asyncio.gather(carmen.sees_answer(), dora.sees_answer())

    assert sorted(a.text for a in answers) == ["Esta ronda ya estaba cerrada.", "Ronda cerrada: 1 cuenta enviada."]
    bill = await receives_with(ana, "🧾 Tu cuenta")
    assert "Total: Bs220,00" in bill.text
    await asyncio.sleep(0.5)
    assert [m.text for m in ana.messages].count(bill.text) == 1
    assert await RoundAllocation.filter(round_offer__round_id=round_id).count() == 1
    assert await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.CHARGE).count() == 1
    assert await Notification.filter(template="round_bill").count() == 1


async def test_a_member_changes_and_removes_a_line_with_the_buttons_and_a_repeated_press_counts_once(feria, people):
    _, (ana,), round_id, _ = await round_with_members(people, (ANA, "Ana"))
    line = await order(ana, round_id, "Papa nativa", "2")

    plus = next(data for row in line.buttons for text, data in row if text == "➕")
    await people.press_button(ANA, line, plus)
    await people.press_button(ANA, line, plus)  # the same button again: same totals, not one more
    more = await ana.sees_edited(line)
    await asyncio.sleep(0.3)
    rows = await MemberOrderRow.filter(member__person__telegram_user_id=ANA).values_list("quantity", flat=True)
    assert sum(rows) == 3
    assert "Tu pedido: 3 arrobas" in more.text

    await ana.presses("🗑 Quitar", message=more)
    assert (await ana.sees_answer()).text == "Quitado de tu pedido."
    assert not await MemberOrderRow.filter(member__person__telegram_user_id=ANA).exists()


async def test_more_than_the_stock_is_refused_with_what_is_left_and_a_typed_fraction_is_explained(feria, people):
    _, (ana,), round_id, _ = await round_with_members(people, (ANA, "Ana"))

    refused = await order(ana, round_id, "Papa nativa", "41")  # 40 arrobas in stock
    await ana.says("1,5")
    fraction = await answer_to(ana)
    await ana.says("3 frascos")
    jars = await answer_to(ana)

    assert refused.text == "En esta ronda solo se pueden pedir 40 arrobas más. Cambia la cantidad e inténtalo de nuevo."
    assert fraction.text == "Esto se vende por 1 arroba: escribe 1 arroba o 2 arrobas."
    assert jars.text == "Esto se vende en arrobas: escribe la cantidad en arrobas."
    assert not await MemberOrderRow.filter(member__person__telegram_user_id=ANA).exists()


async def test_a_member_orders_by_the_half_kilo_in_kilos_and_is_told_the_nearest_amounts_that_fit(feria, people):
    _, (ana,), round_id, _ = await round_with_members(people, (ANA, "Ana"))

    await ana.says(f"/start r_{round_id}")
    board = await receives_with(ana, "Elige un producto")
    await ana.presses("Frutilla", message=board)
    line = await ana.sees_edited(board)
    await ana.says("1,2")
    between = await answer_to(ana)
    await ana.says("0,2")
    below = await answer_to(ana)
    await ana.says("1,5 1")
    ordered = await answer_to(ana)
    await ana.says("500 g")
    in_grams = await answer_to(ana)

    assert "Escribe cuánto, en kg: “1,5” pide 1,5 kg; “1,5 1” pide 1,5 kg y hasta 1 kg más." in line.text
    assert between.text == "Esto se vende por 0,5 kg: escribe 1 kg o 1,5 kg."
    assert below.text == "Esto se vende por 0,5 kg: escribe al menos 0,5 kg."
    assert "Tu pedido: 1,5 kg y hasta 1 kg más para completar un bulto" in ordered.text
    assert "Tu pedido: 0,5 kg" in in_grams.text and "0,5 kg y hasta" not in in_grams.text
    rows = await MemberOrderRow.filter(member__person__telegram_user_id=ANA).values_list("quantity", flat=True)
    assert sum(rows) == 1  # one order unit of 0,5 kg


async def test_the_timer_closes_a_round_at_its_time(serving, people, database_url):
    from datetime import timedelta

    from market.db import close_database, open_database
    from market.models import PurchasingGroup

    ctx = await open_database(database_url, global_fallback=False)
    soon = clock.now() + timedelta(seconds=2)
    group = await PurchasingGroup.get(slug="consumo-solidario-equipetrol")
    await OrderRound.filter(group=group, status=RoundStatus.OPEN).update(closes_at=soon)
    await close_database(ctx)
    async with serving():
        for _ in range(100):
            if not await OrderRound.filter(group_id=group.id, status=RoundStatus.OPEN).exists():
                break
            await asyncio.sleep(0.1)
        assert await OrderRound.filter(group_id=group.id, status=RoundStatus.CLOSED).count() == 1


async def _make_coordinator(telegram_user_id: int) -> None:
    from market.enums import GroupRole
    from market.models import GroupMember

    await GroupMember.filter(person__telegram_user_id=telegram_user_id).update(role=GroupRole.COORDINATOR)


async def test_a_demo_coordinator_finds_her_groups_open_round_with_the_packs_filling(feria, people):
    carmen = people.person(900_000_101, "Carmen", language_code="es")  # coordinates the demo group of Equipetrol
    await carmen.says("/grupos")
    groups = await carmen.receives()
    await carmen.presses("Grupo de Consumo Solidario Equipetrol", message=groups)
    page = await carmen.sees_edited(groups)
    await carmen.presses(button_starting(page, "🛒 Ronda #"), message=page)
    board = await carmen.sees_edited(page)

    # Tomate (packs of 20 kg): Patricia 5 + 2, Gabriela 8, Claudia 4 + 2 → 17 kg and 4 of tolerance: one sack.
    assert "Bulto de 20 kg: hay 17 kg (+4 kg de tolerancia) → bultos completos: 1" in board.text
    assert {"⏰ Extender", "🔒 Cerrar ahora", "❌ Cancelar la ronda"} <= set(board.button_texts)


async def test_a_coordinator_hands_over_to_a_member_and_then_may_leave(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    code, page = await create_group(carmen)
    ana = people.person(ANA, "Ana", language_code="es")
    await join(ana, code)

    await carmen.presses("🚪 Salir", message=page)
    asked = await carmen.sees_edited(page)
    await carmen.presses("Sí, salir", message=asked)
    refused = await carmen.sees_answer()
    await carmen.says("/grupos")
    groups = await carmen.receives()
    await carmen.presses("Compras del Barrio Norte", message=groups)
    page = await carmen.sees_edited(groups)
    await carmen.presses("👥 Miembros", message=page)
    members = await carmen.sees_edited(page)
    await carmen.presses("⭐ Que Ana también coordine", message=members)
    handed = await carmen.sees_edited(members)

    assert refused.text == "Eres la última persona que coordina el grupo: nombra a otra antes de salir."
    assert handed.text.split("\n") == ["👥 Miembros", "• Carmen (coordina)", "• Ana (coordina)"]
    await carmen.presses("« Grupo", message=handed)
    page = await carmen.sees_edited(handed)
    await carmen.presses("🚪 Salir", message=page)
    asked = await carmen.sees_edited(page)
    await carmen.presses("Sí, salir", message=asked)
    left = await carmen.sees_edited(asked)
    assert left.text.startswith("👥 Un grupo de compras junta")


async def test_a_groups_second_round_is_number_2_and_is_offered_its_usual_pickup_day_first(feria, people):
    carmen = people.person(CARMEN, "Carmen", language_code="es")
    _, page = await create_group(carmen)
    first_id, _ = await open_round_on_comarapa(carmen, page, pickup=2)  # the third day after the close
    await carmen.says("/grupos")
    groups = await carmen.receives()
    await carmen.presses("Compras del Barrio Norte", message=groups)
    page = await carmen.sees_edited(groups)

    second_id, board = await open_round_on_comarapa(carmen, page)  # the first day offered

    first, second = await OrderRound.get(id=first_id), await OrderRound.get(id=second_id)
    assert board.text.startswith("🛒 Ronda #2 · Compras del Barrio Norte")
    assert (first.number, second.number) == (1, 2)
    assert second.pickup_on.weekday() == first.pickup_on.weekday()

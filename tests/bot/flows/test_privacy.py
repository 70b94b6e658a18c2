"""/misdatos through the bot: a member who ordered in a round sees what Feria keeps, deletes it, and the
group's accounts keep every amount under a neutral label; writing again, they are someone new.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

from market import clock
from market.enums import InboxStatus, NotificationStatus, OrderStatus
from market.models import InboxUpdate, LedgerEntry, Notification, Order, Person
from market.services.messaging.inbox import store_update
from market.services.messaging.notifications import enqueue_notification
from tests.bot.flows.test_order_edges import to_checkout
from tests.bot.flows.test_round_coordination import GROUP, _accounts_of, _close, _closed_board
from tests.bot.flows.test_rounds import ANA, BETO, CARMEN, answer_to, order, receives_with, round_with_members
from tests.support.databases import on_database
from tests.support.inbox import inbox_settled
from tests.support.traces import traces


async def _group_money() -> dict[int, Decimal]:
    return {i: Decimal(a) for i, a in await LedgerEntry.all().values_list("id", "amount")}


async def test_a_member_deletes_their_data_and_the_groups_accounts_keep_the_amounts_without_their_name(feria, people):
    carmen, (ana, beto), round_id, board = await round_with_members(people, (ANA, "Ana"), (BETO, "Beto"))
    await order(ana, round_id, "Papa nativa", "4")
    await order(beto, round_id, "Lechuga", "12")
    await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")
    before = (await _accounts_of(carmen, await _closed_board(carmen, round_id))).text
    money_before = await _group_money()

    await ana.says("/misdatos")
    mine = await answer_to(ana)
    await ana.presses("🗑 Borrar mis datos", message=mine)
    asked = await ana.sees_edited(mine)
    yes = asked.button("Sí, borrar")["callback_data"]
    await ana.presses("Sí, borrar", message=asked)
    done = await ana.sees_edited(asked)
    stale = await people.wait_for_answer(await people.press_button(ANA, asked, yes, forged=True))

    assert GROUP in mine.text and "-Bs220,00" in mine.text  # her group and her balance, as Bolivia writes it
    assert "Queda: los pedidos ya hechos siguen con el productor" in asked.text
    assert done.text == "🗑 Tus datos fueron borrados. Si vuelves a escribir a Feria, te conocerá como alguien nuevo."
    assert stale.text == "Tus datos ya fueron borrados."
    after = (await _accounts_of(carmen, await _closed_board(carmen, round_id))).text
    assert "Ana" not in after
    assert after == before.replace("• Ana:", "• Exmiembro:")  # the same amounts, line for line
    assert await _group_money() == money_before
    assert await Person.filter(name="", telegram_user_id=None, forgotten_at__isnull=False).count() == 1


async def test_writing_again_after_deleting_is_meeting_feria_as_someone_new(feria, people):
    _, (ana,), _, _ = await round_with_members(people, (ANA, "Ana"))
    await ana.says("/misdatos")
    mine = await answer_to(ana)
    await ana.presses("🗑 Borrar mis datos", message=mine)
    asked = await ana.sees_edited(mine)
    await ana.presses("Sí, borrar", message=asked)
    await ana.sees_edited(asked)

    await ana.says("/start")
    greeting = await answer_to(ana)
    await ana.says("/misdatos")
    again = await answer_to(ana)

    assert greeting.text.startswith("¡Hola, Ana!")
    assert GROUP not in again.text  # no longer a member: the new person belongs to nothing
    assert await Person.filter(telegram_user_id=ANA).count() == 1


async def test_the_last_coordinator_is_asked_to_hand_over_first_and_keeps_everything(feria, people):
    carmen, _, _, _ = await round_with_members(people)
    await carmen.says("/misdatos")
    mine = await answer_to(carmen)
    await carmen.presses("🗑 Borrar mis datos", message=mine)
    asked = await carmen.sees_edited(mine)

    await carmen.presses("Sí, borrar", message=asked)
    refused = await carmen.sees_answer()

    assert refused.show_alert
    assert refused.text == f"Eres la última persona que coordina «{GROUP}»: nombra a otra persona antes de borrar tus datos."
    assert await Person.filter(telegram_user_id=CARMEN, forgotten_at=None, name="Carmen").exists()
    await carmen.presses("No", message=asked)
    back = await carmen.sees_edited(asked)
    assert back.text.startswith("🔒 Lo que Feria guarda de ti") and f"• {GROUP} " in back.text


YESENIA = 987_654_321
NOTE = "Av Banzer 44, cel 71234567"
TYPED = "hola buenas tardes, mañana llevo lo de siempre"
WHAT_NAMES_HER = {"words": ("Yesenia", "Villca", "yesevillca", "71234567", "Banzer", "llevo lo de siempre"),
                  "numbers": (YESENIA,)}


async def yesenia_orders_with_a_note(people, hilda):
    """Yesenia types a search, then orders with a delivery note; returns her and Hilda's notice of the order."""
    yesenia = people.person(YESENIA, "Yesenia", last_name="Villca", username="yesevillca", language_code="es")
    await yesenia.says(TYPED)
    await yesenia.receives()
    how = await to_checkout(yesenia)
    await yesenia.presses("📝 Escribir una nota de entrega", message=how)
    await yesenia.receives()
    await yesenia.says(NOTE)
    await yesenia.receives()
    return yesenia, await hilda.receives(timeout=5)


async def test_no_table_keeps_a_forgotten_person_once_her_last_order_is_delivered(feria, people, hilda):
    yesenia, notice = await yesenia_orders_with_a_note(people, hilda)
    await yesenia.says("/misdatos")
    mine = await answer_to(yesenia)
    await yesenia.presses("🗑 Borrar mis datos", message=mine)
    asked = await yesenia.sees_edited(mine)
    await yesenia.presses("Sí, borrar", message=asked)
    await yesenia.sees_edited(asked)
    await inbox_settled(tries=100, pause=0.05)
    after_deleting = await traces(**WHAT_NAMES_HER)

    for step in ("✅ Confirmar", "📦 Listo para recoger", "🤝 Entregado"):
        await hilda.presses(step, message=hilda.last_message)
        await hilda.sees_answer()
    await inbox_settled(tries=100, pause=0.05)

    order = await Order.all().order_by("-id").first()  # hers: the newest (the demo has its sales)
    assert order is not None
    assert "Av Banzer 44" in notice.text  # the producer had the note while there was an order to deliver
    assert [(t.table, t.column, t.row_id) for t in after_deleting] == [("order", "delivery_note", order.id)]
    assert order.status == OrderStatus.DELIVERED
    assert await traces(**WHAT_NAMES_HER) == []


async def test_the_running_bot_purges_updates_and_notifications_finished_more_than_30_days_ago(
    serving, feria_settings, monkeypatch,
):
    # The retention timer first runs a minute after the bot starts (bot.round_timer.START_PAUSE); here, at once.
    monkeypatch.setattr("bot.retention_timer.START_PAUSE", 0.0)

    async def old_rows() -> None:
        long_ago = clock.now() - timedelta(days=31)
        for update_id in (1, 2):
            await store_update(update_id, {"message": {"text": TYPED}}, chat_id=YESENIA)
        await InboxUpdate.all().update(status=InboxStatus.DONE, processed_at=long_ago)
        await enqueue_notification(chat_id=YESENIA, template="order_status", params={"order_id": 1})
        await Notification.all().update(status=NotificationStatus.SENT, sent_at=long_ago, created_at=long_ago)

    await on_database(feria_settings.database_url, old_rows, global_fallback=False)

    async with serving():
        for _ in range(100):
            if not await Notification.exists():
                break
            await asyncio.sleep(0.05)
        notifications = await Notification.all().count()
        updates = await InboxUpdate.all().values_list("update_id", flat=True)

    assert notifications == 0
    assert updates == [2]  # the newest update stays: polling resumes after it

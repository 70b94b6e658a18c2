"""The board's notices as the outbox renders them: a seat given, a term ending, and neither once it no longer holds."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.board_timer import run_board_timer
from bot.outbox import OUTBOX
from market.enums import BoardChange
from market.models import Organization, Person
from market.services.organizations.board import change_board, renew_board
from market.services.organizations.board_notices import owe_term_reminders
from tests.bot.test_notices import owed, render
from tests.market.services.shop import make_shop
from tests.support.clock import NOW


async def test_a_member_seated_by_an_admin_hears_which_seat_until_it_ends(db, settings):
    shop = await make_shop()
    await Person.filter(id=shop.producer_id).update(locale="es")
    await change_board(shop.organization_id, BoardChange.PRESIDENCY, shop.producer_id, by_person_id=shop.admin_id,
                       now=NOW)
    notice, = await owed("board_seat", person_id=shop.producer_id)

    told = await render(settings, notice)
    await change_board(shop.organization_id, BoardChange.PRESIDENCY, shop.admin_id, by_person_id=shop.producer_id,
                       now=NOW + timedelta(hours=1))
    after = await render(settings, notice)

    assert told.text == ("👥 OECA Valles de Comarapa member 1 te dio un lugar en la junta directiva de OECA Valles de "
                         "Comarapa: Presidencia.")
    assert after is None  # handed on before it was sent: nothing to say


async def test_an_admin_hears_the_term_ends_in_a_month_and_nothing_once_the_board_was_renewed(db, settings, feria_clock):
    shop = await make_shop()
    await Person.filter(id=shop.admin_id).update(locale="pt_BR")
    await Organization.filter(id=shop.organization_id).update(term_months=1)
    await owe_term_reminders(NOW)
    reminder, = await owed("board_term", person_id=shop.admin_id)

    told = await render(settings, reminder)
    feria_clock.advance(timedelta(days=1))
    await renew_board(shop.organization_id, by_person_id=shop.admin_id)
    after = await render(settings, reminder)

    assert told.text.startswith("🗓 O mandato da diretoria de OECA Valles de Comarapa termina em 21 de dez. de 2026.")
    assert after is None


async def test_the_board_timer_owes_the_reminders_where_the_bot_runs_and_wakes_the_outbox(db):
    shop = await make_shop()
    await Organization.filter(id=shop.organization_id).update(term_months=1)
    woken = asyncio.Event()

    class Dispatcher:
        def wake(self) -> None:
            woken.set()

    timer = asyncio.create_task(run_board_timer({OUTBOX: Dispatcher()}, interval=0.05))
    try:
        await asyncio.wait_for(woken.wait(), timeout=10)
    finally:
        timer.cancel()

    assert [m.chat_id for m in await owed("board_term")] == [shop.admin_telegram_id]

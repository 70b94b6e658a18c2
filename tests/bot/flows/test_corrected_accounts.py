"""Corrected accounts are sent: when what arrived changes members' accounts, each of them is told once, in her
chat, with the new total, the difference and why, what she paid and what is left; the others hear nothing.

Comarapa (demo data) sells Papa nativa at Bs55,00 the arroba in packs of 4 arrobas, Lechuga at Bs4,00 in packs
of 12.
"""

from __future__ import annotations

import asyncio

from market.models import Notification
from tests.bot.flows.test_round_coordination import _close, _press, _units_arrived
from tests.bot.flows.test_rounds import (
    ANA,
    BETO,
    CECI,
    answer_to,
    button_starting,
    order,
    receives_with,
    round_with_members,
)

CHANGED = "🧾 Tu cuenta de la ronda #1"


def _told(person) -> list[str]:
    return [m.text for m in person.messages if m.text and m.text.startswith(CHANGED)]


async def _pays(carmen, closed, name: str, amount: str) -> None:
    """Carmen records, from the closed round's board, that `name` paid `amount`."""
    payers = await _press(carmen, "💵 Pago", closed)
    await carmen.presses(button_starting(payers, name), message=payers)
    await receives_with(carmen, "¿Cuánto pagó?")
    await carmen.says(amount)
    await answer_to(carmen)


async def test_each_member_whose_account_changed_is_told_once_with_the_new_total_and_what_is_left(feria, people):
    carmen, (ana, beto, ceci), round_id, board = await round_with_members(
        people, (ANA, "Ana"), (BETO, "Beto"), (CECI, "Ceci"))
    await order(ana, round_id, "Papa nativa", "3 1")
    await order(beto, round_id, "Papa nativa", "3 1")  # 8 arrobas: two packs, Bs220,00 each
    await order(ceci, round_id, "Lechuga", "12")
    closed = await _close(carmen, board)
    for member in (ana, beto, ceci):
        await receives_with(member, "🧾 Tu cuenta")
    await _pays(carmen, closed, "Ana", "100")
    round_board = await receives_with(carmen, "📒 Cuentas")

    recorded = await _units_arrived(carmen, round_board, "Papa nativa", "4")  # Ana keeps 3, Beto 1
    to_ana, to_beto = await receives_with(ana, CHANGED), await receives_with(beto, CHANGED)

    assert recorded.text == "Registrado. 2 cuentas cambiaron y se corrigieron."
    assert to_ana.text.splitlines() == [
        "🧾 Tu cuenta de la ronda #1 de Compras del Barrio Norte cambió.",
        "Llegaron 4 arrobas de Papa nativa, no 8 arrobas.",
        "Nuevo total: Bs165,00 (era Bs220,00; -Bs55,00)",
        "Ya pagaste: Bs100,00",
        "Falta pagar: Bs65,00",
    ]
    assert to_beto.text.splitlines()[2:] == [
        "Nuevo total: Bs55,00 (era Bs220,00; -Bs165,00)", "Ya pagaste: Bs0,00", "Falta pagar: Bs55,00",
    ]
    assert to_ana.button_texts == ["📒 Cuentas"]

    # The same units recorded again change nothing and tell nobody.
    again = await _units_arrived(carmen, await receives_with(carmen, "📥 Lo que llegó"), "Papa nativa", "4")
    await asyncio.sleep(0.5)
    assert (len(_told(ana)), len(_told(beto)), len(_told(ceci))) == (1, 1, 0)
    assert await Notification.filter(template="round_corrected").count() == 2
    assert again.text == "Registrado. Ninguna cuenta cambió."


async def test_a_member_paid_more_than_her_corrected_account_is_told_what_she_is_owed(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)
    await receives_with(ana, "🧾 Tu cuenta")
    await _pays(carmen, closed, "Ana", "220")
    round_board = await receives_with(carmen, "📒 Cuentas")

    await _units_arrived(carmen, round_board, "Papa nativa", "0")  # nothing came
    told = await receives_with(ana, CHANGED)

    assert told.text.splitlines()[1:] == [
        "Llegaron 0 arrobas de Papa nativa, no 4 arrobas.",
        "Nuevo total: Bs0,00 (era Bs220,00; -Bs220,00)",
        "Ya pagaste: Bs220,00",
        "Pagaste Bs220,00 más de lo que debes.",
    ]

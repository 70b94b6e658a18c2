"""Buttons pressed by someone they were not sent to: refused in words, and nothing changes.

A button's data is signed for the person it was sent to (bot.callbacks), so pressing someone else's
button as it is (a forwarded message, a replayed payload) says the button has expired. Should the
signing key ever leak, the same button made for the presser still meets the service's own check:
the second line of defence these tests also press.
"""

from __future__ import annotations

import hashlib

from bot.callbacks import CallbackCodec
from market.enums import OrderStatus, RoundStatus
from market.models import GroupMember, LedgerEntry, MemberOrderRow, Offer, Order, OrderLine, OrderRound, RoundAllocation
from tests.bot.flows.conftest import TOKEN
from tests.bot.flows.test_ordering import checkout_with_pickup
from tests.bot.flows.test_round_coordination import EXPIRED, _close
from tests.bot.flows.test_rounds import ANA, BETO, DORA, create_group, order, round_with_members
from tests.support.orders import the_order

BOTS_CODEC = CallbackCodec(TOKEN)
NOT_A_MEMBER = "Solo los miembros de la organización pueden hacer eso."
NOT_YOURS = "Ese pedido no es tuyo."
NOT_A_COORDINATOR = "Solo quienes coordinan el grupo pueden hacer eso."
WATCHED = (Order, OrderLine, Offer, OrderRound, MemberOrderRow, RoundAllocation, LedgerEntry, GroupMember)


async def snapshot() -> dict[str, str]:
    """A hash of every row of what a press could change: orders, stock, rounds, lines, bills, ledger, roles."""
    tables = {}
    for model in WATCHED:
        rows = sorted(repr(sorted(row.items())) for row in await model.all().values())
        tables[model.__name__] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return tables


async def press_as(people, presser, on_message, data: str):
    """`presser` presses `data` on a message of their own chat; the bot's answer (an alert)."""
    query = await people.press_button(presser.id, on_message, data, forged=True)
    return await people.wait_for_answer(query)


def made_for(presser, data: str) -> str:
    """The same button made for `presser`: what a client holding a leaked key could send."""
    _, action, args, _ = data.split(":")
    return BOTS_CODEC.encode(presser.id, action, *(args.split(".") if args else ()))


async def test_an_order_button_sent_to_the_organization_or_the_consumer_is_refused_to_anyone_else(
    feria, people, ana, hilda
):
    await hilda.says("/start")
    await hilda.receives()
    _, placed = await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    confirm = notice.button("✅ Confirmar")["callback_data"]
    await ana.says("/pedidos")
    listed = await ana.receives()
    await ana.presses(f"Pedido #{(await the_order()).id}", message=listed)
    detail = await ana.sees_edited(listed)
    await ana.presses("❌ Cancelar este pedido", message=detail)
    asked = await ana.sees_edited(detail)
    cancel = asked.button("Sí, cancelarlo")["callback_data"]
    beto = people.person(BETO, "Beto", language_code="es")
    await beto.says("/start")
    beto_menu = await beto.receives()
    before = await snapshot()

    answers = {
        "Hilda's confirm, by Ana": await press_as(people, ana, placed, confirm),
        "Hilda's confirm, made for Ana": await press_as(people, ana, placed, made_for(ana, confirm)),
        "Ana's cancel, by Beto": await press_as(people, beto, beto_menu, cancel),
        "Ana's cancel, made for Beto": await press_as(people, beto, beto_menu, made_for(beto, cancel)),
        "Ana's cancel, made for Hilda": await press_as(people, hilda, notice, made_for(hilda, cancel)),
    }

    assert {name: a.text for name, a in answers.items()} == {
        "Hilda's confirm, by Ana": EXPIRED, "Hilda's confirm, made for Ana": NOT_A_MEMBER,
        "Ana's cancel, by Beto": EXPIRED, "Ana's cancel, made for Beto": NOT_YOURS,
        "Ana's cancel, made for Hilda": NOT_YOURS,
    }
    assert all(a.show_alert for a in answers.values())
    assert await snapshot() == before
    assert (await the_order()).status == OrderStatus.PLACED


async def test_a_coordinator_of_another_group_cannot_close_extend_or_cancel_this_groups_round(feria, people):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    dora = people.person(DORA, "Dora", language_code="es")
    _, dora_page = await create_group(dora)  # Dora coordinates a group of her own
    await carmen.presses("🔒 Cerrar ahora", message=board)
    asked = await carmen.sees_edited(board)
    close = asked.button("Sí, cerrarla")["callback_data"]
    # "Extend by a day", as the extension screen would carry it (unsigned: made_for signs it).
    extend = f"1:rx:{round_id}.{int((await OrderRound.get(id=round_id)).closes_at.timestamp()) + 86400}:x"
    before = await snapshot()

    answers = {
        "Carmen's close, by Dora": await press_as(people, dora, dora_page, close),
        "close, made for Dora": await press_as(people, dora, dora_page, made_for(dora, close)),
        "extend, made for Dora": await press_as(people, dora, dora_page, made_for(dora, extend)),
        "cancel, made for Dora": await press_as(people, dora, dora_page, BOTS_CODEC.encode(DORA, "rcy", round_id)),
        "close, made for Ana": await press_as(people, ana, board, made_for(ana, close)),
    }

    assert {name: a.text for name, a in answers.items()} == {
        "Carmen's close, by Dora": EXPIRED, "close, made for Dora": NOT_A_COORDINATOR,
        "extend, made for Dora": NOT_A_COORDINATOR, "cancel, made for Dora": NOT_A_COORDINATOR,
        "close, made for Ana": NOT_A_COORDINATOR,
    }
    assert await snapshot() == before
    assert (await OrderRound.get(id=round_id)).status == RoundStatus.OPEN


async def test_after_the_close_another_groups_coordinator_cannot_see_its_bulk_orders_or_pickup_list_or_settle_it(
    feria, people
):
    carmen, (ana,), round_id, board = await round_with_members(people, (ANA, "Ana"))
    await order(ana, round_id, "Papa nativa", "4")
    dora = people.person(DORA, "Dora", language_code="es")
    _, dora_page = await create_group(dora)
    closed = await _close(carmen, board)
    before = await snapshot()

    answers = {
        name: await press_as(people, dora, dora_page, BOTS_CODEC.encode(DORA, action, round_id))
        for name, action in (("bulk orders", "rv"), ("pickup list", "rk"), ("settle", "rsy"))
    }
    replayed = await press_as(people, dora, dora_page, closed.button("🧾 Lista de retiro")["callback_data"])

    assert {name: a.text for name, a in answers.items()} == {
        "bulk orders": NOT_A_COORDINATOR, "pickup list": NOT_A_COORDINATOR, "settle": NOT_A_COORDINATOR,
    }
    assert replayed.text == EXPIRED
    assert not [m for m in people.sent_to(DORA) if "Papa nativa" in (m.text or "")]  # no bulk order shown to her
    assert await snapshot() == before

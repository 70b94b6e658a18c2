"""Under the Bot API's faults nothing a person did is lost or applied twice.

The served bot (polling or webhook) with the demo network talks to the sandbox while it injects
one fault (bot.sandbox.faults) into the calls around an action that changes the database:

    | fault                                          | may happen twice                    |
    |------------------------------------------------|-------------------------------------|
    | 429 retry_after, 500, 502 on a call            | nothing                             |
    | connection dropped before the call took effect | nothing                             |
    | connection dropped after it took effect        | the notification whose send it was  |
    | answer later than the read timeout             | the notification whose send it was  |
    | webhook delivery repeated, updates reordered   | nothing                             |

around a checkout, a producer's stock post and a coordinator's payment, and afterwards: the order
(or its status change) and its stock change, the stock published, the payment's ledger entry exist
once (the same press or message again, as after an answer that never came, adds nothing); the person
told of it gets the notification, the person acting can see the result (in the reply, or else
in /pedidos), and every update the people sent is in the inbox, done.

A reply lost to a fault after its action committed is not sent again: the error handler tells
the person something went wrong and that nothing was lost, and pressing the button again shows
the placed order (the checkout's idempotency key) without placing another.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal

import pytest

from bot.sandbox import BotApiSandbox, SandboxPerson
from market.enums import InboxStatus, LedgerKind
from market.models import InboxUpdate, LedgerEntry, Offer, OfferEvent
from tests.bot.flows import conftest as flows
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_ordering import card_of, how_to_receive, stock_of
from tests.bot.flows.test_round_coordination import _close, _press
from tests.bot.flows.test_rounds import ANA as ANA_IN_ROUNDS
from tests.bot.flows.test_rounds import CARMEN, button_starting, order, receives_with, round_with_members
from tests.support.orders import placed_orders, the_order

# The served bot and its people, as the flow tests have them (this file sits beside those tests).
retry_after_as_timedelta, people, feria_settings = flows.retry_after_as_timedelta, flows.people, flows.feria_settings
serving, feria, ana, hilda = flows.serving, flows.feria, flows.ana, flows.hilda

COFFEE = "Café tostado en grano"
Arm = Callable[[BotApiSandbox], None]


def fault(name: str, arm: Arm, *, mode: str = "polling", twice: bool = False):
    """One row of the matrix: `arm` plans the fault just before the action; `twice` if a send may repeat."""
    return pytest.param(mode, arm, twice, id=name)


def to(person_id: int, arm: Callable[[BotApiSandbox, int], None]) -> Arm:
    return lambda sandbox: arm(sandbox, person_id)


ANA = 5001
# Ana's reply (sendMessage to her), Hilda's notification (sendMessage to her), the edit and the toast.
CHECKOUT_FAULTS = [
    fault("reply-429", to(ANA, lambda s, c: s.faults.fail_next("sendMessage", 429, retry_after=1, chat_id=c))),
    fault("reply-500", to(ANA, lambda s, c: s.faults.fail_next("sendMessage", 500, chat_id=c))),
    fault("reply-502", to(ANA, lambda s, c: s.faults.fail_next("sendMessage", 502, chat_id=c))),
    fault("reply-dropped-before", to(ANA, lambda s, c: s.faults.drop_next("sendMessage", chat_id=c))),
    fault("reply-dropped-after", to(ANA, lambda s, c: s.faults.drop_next(
        "sendMessage", after_processing=True, chat_id=c))),
    fault("notice-429", to(HILDA, lambda s, c: s.faults.fail_next("sendMessage", 429, retry_after=1, chat_id=c))),
    fault("notice-500", to(HILDA, lambda s, c: s.faults.fail_next("sendMessage", 500, chat_id=c))),
    fault("notice-502", to(HILDA, lambda s, c: s.faults.fail_next("sendMessage", 502, chat_id=c))),
    fault("notice-dropped-before", to(HILDA, lambda s, c: s.faults.drop_next("sendMessage", chat_id=c))),
    fault("notice-dropped-after", to(HILDA, lambda s, c: s.faults.drop_next(
        "sendMessage", after_processing=True, chat_id=c)), twice=True),
    # Past python-telegram-bot's 5 s read timeout: the message arrives, its answer does not.
    fault("reply-timeout", to(ANA, lambda s, c: s.faults.delay_next("sendMessage", 6, chat_id=c))),
    fault("notice-timeout", to(HILDA, lambda s, c: s.faults.delay_next("sendMessage", 6, chat_id=c)), twice=True),
    fault("toast-500", lambda s: s.faults.fail_next("answerCallbackQuery", 500)),
    fault("toast-dropped-after", lambda s: s.faults.drop_next("answerCallbackQuery", after_processing=True)),
    fault("getUpdates-429", lambda s: s.faults.fail_next("getUpdates", 429, retry_after=1)),
    fault("getUpdates-500", lambda s: s.faults.fail_next("getUpdates", 500)),
    fault("getUpdates-dropped-before", lambda s: s.faults.drop_next("getUpdates")),
    fault("getUpdates-dropped-after", lambda s: s.faults.drop_next("getUpdates", after_processing=True)),
    fault("getUpdates-slow", lambda s: s.faults.delay_next("getUpdates", 0.5)),
    fault("webhook-repeated", lambda s: s.faults.repeat_deliveries(2), mode="webhook"),
    fault("webhook-repeated-at-once", lambda s: s.faults.repeat_deliveries(2, at_once=True), mode="webhook"),
]


async def drained(sandbox: BotApiSandbox, people, timeout: float = 10.0) -> list[int]:
    """Wait until every update the people sent is stored and done; the update_ids in the inbox."""
    sent = sum(not m.from_bot for log in people.bot.chats.values() for m in log.messages.values())
    expected = sent + len(people.bot.callbacks)

    async def settled() -> list[int] | None:
        ids = await InboxUpdate.all().order_by("update_id").values_list("update_id", flat=True)
        busy = await InboxUpdate.exclude(status=InboxStatus.DONE).count()
        return ids if len(ids) >= expected and not busy else None

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (ids := await settled()) is None:
        if loop.time() > deadline:
            rows = await InboxUpdate.all().values("update_id", "status", "error")
            raise AssertionError(f"the inbox did not settle: {expected} updates sent, inbox {rows}")
        await asyncio.sleep(0.05)
    return list(ids)


def texts_from_bot(person: SandboxPerson, start: str) -> list[str]:
    return [m.text for m in person.messages if m.text and m.text.startswith(start)]


async def sees_the_order_in_pedidos(person: SandboxPerson, order_id: int) -> bool:
    """However the reply fared, /pedidos shows the order (the person can always see the state again)."""
    await person.says("/pedidos")
    listed = await person.client.wait_until(
        lambda: next((m for m in person.messages if m.text and m.text.startswith("📦")
                      and f"#{order_id}" in m.text), None) or None,
        5, lambda: f"no /pedidos list with #{order_id}: {[m.text for m in person.messages]}")
    return listed is not None


@pytest.mark.parametrize(("mode", "arm", "twice"), CHECKOUT_FAULTS)
async def test_a_checkout_under_a_fault_places_one_order_and_everyone_hears_of_it(
    feria, sandbox, people, ana, hilda, mode, arm, twice,
):
    before = await stock_of(COFFEE)
    how = await how_to_receive(ana, COFFEE)

    arm(sandbox)
    await ana.presses("📍 Lo retiro yo", message=how)
    await people.wait_until(lambda: texts_from_bot(hilda, "🆕 Pedido #") or None, 10, lambda: "Hilda heard nothing")
    await drained(sandbox, people)
    order = await the_order()
    seen = await sees_the_order_in_pedidos(ana, order.id)
    ids = await drained(sandbox, people)

    assert sandbox.faults.planned == [] and sandbox.faults.repeats == 0  # the fault did fire
    assert await placed_orders().count() == 1
    assert await stock_of(COFFEE) == before - Decimal(1)
    assert texts_from_bot(hilda, "🆕 Pedido #")[0].startswith(f"🆕 Pedido #{order.id} de Ana")
    assert len(texts_from_bot(hilda, "🆕 Pedido #")) in ((1, 2) if twice else (1,))
    assert len(texts_from_bot(ana, "✅ Pedido #")) <= 1
    assert seen
    assert ids == list(range(1, len(ids) + 1))
    assert await InboxUpdate.filter(status=InboxStatus.DONE).count() == len(ids)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_two_presses_arriving_in_reverse_order_both_count_once(feria, sandbox, people, ana, mode):
    coffee = await card_of(ana, COFFEE)
    parchment = await card_of(ana, "Café pergamino")

    sandbox.faults.shuffle_next(2)
    await ana.presses("+1 kg", message=coffee)
    await ana.presses("+2 quintales", message=parchment)
    ids = await drained(sandbox, people)
    await ana.says("/carrito")
    cart = await ana.receives()

    assert sandbox.faults.injected == [("updates", "shuffle")]
    assert "• Café tostado en grano: 1 kg" in cart.text
    assert "• Café pergamino: 2 quintales" in cart.text
    assert ids == list(range(1, len(ids) + 1))


def on_reply(method: str, person_id: int, kind: str) -> Arm:
    """A fault on the next `method` call to `person_id`'s chat: "500" or "dropped-after"."""
    if kind == "500":
        return lambda s: s.faults.fail_next(method, 500, chat_id=person_id)
    return lambda s: s.faults.drop_next(method, after_processing=True, chat_id=person_id)


# The card's "Publicado" edit, the update carrying the press, or the press delivered twice.
STOCK_FAULTS = [
    fault("edit-500", on_reply("editMessageText", HILDA, "500")),
    fault("edit-dropped-after", on_reply("editMessageText", HILDA, "dropped-after")),
    fault("getUpdates-dropped-after", lambda s: s.faults.drop_next("getUpdates", after_processing=True)),
    fault("webhook-repeated-at-once", lambda s: s.faults.repeat_deliveries(1, at_once=True), mode="webhook"),
]


@pytest.mark.parametrize(("mode", "arm", "twice"), STOCK_FAULTS)
async def test_a_stock_post_under_a_fault_is_published_once(feria, sandbox, people, hilda, mode, arm, twice):
    before = (await Offer.get(product__name="Cacao en grano")).stock
    await hilda.says("cacao en grano +10 kg a 50")  # added to the stock: publishing twice would show
    card = await hilda.receives()

    publish = card.button("✅ Publicar")["callback_data"]

    arm(sandbox)
    await hilda.presses("✅ Publicar", message=card)
    await drained(sandbox, people)
    # Again, as after an answer that never came (the card may already show "Publicado", without buttons).
    await people.press_button(HILDA, card.message_id, publish, chat_id=HILDA, forged=True)
    await drained(sandbox, people)

    assert sandbox.faults.planned == [] and sandbox.faults.repeats == 0
    cacao = await Offer.get(product__name="Cacao en grano")
    assert (cacao.stock, cacao.price) == (before + 10, Decimal(50))
    kinds = await OfferEvent.filter(offer=cacao, by_person__telegram_user_id=HILDA).values_list("kind", flat=True)
    assert len(kinds) == len(set(kinds))  # each event (new stock, price change) once


PAYMENT_FAULTS = [
    fault("reply-500", on_reply("sendMessage", CARMEN, "500")),
    fault("reply-dropped-after", on_reply("sendMessage", CARMEN, "dropped-after")),
    fault("getUpdates-dropped-after", lambda s: s.faults.drop_next("getUpdates", after_processing=True)),
    fault("webhook-repeated-at-once", lambda s: s.faults.repeat_deliveries(1, at_once=True), mode="webhook"),
]


@pytest.mark.parametrize(("mode", "arm", "twice"), PAYMENT_FAULTS)
async def test_a_payment_under_a_fault_is_one_ledger_entry(feria, sandbox, people, mode, arm, twice):
    carmen, (member,), round_id, board = await round_with_members(people, (ANA_IN_ROUNDS, "Ana"))
    await order(member, round_id, "Papa nativa", "4")
    closed = await _close(carmen, board)
    payers = await _press(carmen, "💵 Pago", closed)
    await carmen.presses(button_starting(payers, "Ana"), message=payers)
    await receives_with(carmen, "¿Cuánto pagó?")

    arm(sandbox)
    await carmen.says("120,50")
    await drained(sandbox, people)
    await carmen.says("120,50")  # again, as after a reply that never came: a search now, not a payment
    await drained(sandbox, people)

    assert sandbox.faults.planned == [] and sandbox.faults.repeats == 0
    payments = await LedgerEntry.filter(round_id=round_id, kind=LedgerKind.PAYMENT).values_list("amount", flat=True)
    assert [Decimal(p) for p in payments] == [Decimal("120.50")]

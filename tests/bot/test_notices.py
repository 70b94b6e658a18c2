"""Round notices as the outbox renders them: who gets what, in which language, and what is no longer said."""

from __future__ import annotations

from datetime import timedelta

from bot.notices import make_renderer
from bot.outbox import OwedMessage
from market.models import Notification, Person, PurchasingGroup, Territory
from market.services.groups.rounds.closing import close_round, extend_round
from market.services.groups.rounds.ordering import set_order_line
from tests.market.services.round_world import CLOSES, OPENED, make_round_world

CHAT = -4000000123


class FakeBot:
    """The outbox's Bot, as far as the renderer asks: its @name, for link buttons."""

    username = "feria_test_bot"


async def owed(template: str, **where) -> list[OwedMessage]:
    rows = await Notification.filter(template=template, **where).order_by("id")
    return [OwedMessage(r.id, r.chat_id, r.person_id, r.template, r.params) for r in rows]


async def render(settings, message: OwedMessage):
    return await make_renderer(settings)(message, FakeBot())


async def test_a_reminder_speaks_to_a_member_who_has_not_ordered_and_is_dropped_once_they_have(db, settings):
    world = await make_round_world(("A", "B"))
    await Person.filter(id__in=list(world.members.values())).update(locale="es")
    reminder, = [m for m in await owed("round_reminder", person_id=world.members["A"]) if m.params["before"] == "day"]

    before = await render(settings, reminder)
    await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members["A"], quantity=2,
                         tolerance=0, now=OPENED + timedelta(hours=1))
    after = await render(settings, reminder)

    assert before.text.startswith("⏰ Todavía no pediste en la ronda #1 de Grupo Equipetrol: cierra mañana, ")
    assert after is None


async def test_an_extension_silences_the_old_reminders_and_its_own_are_said(db, settings):
    world = await make_round_world(("A",))
    await Person.filter(id=world.members["A"]).update(locale="pt_BR")
    old = [m for m in await owed("round_reminder", person_id=world.members["A"]) if m.params["before"] == "hour"]

    await extend_round(world.round_id, by_person_id=world.coordinator_id, closes_at=CLOSES + timedelta(days=2),
                       now=OPENED + timedelta(hours=1))
    new = [m for m in await owed("round_reminder", person_id=world.members["A"])
           if m.params["before"] == "hour" and m not in old]

    assert await render(settings, old[0]) is None
    assert (await render(settings, new[0])).text.startswith(
        "⏰ A rodada #1 de Grupo Equipetrol fecha em uma hora")


async def test_a_group_chat_hears_in_its_countrys_language_with_a_link_to_order_in_private(db, settings):
    world = await make_round_world(("A",))
    await PurchasingGroup.filter(id=world.group_id).update(telegram_chat_id=CHAT)
    await Territory.filter(purchasing_groups__id=world.group_id).update(country_code="BR")
    announcement = OwedMessage(1, CHAT, None, "round_opened", {"round_id": world.round_id, "group_id": world.group_id})

    rendered = await render(settings, announcement)

    assert rendered.text.startswith("🛒 Nova rodada de pedidos de Grupo Equipetrol!")
    button = rendered.reply_markup.inline_keyboard[0][0]
    assert (button.text, button.url) == ("🛒 Pedir no chat privado",
                                         f"https://t.me/feria_test_bot?start=r_{world.round_id}")
    assert button.callback_data is None  # anyone in the group may press it


async def test_the_close_tells_each_member_their_bill_and_the_organization_its_bulk_order(db, settings):
    world = await make_round_world(("A", "B"))
    await Person.all().update(locale="es")
    for name, quantity in (("A", 2), ("B", 1)):
        await set_order_line(world.round_id, world.offers["Tomate"], person_id=world.members[name],
                             quantity=quantity, tolerance=0, now=OPENED + timedelta(hours=1))
    await close_round(world.round_id, by_person_id=world.coordinator_id, now=OPENED + timedelta(hours=2))

    bill_a, = await owed("round_bill", person_id=world.members["A"])
    bulk, = await owed("round_bulk_order", person_id=world.shop.admin_id)
    bill = await render(settings, bill_a)
    order = await render(settings, bulk)

    # Tomate: packs of 3 kg at Bs7,50 a kg, Bs7,12 to the producer and Bs0,38 (5 %) to the fund; A 2 kg and
    # B 1 kg fill one pack.
    assert "• Tomate: 2 kg × Bs7,50 por kg = Bs15,00" in bill.text
    assert "Total: Bs15,00" in bill.text
    assert "• Tomate: 1 × bulto de 3 kg = 3 kg — Bs21,36" in order.text
    assert [b.text for row in order.reply_markup.inline_keyboard for b in row] == ["⬇️ CSV"]


async def test_a_person_over_their_budget_is_asked_to_slow_down_in_their_telegrams_language(db, settings):
    said = {
        code: await render(settings, OwedMessage(1, 6001, None, "slow_down", {"language_code": code, "seconds": 60}))
        for code in ("pt-br", "es", "de", None)
    }

    assert said["pt-br"].text.startswith("Muitas mensagens de uma vez: respondi as primeiras")
    assert said["es"].text.startswith("Demasiados mensajes seguidos: respondí los primeros")
    assert said["de"].text == said[None].text == said["es"].text  # the default language (es here)
    assert said["es"].reply_markup is None

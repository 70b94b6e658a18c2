"""A stock card left half-confirmed across a deploy: an older bot's draft goes on, an unreadable one starts over."""

from __future__ import annotations

from decimal import Decimal

from market.models import ChatState, Offer, Organization
from tests.bot.flows.conftest import HILDA


async def stored_draft() -> dict:
    return (await ChatState.get(chat_id=HILDA)).data["stock"]


async def store(draft: dict) -> None:
    await ChatState.filter(chat_id=HILDA).update(data={"stock": draft})


async def test_a_card_whose_draft_an_older_bot_stored_is_picked_and_published(feria, hilda):
    await hilda.says("mieles 30 frascos\ncacao en grano 250 kg a 58")
    card = await hilda.receives()
    amboro = await Organization.get(slug="cafe-amboro")
    # What the bot stored before drafts had a version, for this very card.
    await store({"text": "mieles 30 frascos\ncacao en grano 250 kg a 58", "photo": None,
                 "token": (await stored_draft())["token"], "picks": {}, "org": amboro.id})

    await hilda.presses("Miel de abeja", message=card)
    card = await hilda.sees_edited(card)
    await hilda.presses("✅ Publicar", message=card)
    done = await hilda.sees_edited(card)

    assert done.text.split("\n")[1:] == ["• Miel de abeja: 30 frascos · Bs45,00 por frasco",
                                         "• Cacao en grano: 250 kg · Bs58,00 por kg"]
    assert (await Offer.get(product__name="Miel de abeja")).stock == Decimal(30)


async def test_a_draft_the_bot_cannot_read_is_dropped_and_the_producer_asked_to_write_again(feria, hilda):
    await hilda.says("cacao en grano 250 kg a 58")
    card = await hilda.receives()
    before = (await Offer.get(product__name="Cacao en grano")).stock
    await store({**(await stored_draft()), "version": 99})  # left by a newer bot, rolled back

    await hilda.presses("✅ Publicar", message=card)
    answer = await hilda.receives()

    assert answer.text.startswith("No se publicó nada: ya no puedo leer ese mensaje de stock.")
    assert (await ChatState.get(chat_id=HILDA)).data == {}
    assert (await Offer.get(product__name="Cacao en grano")).stock == before

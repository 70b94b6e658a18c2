"""A producer manages the organization's offers with buttons: stock, price, until when, withdraw.

Hilda switches to English first: these texts are new, and the test reads what a person would read
whether or not the Spanish catalog has them yet.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.callbacks import CallbackCodec
from bot.flows.router import EXPIRED
from market import clock
from market.enums import OfferEventKind, OfferStatus
from market.models import Offer, OfferEvent, Organization
from tests.bot.flows.conftest import HILDA, TOKEN

AMBORO = "Asociación de Productores de Café Amboró"
LA_PAZ = ZoneInfo("America/La_Paz")


async def in_english(person):
    """The menu, after the person chose English."""
    await person.says("/start")
    menu = await person.receives()
    await person.presses("🌐 Idioma", message=menu)
    picker = await person.sees_edited(menu)
    await person.presses("English", message=picker)
    return await person.sees_edited(picker)


async def press_new(people, person, message, action: str, *args):
    """Press a button the screen does not show yet (the lead wires "📦 Our offers" into /organizacion)."""
    data = CallbackCodec(TOKEN).encode(person.id, action, *args)
    return await people.press_button(person.id, message, data, forged=True)


async def our_offers(people, hilda):
    menu = await in_english(hilda)
    amboro = await Organization.get(slug="cafe-amboro")
    await press_new(people, hilda, menu, "fl", amboro.id)
    return await hilda.sees_edited(menu)


async def events(offer_id: int) -> list[tuple[OfferEventKind, Decimal]]:
    return [(e.kind, e.price) for e in await OfferEvent.filter(offer_id=offer_id).order_by("id")]


async def open_offer(hilda, listed, product: str):
    await hilda.presses(product, message=listed)
    return await hilda.sees_edited(listed)


async def test_a_producer_sets_the_stock_and_price_by_writing_them_and_each_change_is_recorded_for_alerts(
        feria, people, hilda):
    listed = await our_offers(people, hilda)
    offer = await open_offer(hilda, listed, "Café tostado en grano")
    await hilda.presses("✏️ Stock", message=offer)
    asked_stock = await hilda.receives()
    await hilda.says("55,5")
    stock_saved = await hilda.receives()
    await hilda.presses("💲 Price", message=stock_saved)
    asked_price = await hilda.receives()
    await hilda.says("98,50")
    price_saved = await hilda.receives()
    await hilda.presses("« Our offers", message=price_saved)
    relisted = await hilda.sees_edited(price_saved)

    assert listed.text.splitlines()[0] == f"📦 Offers of {AMBORO}"
    assert "• Café tostado en grano: 40 kg · BOB95.00 per kg · on sale" in listed.text
    assert listed.button_texts[:2] == ["Achachairú", "Cacao en grano"]
    assert offer.text == "📦 Café tostado en grano\nStock: 40 kg\nPrice: BOB95.00 per kg\nStands until you withdraw it."
    assert offer.button_texts == ["✏️ Stock", "💲 Price", "📅 Until when", "🚫 Withdraw", "« Our offers"]
    assert asked_stock.text == "How much Café tostado en grano do you have for sale now? Write it in kg, like 20."
    assert stock_saved.text.startswith("✅ Stock saved.\n\n📦 Café tostado en grano\nStock: 55.5 kg\n")
    assert asked_price.text == "What is the new price of Café tostado en grano per kg? Write it like 8,50."
    assert "Price: BOB98.50 per kg" in price_saved.text and price_saved.text.startswith("✅ Price saved.")
    assert "• Café tostado en grano: 55.5 kg · BOB98.50 per kg · on sale" in relisted.text
    tostado = await Offer.get(product__name="Café tostado en grano")
    assert (tostado.stock, tostado.price) == (Decimal("55.5"), Decimal("98.50"))
    recorded = await OfferEvent.filter(offer_id=tostado.id).order_by("id").values_list("kind", "by_person__telegram_user_id")
    assert recorded == [(OfferEventKind.NEW_STOCK, HILDA), (OfferEventKind.PRICE_CHANGE, HILDA)]


async def test_a_stock_that_cannot_be_sold_is_refused_and_the_chat_waits_for_another(feria, people, hilda):
    offer = await open_offer(hilda, await our_offers(people, hilda), "Achachairú")
    await hilda.presses("✏️ Stock", message=offer)
    await hilda.receives()
    await hilda.says("1,5")
    refused = await hilda.receives()
    await hilda.says("0")
    saved = await hilda.receives()

    assert refused.text == "Please write a whole number of dozens."
    assert "Stock: 0 dozen" in saved.text  # sold out
    achachairu = await Offer.get(product__name="Achachairú")
    assert await events(achachairu.id) == [(OfferEventKind.SOLD_OUT, Decimal("10.00"))]


async def test_until_when_sets_the_day_in_the_button_and_an_old_button_sets_the_same_day(feria, people, hilda):
    today = {clock.today(LA_PAZ)}
    offer = await open_offer(hilda, await our_offers(people, hilda), "Miel de abeja")
    await hilda.presses("📅 Until when", message=offer)
    choices = await hilda.sees_edited(offer)
    week = next(text for text in choices.button_texts if text.startswith("1 week"))
    week_data = choices.button(week)["callback_data"]
    await hilda.presses(week, message=choices)
    set_once = await hilda.sees_edited(choices)
    stored = (await Offer.get(product__name="Miel de abeja")).valid_until
    await people.wait_for_answer(await people.press_button(HILDA, set_once, week_data, forged=True))
    repeated = (await Offer.get(product__name="Miel de abeja")).valid_until
    await hilda.presses("📅 Until when", message=set_once)
    again = await hilda.sees_edited(set_once)
    await hilda.presses("No end date", message=again)
    endless = await hilda.sees_edited(again)

    today.add(clock.today(LA_PAZ))
    last_day = datetime.strptime(week_data.split(":")[2].split(".")[1], "%Y%m%d").date()
    assert {last_day - timedelta(days=7)} <= today
    assert choices.text == "Until when does Miel de abeja stand on offer?"
    assert choices.button_texts[1:] == [
        f"2 weeks (until {_day(last_day + timedelta(days=7))})", choices.button_texts[2], "No end date", "« Back"]
    assert choices.button_texts[2].startswith("1 month (until ")
    assert set_once.text.startswith("✅ Date saved.") and f"Stands until {_day(last_day)}." in set_once.text
    assert stored.astimezone(LA_PAZ).date() == last_day
    assert repeated == stored
    assert (await Offer.get(product__name="Miel de abeja")).valid_until is None
    assert "Stands until you withdraw it." in endless.text
    # The honey was on sale throughout: an end date alone tells the alerts nothing.
    assert await OfferEvent.all().count() == 0


async def test_a_withdrawn_offer_leaves_the_catalog_once_and_a_new_price_offers_it_again(feria, people, hilda):
    offer = await open_offer(hilda, await our_offers(people, hilda), "Cacao en grano")
    await hilda.presses("🚫 Withdraw", message=offer)
    confirm = await hilda.sees_edited(offer)
    yes = confirm.button("Yes, withdraw it")["callback_data"]
    await hilda.presses("Yes, withdraw it", message=confirm)
    withdrawn = await hilda.sees_edited(confirm)
    await people.wait_for_answer(await people.press_button(HILDA, withdrawn, yes, forged=True))
    await hilda.presses("« Our offers", message=withdrawn)
    listed = await hilda.sees_edited(withdrawn)
    await hilda.presses("Cacao en grano", message=listed)
    again = await hilda.sees_edited(listed)
    await hilda.presses("💲 Price", message=again)
    await hilda.receives()
    await hilda.says("56")
    back = await hilda.receives()

    assert confirm.text == "Withdraw Cacao en grano? Buyers stop seeing it until you offer it again."
    assert confirm.button_texts == ["Yes, withdraw it", "No, keep it"]
    assert withdrawn.text.startswith("🚫 Cacao en grano withdrawn.")
    assert "🚫 Withdrawn: buyers don't see it. Change the stock, the price or the date to offer it again." in withdrawn.text
    assert "🚫 Withdraw" not in withdrawn.button_texts
    assert "• Cacao en grano: 200 kg · BOB55.00 per kg · withdrawn" in listed.text
    assert "🚫 Withdraw" in back.button_texts and "Withdrawn" not in back.text
    cacao = await Offer.get(product__name="Cacao en grano")
    assert cacao.status == OfferStatus.ACTIVE
    assert await events(cacao.id) == [
        (OfferEventKind.WITHDRAWN, Decimal("55.00")),
        (OfferEventKind.NEW_STOCK, Decimal("56.00")),
        (OfferEventKind.PRICE_CHANGE, Decimal("56.00")),
    ]


async def test_someone_outside_the_organization_is_refused_and_a_forged_button_expires(feria, people):
    ann = people.person(5101, "Ann", language_code="en")
    await ann.says("/start")
    menu = await ann.receives()
    amboro = await Organization.get(slug="cafe-amboro")
    tostado = await Offer.get(product__name="Café tostado en grano")

    refused = await people.wait_for_answer(await press_new(people, ann, menu, "fl", amboro.id))
    withdraw = await people.wait_for_answer(await press_new(people, ann, menu, "fwy", tostado.id))
    hildas = CallbackCodec(TOKEN).encode(HILDA, "fwy", tostado.id)
    borrowed = await people.wait_for_answer(await people.press_button(ann.id, menu, hildas, forged=True))

    assert refused.text == withdraw.text == "Only the organization's members can do that."
    assert borrowed.text == EXPIRED
    assert (await Offer.get(id=tostado.id)).status == OfferStatus.ACTIVE


def _day(day: date) -> str:
    """A date as the English screens write it: "Nov 28, 2026"."""
    return f"{day.strftime('%b')} {day.day}, {day.year}"

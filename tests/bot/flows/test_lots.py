"""Producers of one association post the same product: each their own lot, the catalog their sum, sales oldest first."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from market import clock
from market.enums import LotChangeReason, MemberRole, MembershipStatus
from market.errors import Forbidden
from market.models import Lot, LotChange, LotTake, Member, Offer, Organization, Person
from market.services.lots.preview import lot_posters
from market.services.orders.status import cancel_order
from tests.bot.flows.conftest import REINA
from tests.bot.flows.test_ordering import card_of
from tests.support.orders import the_order

RAMIRO = 900_000_777


async def cacao() -> Offer:
    return await Offer.get(product__name="Cacao en grano")


async def posts(person, text: str):
    """Write stock and press Publicar; the answer the person reads."""
    await person.says(text)
    card = await person.receives()
    await person.presses("✅ Publicar", message=card)
    return await person.sees_edited(card)


async def lot_of(telegram_id: int) -> Decimal:
    lot = await Lot.get(offer_id=(await cacao()).id, member__person__telegram_user_id=telegram_id)
    return Decimal(lot.stock)


async def orders_cacao(ana, kilos: str) -> None:
    """Ana orders this many kg of cacao and picks the order up herself."""
    card = await card_of(ana, "Cacao en grano")
    await ana.presses("✏ Otra cantidad", message=card)
    await ana.receives()
    await ana.says(kilos)
    await ana.receives()
    await ana.says("/carrito")
    cart = await ana.receives()
    await ana.presses("✅ Finalizar pedido", message=cart)
    await ana.sees_edited(cart)
    await ana.presses("📍 Lo retiro yo")
    await ana.receives()


async def test_two_producers_post_their_own_lots_the_catalog_sums_them_and_a_sale_takes_the_older_first(
        feria, people, hilda, ana):
    reina, ramiro = people.person(REINA, "Reina", language_code="es"), people.person(RAMIRO, "Ramiro", language_code="es")
    await ramiro.says("/start")
    await ramiro.receives()
    await Member.create(organization=await Organization.get(slug="cafe-amboro"),
                        person=await Person.get(telegram_user_id=RAMIRO), role=MemberRole.PRODUCER,
                        status=MembershipStatus.APPROVED)
    await posts(hilda, "cacao en grano agotado")  # the organization's own lot: none left
    before = (await cacao()).stock

    reina_done = await posts(reina, "cacao en grano 80 kg")
    clock.advance(timedelta(minutes=5))
    ramiro_done = await posts(ramiro, "cacao en grano 10 kg")

    assert before == 0
    assert reina_done.text.split("\n")[1:] == ["• Cacao en grano: 80 kg · Bs55,00 por kg",
                                               "   Tu lote: 0 → 80 kg · En venta: 0 → 80 kg"]
    # Don Ramiro's post no longer wipes out Reina's: the catalog sells both.
    assert ramiro_done.text.split("\n")[1:] == ["• Cacao en grano: 90 kg · Bs55,00 por kg",
                                                "   Tu lote: 0 → 10 kg · En venta: 80 → 90 kg"]
    assert (await cacao()).stock == 90
    assert (await lot_of(REINA), await lot_of(RAMIRO)) == (80, 10)

    await orders_cacao(ana, "85")

    order = await the_order()
    takes = await LotTake.filter(order_line__order_id=order.id).order_by("id").values_list(
        "lot__member__person__telegram_user_id", "quantity")
    assert [(who, Decimal(q)) for who, q in takes] == [(REINA, 80), (RAMIRO, 5)]  # Reina's waited longest
    assert ((await cacao()).stock, await lot_of(REINA), await lot_of(RAMIRO)) == (5, 0, 5)


async def test_taking_away_more_than_ones_lot_is_said_on_the_card_and_refused_on_publishing_if_sold_meanwhile(
        feria, people):
    reina = people.person(REINA, "Reina", language_code="es")
    await posts(reina, "cacao en grano 10 kg")
    before = (await cacao()).stock

    await reina.says("cacao en grano -30 kg")
    warned = await reina.receives()
    taken = await posts(reina, "cacao en grano -3 kg")
    await reina.says("cacao en grano -5 kg")  # her lot holds 7: fine on the card…
    card = await reina.receives()
    lot = await Lot.get(offer_id=(await cacao()).id, member__person__telegram_user_id=REINA)
    await Lot.filter(id=lot.id).update(stock=2)  # …but a sale takes 5 kg of it before she presses Publicar
    await Offer.filter(id=lot.offer_id).update(stock=before - 3 - 5)
    await reina.presses("✅ Publicar", message=card)
    refused = await reina.sees_answer()

    assert warned.text.split("\n")[2:4] == [
        "⚠️ Cacao en grano: −30 kg", "   ⚠️ El lote tiene 10 kg: no se pueden quitar 30 kg. Corrige la línea."]
    assert "✅ Publicar" not in warned.button_texts and "✏️ Corregir" in warned.button_texts
    assert taken.text.split("\n")[2] == f"   Tu lote: 10 → 7 kg · En venta: {before:f} → {before - 3:f} kg".replace(
        ".000", "")
    assert refused.text == "Tu lote de Cacao en grano tiene 2 kg: no puedes quitar 5 kg. No se cambió nada."
    reasons = await LotChange.filter(lot__member__person__telegram_user_id=REINA).order_by("id").values_list(
        "reason", flat=True)
    assert reasons == [LotChangeReason.POSTED, LotChangeReason.TAKEN]


async def test_a_producers_other_price_is_refused_showing_the_organizations(feria, people):
    reina = people.person(REINA, "Reina", language_code="es")
    before = (await cacao()).stock

    await reina.says("cacao en grano 80 kg a 52")
    card = await reina.receives()
    await reina.presses("✅ Publicar", message=card)
    refused = await reina.sees_answer()

    assert refused.text == ("Cacao en grano se vende al precio de la organización, Bs55,00 por kg. Escribe la línea "
                            "sin precio para mantenerlo, o pide a un admin que lo cambie.")
    assert (await cacao()).stock == before and (await cacao()).price == Decimal("55.00")


async def test_a_cancelled_order_gives_each_take_back_to_the_same_lot(feria, people, ana, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    await posts(hilda, "cacao en grano agotado")
    await posts(reina, "cacao en grano 4 kg")
    await orders_cacao(ana, "3")
    sold = ((await cacao()).stock, await lot_of(REINA))

    await cancel_order((await the_order()).id, by_person_id=(await Person.get(telegram_user_id=5001)).id)

    assert sold == (1, 1)
    assert ((await cacao()).stock, await lot_of(REINA)) == (4, 4)
    reasons = await LotChange.filter(lot__member__person__telegram_user_id=REINA).order_by("id").values_list(
        "reason", flat=True)
    assert reasons == [LotChangeReason.POSTED, LotChangeReason.SOLD, LotChangeReason.GIVEN_BACK]
    assert await LotTake.filter(returned_at__isnull=True).count() == 0


async def test_the_card_shows_the_producers_lot_and_the_offer_before_and_after_publishing(feria, people, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    await posts(hilda, "cacao en grano agotado")
    await posts(reina, "cacao en grano 80 kg")

    await reina.says("cacao en grano 10 kg")
    card = await reina.receives()

    assert card.text.split("\n")[2:] == ["✅ Cacao en grano: 10 kg", "   Tu lote: 80 → 10 kg · En venta: 80 → 10 kg"]
    assert not any("👥" in b for b in card.button_texts)  # a producer posts on their own lot only


async def test_an_admin_posts_on_the_organizations_lot_or_for_a_member_chosen_on_the_card(feria, people, hilda):
    reina = people.person(REINA, "Reina", language_code="es")
    await posts(hilda, "cacao en grano agotado")
    await posts(reina, "cacao en grano 80 kg")

    await hilda.says("cacao en grano 30 kg")
    card = await hilda.receives()
    own = card.text.split("\n")[3]
    await hilda.presses("👥 Para: la organización ▾", message=card)
    chooser = await hilda.sees_edited(card)
    reina_name = (await Person.get(telegram_user_id=REINA)).name
    await hilda.presses(reina_name, message=chooser)
    for_reina = await hilda.sees_edited(chooser)
    done = await posts_card(hilda, for_reina)

    assert own == "   Lote de la organización: 0 → 30 kg · En venta: 80 → 110 kg"
    assert chooser.text.startswith("¿De quién es este stock?") and "🏢 La organización" in chooser.button_texts
    assert for_reina.text.split("\n")[3] == f"   Lote de {reina_name}: 80 → 30 kg · En venta: 80 → 30 kg"
    assert f"👥 Para: {reina_name} ▾" in for_reina.button_texts
    assert done.text.split("\n")[1] == "• Cacao en grano: 30 kg · Bs55,00 por kg"
    assert ((await cacao()).stock, await lot_of(REINA)) == (30, 30)
    change = await LotChange.filter(lot__member__person__telegram_user_id=REINA).order_by("-id").first()
    assert (change.by_person_id, change.before, change.after) == (
        (await Person.get(telegram_user_id=hilda.id)).id, 80, 30)


async def posts_card(person, card):
    await person.presses("✅ Publicar", message=card)
    return await person.sees_edited(card)


async def test_the_members_to_post_for_come_eight_a_page_and_a_producer_cannot_list_them(feria, people, hilda):
    organization = await Organization.get(slug="cafe-amboro")
    for n in range(10):
        person = await Person.create(name=f"Zoila {n:02}", telegram_user_id=800_000_000 + n, locale="es")
        await Member.create(organization=organization, person=person, role=MemberRole.PRODUCER,
                            status=MembershipStatus.APPROVED)
    await hilda.says("cacao en grano 30 kg")
    card = await hilda.receives()
    await hilda.presses("👥 Para: la organización ▾", message=card)
    first = await hilda.sees_edited(card)
    await hilda.presses("Más »", message=first)
    second = await hilda.sees_edited(first)
    reina = await Person.get(telegram_user_id=REINA)

    assert len(first.button_texts) == 1 + 8 + 2  # the organization, eight members, "More", "Cancel"
    assert second.button_texts[-2:] == ["« Volver", "❌ Cancelar"] and "Zoila 09" in second.button_texts
    with pytest.raises(Forbidden):
        await lot_posters(organization.id, by_person_id=reina.id)

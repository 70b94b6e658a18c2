"""A stock message as a draft: read against the organization's products, its unclear lines picked, published whole."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from market.errors import Invalid, NotFound
from market.models import Category, Offer, OfferEvent, Product
from market.services.stock.draft_lines import ExistingProduct, NewProduct, StockNotPublished
from market.services.stock.drafts import StockDraft, publish_draft, read_draft


async def read(shop, text: str, **fields) -> StockDraft:
    return await read_draft(StockDraft(text, "es", shop.organization_id, **fields))


async def product_id(name: str) -> int:
    return (await Product.get(name=name)).id


def shown(draft: StockDraft) -> list[tuple[int, str | None, str | None]]:
    """(line, product name, problem code) for every line of the draft."""
    return [(line.number, line.product_name, line.problem and line.problem.code) for line in draft.lines]


async def test_reading_finds_each_lines_product_the_closest_names_and_the_unreadable_lines(shop):
    draft = await read(shop, "tomates 20 kg a 8,50\nlechga 5 unidades\nquinua 3 kg\nfrutilla 1,2,3 kg")

    assert shown(draft) == [(1, "Tomate", None), (2, None, "unknown_product"), (3, None, "unknown_product"),
                            (4, None, "bad_quantity")]
    assert draft.lines[1].problem.suggestions == ("Lechuga",)
    assert draft.is_stock and not draft.ready


async def test_words_and_a_price_without_a_quantity_are_not_stock(shop):
    assert not (await read(shop, "tomate a 8,50")).is_stock


async def test_without_an_organization_the_lines_are_read_but_not_matched(shop):
    draft = await read_draft(StockDraft("tomate 20 kg", "es"))

    assert draft.is_stock and shown(draft) == [(1, None, "unknown_product")]
    with pytest.raises(Invalid):
        draft.pick(1, NewProduct(1))


async def test_a_suggested_product_picked_makes_the_draft_ready_and_publishing_names_each_line(shop):
    draft = await read(shop, "tomate 35 kg\nlechga 5 unidades")

    picked = draft.pick(2, ExistingProduct(await product_id("Lechuga")))
    published = await publish_draft(picked, by_person_id=shop.producer_id)

    assert not draft.ready and picked.ready and picked.lines[1].product_name == "Lechuga"
    # The producer's lots (35 kg, 5) join the organization's (20 kg, 10) on sale.
    assert [(number, p.product_name, p.stock) for number, p in published] == [(1, "Tomate", D(55)), (2, "Lechuga", D(15))]
    assert [(p.lot.lot_before, p.lot.lot_after) for _, p in published] == [(D(0), D(35)), (D(0), D(5))]


async def test_a_category_picked_makes_a_new_product_in_it(shop):
    fruits = await Category.create(code="fruits", position=5)
    draft = (await read(shop, "copoazú 20 kg a 15")).pick(1, NewProduct(fruits.id))

    ((number, published),) = await publish_draft(draft, by_person_id=shop.producer_id)

    assert draft.lines[0].product_name == "Copoazú" and draft.lines[0].new_category_id == fruits.id
    assert (number, published.product_name, published.stock) == (1, "Copoazú", D(20))
    assert (await Product.get(name="Copoazú")).category_id == fruits.id


async def test_only_a_suggested_product_or_a_stock_line_may_be_picked(shop):
    draft = await read(shop, "lechga 5 unidades\nfrutilla 1,2,3 kg")

    with pytest.raises(NotFound):
        draft.pick(1, ExistingProduct(await product_id("Tomate")))  # not a name close to "lechga"
    with pytest.raises(Invalid):
        draft.pick(2, NewProduct(1))  # unreadable
    with pytest.raises(Invalid):
        draft.pick(9, NewProduct(1))  # no such line


async def test_a_pick_naming_a_product_an_earlier_line_names_is_refused_on_that_line(shop):
    draft = await read(shop, "lechuga 5 unidades\nlechga 8 unidades")
    picked = draft.pick(2, ExistingProduct(await product_id("Lechuga")))
    before = await OfferEvent.all().count()

    with pytest.raises(StockNotPublished) as refused:
        await publish_draft(picked, by_person_id=shop.producer_id)

    assert shown(picked)[1] == (2, "Lechuga", "duplicate_product") and not picked.ready
    assert [(line.line, line.code, line.params) for line in refused.value.lines] == [
        (2, "duplicate_product", {"product": "Lechuga", "first": 1})]
    assert (refused.value.code, refused.value.first.code, refused.value.first.line) == (
        "stock_not_published", "duplicate_product", 2)
    assert await OfferEvent.all().count() == before


async def test_publishing_refuses_every_unclear_or_unreadable_line_at_once_and_publishes_nothing(shop):
    draft = await read(shop, "tomate 35 kg\nlechga 5 unidades\nfrutilla 1,2,3 kg\n+4 kg")

    with pytest.raises(StockNotPublished) as refused:
        await publish_draft(draft, by_person_id=shop.producer_id)

    assert [(line.line, line.code, line.suggestions) for line in refused.value.lines] == [
        (2, "unknown_product", ("Lechuga",)), (3, "bad_quantity", ()), (4, "no_product", ())]
    assert (await Offer.get(product__name="Tomate")).stock == D(20)


async def test_the_chat_publishes_the_readable_lines_of_a_card_that_warned_of_the_others(shop):
    draft = await read(shop, "tomate 35 kg\nfrutilla 1,2,3 kg")

    published = await publish_draft(draft, by_person_id=shop.producer_id, leave_out_unreadable=True)

    assert [(number, p.product_name) for number, p in published] == [(1, "Tomate")]


async def test_a_line_the_publication_refuses_is_named_by_its_product(shop):
    draft = await read(shop, "tomate 20 kg\nlechuga 3 kg")

    with pytest.raises(StockNotPublished) as refused:
        await publish_draft(draft, by_person_id=shop.producer_id)

    (line,) = refused.value.lines
    assert (line.line, line.code, line.params["unit"]) == (2, "unit_mismatch", "unit")
    assert (await Offer.get(product__name="Tomate")).stock == D(20)


async def test_a_draft_goes_to_the_chats_state_and_back_with_its_picks(shop):
    draft = (await read(shop, "lechga 5 unidades\ncopoazú 2 kg a 9", photo_file_id="AgAD")).pick(
        1, ExistingProduct(await product_id("Lechuga"))).pick(2, NewProduct(3))

    stored = draft.to_dict()
    again = StockDraft.from_dict(stored, locale="en")

    assert stored["picks"] == {"1": {"product_id": await product_id("Lechuga")}, "2": {"category_id": 3}}
    assert again == draft and again.locale == "es" and again.lines is None


async def test_a_draft_stored_before_drafts_had_a_version_is_read_and_published(shop):
    old = {"text": "lechga 5 unidades\ntomate 30 kg", "photo": None, "token": "AbC123", "org": shop.organization_id,
           "picks": {"1": await product_id("Lechuga")}}

    draft = await read_draft(StockDraft.from_dict(old, locale="es"))
    published = await publish_draft(draft, by_person_id=shop.producer_id)

    assert (draft.token, draft.picks) == ("AbC123", ((1, ExistingProduct(await product_id("Lechuga"))),))
    assert [(number, p.product_name) for number, p in published] == [(1, "Lechuga"), (2, "Tomate")]


def test_an_old_drafts_category_pick_is_a_new_product():
    old = {"text": "copoazú 2 kg", "photo": "AgAD", "token": "t", "org": None, "picks": {"1": "c4"}}

    draft = StockDraft.from_dict(old, locale="pt_BR")

    assert (draft.picks, draft.photo_file_id, draft.locale) == (((1, NewProduct(4)),), "AgAD", "pt_BR")


@pytest.mark.parametrize("stored", [
    {"version": 3, "text": "tomate 2 kg", "token": "t"},
    {"text": "tomate 2 kg"},
    {"text": "tomate 2 kg", "token": "t", "picks": {"1": "tomate"}},
    {"text": "tomate 2 kg", "token": "t", "picks": {"uno": 4}},
    {"text": "tomate 2 kg", "token": "t", "org": "7"},
    {"version": 2, "text": "tomate 2 kg", "locale": "es", "organization_id": 1, "photo_file_id": None,
     "token": "t", "picks": {"1": {"product_id": 2, "category_id": 3}}},
    ["tomate 2 kg"],
    None,
])
def test_a_stored_draft_that_cannot_be_read_is_refused_so_the_chat_starts_over(stored):
    with pytest.raises(Invalid) as refused:
        StockDraft.from_dict(stored, locale="es")

    assert refused.value.code == "stock_draft_unreadable"

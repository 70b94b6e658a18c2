"""Browsing: categories → regions → a page of products → a product's card; search; adding to the cart."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import places
from bot.flows.menu import menu_screen
from bot.flows.router import EXPIRED, AnswerHandler, PressHandler
from bot.screens import catalog as screens
from bot.screens.cart import quantity_example
from bot.turn import Screen, Turn
from market import clock
from market.presentation.labels import unit_name
from market.rules.orders import parse_quantity, parse_quantity_of
from market.services.catalog.browse import list_categories, list_regions
from market.services.catalog.card import get_offer_name, get_product_card
from market.services.catalog.categories import get_category_names
from market.services.catalog.products import ProductQuery
from market.services.catalog.search import search_catalog
from market.services.messaging.chats import get_chat_state, set_awaiting, update_chat_data
from market.services.orders.cart import add_to_cart_line
from market.services.people.place import ask_place_once, set_person_place
from market.services.seals.verification import verify_seal

PAGE_SIZE = 5
PLACE_THEN = "search_place"  # the place chooser's continuation (bot/flows/places.py): the search waiting runs
MENU_PLACE_THEN = "menu_place"  # the same, opened from the menu: the place is kept, nothing else runs


def _cursor(value: str) -> dict:
    """"a12" → after product 12, "b12" → before it, "-" → the first page."""
    if value[:1] in ("a", "b") and value[1:].isdigit():
        return {"after" if value[0] == "a" else "before": int(value[1:])}
    return {}


async def categories(turn: Turn, press: Press) -> None:
    await turn.show(screens.categories(turn, await list_categories()))


async def regions(turn: Turn, press: Press) -> None:
    category = await get_category_names(press.args[0])
    await turn.show(screens.regions(turn, category, await list_regions(category=category.code)))


async def product_list(turn: Turn, press: Press) -> None:
    category, region, cursor = press.args
    place = turn.person.place  # the nearest first, as in a search
    query = ProductQuery(category=category, territory=None if region == screens.NONE else region, limit=PAGE_SIZE,
                         near=place.code if place else None, **_cursor(cursor))
    page = (await search_catalog(query, "bot")).page
    # « Back on a product card returns here.
    await update_chat_data(turn.chat_id, back=[Action.PRODUCT_LIST, category, region, cursor])
    # The page's products carry their category's names; an empty page asks for them (and refuses a category gone).
    names = page.items[0].category_names if page.items else (await get_category_names(category)).stored
    title = turn.category(category, names)
    nav, back = (Action.PRODUCT_LIST, category, region), (Action.REGIONS, category)
    await turn.show(screens.product_page(turn, page, title=title, nav=nav, back=back))


async def ask_search(turn: Turn, press: Press) -> None:
    await _ask_for_words(turn)


async def _ask_for_words(turn: Turn) -> None:
    await turn.ask("search", None,
                   Screen(turn._("What are you looking for? Write a word, like café, quinua or miel.")))


async def search(turn: Turn, text: str, data: dict) -> None:
    """Typed words search the catalog (accents, capitals, plurals and synonyms don't matter); bot.flows.stock
    sends here whatever typed text is not a producer's stock. The first results ask where the person is, once."""
    if not text.strip():  # only spaces or control characters: nothing to look for yet
        await _ask_for_words(turn)
        return
    await set_awaiting(turn.chat_id, None, {"search": text[:100], "back": [Action.SEARCH_PAGE, "-"]})
    await _search_page(turn, text[:100], "-", edit=False)


async def place_chosen(turn: Turn, territory_id: int | None) -> None:
    """The chooser's answer under search results (None: the person cancelled): the place is kept, and the search
    runs again from there."""
    await _keep_place(turn, territory_id)
    text = (await get_chat_state(turn.chat_id)).data.get("search")
    if text:
        await _search_page(turn, text, "-", edit=False)


async def menu_place_chosen(turn: Turn, territory_id: int | None) -> None:
    """The chooser's answer from the menu: the place is kept (or, cancelled, left as it was)."""
    if not await _keep_place(turn, territory_id):
        await turn.show(await menu_screen(turn))


async def _keep_place(turn: Turn, territory_id: int | None) -> bool:
    if territory_id is None:
        return False
    place = await set_person_place(turn.person.id, territory_id)
    turn.person = dataclasses.replace(turn.person, country_code=place.country_code, place=place)
    await turn.send(Screen(turn._("📍 Your place: {place}. Searches show what is made nearest to it first; change it "
                                  "from the menu or under any results.").format(place=place.name)))
    return True


async def my_place(turn: Turn, press: Press) -> None:
    """Choose where I am (again): from the menu ("m"), or under results, whose search then runs from there."""
    await places.open_chooser(turn, MENU_PLACE_THEN if press.args[:1] == ("m",) else PLACE_THEN)


async def search_suggested(turn: Turn, press: Press) -> None:
    """Search a name suggested when the last search found nothing."""
    suggested = (await get_chat_state(turn.chat_id)).data.get("suggestions") or []
    index = press.int_arg(0)
    if not 0 <= index < len(suggested):
        await turn.toast(turn._(EXPIRED), alert=True)
        return
    await search(turn, suggested[index], {})


async def search_page(turn: Turn, press: Press) -> None:
    state = await get_chat_state(turn.chat_id)
    text = state.data.get("search", "")
    await update_chat_data(turn.chat_id, back=[Action.SEARCH_PAGE, press.args[0]])
    await _search_page(turn, text, press.args[0], edit=True)


async def _search_page(turn: Turn, text: str, cursor: str, *, edit: bool) -> None:
    # A page turned is the search typed before: only a typed search that finds nothing is counted.
    place = turn.person.place
    query = ProductQuery(text=text, limit=PAGE_SIZE, near=place.code if place else None, **_cursor(cursor))
    found = await search_catalog(query, "bot", person_id=turn.person.id, count_miss=not edit)
    if found.suggestions:
        await update_chat_data(turn.chat_id, suggestions=list(found.suggestions))
    # A person with no place is asked where they are under their first results (a button opens the chooser).
    ask = place is None and not edit and await ask_place_once(turn.person.id)
    screen = screens.search_results(turn, found, text, place.name if place else None, ask_place=ask)
    await (turn.show(screen) if edit else turn.send(screen))


async def product_pressed(turn: Turn, press: Press) -> None:
    await show_product(turn, press.int_arg(0))


async def show_product(turn: Turn, product_id: int) -> None:
    card = await get_product_card(product_id, today=clock.today())
    await turn.show(screens.product_card(turn, card))


async def back(turn: Turn, press: Press) -> None:
    """« Back from a card: to the list it was opened from, else the menu."""
    state = await get_chat_state(turn.chat_id)
    action, *args = state.data.get("back") or [Action.MENU]
    if action == Action.PRODUCT_LIST:
        await product_list(turn, Press(Action.PRODUCT_LIST, tuple(args)))
    elif action == Action.SEARCH_PAGE:
        await search_page(turn, Press(Action.SEARCH_PAGE, tuple(args)))
    else:
        await turn.show(await menu_screen(turn))


async def add_quick(turn: Turn, press: Press) -> None:
    await _add(turn, press.int_arg(0), Decimal(press.args[1]))


async def ask_quantity(turn: Turn, press: Press) -> None:
    """Ask for a typed quantity; the answer may come after a restart: the wait is in the database."""
    product, unit = await get_offer_name(press.int_arg(0))
    await turn.ask("quantity", {"offer_id": press.int_arg(0), "product": product, "unit": unit},
                   Screen(turn._("How much {product} do you want? Write it in {unit}, like {example}.").format(
                       product=product, unit=unit_name(turn.ngettext, unit, 2), example=quantity_example(turn, unit))))


async def quantity_typed(turn: Turn, text: str, data: dict) -> None:
    """ "2", "3 frascos", "500 g" of a product sold by the kilo; a wait from before units were asked reads a number."""
    quantity = parse_quantity_of(text, data["unit"]) if "unit" in data else parse_quantity(text)
    await _add(turn, data["offer_id"], quantity, typed=True)
    await set_awaiting(turn.chat_id, None)


async def _add(turn: Turn, offer_id: int, quantity: Decimal, *, typed: bool = False) -> None:
    line = await add_to_cart_line(turn.person.id, offer_id, quantity)
    added = turn._("Added: {quantity} of {product}. In your cart: {total}.").format(
        quantity=turn.quantity(quantity, line.unit), product=line.product_name,
        total=turn.quantity(line.quantity, line.unit),
    )
    if typed:
        await turn.send(Screen(added, [[turn.button(turn._("🛒 My cart"), Action.CART),
                                        turn.button(turn._("« Back"), Action.BACK)]]))
    else:
        await turn.toast(added)


async def organization_page(turn: Turn, press: Press) -> None:
    await turn.show(await _organization_products(turn, *press.args))


async def _organization_products(turn: Turn, slug: str, cursor: str) -> Screen:
    query = ProductQuery(organization=slug, limit=PAGE_SIZE, **_cursor(cursor))
    page = (await search_catalog(query, "bot")).page
    title = page.items[0].organization_name if page.items else slug
    return screens.product_page(turn, page, title=title, nav=(Action.ORGANIZATION_PRODUCTS, slug), back=(Action.MENU,))


async def show_seal(turn: Turn, code: str) -> None:
    """A deep link from a printed seal's QR code: what the seal says today."""
    verification = await verify_seal(code, today=clock.today())
    await turn.send(screens.seal(turn, verification))


# What this flow's buttons and awaited answers run: bot/application.py registers these tables.
PRESSES: dict[Action, PressHandler] = {
    Action.CATEGORIES: categories,
    Action.REGIONS: regions,
    Action.PRODUCT_LIST: product_list,
    Action.SEARCH: ask_search,
    Action.SEARCH_PAGE: search_page,
    Action.SEARCH_SUGGESTED: search_suggested,
    Action.MY_PLACE: my_place,
    Action.PRODUCT: product_pressed,
    Action.BACK: back,
    Action.ADD: add_quick,
    Action.ADD_OTHER_QUANTITY: ask_quantity,
    Action.ORGANIZATION_PRODUCTS: organization_page,
}
CONTINUATIONS: dict[str, places.Continuation] = {PLACE_THEN: place_chosen, MENU_PLACE_THEN: menu_place_chosen}
ANSWERS: dict[str, AnswerHandler] = {
    "search": search,
    "quantity": quantity_typed,
}

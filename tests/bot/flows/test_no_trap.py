"""No trap: a question the bot asks never holds a person. Each has a ✖ Cancel; a command or a menu button
leaves it; a word that is no answer is asked about once ("¿Buscar «miel»?"), and a second one is a search;
an answer about something that has ended (a closed round) is told so once, and the question is gone.

The table crosses pending questions with interruptions, in Spanish and Portuguese; the two conversations
of the issue that trapped people are replayed at the end.
"""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.flows.questions import ENDED, WRONG_KIND, is_words
from bot.sandbox import SandboxPerson
from bot.screens.menu import LANGUAGE_NAMES
from bot.turn import translator
from market import clock
from market.enums import NotificationStatus
from market.models import CartItem, Notification, Person
from market.refusals import REGISTRY
from market.services.messaging.chats import get_chat_state
from market.services.orders.status import cancel_order
from tests.bot.flows.conftest import HILDA
from tests.bot.flows.test_order_edges import to_checkout
from tests.bot.flows.test_ordering import card_of, checkout_with_pickup
from tests.bot.flows.test_round_coordination import _close, _press
from tests.bot.flows.test_rounds import create_group, open_round_on_comarapa, receives_with
from tests.support.orders import the_order

FLOWS = Path(__file__).parents[3] / "bot" / "flows"
LANGUAGES = {"es": "es", "pt_BR": "pt-br"}
# Questions asked without turn.ask, each with its own way out shown beside it.
OWN_WAY_OUT = {
    ("places", "_await"): "the place chooser's ✖ Cancel",
    ("registration", "_ask"): "the registration's ✖ Cancel on every step",
    ("register", "_step"): "the member register's « My entry and Skip »",
    ("register_by_admin", "_ask"): "an admin writing a member's entry: « Entry and Skip » on every step",
    ("stock", "rate_pressed"): "the stock card's ❌ Cancel",
}


def t(locale: str, message: str) -> str:
    return translator(locale).gettext(message)


async def read_owed(person: SandboxPerson) -> None:
    """Read what the outbox owed the person by now (a bill, a round's news): the next message read answers them."""
    for _ in range(200):
        if not await Notification.filter(chat_id=person.chat_id, status=NotificationStatus.PENDING,
                                         not_before__lte=clock.now()).exists():
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    unread = [m for m in person.messages if m.message_id > person._seen]
    if unread:
        await person.receives_many(len(unread))


# How to reach each question: (person, locale) → the question's message ----------------------------------------

async def quantity(person, locale):
    card = await card_of(person, "Chocolate amargo")
    await person.presses(t(locale, "✏ Other quantity"), message=card)
    return await person.receives()


async def search(person, locale):
    await person.says("/start")
    menu = await person.receives()
    await person.presses(t(locale, "🔎 Search"), message=menu)
    return await person.receives()


async def price_product(person, locale):
    await person.says("/precio")
    return await person.receives()


async def alert_product(person, locale):
    await person.says("/alertas")
    alerts = await person.receives()
    await person.presses(t(locale, "➕ A product in stock"), message=alerts)
    return await person.receives()


async def delivery_note(person, locale):
    how = await to_checkout(person)
    await person.presses(t(locale, "📝 Write a delivery note"), message=how)
    return await person.receives()


async def alert_threshold(person, locale):
    await person.says("/alertas")
    alerts = await person.receives()
    await person.presses(t(locale, "➕ A price below…"), message=alerts)
    await person.receives()
    await person.says("tomate")
    where = await person.receives()
    await person.presses(where.button_texts[0], message=where)  # a place: a price is compared in its currency
    return await person.receives()


async def group_name(person, locale):
    await person.says("/grupos")
    groups = await person.receives()
    await person.presses(t(locale, "➕ Create a group"), message=groups)
    return await person.receives()


async def network_name(person, locale):
    await person.says("/registrar_red")
    return await person.receives()


async def offer_stock(hilda, locale):
    await hilda.says("/organizacion")
    organizations = await hilda.receives()
    await hilda.presses(t(locale, "📦 Our offers"), message=organizations)
    offers = await hilda.sees_edited(organizations)
    await hilda.presses("Cacao en grano", message=offers)
    offer = await hilda.sees_edited(offers)
    await hilda.presses(t(locale, "✏️ Stock"), message=offer)
    return await hilda.receives()


async def refusal_reason(hilda, locale):
    await checkout_with_pickup(hilda.client.person(7301, "Ana", language_code="es"), "Café tostado en grano")
    notice = await receives_with(hilda, t(locale, "❌ Refuse"))
    await hilda.presses(t(locale, "❌ Refuse"), message=notice)
    return await hilda.receives()


QUESTIONS: dict[str, Callable[[SandboxPerson, str], Awaitable]] = {
    "quantity": quantity, "search": search, "price_product": price_product, "alert_product": alert_product,
    "delivery_note": delivery_note, "alert_threshold": alert_threshold, "group_name": group_name,
    "network_name": network_name, "offer_stock": offer_stock, "refusal_reason": refusal_reason,
}
ASKED_OF_AN_ADMIN = {"offer_stock", "refusal_reason"}  # asked of Hilda, who runs the Amboró association


async def asked_person(people, locale: str, question: str) -> SandboxPerson:
    """Who is asked `question`, speaking `locale`: Hilda chooses it from the language picker."""
    if question not in ASKED_OF_AN_ADMIN:
        return people.person(7101, "Lúcia", language_code=LANGUAGES[locale])
    hilda = people.person(HILDA, "Hilda", language_code="es")
    if locale == "es":
        return hilda
    await hilda.says("/idioma")
    picker = await hilda.receives()
    await hilda.presses(LANGUAGE_NAMES[locale], message=picker)
    await hilda.sees_edited(picker)
    return hilda


# Interruptions: each leaves the question; the words typed next are a search ------------------------------------

async def command(person, locale, question, menu):
    await person.says("/pedidos")
    await person.receives()


async def menu_button(person, locale, question, menu):
    await person.presses(t(locale, "📦 My orders"), message=menu)
    await person.sees_edited(menu)


async def cancel(person, locale, question, menu):
    await person.presses(t(locale, "✖ Cancel"), message=question)
    cancelled = await person.sees_edited(question)
    assert cancelled.text == t(locale, "✖ Cancelled: I'm not waiting for an answer any more.")


INTERRUPTIONS = {"command": command, "menu button": menu_button, "cancel": cancel}


@pytest.mark.parametrize(("text", "words"), [
    ("miel", True), ("NaN", True), ("1,5", False), ("5 kg", False), ("🍅🍫", False), ("", False)])
def test_words_are_letters_without_a_digit(text, words):
    assert is_words(text) is words


def test_the_refusals_that_judge_an_answer_are_declared_and_met_in_the_bot():
    assert {code for code in WRONG_KIND | ENDED if "bot" not in REGISTRY[code].doors} == set()


def test_every_question_is_asked_with_a_way_out():
    """A flow makes the chat wait only through turn.ask (which adds ✖ Cancel), or where its own way out shows."""
    asked_elsewhere = set()
    for path in FLOWS.glob("*.py"):
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.AsyncFunctionDef | ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "set_awaiting"
                        and len(call.args) > 1 and not (isinstance(call.args[1], ast.Constant)
                                                        and call.args[1].value is None)):
                    asked_elsewhere.add((path.stem, function.name))

    assert asked_elsewhere == set(OWN_WAY_OUT)


@pytest.mark.parametrize("interruption", INTERRUPTIONS)
@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("locale", ["es", "pt_BR"])
async def test_a_pending_question_is_left_by_a_command_a_menu_button_or_its_cancel(
        feria, people, locale, question, interruption):
    person = await asked_person(people, locale, question)
    await person.says("/start")
    menu = await person.receives()
    asked = await QUESTIONS[question](person, locale)
    awaited = (await get_chat_state(person.chat_id)).awaiting

    await INTERRUPTIONS[interruption](person, locale, asked, menu)
    await person.says("café")
    answer = await person.receives()

    assert awaited == question
    assert asked.button_texts[-1] == t(locale, "✖ Cancel")
    # Not a quantity, a product's prices, an alert's product, nor a delivery note that places the order: a search.
    assert answer.text.startswith(t(locale, "Results for “{text}”").format(text="café")), answer.text


async def test_a_command_the_bot_does_not_know_leaves_the_question_too(feria, people):
    """command_given begins the command's turn and hands it over; a command without a handler leaves the question
    all the same, and one given when nothing is asked writes nothing and still works."""
    person = await asked_person(people, "es", "quantity")
    await person.says("/start")
    menu = await person.receives()
    await QUESTIONS["quantity"](person, "es")

    await person.says("/nada")  # nothing answers it: what is typed next shows whether the question was left
    await person.says("café")
    answer = await person.receives()
    await person.says("/pedidos")
    orders = await person.receives()

    assert menu.text and answer.text.startswith("Resultados para “café”"), answer.text
    assert orders.text == "📦 Todavía no tienes pedidos."


async def test_after_a_word_a_number_still_answers_and_search_asks_no_more(feria, ana):
    await quantity(ana, "es")
    await ana.says("miel")
    asked = await ana.receives()

    await ana.says("2")
    added = await ana.receives()
    await ana.presses("🔎 Buscar", message=asked)
    stale = await ana.sees_answer()

    assert asked.text.startswith("🔎 ¿Buscar «miel»?\n")
    assert added.text.startswith("Agregado: 2 unidades de Chocolate amargo.")
    assert stale.text == "Esa pregunta ya se cerró."


async def test_its_search_button_searches_the_word_and_a_number_after_it_is_a_search_too(feria, ana):
    await quantity(ana, "es")
    await ana.says("quinua")
    asked = await ana.receives()

    await ana.presses("🔎 Buscar", message=asked)
    searched = await ana.receives()
    await ana.says("2")
    after = await ana.receives()

    assert searched.text.startswith("Resultados para “quinua”")
    assert after.text.startswith("Todavía ningún producto se llama “2”")
    assert await CartItem.all().count() == 0


async def test_a_number_that_is_no_quantity_keeps_the_question_with_its_cancel(feria, ana):
    await quantity(ana, "es")

    await ana.says("1,5")
    refused = await ana.receives()
    await ana.says("-3")
    again = await ana.receives()

    assert refused.text == "Por favor escribe un número entero de unidades."
    assert refused.button_texts == again.button_texts == ["✖ Cancelar"]
    assert again.text == "Por favor escribe un número, como 2 o 1,5."


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
async def test_the_price_command_alone_asks_and_its_cancel_leaves(feria, people, locale):
    person = people.person(7103, "Teresa", language_code=LANGUAGES[locale])
    for command_name in ("/precio", "/preco", "/price"):
        await person.says(command_name)
        asked = await person.receives()
        await person.presses(t(locale, "✖ Cancel"), message=asked)
        await person.sees_edited(asked)

        assert asked.text == t(locale, "Prices of which product? Write its name, like {example}.").format(
            example="tomate")


# The round: a member's typed line, and the round closing under it ---------------------------------------------

async def member_on_a_round_line(people, locale: str):
    """Carmen's group with one member speaking `locale`, a round open on Comarapa, and the member on the line of
    Papa nativa: (carmen, member, the round's board, the line's message, the member's main menu from before)."""
    carmen = people.person(6001, "Carmen", language_code="es")
    code, page = await create_group(carmen)
    member = people.person(6201, "Patricia", language_code=LANGUAGES[locale])
    await member.says(f"/start g_{code}")
    invitation = await member.receives()
    await member.presses(t(locale, "✅ Join"), message=invitation)
    await member.sees_edited(invitation)
    round_id, board = await open_round_on_comarapa(carmen, page)
    await read_owed(member)
    await member.says("/start")
    menu = await member.receives()
    await member.says(f"/start r_{round_id}")
    member_board = await receives_with(member, t(locale, "Choose a product to order or change your order."))
    await member.presses("Papa nativa", message=member_board)
    line = await member.sees_edited(member_board)
    return carmen, member, board, line, menu


@pytest.mark.parametrize("interruption", INTERRUPTIONS)
async def test_a_round_line_is_left_by_a_command_a_menu_button_or_its_cancel(feria, people, interruption):
    carmen, member, board, line, menu = await member_on_a_round_line(people, "es")

    await INTERRUPTIONS[interruption](member, "es", line, menu)
    await member.says("miel")
    answer = await member.receives()

    assert line.button_texts[-1] == "✖ Cancelar"
    assert answer.text.startswith("Resultados para “miel”")


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
async def test_patricias_round_closed_and_settled_under_her_question_ends_with_a_search(feria, people, locale):
    """The issue's second conversation: "6 4" on a product, the round closes and is settled, then an hour later
    "miel", "5", "miel" used to answer "Write whole numbers…", "This round is closed…", and so on forever."""
    carmen, patricia, board, line, menu = await member_on_a_round_line(people, locale)
    await patricia.says("6 4")
    ordered = await patricia.receives()
    closed = await _close(carmen, board)
    asked = await _press(carmen, "✅ Liquidar la ronda", closed)
    await _press(carmen, "Sí, liquidarla", asked)
    await read_owed(patricia)

    said = []
    for text in ("miel", "5", "miel"):
        await patricia.says(text)
        said.append((await patricia.receives()).text)

    assert ordered.button_texts[-1] == t(locale, "✖ Cancel")
    # Said once, whatever was typed: the question ends with its round, and what follows are searches.
    assert said[0] == t(locale, "This round is closed: orders can no longer change.")
    # A number alone names no product: not a search that finds everything (market.rules.matching).
    assert said[1].startswith(t(locale, NOTHING).format(text="5"))
    assert said[2].startswith(t(locale, "Results for “{text}”").format(text="miel"))


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
async def test_a_typed_quantity_interrupted_by_commands_ends_with_a_search(feria, people, locale):
    """The issue's first conversation: after "✏ Otra cantidad", "café" used to answer "Por favor escribe un
    número" after /pedidos, /idioma, /precio tomate and /organizacion alike."""
    person = people.person(7104, "Ana", language_code=LANGUAGES[locale])
    asked = await quantity(person, locale)

    said = []
    for command_text, answers in (("", 0), ("/pedidos", 1), ("/idioma", 1), ("/precio tomate", 2),
                                  ("/organizacion", 1)):
        if command_text:
            await person.says(command_text)
            await person.receives_many(answers)  # the summary and its chart for a price
        await person.says("café")
        said.append((await person.receives()).text)

    assert asked.button_texts == [t(locale, "✖ Cancel")]
    assert said[0] == t(locale, "🔎 Search for «{words}»?").format(words="café") + "\n" + t(
        locale, "Please write a number, like 2 or 1,5.")
    results = t(locale, "Results for “{text}”").format(text="café")
    assert [text.startswith(results) for text in said[1:]] == [True] * 4, said


async def test_a_refusal_reason_for_an_order_cancelled_meanwhile_is_told_once_and_the_question_is_gone(
        feria, ana, hilda):
    await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    order = await the_order()
    await hilda.presses("❌ Rechazar", message=notice)
    asked = await hilda.receives()
    await cancel_order(order.id, by_person_id=(await Person.get(telegram_user_id=ana.id)).id)
    await read_owed(hilda)  # the notice that Ana cancelled

    await hilda.says("Se nos acabó el tostado")
    ended = await hilda.receives()
    await hilda.says("miel")
    searched = await hilda.receives()

    assert asked.button_texts == ["✖ Cancelar"]
    assert ended.text == "Este pedido ya no se puede rechazar: está en «Cancelado»."
    assert ended.button_texts == ["« Menú"]
    assert searched.text.startswith("Resultados para “miel”")


# Questions that wait for a number: a word is asked about once, a second is a search, a number answers ----------

async def quantity_of(people, locale):
    person = people.person(7102, "Rosa", language_code=LANGUAGES[locale])
    await quantity(person, locale)
    return person


async def round_line_of(people, locale):
    return (await member_on_a_round_line(people, locale))[1]


NOTHING = "No product matches “{text}” yet: the catalog has other things, and producers see what people look for."
NUMBER_QUESTIONS = {
    # question: (how to reach it, what a wrong answer is told, a number that answers, what its answer says)
    "quantity": (quantity_of, "Please write a number, like 2 or 1,5.", "2",
                 "Added: {quantity} of {product}. In your cart: {total}."),
    "round_line": (round_line_of, "Write a number, or two: “3” orders 3, “3 1” orders 3 and up to 1 more.", "1",
                   "Your order: {quantity}"),
}
TYPED = {"a word": ("miel",), "a word twice": ("miel", "miel"), "a number after a word": ("miel", None)}


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("question", NUMBER_QUESTIONS)
@pytest.mark.parametrize("locale", ["es", "pt_BR"])
async def test_a_word_where_a_number_is_asked_is_asked_about_once_then_searched(feria, people, locale, question,
                                                                              typed):
    reach, hint, number, answered = NUMBER_QUESTIONS[question]
    person = await reach(people, locale)

    said = []
    for text in TYPED[typed]:
        await person.says(text or number)
        said.append(await person.receives())

    search_for = t(locale, "🔎 Search for «{words}»?").format(words="miel")
    assert said[0].text == f"{search_for}\n{t(locale, hint)}"
    assert said[0].button_texts == [t(locale, "🔎 Search"), t(locale, "✖ Cancel")]
    if typed == "a word twice":
        assert said[1].text.startswith(t(locale, "Results for “{text}”").format(text="miel"))
    elif typed == "a number after a word":
        assert t(locale, answered).split("{")[0] in said[1].text

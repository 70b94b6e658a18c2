"""Every role's demo conversation, in Spanish and in Brazilian Portuguese, against its reviewed transcript.

Each test plays one person of the demo through the main screens of their role and writes down every screen they
read (tests/support/transcript.py), then compares it with tests/transcripts/<role>.<locale>.txt: a reader sees
every screen's words in one place, and a change of words shows as a diff. When words change on purpose:

    FERIA_UPDATE_TRANSCRIPTS=1 .venv/bin/pytest -p no:xdist tests/bot/flows/test_transcripts.py

writes the files instead (the tests pass, saying so); read the diff as its readers would, then commit it.

The clock stands still at tests.support.clock.NOW (a Saturday, 2026-11-21) for the whole conversation, so every
date and time shown is the demo's; order and round numbers are the demo's too (it seeds the same rows, in the
same order, on SQLite and PostgreSQL), as are seal codes and invitation links (market.demo.rows.demo_code).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.commands import command_name
from bot.sandbox import SandboxClient
from bot.sandbox.client import Reply
from bot.sandbox.state import StoredMessage
from market import clock
from market.models import Product
from market.services.alerts.fanout import owe_seal_expiry_alerts
from market.services.organizations.board_notices import owe_term_reminders
from market.services.organizations.register_notices import owe_register_reminders
from tests.support.clock import NOW
from tests.support.transcript import NOTATION, Transcript, compare_or_write, render

TRANSCRIPTS = Path(__file__).parents[2] / "transcripts"
UPDATE = os.environ.get("FERIA_UPDATE_TRANSCRIPTS") == "1"
LOCALES = ("es", "pt_BR")
TELEGRAM_LANGUAGE = {"es": "es", "pt_BR": "pt-br"}  # what a Telegram app in that language says


@dataclass(frozen=True)
class Someone:
    """A person of the demo (or a newcomer) as Telegram introduces them to the bot."""

    telegram_id: int
    first_name: str
    last_name: str | None
    who: str  # for the file's header

    def joins(self, people: SandboxClient, locale: str) -> Transcript:
        person = people.person(self.telegram_id, self.first_name, last_name=self.last_name,
                               language_code=TELEGRAM_LANGUAGE[locale])
        return Transcript(person, locale)


PEOPLE = {
    ("consumer", "es"): Someone(900_000_103, "Patricia", "Méndez Soliz", "a consumer of Santa Cruz de la Sierra"),
    ("consumer", "pt_BR"): Someone(900_000_203, "Fernanda", "Costa", "a consumer of Porto Alegre"),
    ("producer", "es"): Someone(900_000_002, "Reina", "Suárez Vaca",
                                "a producer of the Asociación de Productores de Café Amboró"),
    ("producer", "pt_BR"): Someone(900_000_024, "Lurdes", "Klein",
                                   "a producer of the Cooperativa de Agricultores Familiares Nova Petrópolis"),
    ("admin", "es"): Someone(900_000_001, "Hilda", "Justiniano Rojas",
                             "the admin of the Asociación de Productores de Café Amboró"),
    ("admin", "pt_BR"): Someone(900_000_023, "Ivone", "Schmitt Weber",
                                "the admin of the Cooperativa de Agricultores Familiares Nova Petrópolis"),
    ("coordinator", "es"): Someone(900_000_101, "Carmen", "Gutiérrez Ribera",
                                   "a coordinator of the Grupo de Consumo Solidario Equipetrol"),
    ("coordinator", "pt_BR"): Someone(900_000_201, "Neusa", "Vieira",
                                      "a coordinator of the Grupo de Compras Coletivas Bom Fim"),
    ("newcomer", "es"): Someone(5001, "Ana", None, "someone new to Feria whose Telegram speaks Spanish"),
    ("newcomer", "pt_BR"): Someone(5002, "João", None, "someone new to Feria whose Telegram speaks Portuguese (pt-br)"),
}
# The words each script writes or presses that are data rather than the catalog's: the demo's products and places.
WORDS = {
    "es": {
        "category": "Coffee and cocoa", "product": "Café tostado en grano", "group": "Grupo de Consumo Solidario Equipetrol",
        "stock_priced": "café tostado en grano 30 kg a 98", "stock": "café tostado en grano 30 kg",
        "round_product": "Tomate", "round_order": "3 1", "search": "miel", "found": "Miel de abeja",
    },
    "pt_BR": {
        "category": "Dairy and eggs", "product": "Queijo colonial", "group": "Grupo de Compras Coletivas Bom Fim",
        "stock_priced": "queijo colonial 25 kg a 60", "stock": "queijo colonial 25 kg",
        "round_product": "Feijão preto", "round_order": "3 1", "search": "mel", "found": "Mel",
    },
}
Script = Callable[[Transcript, dict[str, str]], Awaitable[None]]


def command(chat: Transcript, name: str) -> str:
    """A command as a person of the chat's language types it: /carrito, /carrinho."""
    return command_name(name, chat.translator.locale)


async def consumer(chat: Transcript, words: dict[str, str]) -> None:
    await chat.says("/start")
    await chat.presses("🧺 Browse products")
    await chat.presses(words["category"], starting=True)
    await chat.presses("All regions")
    await chat.presses(words["product"])
    await chat.presses("+1 kg")
    await chat.presses("✏ Other quantity")
    await chat.says("1,5")
    await chat.presses("🛒 My cart")
    await chat.presses("✅ Check out")
    await chat.presses("📍 I'll pick it up")
    await chat.presses("📦 My orders")


async def producer(chat: Transcript, words: dict[str, str]) -> None:
    await chat.says("/start")
    await chat.presses("📦 Publish stock")
    await chat.says(words["stock_priced"])
    await chat.presses("✅ Publish")
    await chat.says(words["stock"])
    await chat.presses("✅ Publish")
    await chat.says(command(chat, "help"))
    await chat.says(command(chat, "organization"))
    await chat.presses("📦 Our offers")


async def admin(chat: Transcript, words: dict[str, str]) -> None:
    await chat.says("/start")
    await chat.says(command(chat, "organization"))
    await chat.presses("📥 Orders received · {organization}", starting=True)
    await chat.presses("🆕 #", starting=True)
    await chat.presses("✅ Confirm")
    await chat.presses("« Orders received")
    await chat.presses("« My organization")
    await chat.presses("👥 Board")


async def coordinator(chat: Transcript, words: dict[str, str]) -> None:
    await chat.says(command(chat, "groups"))
    await chat.presses(words["group"])
    await chat.presses("🛒 Round #{number} · closes {when}", starting=True)
    await chat.presses(words["round_product"])
    await chat.says(words["round_order"])
    await chat.presses("« Round")
    await chat.presses("« Group")
    await chat.presses("👥 Members")
    await chat.presses("« Group")
    await chat.presses("📒 Accounts")


async def newcomer(chat: Transcript, words: dict[str, str]) -> None:
    await chat.says("/start")
    await chat.presses("🔎 Search")
    await chat.says(words["search"])
    await chat.presses(words["found"])
    await chat.says(command(chat, "language"))


async def a_consumer_orders(people: SandboxClient, locale: str, words: dict[str, str]) -> Transcript:
    """The role's consumer puts 2 kg of the product in the cart and checks out, in their own chat (not written
    down): the order the admin then finds."""
    chat = PEOPLE["consumer", locale].joins(people, locale)
    product = await Product.get(name=words["product"])
    await chat.says(f"/start p_{product.id}")
    await chat.presses("+2 kg")
    await chat.says(command(chat, "cart"))
    await chat.presses("✅ Check out")
    await chat.presses("📍 I'll pick it up")
    return chat


async def owe_what_the_timers_owe_at_start() -> None:
    """What the bot's timers owe when it starts (serve.py), owed now rather than whenever each timer first runs:
    a notice for the chat is then waiting when the conversation begins, every time, never in its middle. Each is
    owed once however many times it is asked (dedupe keys), so the timers asking too changes nothing."""
    await owe_seal_expiry_alerts(clock.today())
    await owe_term_reminders(clock.now())
    await owe_register_reminders(clock.now())


SCRIPTS: dict[str, Script] = {
    "consumer": consumer, "producer": producer, "admin": admin, "coordinator": coordinator, "newcomer": newcomer,
}
BEFORE = {"admin": "{consumer} ordered 2 kg of {product} in their own chat: the notice waits for {name} when the "
                   "conversation begins."}


def header(role: str, locale: str) -> str:
    someone = PEOPLE[role, locale]
    name = " ".join(filter(None, (someone.first_name, someone.last_name)))
    lines = [
        f"Feria · {role} · {locale}: {name} (Telegram {someone.telegram_id}), {someone.who}.",
        f"The demo as of {NOW:%Y-%m-%d %H:%M} UTC, the clock standing still there. Written by",
        "tests/bot/flows/test_transcripts.py; a reviewed file: regenerate it with FERIA_UPDATE_TRANSCRIPTS=1 and",
        "read the diff before committing it.",
        "",
        *NOTATION.splitlines(),
    ]
    if role in BEFORE:
        consumer_name = PEOPLE["consumer", locale].first_name
        lines += ["", "Before: " + BEFORE[role].format(consumer=consumer_name, product=WORDS[locale]["product"],
                                                       name=someone.first_name)]
    return "\n".join(f"# {line}".rstrip() for line in lines) + "\n"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", list(SCRIPTS))
async def test_the_demo_conversation_reads_as_its_reviewed_transcript(serving, people, feria_clock, role, locale):
    # People exist before the bot starts, so a notice it owes them at start arrives, and is written, the same way.
    chat = PEOPLE[role, locale].joins(people, locale)
    feria_clock.freeze(NOW)

    async with serving():
        if role == "admin":
            await a_consumer_orders(people, locale, WORDS[locale])
        await owe_what_the_timers_owe_at_start()
        await chat.opens()
        await SCRIPTS[role](chat, WORDS[locale])

    compare_or_write(TRANSCRIPTS / f"{role}.{locale}.txt", header(role, locale), chat, UPDATE)


def a_message(text: str, buttons: list[list[dict[str, str]]], *, keyboard: list[list[str]] | None = None,
              deleted: bool = False) -> Reply:
    """A bot's message as the sandbox keeps it (Telegram's JSON)."""
    data = {"message_id": 3, "chat": {"id": 7, "type": "private"}, "text": text,
            "reply_markup": {"inline_keyboard": buttons}}
    shown = {"keyboard": [[{"text": b} for b in row] for row in keyboard]} if keyboard else None
    return Reply.of(StoredMessage(data, from_bot=True, revision=1, keyboard=shown, deleted=deleted))


def test_a_screen_is_written_as_its_words_then_its_buttons_row_by_row():
    menu = a_message("¡Hola, Ana!\n\n¿Qué quieres hacer?", [[{"text": "🧺 Ver productos", "callback_data": "c"}],
                                                            [{"text": "🌐 Web", "url": "https://x.bo"}]],
                     keyboard=[["Cancelar"]])

    assert render(menu, new=True) == [
        "< ¡Hola, Ana!", "", "  ¿Qué quieres hacer?", "  [🧺 Ver productos]", "  [🌐 Web ↗]", "  ⌨ [Cancelar]",
    ]
    assert render(menu, new=False)[0] == "~ ¡Hola, Ana!"
    assert render(a_message("🛒 Tu carrito\n…", [], deleted=True), new=False) == ["x 🛒 Tu carrito"]


def test_a_changed_word_fails_with_the_lines_that_changed_and_an_update_writes_the_file(tmp_path, people):
    chat = Transcript(people.person(5003, "Ana"), "es")
    chat.lines = ["> /start", "< ¡Hola, Ana!"]
    path = tmp_path / "newcomer.es.txt"
    path.write_text("# header\n\n> /start\n< ¡Hola, Anita!\n", encoding="utf-8")

    with pytest.raises(pytest.fail.Exception) as failed:
        compare_or_write(path, "# header\n", chat, update=False)
    with pytest.warns(UserWarning, match="wrote"):
        compare_or_write(path, "# header\n", chat, update=True)

    assert "-< ¡Hola, Anita!\n+< ¡Hola, Ana!" in str(failed.value)
    assert path.read_text(encoding="utf-8") == "# header\n\n> /start\n< ¡Hola, Ana!\n"
    compare_or_write(path, "# header\n", chat, update=False)  # the same words pass

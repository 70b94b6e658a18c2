"""The intake stores each update before Telegram forgets it and processes it once, in order per chat."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot import connections
from bot.connections import POLLING, AiohttpRequest
from bot.intake import Intake, chat_of
from bot.runtime import running
from bot.sandbox import BotApiSandbox, SandboxClient
from market.enums import InboxStatus
from market.models import InboxUpdate
from market.services.messaging.inbox import Stored, store_update

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuv"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer with the text received; "boom" fails inside the handler, "wait" waits for the test's gate."""
    if update.message.text == "boom":
        raise RuntimeError("the handler failed")
    if update.message.text == "wait":
        await context.bot_data["gate"].wait()
    await update.message.reply_text(update.message.text)


async def apologize(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(update.effective_chat.id, "sorry")


def echo_application(sandbox: BotApiSandbox, polling: AiohttpRequest | None = None) -> Application:
    """A small bot of our own, so that these tests watch the intake and not Feria's handlers; with `polling`, its
    getUpdates go through that request of Feria's, which keeps what Telegram answered (bot.connections)."""
    builder = ApplicationBuilder().token(TOKEN).base_url(sandbox.api_url).base_file_url(sandbox.file_url)
    if polling is not None:
        builder = builder.get_updates_request(polling)
    application = builder.updater(None).build()
    if polling is not None:
        application.bot_data[POLLING] = polling
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_error_handler(apologize)
    return application


@pytest.fixture
def client(sandbox) -> SandboxClient:
    return SandboxClient(sandbox, TOKEN)


@asynccontextmanager
async def intake_running(sandbox, *, polling=True, gate=None, **options) -> AsyncIterator[Intake]:
    """An intake with short long polls; the processor re-checks the table only when a test asks."""
    application = echo_application(sandbox)
    application.bot_data["gate"] = gate
    intake = Intake(application, **{"poll_timeout": 0.5, "recheck_every": 60, "first_backoff": 0.01, **options})
    async with running(application):
        intake.start(polling=polling)
        yield intake
        await intake.stop()


async def inbox_row(client: SandboxClient, update_id: int, status: InboxStatus) -> InboxUpdate:
    """The inbox row once it reaches `status` (re-checked at every change in the sandbox)."""
    async def reached():
        row = await InboxUpdate.get_or_none(update_id=update_id)
        return row if row and row.status == status else None

    for _ in range(200):
        if row := await reached():
            return row
        await client.world.changed.wait(0.05)
    raise AssertionError(f"update {update_id} never became {status}")


async def test_a_polled_message_is_stored_then_answered_once(db, sandbox, client):
    ana = client.person(777, "Ana")

    async with intake_running(sandbox):
        await ana.says("hola")
        reply = await ana.receives()
        row = await inbox_row(client, 1, InboxStatus.DONE)

    assert reply.text == "hola"
    assert [m.text for m in ana.messages] == ["hola"]
    assert (row.attempts, row.payload) == (1, {})  # processed: what Ana wrote is not kept


async def test_a_polled_update_is_stored_as_telegram_sent_it_not_rebuilt_from_ptbs_objects(
        db, sandbox, client, monkeypatch):
    ana = client.person(777, "Ana")
    sent: dict[int, dict] = {}
    polling = connections.request(1, keeps_results=True)

    def rebuilt(update: Update) -> dict:
        raise AssertionError("an update polled through Feria's request was turned back into a dict")

    monkeypatch.setattr(Update, "to_dict", rebuilt)
    application = echo_application(sandbox, polling)
    intake = Intake(application, poll_timeout=0.5, recheck_every=60,
                    after_store=lambda update_id: sent.update({u["update_id"]: u for u in client.bot.updates}))
    async with running(application):
        intake.start(polling=True, processing=False)
        await ana.says("hola")
        row = await inbox_row(client, 1, InboxStatus.PENDING)
        await intake.stop()

    assert row.payload == sent[1] and row.payload["message"]["text"] == "hola"


async def test_polling_stores_an_update_before_asking_telegram_for_the_next_one(db, sandbox, client):
    ana = client.person(777, "Ana")
    unacknowledged_at_store: dict[int, list[int]] = {}

    def after_store(update_id: int) -> None:
        unacknowledged_at_store[update_id] = [u["update_id"] for u in client.bot.updates]

    async with intake_running(sandbox, after_store=after_store):
        await ana.says("hola")
        await ana.receives()
        await client.wait_until(lambda: not client.bot.updates or None, 3, lambda: "never acknowledged")

    assert unacknowledged_at_store == {1: [1]}


async def test_after_a_restart_polling_resumes_after_the_last_stored_update(db, sandbox, client):
    ana = client.person(777, "Ana")
    for text in ("uno", "dos", "tres"):
        await ana.says(text)
    # The previous run stored (and processed) the first two; Telegram still holds all three.
    for update in client.bot.updates[:2]:
        await store_update(update["update_id"], update, chat_id=chat_of(update))
    await InboxUpdate.all().update(status=InboxStatus.DONE)

    async with intake_running(sandbox):
        reply = await ana.receives()
        await inbox_row(client, 3, InboxStatus.DONE)

    assert reply.text == "tres"
    assert [m.text for m in ana.messages] == ["tres"]
    assert client.bot.updates == []


async def test_polling_outlives_network_errors_and_a_conflict_and_says_so(db, sandbox, client, caplog):
    ana = client.person(777, "Ana")
    sandbox.faults.fail_next("getUpdates", 502)
    sandbox.faults.fail_next("getUpdates", 409, description="Conflict: terminated by other getUpdates request")

    with caplog.at_level(logging.WARNING, logger="bot.intake"):
        async with intake_running(sandbox):
            await ana.says("hola")
            reply = await ana.receives()

    assert reply.text == "hola"
    assert any("conflict (409)" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    assert any("polling failed (NetworkError" in r.getMessage() for r in caplog.records)


async def test_a_handler_error_goes_to_the_error_handler_and_the_update_is_done(db, sandbox, client):
    ana = client.person(777, "Ana")

    async with intake_running(sandbox):
        await ana.says("boom")
        reply = await ana.receives()
        row = await inbox_row(client, 1, InboxStatus.DONE)

    assert reply.text == "sorry"
    assert row.attempts == 1


async def test_an_update_that_cannot_be_read_fails_at_once_and_others_go_on(db, sandbox, client, caplog):
    ana = client.person(777, "Ana")
    await ana.says("hola")
    hola = client.bot.updates[0]

    with caplog.at_level(logging.ERROR, logger="bot.intake"):
        async with intake_running(sandbox, polling=False, max_attempts=2, retry_delay=0) as intake:
            await intake.store({"update_id": 1000, "message": "not a message"})
            await intake.store(hola)
            reply = await ana.receives()
            failed = await inbox_row(client, 1000, InboxStatus.FAILED)

    assert reply.text == "hola"
    assert failed.attempts == 1  # retrying cannot make it readable, and would hold Ana's chat back
    assert "AttributeError" in failed.error
    assert any("update 1000 cannot be read" in r.getMessage() for r in caplog.records)


async def test_a_stored_update_wakes_the_processor_at_once(db, sandbox, client):
    ana = client.person(777, "Ana")
    await ana.says("uno")
    await ana.says("dos")
    uno, dos = client.bot.updates

    # The processor re-checks the table only every 60 s: each reply comes because store() woke it.
    async with intake_running(sandbox, polling=False, recheck_every=60) as intake:
        await intake.store(uno)
        await ana.receives()
        await inbox_row(client, 1, InboxStatus.DONE)
        stored = await intake.store(dos)
        again = await intake.store(dos)
        reply = await ana.receives()

    assert (stored, again) == (Stored.KEPT, Stored.REPEATED)
    assert reply.text == "dos"


async def test_two_processors_on_one_inbox_answer_each_update_once(db, sandbox, client):
    people = [client.person(700 + n, f"P{n}") for n in range(6)]
    for person in people:
        for n in range(4):
            await person.says(f"{person.id}-{n}")

    async with intake_running(sandbox, recheck_every=0.01), intake_running(sandbox, polling=False, recheck_every=0.01):
        for person in people:
            await person.receives_many(4, timeout=10)

    for person in people:
        assert [m.text for m in person.messages] == [f"{person.id}-{n}" for n in range(4)]
    assert await InboxUpdate.filter(status=InboxStatus.DONE, attempts=1).count() == 24


async def test_a_second_processor_skips_a_chat_whose_earlier_update_is_still_processing(db, sandbox, client):
    ana, bea = client.person(777, "Ana"), client.person(778, "Bea")
    gate = asyncio.Event()
    await ana.says("wait")
    await ana.says("after")
    await bea.says("ping")
    wait, after, ping = client.bot.updates

    async with intake_running(sandbox, polling=False, gate=gate) as first:
        await first.store(wait)
        await inbox_row(client, wait["update_id"], InboxStatus.PROCESSING)
        async with intake_running(sandbox, polling=False, gate=gate) as second:
            await second.store(after)
            await second.store(ping)
            # The second processor takes updates oldest first: answering Bea means it passed Ana's.
            await bea.receives()
            ana_while_waiting = [m.text for m in ana.messages]
            gate.set()
            await ana.receives_many(2)

    assert ana_while_waiting == []
    assert [m.text for m in ana.messages] == ["wait", "after"]


@pytest.mark.parametrize("payload, chat", [
    ({"update_id": 1, "message": {"chat": {"id": 7}, "from": {"id": 9}}}, 7),
    ({"update_id": 1, "callback_query": {"from": {"id": 9}, "message": {"chat": {"id": -5}}}}, -5),
    ({"update_id": 1, "inline_query": {"from": {"id": 9}, "query": "papa"}}, 9),
    ({"update_id": 1, "poll": {"id": "p1", "question": "?"}}, None),
])
def test_an_update_keeps_its_order_within_its_chat_else_its_person(payload, chat):
    assert chat_of(payload) == chat

"""The dispatcher delivers the outbox through the sandbox Bot API, within Telegram's limits, losing nothing."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp import web
from telegram import Bot
from tortoise.context import TortoiseContext

from bot import connections
from bot.application import SANDBOX_TOKEN
from bot.outbox import OUTBOX, Dispatcher, Document, OwedMessage, Rendered, outbox_context
from bot.sandbox import SANDBOX_KEY, BotApiSandbox, FloodLimits, SandboxClient
from bot.sandbox.media import store_photo
from market.clock import timestamp
from market.db import tortoise_config
from market.enums import NotificationStatus
from market.models import ChatState, Notification
from market.services.messaging.notifications import claim_due_notifications, enqueue_notification, mark_chat_reachable
from tests.bot.sandbox.conftest import TOKEN, FakeClock
from tests.bot.sandbox.images import PNG_2x3
from tests.support.databases import engine

SENT, BLOCKED, FAILED = NotificationStatus.SENT, NotificationStatus.BLOCKED, NotificationStatus.FAILED


async def render(owed: OwedMessage, bot=None) -> Rendered | None:
    """Test templates: "text" says params["text"], "gone" has nothing left to say, "photo" shows one, "document"
    sends a file."""
    if owed.template == "gone":
        return None
    if owed.template == "photo":
        return Rendered(text=owed.params["text"], photo=owed.params["file_id"])
    if owed.template == "document":  # made afresh at every attempt, as a receipt's PDF is
        return Rendered(text=owed.params["text"], document=Document("recibo-K7MP9.pdf", b"%PDF-1.3 receipt"))
    return Rendered(text=owed.params["text"])


@pytest.fixture(autouse=True)
def retry_after_as_timedelta(monkeypatch):
    """PTB 22 warns when it reads RetryAfter.retry_after as an int; its timedelta form is the future one."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def clock() -> FakeClock:
    """The sandbox's and the dispatcher's clock; it starts now, so that database times line up."""
    return FakeClock(timestamp())


@pytest.fixture
async def sandbox(clock) -> AsyncIterator[BotApiSandbox]:
    sandbox = BotApiSandbox(limits=FloodLimits(), clock=clock)  # Telegram's flood limits, on
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def bot(sandbox) -> AsyncIterator[Bot]:
    bot = Bot(TOKEN, base_url=sandbox.api_url, base_file_url=sandbox.file_url,
              request=connections.request(256), get_updates_request=connections.request(1))
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
def client(sandbox) -> SandboxClient:
    return SandboxClient(sandbox, TOKEN)


def fake_time(clock: FakeClock) -> dict:
    """Dispatcher options that pace, sleep and date on the fake clock (sleeping moves it on)."""

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    return dict(clock=clock, sleep=sleep, now=lambda: datetime.fromtimestamp(clock(), timezone.utc))


@pytest.fixture
def dispatcher(db, bot, settings, clock) -> Dispatcher:
    return Dispatcher(bot, render, settings, **fake_time(clock))


async def owe(clock: FakeClock, chat_id: int, text: str, *, template: str = "text", later: float = 0.0, **params):
    await enqueue_notification(
        chat_id=chat_id, template=template, params={"text": text, **params},
        not_before=datetime.fromtimestamp(clock() + later, timezone.utc),
    )


async def anything_owed() -> bool:
    return await Notification.filter(status__in=(NotificationStatus.PENDING, NotificationStatus.SENDING)).exists()


async def deliver_all(dispatcher: Dispatcher, clock: FakeClock, rounds: int = 400) -> None:
    """Run rounds until nothing is left to send, half a (fake) second apart."""
    for _ in range(rounds):
        await dispatcher.dispatch_once()
        if not await anything_owed():
            return
        clock.advance(0.5)
    raise AssertionError("the outbox still holds notifications")


def texts(client: SandboxClient, chat_id: int) -> list[str]:
    return [m.text or m.caption for m in client.sent_to(chat_id)]


async def statuses() -> list[NotificationStatus]:
    return await Notification.all().order_by("id").values_list("status", flat=True)


async def test_a_burst_to_one_private_chat_arrives_in_order_without_a_single_429(
    dispatcher, client, sandbox, clock
):
    ana = client.person(777, "Ana")
    for n in range(6):
        await owe(clock, ana.chat_id, f"aviso {n}")

    await deliver_all(dispatcher, clock)

    assert texts(client, ana.chat_id) == [f"aviso {n}" for n in range(6)]
    assert sandbox.stats.rate_limited == 0
    assert await statuses() == [SENT] * 6


async def test_a_fan_out_to_many_chats_and_a_group_keeps_every_limit(dispatcher, client, sandbox, clock):
    people = [client.person(1000 + n, f"P{n}") for n in range(45)]
    group = client.group("Grupo de compras El Alto")
    for n in range(22):
        await owe(clock, group, f"ronda {n}")
    for person in people:
        await owe(clock, person.chat_id, "hay tomate")
        await owe(clock, person.chat_id, "y papa")

    await deliver_all(dispatcher, clock)

    assert sandbox.stats.rate_limited == 0
    assert texts(client, group) == [f"ronda {n}" for n in range(22)]
    assert all(texts(client, person.chat_id) == ["hay tomate", "y papa"] for person in people)


async def test_lower_priority_goes_first_across_chats(db, bot, settings, client, clock):
    dispatcher = Dispatcher(bot, render, settings, batch=1, **fake_time(clock))
    for user_id, priority in ((1, 9), (2, 1), (3, 5)):
        client.person(user_id, f"P{user_id}")
        await enqueue_notification(chat_id=user_id, template="text", params={"text": "hola"}, priority=priority,
                                   not_before=datetime.fromtimestamp(clock(), timezone.utc))

    reached = []
    for _ in range(3):
        await dispatcher.dispatch_once()
        reached += [chat_id for chat_id in (1, 2, 3) if chat_id not in reached and client.sent_to(chat_id)]

    assert reached == [2, 3, 1]


async def test_telegram_asking_to_wait_is_obeyed_and_the_message_still_arrives(dispatcher, client, sandbox, clock):
    ana = client.person(777, "Ana")
    start = clock()
    await owe(clock, ana.chat_id, "tu pedido está listo")
    sandbox.faults.fail_next("sendMessage", 429, retry_after=7)

    sent_at_once = await dispatcher.dispatch_once()
    await deliver_all(dispatcher, clock)

    [message] = client.sent_to(ana.chat_id)
    assert sent_at_once == 0
    assert message.raw["date"] >= int(start + 7)
    assert sandbox.errors[429] == 1  # the one Telegram sent: the retry waited
    stored = await Notification.get()
    assert (stored.status, stored.attempts) == (SENT, 0)


async def test_a_network_error_is_retried_after_a_pause_then_delivered_once(dispatcher, client, sandbox, clock):
    ana = client.person(777, "Ana")
    await owe(clock, ana.chat_id, "confirmado")
    sandbox.faults.drop_next("sendMessage")
    sandbox.faults.fail_next("sendMessage", 502)

    await deliver_all(dispatcher, clock)

    assert texts(client, ana.chat_id) == ["confirmado"]
    stored = await Notification.get()
    assert (stored.status, stored.attempts) == (SENT, 2)
    assert "Bad Gateway" in stored.last_error


async def test_a_message_that_keeps_failing_is_given_up_after_its_attempts_and_logged(
    db, bot, settings, client, sandbox, clock, caplog
):
    dispatcher = Dispatcher(bot, render, dataclasses.replace(settings, outbox_max_attempts=3), **fake_time(clock))
    ana, beto = client.person(777, "Ana"), client.person(778, "Beto")
    await owe(clock, ana.chat_id, "perdido")
    sandbox.faults.fail_next("sendMessage", 503, times=3)

    await deliver_all(dispatcher, clock)
    await owe(clock, beto.chat_id, "llega")
    await deliver_all(dispatcher, clock)

    failed = await Notification.get(chat_id=ana.chat_id)
    assert (failed.status, failed.attempts, failed.last_error) == (FAILED, 3, "NetworkError: Service Unavailable")
    assert f"notification {failed.id} failed" in caplog.text and "777" not in caplog.text  # no Telegram id
    assert texts(client, ana.chat_id) == []
    assert texts(client, beto.chat_id) == ["llega"]


async def test_a_message_telegram_refuses_for_good_fails_without_retrying(dispatcher, client, sandbox, clock):
    ana = client.person(777, "Ana")
    await owe(clock, ana.chat_id, "x" * 5000)  # longer than Telegram takes: 400, and so it stays

    await deliver_all(dispatcher, clock)

    failed = await Notification.get()
    assert (failed.status, failed.attempts, failed.last_error) == (FAILED, 1, "BadRequest: Message is too long")
    assert sandbox.errors[400] == 1


async def test_a_person_who_never_started_the_bot_is_one_info_line_and_their_chat_waits_for_them(
    dispatcher, client, clock, caplog
):
    # 999 999 never wrote to the bot: Telegram knows no chat with them (400 chat not found), as offline with
    # the demo's people, who are in the database but have not opened the chat page.
    for text in ("uno", "dos", "tres"):
        await owe(clock, 999_999, text)

    with caplog.at_level("INFO", logger="bot.outbox"):
        await deliver_all(dispatcher, clock)

    statuses = await Notification.filter(chat_id=999_999).values_list("status", flat=True)
    assert statuses == [BLOCKED, BLOCKED, BLOCKED]
    assert (await ChatState.get(chat_id=999_999)).blocked_at is not None
    lines = [r for r in caplog.records if "sends the outbox now" not in r.getMessage()]
    assert [(r.levelname, "cannot be reached" in r.getMessage()) for r in lines] == [("INFO", True)]
    assert "999999" not in caplog.text  # no Telegram id in the log


async def test_a_chat_that_blocked_the_bot_is_marked_and_skipped_while_others_get_theirs(
    dispatcher, client, sandbox, clock
):
    ana, beto = client.person(777, "Ana"), client.person(778, "Beto")
    ana.blocks_bot()
    for text in ("uno", "dos"):
        await owe(clock, ana.chat_id, text)
        await owe(clock, beto.chat_id, text)

    await deliver_all(dispatcher, clock)

    assert texts(client, beto.chat_id) == ["uno", "dos"]
    assert texts(client, ana.chat_id) == []
    assert sandbox.errors[403] == 1  # her second notice was skipped without asking Telegram
    assert (await ChatState.get(chat_id=ana.chat_id)).blocked_at is not None
    assert await Notification.filter(chat_id=ana.chat_id).values_list("status", flat=True) == [BLOCKED, BLOCKED]


async def test_a_person_who_writes_again_gets_notifications_again(dispatcher, client, clock):
    ana = client.person(777, "Ana")
    ana.blocks_bot()
    await owe(clock, ana.chat_id, "perdido")
    await deliver_all(dispatcher, clock)

    ana.unblocks_bot()
    assert await mark_chat_reachable(ana.chat_id)
    await owe(clock, ana.chat_id, "de vuelta")
    await deliver_all(dispatcher, clock)

    assert texts(client, ana.chat_id) == ["de vuelta"]


async def test_a_claim_left_by_a_dead_dispatcher_is_sent_by_another_once_its_lease_lapses(
    dispatcher, client, clock
):
    ana = client.person(777, "Ana")
    await owe(clock, ana.chat_id, "tu pedido")
    await owe(clock, ana.chat_id, "y otro")
    now = datetime.fromtimestamp(clock(), timezone.utc)
    # Another dispatcher claims the first notice, then its process dies before sending it.
    await claim_due_notifications(limit=10, lease=timedelta(seconds=60), now=now)

    during_lease = await dispatcher.dispatch_once()
    clock.advance(61)
    await deliver_all(dispatcher, clock)

    assert during_lease == 0  # the chat waits: its first notice might be on its way
    assert texts(client, ana.chat_id) == ["tu pedido", "y otro"]


async def test_a_reminder_waits_for_its_time(dispatcher, client, clock):
    ana = client.person(777, "Ana")
    await owe(clock, ana.chat_id, "la ronda cierra mañana", later=3600)

    early = [await dispatcher.dispatch_once() for _ in range(2)]
    clock.advance(3600)
    on_time = await dispatcher.dispatch_once()

    assert (early, on_time) == ([0, 0], 1)
    assert texts(client, ana.chat_id) == ["la ronda cierra mañana"]


async def test_nothing_left_to_say_is_done_without_a_message_and_a_render_error_is_retried(
    db, bot, settings, client, clock
):
    calls = []

    async def flaky(owed: OwedMessage, bot=None) -> Rendered | None:
        calls.append(owed.template)
        if owed.template == "text" and calls.count("text") == 1:
            raise LookupError("the order moved")
        return await render(owed)

    dispatcher = Dispatcher(bot, flaky, settings, **fake_time(clock))
    ana = client.person(777, "Ana")
    await owe(clock, ana.chat_id, "cancelado", template="gone")
    await owe(clock, ana.chat_id, "listo")

    await deliver_all(dispatcher, clock)

    gone, retried = await Notification.all().order_by("id")
    assert texts(client, ana.chat_id) == ["listo"]
    assert (gone.status, gone.sent_at) == (SENT, None)
    assert (retried.status, retried.attempts) == (SENT, 1)
    assert retried.last_error == "render: LookupError: the order moved"


async def test_a_notification_with_a_photo_shows_its_text_as_caption(dispatcher, client, sandbox, clock):
    ana = client.person(777, "Ana")
    photo = store_photo(sandbox.world, client.bot.id, PNG_2x3)[-1]["file_id"]
    await owe(clock, ana.chat_id, "Tomate de Achocalla", template="photo", file_id=photo)

    await deliver_all(dispatcher, clock)

    [message] = client.sent_to(ana.chat_id)
    assert message.caption == "Tomate de Achocalla" and message.photo


async def test_a_document_is_uploaded_once_after_a_network_error_and_skipped_for_a_chat_that_blocked_the_bot(
    dispatcher, client, sandbox, clock
):
    ana, beto = client.person(777, "Ana"), client.person(778, "Beto")
    beto.blocks_bot()
    for person in (ana, beto):
        await owe(clock, person.chat_id, "🧾 Tu recibo", template="document")
    sandbox.faults.fail_next("sendDocument", 502)

    await deliver_all(dispatcher, clock)

    [message] = client.sent_to(ana.chat_id)
    assert message.caption == "🧾 Tu recibo" and message.document["file_name"] == "recibo-K7MP9.pdf"
    assert client.download(message.document["file_id"]) == b"%PDF-1.3 receipt"
    assert client.sent_to(beto.chat_id) == []
    statuses = await Notification.all().order_by("chat_id").values_list("status", "attempts")
    assert statuses == [(SENT, 1), (BLOCKED, 0)]


async def test_running_it_sends_as_soon_as_it_is_woken_and_stops_cleanly(db, bot, settings, client):
    # Real time here: the poll interval is long, so only wake() can explain a prompt delivery.
    dispatcher = Dispatcher(bot, render, dataclasses.replace(settings, outbox_poll_interval=60))
    ana = client.person(777, "Ana")
    running = asyncio.create_task(dispatcher.run())
    await asyncio.sleep(0.05)

    await enqueue_notification(chat_id=ana.chat_id, template="text", params={"text": "pedido nuevo"})
    dispatcher.wake()
    received = await ana.receives()
    await dispatcher.stop()

    assert received.text == "pedido nuevo"
    assert running.done()


async def test_stopping_during_a_long_pacing_wait_returns_at_once_and_sends_nothing_more(db, bot, settings, client):
    # Real time: a private chat gets one message every 31.5 s, and the outbox is looked at at least every 120 s.
    slow = dataclasses.replace(settings, outbox_private_chat_interval=30, outbox_poll_interval=120)
    pacing_waits: list[float] = []
    waiting = asyncio.Event()

    async def sleep(seconds: float) -> None:
        pacing_waits.append(seconds)
        waiting.set()
        await asyncio.sleep(seconds)

    dispatcher = Dispatcher(bot, render, slow, sleep=sleep)
    ana = client.person(777, "Ana")
    for text in ("primero", "segundo"):
        await enqueue_notification(chat_id=ana.chat_id, template="text", params={"text": text})
    running = asyncio.create_task(dispatcher.run())
    first = await ana.receives()
    await asyncio.wait_for(waiting.wait(), 10)  # the second is claimed and waits for its chat's slot

    started = time.monotonic()
    await asyncio.wait_for(dispatcher.stop(), 10)
    stopped_in = time.monotonic() - started
    await asyncio.sleep(0.2)  # time for a send that should not happen

    assert first.text == "primero" and pacing_waits[0] > 30
    assert stopped_in < 1 and running.done()
    assert texts(client, ana.chat_id) == ["primero"]
    assert await statuses() == [SENT, NotificationStatus.PENDING]  # given back, to go after a restart


async def test_a_database_that_stops_answering_holds_a_shutdown_only_for_the_grace_and_the_claim_stays_to_lapse(
    db, bot, settings, client, monkeypatch
):
    # Real time. The message goes out, but its record never comes back (a database that stopped answering): stop()
    # gives up after the grace, as SIGTERM must, and leaves the claim to lapse as after a crash.
    never: list[str] = []

    async def unanswered(*args, **kwargs):
        try:
            await asyncio.Event().wait()
        finally:
            never.append("cancelled")

    class Lock:
        async def hold(self) -> bool:
            return True

        async def release(self) -> None:
            await unanswered()

    monkeypatch.setattr("bot.outbox.dispatcher.mark_all_sent", unanswered)
    dispatcher = Dispatcher(bot, render, settings, lock=Lock(), shutdown_grace=0.2)  # type: ignore[arg-type]
    ana = client.person(777, "Ana")
    await enqueue_notification(chat_id=ana.chat_id, template="text", params={"text": "pedido nuevo"})
    running = asyncio.create_task(dispatcher.run())
    assert (await ana.receives()).text == "pedido nuevo"

    await asyncio.wait_for(dispatcher.stop(), 10)

    assert running.done() and running.exception() is None
    assert never == ["cancelled", "cancelled"], "the record and the lock's release were both given up"
    assert await statuses() == [NotificationStatus.SENDING], "still claimed: its lease lapses, as after a crash"


async def test_the_outbox_context_runs_a_dispatcher_for_the_apps_lifetime(db, settings, sandbox):
    app = web.Application()
    app[SANDBOX_KEY] = sandbox
    app.cleanup_ctx.append(outbox_context(settings, render))
    runner = web.AppRunner(app)
    ana = SandboxClient(sandbox, SANDBOX_TOKEN).person(777, "Ana")  # without a token it is the sandbox's bot
    await runner.setup()
    try:
        await enqueue_notification(chat_id=ana.chat_id, template="text", params={"text": "hola"})
        app[OUTBOX].wake()
        received = await ana.receives()
    finally:
        await runner.cleanup()

    assert received.text == "hola"


@pytest.mark.postgres_only
@pytest.mark.skipif(engine() != "postgres", reason="needs PostgreSQL: two processes share its outbox")
async def test_two_dispatchers_on_postgresql_share_the_outbox_within_the_limits_sending_nothing_twice(
    db, database_url, bot, settings, client, sandbox, clock
):
    # The second dispatcher has its own tortoise context, pool and sender lock, as in another process.
    elsewhere = TortoiseContext()
    await elsewhere.init(config=tortoise_config(database_url))
    people = [client.person(1000 + n, f"P{n}") for n in range(8)]
    group = client.group("Grupo de compras El Alto")
    for n in range(5):
        for chat_id in [person.chat_id for person in people] + [group]:
            await owe(clock, chat_id, f"aviso {n}")
    sent_by: dict[str, int] = {}

    async def keep_sending(name: str, context: TortoiseContext | None) -> None:
        dispatcher = Dispatcher(bot, render, settings, **fake_time(clock))
        sent_by[name] = 0
        with context or contextlib.nullcontext():
            while await anything_owed():
                sent = await dispatcher.dispatch_once()
                sent_by[name] += sent
                if not sent:
                    clock.advance(0.25)
                # Let the other one take the sender lock now and then.
                await asyncio.sleep(0.01 if sent else 0.001)

    try:
        both = asyncio.gather(keep_sending("here", None), keep_sending("elsewhere", elsewhere))
        await asyncio.wait_for(both, 60)
    finally:
        await elsewhere.close_connections()

    assert sandbox.stats.rate_limited == 0
    assert all(texts(client, chat_id) == [f"aviso {n}" for n in range(5)]
               for chat_id in [person.chat_id for person in people] + [group])
    assert sent_by["here"] > 0 and sent_by["elsewhere"] > 0
    assert sent_by["here"] + sent_by["elsewhere"] == 45

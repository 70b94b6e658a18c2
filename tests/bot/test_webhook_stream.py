"""A stream of malformed updates through the webhook: never a 500, never a change to the database.

The served bot in webhook mode, with the demo network, gets about two hundred bodies POSTed with
the right secret: bodies that are not updates at all (refused with 400, nothing stored), and
updates that are well-formed JSON with an integer update_id but whose content is broken,
unknown or of a kind the bot does not serve (stored, then processed into nothing). The person
in them is Ana, already known with the same name and language, so that registering her on
contact changes nothing either: what a well-formed update of a new person may change (their
Person row) is the flow tests' business, not this stream's.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import aiohttp
import pytest
from tortoise.models import Model

from bot.runtime import SECRET_HEADER
from market import models
from market.enums import InboxStatus
from market.models import InboxUpdate
from tests.bot.flows import conftest as flows
from tests.bot.test_fault_tolerance import drained

retry_after_as_timedelta, people, feria_settings = flows.retry_after_as_timedelta, flows.people, flows.feria_settings
serving, feria, ana = flows.serving, flows.feria, flows.ana

# A text that parses as a message, odd or not ("hola" with unknown keys beside it, an edited
# message), is a search: it moves the chat's conversation (its last search) and a search that
# finds nothing is counted as demand. Neither is business data; every other table must stay.
CONVERSATION = {"ChatState", "SearchMiss"}
# A search asks the person's place once (market.services.people.place): that it asked is the conversation's too.
CONVERSATION_COLUMNS = {"Person": {"place_asked_at", "updated_at"}}
FIRST_ID = 10_000_000  # far above the sandbox's own update ids
BIG_TEXT = "ñ" * 100_000


@pytest.fixture
def mode() -> str:
    return "webhook"


def not_updates() -> list[bytes]:
    """Bodies the webhook must refuse with 400 before storing anything."""
    bodies: list[Any] = [
        [], [1, 2], [{"update_id": 1}], 0, 7, -1, 3.5, "update", None, True, {},
        {"message": {"text": "hola"}}, {"update_id": "7"}, {"update_id": 7.0}, {"update_id": None},
        {"update_id": True}, {"update_id": [7]}, {"update_id": 2**64}, {"update_id": {"id": 7}}, {"update_id": "９"},
    ]
    raw = [b"", b"{", b"{not json", b"\xff\xfe\x00", b"null", b"NaN", b'{"update_id": 1,}', b"[" * 50]
    return raw + [json.dumps(body).encode() for body in bodies]


def broken_updates(user: dict[str, Any], chat: dict[str, Any]) -> list[dict[str, Any]]:
    """Bodies with an integer update_id (so stored) and content that is broken, unknown or not served."""
    rng = random.Random(8)
    message = {"message_id": 1, "date": 1_767_225_600, "from": user, "chat": chat}
    shapes: list[dict[str, Any]] = [
        {},  # an update with nothing in it
        {"unknown_kind": {"x": 1}},
        {"message": None},
        {"message": {}},
        {"message": {"text": "hola"}},
        {"message": {**message, "chat": None, "text": "hola"}},
        {"message": {k: v for k, v in message.items() if k != "from"} | {"text": "/start"}},
        {"message": {k: v for k, v in message.items() if k != "chat"} | {"text": "/start"}},
        {"message": {**message, "text": None}},
        {"message": {**message, "text": 12}},
        {"message": {**message, "text": BIG_TEXT}},
        {"message": {**message, "text": "/start " + "x" * 5000}},
        {"message": {**message, "chat": {"id": "777", "type": "private"}, "text": "hola"}},
        {"message": {**message, "chat": {"id": 2**70, "type": "private"}, "text": "hola"}},
        {"message": {**message, "chat": {"id": -4_000_999_999, "type": "group", "title": "?"}, "text": "/link"}},
        {"message": {**message, "from": {"id": user["id"]}, "text": "hola"}},
        {"message": {**message, "from": None, "text": "hola"}},
        {"message": {**message, "entities": [{"type": "bot_command", "offset": 0, "length": 99}], "text": "/"}},
        {"message": {**message, "photo": [{"file_id": None}]}},
        {"message": {**message, "photo": "not a list"}},
        {"message": {**message, "reply_to_message": {"message_id": None}, "text": "2"}},
        {"message": {**message, "date": "yesterday", "text": "hola"}},
        {"message": {**message, "migrate_to_chat_id": "x"}},
        {"edited_message": {**message, "text": "editado"}},
        {"channel_post": {**message, "chat": {"id": -1_001_234, "type": "channel", "title": "c"}, "text": "hola"}},
        {"edited_channel_post": {**message, "text": "x"}},
        {"callback_query": None},
        {"callback_query": {"id": "1", "from": user, "chat_instance": "1", "data": None}},
        {"callback_query": {"id": "1", "from": user, "chat_instance": "1", "data": "garbage"}},
        {"callback_query": {"id": "1", "from": user, "chat_instance": "1", "message": {**message, "text": "x"},
                            "data": "\x00" * 64}},
        {"callback_query": {"id": "1", "from": user, "chat_instance": "1", "message": {**message, "text": "x"},
                            "data": "co|" + "9" * 60}},
        {"callback_query": {"id": "1", "from": None, "chat_instance": "1", "data": "x"}},
        {"my_chat_member": {"chat": chat, "from": user, "date": 0, "old_chat_member": None,
                            "new_chat_member": {"status": "nonsense"}}},
        {"my_chat_member": {"chat": None}},
        {"inline_query": {"id": "1", "from": user, "query": "café", "offset": ""}},
        {"poll": {"id": "1"}},
        {"message": {**message, "text": "hola", "nested": {"a": [None, {"b": None}]}}},
        {"message": {**message, "text": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")}},
    ]
    updates = []
    for n in range(172):
        shape = shapes[n % len(shapes)] if n < len(shapes) else rng.choice(shapes)
        if n >= len(shapes) and rng.random() < 0.3:
            shape = {**shape, rng.choice(["foo", "message_reaction", "business_message"]): rng.choice(
                [None, 0, "x", [], {"chat": None}])}
        updates.append({"update_id": FIRST_ID + n, **shape})
    # Odd but integer update ids: negative, zero, huge.
    updates += [{"update_id": i, "message": {"text": "x"}} for i in (-5, 0, 2**62)]
    return updates


async def snapshot() -> dict[str, list[str]]:
    """Every row of every table but the inbox and CONVERSATION, as text, sorted: what a change would show in."""
    tables = {}
    for name, model in sorted(vars(models).items()):
        if not (isinstance(model, type) and issubclass(model, Model)) or model is InboxUpdate:
            continue
        if name in CONVERSATION:
            continue
        rows = await model.all().values()
        skipped = CONVERSATION_COLUMNS.get(name, set())
        tables[name] = sorted(repr(sorted((k, v) for k, v in row.items() if k not in skipped)) for row in rows)
    return tables


async def post(session: aiohttp.ClientSession, url: str, secret: str, body: bytes) -> int:
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    async with session.post(url, data=body, headers=headers) as response:
        return response.status


async def test_a_stream_of_malformed_updates_gets_no_500_and_changes_nothing(feria, sandbox, people, ana):
    await ana.says("/start")
    await ana.receives(timeout=5)
    await drained(sandbox, people)
    before = await snapshot()
    webhook = people.bot.webhook
    chat = people.world.chats[ana.chat_id]
    broken = broken_updates(ana.user, chat)
    bodies = not_updates() + [json.dumps(u).encode() for u in broken]

    async with aiohttp.ClientSession() as session:
        statuses = [await post(session, webhook.url, webhook.secret_token, body) for body in bodies]
    stored = await drained_stream([u["update_id"] for u in broken])
    after = await snapshot()
    await ana.says("/pedidos")
    answer = await ana.receives(timeout=5)

    assert len(bodies) >= 200
    assert [s for s in statuses if s >= 500] == []
    assert statuses[:len(not_updates())] == [400] * len(not_updates())
    assert set(statuses[len(not_updates()):]) == {200}
    assert stored == {(InboxStatus.DONE, 1), (InboxStatus.FAILED, 1)}
    assert {k: v for k, v in after.items() if v != before[k]} == {}
    assert answer.text  # the bot still answers a normal person


async def drained_stream(update_ids: list[int]) -> set[tuple[InboxStatus, int]]:
    """Wait until the stream's updates are all stored and none is pending or processing.

    Returns the (status, attempts) pairs seen: an update is done, or failed at its first attempt
    (python-telegram-bot cannot read it); none goes round retries.
    """
    stream = InboxUpdate.filter(update_id__in=update_ids)
    for _ in range(400):
        rows = await stream.values_list("status", "attempts")
        if len(rows) >= len(update_ids) and not {InboxStatus.PENDING, InboxStatus.PROCESSING} & {s for s, _ in rows}:
            return set(rows)
        await asyncio.sleep(0.05)
    rows = await stream.exclude(status=InboxStatus.DONE).values("update_id", "status", "error")
    raise AssertionError(f"the stream did not settle: {rows}")

"""What a chat is waiting for (a typed quantity, a delivery note, a reason) and its draft values.

Kept in the database, so a bot stopped between two steps of a conversation continues it
when it starts again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.fields.data import JSON_DUMPS

from market import clock
from market.models import ChatState
from market.sql import Statement, json_value

# Every update of a conversation reads or writes these: written once (market.sql), not built by tortoise each time.
_READ = Statement(ChatState, 'SELECT "awaiting", "data" FROM "chat_state" WHERE "chat_id" = ?')
_ABANDON = Statement(ChatState, """
    UPDATE "chat_state" SET "awaiting" = NULL WHERE "chat_id" = ? AND "awaiting" IS NOT NULL RETURNING "chat_id"
""")
_WRITES: dict[tuple[bool, bool], Statement] = {}


@dataclass(frozen=True)
class ChatStateView:
    chat_id: int
    awaiting: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


async def get_chat_state(chat_id: int) -> ChatStateView:
    """What the chat awaits now; nothing when it has never waited for anything."""
    rows = await _READ.rows(chat_id)
    if not rows:
        return ChatStateView(chat_id)
    return ChatStateView(chat_id, rows[0]["awaiting"], json_value(rows[0]["data"]) or {})


async def set_awaiting(
    chat_id: int, awaiting: str | None, data: dict[str, Any] | None = None, *, person_id: int | None = None,
    reachable: bool = False,
) -> ChatStateView:
    """Make the chat wait for `awaiting` (None: for nothing), replacing its draft with `data`; `reachable` also
    marks it reachable again, as mark_chat_reachable does (the person started the bot), in the same statement.

    One statement: the chat's row is made the first time, changed after (two tasks making it at once both land).
    """
    await _write(person_id is not None, reachable).rows(
        chat_id, awaiting, JSON_DUMPS(data or {}), person_id, clock.now())
    return ChatStateView(chat_id, awaiting, data or {})


async def update_chat_data(chat_id: int, **changes: Any) -> ChatStateView:
    """Merge `changes` into the chat's draft, keeping what it awaits; nothing is written when nothing changes."""
    state = await get_chat_state(chat_id)
    data = {**state.data, **changes}
    if data == state.data and state != ChatStateView(chat_id):
        return state
    return await set_awaiting(chat_id, state.awaiting, data)


async def abandon_question(chat_id: int) -> bool:
    """Stop waiting for a typed answer; False when the chat waited for nothing. The draft stays: a button
    of the abandoned question pressed later still finds it, and the next question replaces it."""
    return bool(await _ABANDON.rows(chat_id))


def _write(person: bool, reachable: bool) -> Statement:
    """The upsert of a chat's question and draft; with `person`, its person too; `reachable`: not blocked any more."""
    statement = _WRITES.get((person, reachable))
    if statement is None:
        also = ', "person_id" = excluded."person_id"' if person else ""
        also += ', "blocked_at" = NULL' if reachable else ""
        statement = _WRITES[person, reachable] = Statement(ChatState, f"""
            INSERT INTO "chat_state" ("chat_id", "awaiting", "data", "person_id", "updated_at")
            VALUES (?, ?, ?, ?, ?{{at}})
            ON CONFLICT ("chat_id") DO UPDATE SET "awaiting" = excluded."awaiting", "data" = excluded."data"{also}
        """)
    return statement

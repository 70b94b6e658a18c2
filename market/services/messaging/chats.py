"""What a chat is waiting for (a typed quantity, a delivery note, a reason) and its draft values.

Kept in the database, so a bot stopped between two steps of a conversation continues it
when it starts again.

A turn of the bot (one update) may say what its chat awaited when it began (`known_this_turn`, from the statement
that read its sender): then reading the chat's state again costs nothing, and leaving a question nobody waits on
writes nothing. Each write here keeps that knowledge true. It holds for one turn only, in its task: a chat's updates
are handled one at a time (market.services.messaging.inbox), so nothing else changes the chat meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


# What the chat of the turn running in this task awaits, as far as this task knows (None: read it), its draft as
# JSON text: each reader gets its own draft to change, as from the database.
_KNOWN: ContextVar[tuple[int, str | None, str] | None] = ContextVar("chat state this turn", default=None)


@contextmanager
def known_this_turn(state: ChatStateView | None) -> Iterator[None]:
    """While the block runs (one turn), `state` is what its chat awaits, unless this module writes it again."""
    token = _KNOWN.set(None if state is None else (state.chat_id, state.awaiting, JSON_DUMPS(state.data)))
    try:
        yield
    finally:
        _KNOWN.reset(token)


def forget_known_chat_state() -> None:
    """Read the chat's state again from now on in this turn (its row was deleted elsewhere)."""
    _KNOWN.set(None)


def _known(chat_id: int) -> ChatStateView | None:
    known = _KNOWN.get()
    if known is None or known[0] != chat_id:
        return None
    return ChatStateView(chat_id, known[1], json_value(known[2]) or {})


def _keep(chat_id: int, awaiting: str | None, data: str) -> None:
    known = _KNOWN.get()
    if known is not None and known[0] == chat_id:
        _KNOWN.set((chat_id, awaiting, data))


async def get_chat_state(chat_id: int) -> ChatStateView:
    """What the chat awaits now; nothing when it has never waited for anything."""
    if (known := _known(chat_id)) is not None:
        return known
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
    text = JSON_DUMPS(data or {})
    await _write(person_id is not None, reachable).rows(chat_id, awaiting, text, person_id, clock.now())
    _keep(chat_id, awaiting, text)
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
    known = _KNOWN.get()
    if known is not None and known[0] == chat_id:
        if known[1] is None:
            return False
        _keep(chat_id, None, known[2])
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

"""What a chat is waiting for (a typed quantity, a delivery note, a reason) and its draft values.

Kept in the database, so a bot stopped between two steps of a conversation continues it
when it starts again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError

from market.models import ChatState


@dataclass(frozen=True)
class ChatStateView:
    chat_id: int
    awaiting: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


async def get_chat_state(chat_id: int) -> ChatStateView:
    """What the chat awaits now; nothing when it has never waited for anything."""
    row = await ChatState.get_or_none(chat_id=chat_id).values("awaiting", "data")
    if row is None:
        return ChatStateView(chat_id)
    return ChatStateView(chat_id, row["awaiting"], row["data"] or {})


async def set_awaiting(
    chat_id: int, awaiting: str | None, data: dict[str, Any] | None = None, *, person_id: int | None = None,
    reachable: bool = False,
) -> ChatStateView:
    """Make the chat wait for `awaiting` (None: for nothing), replacing its draft with `data`; `reachable` also
    marks it reachable again, as mark_chat_reachable does (the person started the bot), in the same statement."""
    values: dict[str, Any] = {"awaiting": awaiting, "data": data or {}}  # the row's columns, for update and create
    if person_id is not None:
        values["person_id"] = person_id
    if reachable:
        values["blocked_at"] = None
    if not await ChatState.filter(chat_id=chat_id).update(**values):
        try:
            await ChatState.create(chat_id=chat_id, **values)
        except IntegrityError:
            # Another task created the row between our update and create: update it.
            await ChatState.filter(chat_id=chat_id).update(**values)
    return ChatStateView(chat_id, awaiting, data or {})


async def update_chat_data(chat_id: int, **changes: Any) -> ChatStateView:
    """Merge `changes` into the chat's draft, keeping what it awaits."""
    state = await get_chat_state(chat_id)
    return await set_awaiting(chat_id, state.awaiting, {**state.data, **changes})


async def abandon_question(chat_id: int) -> bool:
    """Stop waiting for a typed answer; False when the chat waited for nothing. The draft stays: a button
    of the abandoned question pressed later still finds it, and the next question replaces it."""
    return bool(await ChatState.filter(chat_id=chat_id, awaiting__not_isnull=True).update(awaiting=None))

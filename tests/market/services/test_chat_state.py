"""A chat's question and draft: kept across updates, made once for a new chat, written only when they change."""

from __future__ import annotations

from market.models import ChatState
from market.services.messaging.chats import (
    ChatStateView,
    abandon_question,
    get_chat_state,
    set_awaiting,
    update_chat_data,
)
from tests.market.services.catalog_fixtures import count_queries


async def test_a_new_chat_is_made_by_its_first_question_and_changed_by_the_next(db):
    await set_awaiting(7, "quantity", {"offer": 3})
    await set_awaiting(7, "note", {"order": 9})

    assert await get_chat_state(7) == ChatStateView(7, "note", {"order": 9})
    assert await ChatState.filter(chat_id=7).count() == 1


async def test_a_draft_merged_keeps_the_question_and_writes_only_what_changed(db):
    await set_awaiting(7, "quantity", {"offer": 3, "back": ["page", 1]})

    with count_queries() as changed:
        await update_chat_data(7, back=["page", 2])
    with count_queries() as same:
        await update_chat_data(7, back=["page", 2])

    assert await get_chat_state(7) == ChatStateView(7, "quantity", {"offer": 3, "back": ["page", 2]})
    assert (changed.count, same.count) == (2, 1)


async def test_abandoning_a_question_keeps_the_draft_and_says_whether_there_was_one(db):
    await set_awaiting(7, "quantity", {"offer": 3})

    assert await abandon_question(7) is True
    assert await abandon_question(7) is False
    assert await abandon_question(8) is False
    assert await get_chat_state(7) == ChatStateView(7, None, {"offer": 3})

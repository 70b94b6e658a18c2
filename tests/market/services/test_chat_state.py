"""A chat's question and draft: kept across updates, made once for a new chat, written only when they change; within
one turn, known from the read of its sender and kept true by this module's writes."""

from __future__ import annotations

from market.models import ChatState
from market.services.messaging.chats import (
    ChatStateView,
    abandon_question,
    forget_known_chat_state,
    get_chat_state,
    known_this_turn,
    set_awaiting,
    update_chat_data,
)
from market.services.people.profile import register_person
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


async def test_a_turn_that_knows_its_chat_reads_it_for_nothing_and_leaves_no_question_for_nothing(db):
    await set_awaiting(7, None, {"back": ["page", 1]})
    await register_person(70, "Ana", None, "es")  # first sight makes her: the chat is read from the next update on
    person = await register_person(70, "Ana", None, "es", chat_id=7)

    with count_queries() as statements, known_this_turn(person.chat):
        first = await get_chat_state(7)
        left = await abandon_question(7)
        first.data["back"][1] = 99  # a handler changing the draft it was given, as round_setup does
        again = await get_chat_state(7)

    assert person.chat == again == ChatStateView(7, None, {"back": ["page", 1]})
    assert first.data == {"back": ["page", 99]}
    assert (left, statements.count) == (False, 0)


async def test_within_a_turn_each_write_keeps_what_is_known_true(db):
    await set_awaiting(7, "quantity", {"offer": 3})
    await register_person(70, "Ana", None, "es")
    person = await register_person(70, "Ana", None, "es", chat_id=7)

    with known_this_turn(person.chat):
        asked = await get_chat_state(7)
        await update_chat_data(7, back=["page", 2])
        merged = await get_chat_state(7)
        left = await abandon_question(7)
        after = await get_chat_state(7)
        await set_awaiting(7, "note", {"order": 9})
        with count_queries() as statements:
            noted = await get_chat_state(7)
            other = await get_chat_state(8)  # another chat is read
        await ChatState.filter(chat_id=7).delete()
        forget_known_chat_state()  # as erasing a person's data does
        erased = await get_chat_state(7)

    assert asked == ChatStateView(7, "quantity", {"offer": 3})
    assert merged == ChatStateView(7, "quantity", {"offer": 3, "back": ["page", 2]})
    assert (left, after) == (True, ChatStateView(7, None, {"offer": 3, "back": ["page", 2]}))
    assert (noted, other, statements.count) == (ChatStateView(7, "note", {"order": 9}), ChatStateView(8), 1)
    assert erased == ChatStateView(7)
    assert await get_chat_state(7) == ChatStateView(7)  # and outside the turn, the database's


async def test_the_sender_read_brings_a_chat_that_never_waited_as_waiting_for_nothing(db):
    first = await register_person(70, "Ana", None, "es", chat_id=7)  # made now: her chat is not read
    person = await register_person(70, "Ana", None, "es", chat_id=7)
    unasked = await register_person(70, "Ana", None, "es")

    assert (first.chat, person.chat, unasked.chat) == (None, ChatStateView(7), None)

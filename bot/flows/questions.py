"""No trap: what happens to a question the bot asked when the typed answer is refused, and its Cancel.

Every question is asked with `turn.ask`, which adds a ✖ Cancel; commands and menu buttons abandon it
(bot/flows/router.py). When an answer's handler refuses the text, `answer_refused` decides, for every
question alike:

| the refusal                                 | the text        | what happens                                    |
|---------------------------------------------|-----------------|-------------------------------------------------|
| not the kind of answer asked (`WRONG_KIND`) | digits, symbols | the refusal's words and Cancel; still asking    |
| not the kind of answer asked                | words, 1st time | "Search for «miel»?" (Search / Cancel); asking  |
| not the kind of answer asked                | words, 2nd time | the question is dropped; the words are a search |
| its subject ended (`ENDED`, or forbidden)   | any             | the question is dropped, the refusal said once  |
| anything else (too long, not enough stock)  | any             | the refusal's words and Cancel; still asking    |
"""

from __future__ import annotations

import logging

from bot.actions import Action
from bot.callbacks import Press
from bot.flows import catalog
from bot.flows.errors import refusal_text
from bot.flows.router import ROUTES, PressHandler, Routes
from bot.screens.menu import back_to_menu
from bot.turn import Screen, Turn
from market.errors import FeriaError
from market.logs import person_tag
from market.presentation.labels import N_
from market.refusals import Kind
from market.services.messaging.chats import ChatStateView, abandon_question, get_chat_state, update_chat_data

log = logging.getLogger(__name__)

# Refusals that say the text is not what was asked (a number, a day, a price): a word there is likely
# meant as something else.
WRONG_KIND = frozenset({
    "bad_quantity", "quantity_not_whole", "quantity_too_precise", "not_whole_units", "bad_price", "bad_rate",
    "bad_moment", "fund_rate_range", "margin_range", "family_size_invalid", "bad_amount", "bad_date",
})
# Refusals that say what the question was about has ended or gone: no answer can do anything now.
ENDED = frozenset({
    "round_closed", "round_settled", "round_not_found", "round_offer_not_found", "round_not_closed",
    "order_not_found", "order_not_refusable", "order_not_cancellable", "order_status_changed", "order_already_paid",
    "offer_not_found", "product_not_found", "organization_not_found", "group_not_found", "membership_not_found",
    "join_request_not_found", "join_already_decided", "already_decided", "decision_subject_not_found",
    "decision_not_found", "network_not_found", "alert_not_found", "payment_not_found", "producer_not_found",
    "register_entry_changed",
})
MISSED = "missed"  # the chat's draft key: [the question, the words typed to it once that answered nothing]
SEARCH_FOR = N_("🔎 Search for «{words}»?")
CANCELLED = N_("✖ Cancelled: I'm not waiting for an answer any more.")
CLOSED = N_("That question is closed already.")


def is_words(text: str) -> bool:
    """Letters and no digit: what a person types to look for something, not a number gone wrong.

    | text      | result |
    |-----------|--------|
    | "miel"    | True   |
    | "NaN"     | True   |
    | "1,5"     | False  |
    | "5 kg"    | False  |
    | "🍅🍫"    | False  |
    """
    return any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)


async def answer_refused(turn: Turn, text: str, state: ChatStateView, error: FeriaError) -> None:
    """An answer's handler refused `text`: keep asking, ask about it once, or let the question go."""
    log.info("refused: %s (person %s)", error.code, person_tag(turn.user_id, turn.context.bot.token))
    awaiting = state.awaiting or ""
    if error.kind is Kind.FORBIDDEN or error.code in ENDED:
        await abandon_question(turn.chat_id)
        await turn.send(Screen(refusal_text(turn, error), [back_to_menu(turn)]))
    elif error.code in WRONG_KIND and is_words(text) and _missed(state):
        # A second word: the person has moved on.
        routes: Routes = turn.context.bot_data[ROUTES]
        await abandon_question(turn.chat_id)
        await routes.other_text(turn, text, {})
    elif error.code in WRONG_KIND and is_words(text):
        await update_chat_data(turn.chat_id, **{MISSED: [awaiting, text[:100]]})
        question = turn._(SEARCH_FOR).format(words=text[:100])
        await turn.send(Screen(f"{question}\n{refusal_text(turn, error)}", [
            [turn.button(turn._("🔎 Search"), Action.QUESTION_SEARCH, awaiting), turn.cancel_button(awaiting)]]))
    else:
        await turn.send(Screen(refusal_text(turn, error), [[turn.cancel_button(awaiting)]]))


def _missed(state: ChatStateView) -> str | None:
    """The words typed once to the question the chat awaits now (a draft carried into the next question
    may hold an earlier question's)."""
    missed = state.data.get(MISSED)
    return missed[1] if isinstance(missed, list) and len(missed) == 2 and missed[0] == state.awaiting else None


async def cancel_pressed(turn: Turn, press: Press) -> None:
    """✖ Cancel under a question: stop waiting, if it is still the question waited on."""
    if (await get_chat_state(turn.chat_id)).awaiting != press.args[0]:
        await turn.toast(turn._(CLOSED))
        return
    await abandon_question(turn.chat_id)
    await turn.show(Screen(turn._(CANCELLED), [back_to_menu(turn)]))


async def search_pressed(turn: Turn, press: Press) -> None:
    """🔎 Search under "Search for «miel»?": drop the question and search the words typed."""
    state = await get_chat_state(turn.chat_id)
    words = _missed(state)
    if state.awaiting != press.args[0] or words is None:
        await turn.toast(turn._(CLOSED))
        return
    await abandon_question(turn.chat_id)
    await catalog.search(turn, words, {})


# What this flow's buttons run: bot/application.py registers this table.
PRESSES: dict[Action, PressHandler] = {
    Action.QUESTION_CANCEL: cancel_pressed,
    Action.QUESTION_SEARCH: search_pressed,
}

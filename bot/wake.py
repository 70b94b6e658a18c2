"""Tell this process's outbox dispatcher that a change owes messages (it also polls, so this is only speed)."""

from __future__ import annotations

from telegram.ext import ContextTypes

DISPATCHER = "outbox_dispatcher"


def wake_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    dispatcher = context.bot_data.get(DISPATCHER)
    if dispatcher is not None:
        dispatcher.wake()

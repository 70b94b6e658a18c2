"""The outbox's notices of the member register (bot/notices.py renders them): the yearly reminder to check one's
entry, and what an admin wrote in it. Each is read when sent: one that no longer applies (the entry updated, or
changed again since) renders as None, and nothing is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.screens import register as screens
from bot.turn import Screen
from market.services.organizations.register_by_admin import get_written_notice
from market.services.organizations.register_notices import get_register_reminder

if TYPE_CHECKING:  # bot.notices imports this module for its table
    from bot.notices import Recipient


async def _reminder(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To a member whose register entry is a year old (or missing); nothing once they updated it or left."""
    reminder = await get_register_reminder(params["member_id"])
    return None if reminder is None else screens.reminder_notice(to.voice, reminder)


async def _written(to: Recipient, params: dict[str, Any], template: str) -> Screen | None:
    """To a member whose entry an admin wrote: what it says now, to correct with /miregistro."""
    notice = await get_written_notice(params["member_id"], params["version"])
    return None if notice is None else screens.written_notice(to.voice, notice)


TEMPLATES = {"register_reminder": _reminder, "register_written": _written}

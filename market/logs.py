"""Logs without people: what Feria's libraries may log, and how a person is told apart in a log line.

At DEBUG, tortoise and aiosqlite log every SQL statement with its parameters (names, delivery notes,
Telegram ids) and python-telegram-bot every Bot API call with its payload (what people wrote, their
names); httpx logs each request's URL, which holds the bot's token. Feria holds them at INFO (httpx at
WARNING) whatever the root level, so that a DEBUG log for a bug hunt does not become a copy of the
database. Feria's own lines name a notification or an update by its id, and a person by person_tag.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

QUIETED = {
    "tortoise": logging.INFO, "aiosqlite": logging.INFO, "asyncpg": logging.INFO,
    "telegram": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.INFO,
}


def keep_people_out_of_logs() -> None:
    """Raise the libraries that log people's data at DEBUG to QUIETED (never lower a level set higher)."""
    for name, level in QUIETED.items():
        logger = logging.getLogger(name)
        if logger.level < level:
            logger.setLevel(level)


def person_tag(user_id: int | None, key: str) -> str:
    """Twelve hex digits telling one person's log lines apart, from their Telegram id keyed with a secret.

    Keyed (HMAC), not a plain hash: Telegram ids are few enough to try them all against a plain one.
    """
    if user_id is None:
        return "-"
    return hmac.new(key.encode(), f"person:{user_id}".encode(), hashlib.sha256).hexdigest()[:12]

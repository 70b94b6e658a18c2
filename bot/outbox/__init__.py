"""The outbox dispatcher: sends the notifications the domain wrote, within Telegram's flood limits.

Every message that is not the immediate reply to a person's action is written to the
`notification` table in the same transaction as the change that caused it
(market.services.messaging.notifications.enqueue_notification). The Dispatcher claims what is due,
renders it (the lead's renderer, bot.notices), sends it paced (bot.outbox.pacing), and records
the outcome: sent, retried later, failed, or skipped because the person blocked the bot.

Several processes (webhook mode on PostgreSQL) each run a Dispatcher, and **one of them sends**:
the one holding a PostgreSQL advisory lock (SenderLock). We chose this over a rate shared in the
database because Telegram's limit is per bot, 30 messages a second in all: one process sends that
many without effort, so sending from several buys no speed, only coordination. A shared rate
would cost a write on one hot row per message, turn the machines' clock skew into limit
violations, and need cross-process bookkeeping to keep each chat's messages in order; one sender
paces on one monotonic clock. PostgreSQL drops the lock when the holder's connection closes, so
when that process dies another takes over within a poll interval, first reading the last sends
(`sent_at`) so that the limits hold across the hand-over; claims that the dead process held
lapse (`claimed_until`) and are sent again. Claims still use FOR UPDATE SKIP LOCKED, so that they
stay exclusive even if two senders ever overlapped. On SQLite one process sends.

The dispatcher uses its own Bot, not the Application's (see outbox_bot): AIORateLimiter has no
per-private-chat limit, would pace a second time on the real clock under the pacer, and logs
every 429 as an exception before re-raising it.
"""

from bot.outbox.context import OUTBOX, outbox_bot, outbox_context
from bot.outbox.dispatcher import Dispatcher, Document, Rendered, Renderer
from bot.outbox.pacing import Pacer
from market.services.messaging.notifications import OwedMessage, mark_chat_reachable

__all__ = [
    "OUTBOX", "Dispatcher", "Document", "OwedMessage", "Pacer", "Rendered", "Renderer", "mark_chat_reachable",
    "outbox_bot", "outbox_context",
]

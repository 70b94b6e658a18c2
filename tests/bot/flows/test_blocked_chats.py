"""A person who blocks the bot is skipped by the outbox, and hears from it again after unblocking."""

import asyncio

from market.enums import NotificationStatus
from market.models import ChatState, Notification
from tests.bot.flows.test_ordering import checkout_with_pickup


async def test_a_blocked_consumer_is_skipped_and_heard_again_after_unblocking(feria, ana, hilda):
    await checkout_with_pickup(ana, "Café tostado en grano")
    notice = await hilda.receives(timeout=5)
    ana.blocks_bot()

    await hilda.presses("✅ Confirmar", message=notice)
    await hilda.sees_answer()
    blocked = await _wait_for(lambda: Notification.filter(status=NotificationStatus.BLOCKED).exists())
    ana.unblocks_bot()
    await _wait_for(lambda: ChatState.filter(chat_id=ana.id, blocked_at__isnull=True).exists())
    await hilda.presses("📦 Listo para recoger", message=hilda.last_message)
    ready = await ana.receives(timeout=5)

    assert blocked
    assert ready.text.startswith("📦 Tu pedido")
    assert not [m for m in ana.messages if m.text and m.text.startswith("👍")]


async def _wait_for(check, timeout: float = 5.0) -> bool:
    """Poll the database until `check` holds (the outbox works in the background)."""
    for _ in range(int(timeout / 0.05)):
        if await check():
            return True
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")

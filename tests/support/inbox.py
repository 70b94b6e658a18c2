"""Waiting for the served bot's inbox: an update's answer reaches the person a moment before its row is marked done."""

from __future__ import annotations

import asyncio

from market.enums import InboxStatus
from market.models import InboxUpdate


async def inbox_settled(*, tries: int = 200, pause: float = 0.01) -> None:
    """Until every stored update has been processed (done, failed or dropped)."""
    for _ in range(tries):
        if not await InboxUpdate.filter(status__in=(InboxStatus.PENDING, InboxStatus.PROCESSING)).exists():
            return
        await asyncio.sleep(pause)
    raise AssertionError("the inbox did not settle: an update was never marked done")

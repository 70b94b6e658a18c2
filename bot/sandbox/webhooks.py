"""Deliver a bot's updates to its webhook in order, retrying with growing pauses as Telegram does.

The order and the number of deliveries follow the sandbox's faults (bot.sandbox.faults): a
shuffle sends the next updates out of order, a repeat delivers an update a second time.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from bot.sandbox.faults import Faults
from bot.sandbox.state import BotState, Webhook, World

log = logging.getLogger(__name__)


class WebhookSender:
    """One delivery task per bot with a webhook; an update leaves the queue only on a 2xx answer."""

    def __init__(self, world: World, *, retry_delay: float = 1.0, max_retry_delay: float = 60.0,
                 timeout: float = 10.0, faults: Faults | None = None):
        self.world = world
        self.faults = faults or Faults()
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.timeout = timeout
        self.delivered: list[tuple[str, dict]] = []  # (url, update) of every accepted delivery
        self._tasks: dict[int, asyncio.Task] = {}
        self._stopped: set[asyncio.Task] = set()
        self._session: aiohttp.ClientSession | None = None

    def restart(self, bot: BotState) -> None:
        """Follow the bot's current webhook (none: stop delivering)."""
        self.stop(bot)
        if bot.webhook.url:
            self._tasks[bot.id] = asyncio.create_task(self._deliver(bot, bot.webhook))

    def stop(self, bot: BotState) -> None:
        task = self._tasks.pop(bot.id, None)
        if task is not None:
            task.cancel()
            self._stopped.add(task)

    async def close(self) -> None:
        tasks = [*self._tasks.values(), *self._stopped]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._stopped.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _deliver(self, bot: BotState, webhook: Webhook) -> None:
        delay = self.retry_delay
        while bot.webhook is webhook:
            ready = self.faults.arrange(bot.updates)
            if not ready:
                await self.world.changed.wait(30)
                continue
            update = ready[0]
            error = await self._post_once_or_twice(webhook, update)
            if error is None:
                bot.updates[:] = [u for u in bot.updates if u is not update]
                delay = self.retry_delay
                self.world.changed.notify()
                continue
            log.info("sandbox: webhook %s failed: %s", webhook.url, error)
            webhook.last_error_date = self.world.now()
            webhook.last_error_message = error
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_retry_delay)

    async def _post_once_or_twice(self, webhook: Webhook, update: dict) -> str | None:
        """Post the update (twice when a repeat is planned); None once any delivery was accepted.

        A repeat comes after the first delivery's answer, or `at_once` beside it (both in flight).
        """
        if not self.faults.take_repeat():
            errors = [await self._post(webhook, update)]
        elif self.faults.repeat_at_once:
            errors = list(await asyncio.gather(self._post(webhook, update), self._post(webhook, update)))
        else:
            errors = [await self._post(webhook, update), await self._post(webhook, update)]
        self.delivered.extend((webhook.url, update) for error in errors if error is None)
        return None if None in errors else errors[0]

    async def _post(self, webhook: Webhook, update: dict) -> str | None:
        """None when the receiver took the update, else the error getWebhookInfo will report."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {"X-Telegram-Bot-Api-Secret-Token": webhook.secret_token} if webhook.secret_token else {}
        try:
            async with self._session.post(
                webhook.url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=self.timeout)
            ) as response:
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientConnectorError:
            return "Connection refused"
        except aiohttp.ClientError as exc:
            return f"Connection error: {exc.__class__.__name__}"

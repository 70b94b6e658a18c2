"""One Bot API call as the method handlers see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, KICKED, NOT_A_MEMBER, ApiError, Params
from bot.sandbox.state import BotState, ChatLog, World

if TYPE_CHECKING:
    from bot.sandbox.server import BotApiSandbox


@dataclass
class Call:
    sandbox: BotApiSandbox
    bot: BotState
    params: Params

    @property
    def world(self) -> World:
        return self.sandbox.world

    def chat(self, *, sending: bool = True) -> ChatLog:
        """The chat named by chat_id; a person who blocked the bot or never wrote to it, or a group without it,
        refuses what it sends."""
        chat = self.world.find_chat(self.params.chat_id())
        if chat is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        if sending and chat["type"] == "private" and (self.bot.id, chat["id"]) in self.world.blocked:
            raise ApiError(403, BLOCKED)
        if sending and chat["type"] == "private" and (self.bot.id, chat["id"]) in self.world.not_started:
            raise ApiError(403, CANT_INITIATE)
        if sending and chat["type"] in ("group", "supergroup") and not self.world.in_group(self.bot.id, chat["id"]):
            status = self.world.memberships.get((self.bot.id, chat["id"]))
            raise ApiError(403, (KICKED if status == "kicked" else NOT_A_MEMBER).format(kind=chat["type"]))
        return self.bot.log(chat["id"])


Method = Callable[[Call], Awaitable[Any]]

"""An offline Telegram Bot API: the sandbox server, and the client that plays the people in its chats."""

from bot.sandbox.client import CallbackAnswer, NothingReceived, Reply, SandboxClient
from bot.sandbox.errors import ApiError
from bot.sandbox.faults import Faults
from bot.sandbox.limits import FloodLimits, Rate
from bot.sandbox.person import SandboxPerson
from bot.sandbox.server import SANDBOX_KEY, BotApiSandbox

__all__ = [
    "SANDBOX_KEY", "ApiError", "BotApiSandbox", "CallbackAnswer", "Faults", "FloodLimits", "NothingReceived",
    "Rate", "Reply", "SandboxClient", "SandboxPerson",
]

"""Compact, versioned, signed callback data: what an inline button asks for, and for whom.

    1:a:17.2:Xk3v9QbZ      version : action : args joined by "." : signature

Telegram gives a button at most 64 bytes and sends back whatever the bot put there, so a
forged press is a client away. The signature is an HMAC over the data *and the id of the
person the button was made for*: a press by anyone else, an edited payload, or a button of
an older layout version decodes to None, and the bot answers "this button has expired"
without changing anything. Nothing is kept in memory, so buttons survive restarts and work
across processes (PTB's arbitrary callback data is an in-process LRU: TECH-NOTES).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

# Bump when the meaning of an action's arguments changes: older buttons then expire politely.
VERSION = "1"
MAX_BYTES = 64
_SIGNATURE_CHARS = 8  # 48 bits: guessing one takes ~2**47 presses
_ARG = re.compile(r"^[A-Za-z0-9_\-]+$")


@dataclass(frozen=True)
class Press:
    """A decoded button press: the action and its arguments as strings."""

    action: str
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int:
        return int(self.args[index])


class CallbackCodec:
    """Encodes buttons for one person and checks that a press comes from them."""

    def __init__(self, secret: str) -> None:
        # Derived, so the bot token itself never travels into an HMAC key elsewhere.
        self._key = hashlib.sha256(b"feria-callback-data:" + secret.encode()).digest()

    def encode(self, user_id: int, action: str, *args: object) -> str:
        """The callback data of a button for `user_id` (raises ValueError if it cannot fit)."""
        parts = [str(arg) for arg in args]
        if not _ARG.match(action) or any(not _ARG.match(part) for part in parts):
            raise ValueError(f"callback action and arguments must be non-empty [A-Za-z0-9_-]: {action!r} {parts!r}")
        body = f"{VERSION}:{action}:{'.'.join(parts)}"
        data = f"{body}:{self._sign(user_id, body)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    def decode(self, user_id: int, data: str | None) -> Press | None:
        """The press, or None when the data is stale, forged, or was made for someone else."""
        if not data or len(data.encode()) > MAX_BYTES:
            return None
        body, _, signature = data.rpartition(":")
        version, _, rest = body.partition(":")
        action, _, joined = rest.partition(":")
        if version != VERSION or not action:
            return None
        # As bytes: compare_digest refuses str with non-ASCII characters (TypeError), and a client may send any.
        if not hmac.compare_digest(signature.encode(), self._sign(user_id, body).encode()):
            return None
        return Press(action, tuple(joined.split(".")) if joined else ())

    def _sign(self, user_id: int, body: str) -> str:
        digest = hmac.new(self._key, f"{user_id}|{body}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:_SIGNATURE_CHARS]

"""Bot API errors as Telegram words them, and the request parameters they are raised from."""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from typing import Any, NamedTuple, overload

# Telegram's exact descriptions; tests compare against these strings.
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
CHAT_NOT_FOUND = "Bad Request: chat not found"
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
PROFILE_LINK_REFUSED = "Bad Request: BUTTON_USER_PRIVACY_RESTRICTED"
# Groups and supergroups: "{kind}" is "group" or "supergroup", as the chat's type.
NOT_A_MEMBER = "Forbidden: bot is not a member of the {kind} chat"
KICKED = "Forbidden: bot was kicked from the {kind} chat"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
FILE_TYPE_MISMATCH = "Bad Request: type of file mismatch"


class ApiError(Exception):
    """An answer `{"ok": false, ...}` with the HTTP status `code`."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


class Upload(NamedTuple):
    """A file sent in a multipart request, with the name and type its part declared."""

    content: bytes
    content_type: str | None = None
    file_name: str | None = None


class Params:
    """A method's parameters, typed on read.

    PTB sends forms whose non-string values are JSON-encoded while strings travel raw, so a
    text "123" arrives as the form value 123: a value is decoded only when a field needs a
    number, a boolean or an object, never for a field that is a string.
    """

    def __init__(self, values: Mapping[str, Any], files: Mapping[str, Upload] | None = None):
        self._values = dict(values)
        self.files = dict(files or {})

    def __contains__(self, name: str) -> bool:
        return self._values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self._values.get(name)

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self._values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        # A JSON body carries typed values: give a text sent as 123 back as "123".
        return json.dumps(value) if isinstance(value, dict | list) else str(value)

    @overload
    def int(self, name: builtins.str) -> builtins.int | None: ...

    @overload
    def int(self, name: builtins.str, default: builtins.int) -> builtins.int: ...

    def int(self, name: builtins.str, default: builtins.int | None = None) -> builtins.int | None:
        value = self._decoded(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self._decoded(name)
        if value is None or value == "":
            return default
        return value is True or str(value).lower() in ("true", "1")

    def obj(self, name: builtins.str) -> Any:
        """A JSON object or array field (reply_markup, scope, entities...)."""
        value = self._values.get(name)
        if isinstance(value, str):
            if not value:
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> builtins.int | builtins.str:
        """An integer id, or an @username kept as a string."""
        value = self._decoded("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, CHAT_NOT_FOUND) from None

    def _decoded(self, name: builtins.str) -> Any:
        value = self._values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

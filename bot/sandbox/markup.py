"""reply_markup checked as Telegram checks it: inline keyboards, reply keyboards, removal, force reply."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import BUTTON_DATA_INVALID, PROFILE_LINK_REFUSED, ApiError, Params, bad_request

# An inline button needs exactly one of these besides its text.
INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
)


def read_markup(params: Params) -> tuple[dict | None, dict | None]:
    """(inline keyboard that belongs to the message, reply keyboard / removal / force reply for the chat)."""
    markup = params.obj("reply_markup")
    if markup is None:
        return None, None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return {"inline_keyboard": _inline_rows(markup["inline_keyboard"])}, None
    if "keyboard" in markup:
        return None, {**markup, "keyboard": _reply_rows(markup["keyboard"])}
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return None, markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def inline_only(params: Params) -> dict | None:
    """Edits may carry only an inline keyboard."""
    inline, other = read_markup(params)
    if other is not None:
        raise bad_request("inline keyboard expected")
    return inline


def refuse_private_profiles(inline: dict | None, private_profiles: set[int]) -> None:
    """A button linking to the profile of someone whose privacy settings refuse it: Telegram refuses the message."""
    for row in (inline or {}).get("inline_keyboard", []):
        for button in row:
            user_id = str(button.get("url", "")).removeprefix("tg://user?id=")
            if str(button.get("url", "")).startswith("tg://user?id=") and user_id.isdigit() \
                    and int(user_id) in private_profiles:
                raise ApiError(400, PROFILE_LINK_REFUSED)


def _inline_rows(rows: Any) -> list[list[dict]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard button: field \"inline_keyboard\" must be an Array of Arrays")
    for row in rows:
        for button in row:
            _check_inline_button(button)
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Field \"text\" must be of type String")
    actions = [name for name in INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= 64:
            raise ApiError(400, BUTTON_DATA_INVALID)
    if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
        raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL")


def _reply_rows(rows: Any) -> list[list[dict]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    # A reply button may be a bare string; Telegram treats it as {"text": ...}.
    normalized = [[{"text": b} if isinstance(b, str) else b for b in row] for row in rows]
    if any(not isinstance(b, dict) or not b.get("text") for row in normalized for b in row):
        raise bad_request("can't parse keyboard button: Field \"text\" must be of type String")
    return normalized


def buttons(inline_keyboard: dict | None) -> list[list[tuple[str, str | None]]]:
    """Rows of (text, callback_data or url) as a person reads an inline keyboard."""
    if not inline_keyboard:
        return []
    return [
        [(b["text"], b.get("callback_data", b.get("url"))) for b in row]
        for row in inline_keyboard.get("inline_keyboard", [])
    ]

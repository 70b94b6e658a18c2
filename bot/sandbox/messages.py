"""The methods that send, edit and delete messages, and answer button presses."""

from __future__ import annotations

import copy
from typing import Any

from bot.sandbox import entities
from bot.sandbox.call import Call, Method
from bot.sandbox.errors import (
    CAPTION_TOO_LONG,
    DELETE_NOT_FOUND,
    EDIT_NOT_FOUND,
    NOT_MODIFIED,
    QUERY_INVALID,
    REPLY_NOT_FOUND,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    ApiError,
    bad_request,
    too_many_requests,
)
from bot.sandbox.markup import inline_only, read_markup, refuse_private_profiles
from bot.sandbox.media import resolve_document, resolve_photo
from bot.sandbox.state import ChatLog, StoredMessage

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}


def read_text(call: Call, name: str = "text", entities_name: str = "entities") -> dict[str, Any]:
    """{"text": ..., "entities": [...]} after parsing, checked against Telegram's limits."""
    raw = call.params.str(name) or ""
    text, found = entities.parse(raw, call.params.str("parse_mode"))
    if not call.params.str("parse_mode") and entities_name in call.params:
        found = call.params.obj(entities_name) or []
    if name == "text":
        if not text.strip():
            raise ApiError(400, TEXT_EMPTY)
        if len(text) > MAX_TEXT:
            raise ApiError(400, TEXT_TOO_LONG)
    elif len(text) > MAX_CAPTION:
        raise ApiError(400, CAPTION_TOO_LONG)
    content: dict[str, Any] = {name: text} if text else {}
    if found:
        content[entities_name] = found
    return content


def replied_message(call: Call, log: ChatLog) -> dict[str, Any]:
    """reply_to_message for reply_parameters (or the older reply_to_message_id)."""
    reply = call.params.obj("reply_parameters") or {}
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    if message_id is None:
        message_id = call.params.int("reply_to_message_id")
    if message_id is None:
        return {}
    stored = log.get(int(message_id))
    if stored is None:
        lenient = reply.get("allow_sending_without_reply") or call.params.bool("allow_sending_without_reply")
        if lenient:
            return {}
        raise ApiError(400, REPLY_NOT_FOUND)
    quoted = copy.deepcopy(stored.data)
    quoted.pop("reply_to_message", None)  # Telegram never nests replies more than one level
    return {"reply_to_message": quoted}


def post(call: Call, log: ChatLog, content: dict[str, Any]) -> dict[str, Any]:
    """Store a message from the bot once it passes the flood limits; return it as Telegram does."""
    inline, reply_keyboard = read_markup(call.params)
    refuse_private_profiles(inline, call.world.private_profiles)
    retry_after = call.sandbox.flood.admit(call.bot.id, log.chat["id"], log.chat["type"])
    if retry_after is not None:
        raise too_many_requests(retry_after)
    data = {"message_id": 0, "from": call.bot.user, "chat": log.chat, "date": call.world.now(), **content}
    if inline:
        data["reply_markup"] = inline
    if reply_keyboard is not None:
        log.keyboard = reply_keyboard if "keyboard" in reply_keyboard else None
    stored = log.add(data, from_bot=True, keyboard=reply_keyboard)
    call.world.changed.notify()
    return stored.data


async def send_message(call: Call) -> dict[str, Any]:
    log = call.chat()
    content = read_text(call)
    return post(call, log, {**replied_message(call, log), **content})


async def send_photo(call: Call) -> dict[str, Any]:
    log = call.chat()
    caption = read_text(call, "caption", "caption_entities")
    photo = call.params.files.get("photo") or call.params.raw("photo")
    sizes = await resolve_photo(call.world, call.bot.id, photo, call.params.files)
    return post(call, log, {**replied_message(call, log), "photo": sizes, **caption})


async def send_document(call: Call) -> dict[str, Any]:
    log = call.chat()
    caption = read_text(call, "caption", "caption_entities")
    document = call.params.files.get("document") or call.params.raw("document")
    found = resolve_document(call.world, call.bot.id, document, call.params.files)
    return post(call, log, {**replied_message(call, log), "document": found, **caption})


def editable(call: Call) -> tuple[ChatLog, StoredMessage]:
    if "inline_message_id" in call.params:
        raise ApiError(400, EDIT_NOT_FOUND)  # the sandbox has no inline mode
    log = call.chat()
    stored = log.get(call.params.int("message_id"))
    if stored is None:
        raise ApiError(400, EDIT_NOT_FOUND)
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return log, stored


def _edited_markup(call: Call) -> dict | None:
    inline = inline_only(call.params)
    refuse_private_profiles(inline, call.world.private_profiles)
    return inline


def apply_edit(call: Call, log: ChatLog, stored: StoredMessage, fields: dict[str, Any]) -> dict[str, Any]:
    """Replace `fields` (absent ones are removed, as Telegram drops a keyboard an edit leaves out)."""
    if all(stored.data.get(name) == value for name, value in fields.items()):
        raise ApiError(400, NOT_MODIFIED)
    for name, value in fields.items():
        if value is None:
            stored.data.pop(name, None)
        else:
            stored.data[name] = value
    stored.data["edit_date"] = call.world.now()
    log.touch(stored)
    call.world.changed.notify()
    return stored.data


async def edit_message_text(call: Call) -> dict[str, Any]:
    log, stored = editable(call)
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    content = read_text(call)
    return apply_edit(call, log, stored, {
        "text": content["text"], "entities": content.get("entities"), "reply_markup": _edited_markup(call),
    })


async def edit_message_caption(call: Call) -> dict[str, Any]:
    log, stored = editable(call)
    if "text" in stored.data:
        raise bad_request("there is no caption in the message to edit")
    content = read_text(call, "caption", "caption_entities")
    return apply_edit(call, log, stored, {
        "caption": content.get("caption"), "caption_entities": content.get("caption_entities"),
        "reply_markup": _edited_markup(call),
    })


async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    log, stored = editable(call)
    return apply_edit(call, log, stored, {"reply_markup": _edited_markup(call)})


async def delete_message(call: Call) -> bool:
    log = call.chat(sending=False)
    stored = log.get(call.params.int("message_id"))
    if stored is None:
        raise ApiError(400, DELETE_NOT_FOUND)
    stored.deleted = True
    log.touch(stored)
    call.world.changed.notify()
    return True


async def send_chat_action(call: Call) -> bool:
    log = call.chat()
    action = call.params.str("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    log.actions.append(action)
    return True


async def answer_callback_query(call: Call) -> bool:
    query = call.bot.callbacks.get(call.params.str("callback_query_id") or "")
    if query is None or query.answer is not None:
        raise ApiError(400, QUERY_INVALID)
    text = call.params.str("text")
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = {
        "text": text, "show_alert": call.params.bool("show_alert"), "url": call.params.str("url"),
        "cache_time": call.params.int("cache_time", 0),
    }
    call.bot.log(query.chat_id).changed.notify()  # the presser waits on that chat alone
    call.world.changed.notify()
    return True


METHODS: dict[str, Method] = {
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "sendchataction": send_chat_action,
    "answercallbackquery": answer_callback_query,
}

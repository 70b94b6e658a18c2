"""The bot's account methods: identity, updates, webhook, commands, chats and files; and the method table."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from bot.sandbox import messages
from bot.sandbox.call import Call, Method
from bot.sandbox.errors import (
    CHAT_NOT_FOUND,
    POLL_CONFLICT,
    WEBHOOK_CONFLICT,
    WRONG_FILE,
    ApiError,
    bad_request,
)
from bot.sandbox.state import BotState, Webhook

COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SCOPES = {
    "default", "all_private_chats", "all_group_chats", "all_chat_administrators",
    "chat", "chat_administrators", "chat_member",
}


async def get_me(call: Call) -> dict[str, Any]:
    return call.bot.me()


async def get_updates(call: Call) -> list[dict[str, Any]]:
    """Long polling: answer at once when updates wait, else at the first one or after `timeout`."""
    bot, params = call.bot, call.params
    if bot.webhook.url:
        raise ApiError(409, WEBHOOK_CONFLICT)
    limit = min(max(params.int("limit", 100), 1), 100)
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        bot.allowed_updates = list(allowed)
    bot.confirm(params.int("offset", 0))
    # Telegram serves one poll per bot: a newer getUpdates ends the one still waiting.
    bot.poll_generation += 1
    mine = bot.poll_generation
    call.world.changed.notify()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(params.int("timeout", 0), 0)
    while True:
        if bot.poll_generation != mine:
            raise ApiError(409, POLL_CONFLICT)
        if bot.webhook.url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        # Updates go out in update_id order, unless a fault shuffles them (bot.sandbox.faults).
        ready = call.sandbox.faults.arrange(bot.updates)
        if ready or call.sandbox.closing or loop.time() >= deadline:
            return ready[:limit]
        await call.world.changed.wait(deadline - loop.time())


async def set_webhook(call: Call) -> bool:
    bot, params = call.bot, call.params
    url = params.str("url") or ""
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.str("secret_token")
    if secret is not None and not SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if params.bool("drop_pending_updates"):
        bot.updates.clear()
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        bot.allowed_updates = list(allowed)
    bot.webhook = Webhook(url, secret, params.int("max_connections", 40)) if url else Webhook()
    call.sandbox.webhooks.restart(bot)
    call.world.changed.notify()
    return True


async def delete_webhook(call: Call) -> bool:
    if call.params.bool("drop_pending_updates"):
        call.bot.updates.clear()
    call.bot.webhook = Webhook()
    call.sandbox.webhooks.stop(call.bot)
    call.world.changed.notify()
    return True


async def get_webhook_info(call: Call) -> dict[str, Any]:
    webhook = call.bot.webhook
    info: dict[str, Any] = {
        "url": webhook.url, "has_custom_certificate": False, "pending_update_count": len(call.bot.updates),
    }
    if webhook.url:
        info["max_connections"] = webhook.max_connections
        info["ip_address"] = "127.0.0.1"
        if call.bot.allowed_updates:
            info["allowed_updates"] = call.bot.allowed_updates
    if webhook.last_error_date:
        info["last_error_date"] = webhook.last_error_date
        info["last_error_message"] = webhook.last_error_message
    return info


def command_key(call: Call) -> tuple[str, str]:
    """Commands are stored per (scope, language), as Telegram does."""
    scope = call.params.obj("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPES:
        raise bad_request("invalid scope specified")
    if "chat_id" in scope and call.world.find_chat(scope["chat_id"]) is None:
        raise ApiError(400, CHAT_NOT_FOUND)
    language = call.params.str("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("LANG_CODE_INVALID")
    return scope_key(scope), language


def scope_key(scope: dict[str, Any]) -> str:
    return json.dumps({k: scope[k] for k in ("type", "chat_id", "user_id") if k in scope}, sort_keys=True)


async def set_my_commands(call: Call) -> bool:
    commands = call.params.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an Array of at most 100 BotCommand")
    for command in commands:
        if not isinstance(command, dict) or not COMMAND_RE.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = command_key(call)
    if commands:
        call.bot.commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
    else:
        call.bot.commands.pop(key, None)
    return True


async def get_my_commands(call: Call) -> list[dict[str, str]]:
    return call.bot.commands.get(command_key(call), [])


async def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(command_key(call), None)
    return True


def commands_shown(bot: BotState, chat: dict[str, Any], language_code: str | None) -> list[dict[str, str]]:
    """The command menu a person sees: Telegram's documented order of scopes, each with then without language."""
    if chat["type"] == "private":
        scopes = [{"type": "chat", "chat_id": chat["id"]}, {"type": "all_private_chats"}, {"type": "default"}]
    else:
        scopes = [{"type": "chat", "chat_id": chat["id"]}, {"type": "all_group_chats"}, {"type": "default"}]
    # Commands are set per two-letter ISO 639-1 code; a person's IETF tag ("pt-br") matches by its language.
    languages = list(dict.fromkeys([language_code, language_code.split("-")[0].lower()])) if language_code else []
    for scope in scopes:
        for language in languages + [""]:
            commands = bot.commands.get((scope_key(scope), language))
            if commands:
                return commands
    return []


async def get_chat(call: Call) -> dict[str, Any]:
    chat = call.chat(sending=False).chat
    # ChatFullInfo requires these even when Telegram has nothing to say about them.
    return {
        **chat, "accent_color_id": 0, "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
            "premium_subscription": False, "gifts_from_channels": False,
        },
    }


async def get_file(call: Call) -> dict[str, Any]:
    stored = call.world.files.get(call.params.str("file_id") or "")
    if stored is None or stored.bot_id != call.bot.id:
        raise ApiError(400, WRONG_FILE)
    return {
        "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content), "file_path": stored.file_path,
    }


METHODS: dict[str, Method] = {
    "getme": get_me,
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "getchat": get_chat,
    "getfile": get_file,
    **messages.METHODS,
}

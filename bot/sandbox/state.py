"""The sandbox's in-memory world: bots, people, chats, messages, files and update queues."""

from __future__ import annotations

import asyncio
import copy
import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Without allowed_updates Telegram sends every kind except these three.
OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}


class Signal:
    """Wakes everyone waiting for "something changed" (long polls, webhook senders, test clients)."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def next(self) -> None:
        """Return at the next change (a caller bounds the wait of a whole loop with one deadline)."""
        if self._event is None:
            self._event = asyncio.Event()
        await self._event.wait()

    async def wait(self, timeout: float) -> None:
        """Return at the next change, or after `timeout` seconds; callers re-check their condition."""
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        try:
            # asyncio.timeout rather than wait_for: no inner task, so cancelling a waiter is immediate.
            async with asyncio.timeout(max(timeout, 0)):
                await event.wait()
        except TimeoutError:
            pass


@dataclass
class StoredMessage:
    """A message as Telegram would return it now, plus what the sandbox needs to show it."""

    data: dict[str, Any]
    from_bot: bool
    revision: int
    keyboard: dict | None = None  # a reply keyboard sent with it (Telegram's Message leaves it out)
    deleted: bool = False


@dataclass
class ChatLog:
    """One bot's side of one chat: its messages in order and the reply keyboard the person sees."""

    chat: dict[str, Any]
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    revision: int = 0  # bumped by every new, edited or deleted message, so a page can ask "since"
    keyboard: dict | None = None
    actions: list[str] = field(default_factory=list)
    # Wakes who waits on this chat alone (a simulated person): every change of the world woke all of them.
    changed: Signal = field(default_factory=lambda: Signal())

    def add(self, data: dict[str, Any], *, from_bot: bool, keyboard: dict | None = None) -> StoredMessage:
        data["message_id"] = self.next_message_id
        self.next_message_id += 1
        self.revision += 1
        stored = StoredMessage(data, from_bot, self.revision, keyboard)
        self.messages[data["message_id"]] = stored
        self.changed.notify()
        return stored

    def get(self, message_id: int | None) -> StoredMessage | None:
        stored = self.messages.get(message_id) if message_id is not None else None
        return stored if stored and not stored.deleted else None

    def touch(self, stored: StoredMessage) -> None:
        self.revision += 1
        stored.revision = self.revision
        self.changed.notify()

    def since(self, revision: int) -> list[StoredMessage]:
        return [m for m in self.messages.values() if m.revision > revision]


@dataclass
class Webhook:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class CallbackQuery:
    """A button press the bot was told about, and the answer it gave (None until answered)."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answer: dict[str, Any] | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    bot_id: int
    content: bytes
    file_path: str
    mime_type: str
    file_name: str | None = None  # a document's name, as the sender gave it


class BotState:
    """Everything Telegram keeps for one bot: its identity, updates, webhook, commands and chats."""

    def __init__(self, world: World, token: str, first_name: str, username: str):
        self.world = world
        self.token = token
        self.id = int(token.split(":", 1)[0])
        self.user = {"id": self.id, "is_bot": True, "first_name": first_name, "username": username}
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self.allowed_updates: list[str] = []
        self.webhook = Webhook()
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.chats: dict[int, ChatLog] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self._query_ids = itertools.count(1)
        self.poll_generation = 0

    def me(self) -> dict[str, Any]:
        return {
            **self.user, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False,
        }

    def log(self, chat_id: int) -> ChatLog:
        if chat_id not in self.chats:
            self.chats[chat_id] = ChatLog(self.world.chats[chat_id])
        return self.chats[chat_id]

    def enqueue(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Queue an update unless allowed_updates leaves its kind out; returns its update_id."""
        allowed = set(self.allowed_updates)
        if (allowed and kind not in allowed) or (not allowed and kind in OPT_IN_UPDATES):
            return None
        update_id = next(self._update_ids)
        # A snapshot: later edits must not change what the bot was told.
        self.updates.append({"update_id": update_id, kind: copy.deepcopy(payload)})
        self.world.changed.notify()
        return update_id

    def confirm(self, offset: int) -> None:
        """Forget updates before `offset`; a negative offset keeps only the last -offset updates."""
        if offset < 0:
            del self.updates[:offset]
        elif offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def new_query_id(self) -> str:
        """Telegram's callback query ids are opaque strings of digits."""
        return f"{self.id}{next(self._query_ids):09d}"

    def chat_instance(self, chat_id: int) -> str:
        """Telegram's opaque, stable id of "this bot's messages in this chat"."""
        return str((chat_id * 1_000_003 + self.id) % 2**63)


class World:
    """People, chats and files shared by the bots of one sandbox."""

    def __init__(self, clock: Callable[[], float], bot_first_name: str = "Feria Sandbox"):
        self.clock = clock
        self.bot_first_name = bot_first_name
        self.bots: dict[str, BotState] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.blocked: set[tuple[int, int]] = set()  # (bot id, user id)
        # People who never wrote to a bot: Telegram refuses that bot's messages until they do.
        self.not_started: set[tuple[int, int]] = set()  # (bot id, user id)
        # People whose privacy settings refuse a button linking to their profile (tg://user?id=...).
        self.private_profiles: set[int] = set()  # user ids
        # The bot's status in a group it was ever in: member, administrator, left or kicked.
        self.memberships: dict[tuple[int, int], str] = {}  # (bot id, group chat id) -> status
        # The people in each group chat, in the order they came (a group made by a test may have none).
        self.members: dict[int, list[int]] = {}  # group chat id -> user ids
        self.files: dict[str, StoredFile] = {}
        self.photos: dict[str, list[dict[str, Any]]] = {}  # any size's file_id -> all sizes of that photo
        self.documents: dict[str, dict[str, Any]] = {}  # file_id -> the Document Telegram sent with it
        self.changed = Signal()
        self._ids = itertools.count(1)

    def now(self) -> int:
        """Telegram's dates are whole seconds since the epoch."""
        return int(self.clock())

    def bot(self, token: str, *, first_name: str | None = None, username: str | None = None) -> BotState:
        """The bot for this token, created on first use as Telegram "knows" any valid token."""
        if token not in self.bots:
            bot_id = int(token.split(":", 1)[0])
            self.bots[token] = BotState(
                self, token, first_name or self.bot_first_name, username or f"sandbox_{bot_id}_bot"
            )
        return self.bots[token]

    def bot_by_id(self, bot_id: int) -> BotState | None:
        return next((b for b in self.bots.values() if b.id == bot_id), None)

    def add_user(
        self, user_id: int, first_name: str, *, last_name: str | None = None,
        username: str | None = None, language_code: str | None = None,
    ) -> dict[str, Any]:
        """A person with their private chat (whose id is theirs, as in Telegram)."""
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        user.update({k: v for k, v in (("last_name", last_name), ("username", username),
                                       ("language_code", language_code)) if v})
        self.users[user_id] = user
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        chat.update({k: user[k] for k in ("last_name", "username") if k in user})
        self.chats[user_id] = chat
        return user

    def add_group(self, title: str, *, chat_id: int | None = None, supergroup: bool = False) -> dict[str, Any]:
        """A group chat; Telegram gives groups negative ids (supergroups -100...)."""
        if chat_id is None:
            serial = next(self._ids)
            chat_id = -(1_000_000_000_000 + serial) if supergroup else -(4_000_000_000 + serial)
        chat = {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        self.chats[chat_id] = chat
        return chat

    def find_chat(self, chat_id: int | str) -> dict[str, Any] | None:
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            return next((c for c in self.chats.values() if c.get("username", "").lower() == name), None)
        return self.chats.get(chat_id)

    def groups_of(self, user_id: int) -> list[dict[str, Any]]:
        """The group chats a person is in, oldest first."""
        return [self.chats[chat_id] for chat_id, members in self.members.items() if user_id in members]

    def in_group(self, bot_id: int, chat_id: int) -> bool:
        return self.memberships.get((bot_id, chat_id)) in ("member", "administrator")

    def store_file(
        self, bot_id: int, content: bytes, mime_type: str, folder: str, *, file_name: str | None = None,
    ) -> StoredFile:
        serial = next(self._ids)
        extensions = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
        # Telegram keeps a document's own extension in its file_path ("documents/file_3.csv").
        named = file_name.rpartition(".")[2].lower() if file_name and "." in file_name else None
        extension = named if named and named.isalnum() else extensions.get(mime_type, "bin")
        stored = StoredFile(
            # Telegram's ids start with the kind of file: photos AgAC..., documents BQAC...
            file_id=f"{'BQAC' if folder == 'documents' else 'AgAC'}AgIAAxkBAAI{secrets.token_urlsafe(24)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
            bot_id=bot_id,
            content=content,
            file_path=f"{folder}/file_{serial}.{extension}",
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_at(self, bot_id: int, file_path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.bot_id == bot_id and f.file_path == file_path), None)

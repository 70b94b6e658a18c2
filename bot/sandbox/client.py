"""The person's side of the sandbox: write to a bot, press its buttons, and read what it sent."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from bot.sandbox.entities import detect
from bot.sandbox.errors import Upload
from bot.sandbox.groups import GroupChats
from bot.sandbox.markup import buttons
from bot.sandbox.media import store_document, store_photo
from bot.sandbox.methods import commands_shown
from bot.sandbox.state import CallbackQuery, ChatLog, StoredMessage

if TYPE_CHECKING:
    from bot.sandbox.person import SandboxPerson
    from bot.sandbox.server import BotApiSandbox

T = TypeVar("T")
DEFAULT_TIMEOUT = 3.0

class NothingReceived(AssertionError):
    """What a test waited for did not come; the message says what was there instead."""


@dataclass(frozen=True)
class Reply:
    """A message as the person sees it at one moment (take a new one to see an edit)."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str | None
    caption: str | None
    photo: list[dict[str, Any]]
    document: dict[str, Any] | None  # {file_id, file_unique_id, file_name, mime_type, file_size}
    buttons: list[list[tuple[str, str | None]]]  # inline keyboard rows of (text, callback_data or url)
    keyboard: list[list[str]] | None  # the reply keyboard this message brought up
    reply_to_message_id: int | None
    edited: bool
    deleted: bool
    revision: int
    raw: dict[str, Any]

    @classmethod
    def of(cls, stored: StoredMessage) -> Reply:
        data = stored.data
        keyboard = stored.keyboard or {}
        return cls(
            chat_id=data["chat"]["id"], message_id=data["message_id"], from_bot=stored.from_bot,
            text=data.get("text"), caption=data.get("caption"), photo=list(data.get("photo", [])),
            document=data.get("document"),
            buttons=buttons(data.get("reply_markup")),
            keyboard=[[b["text"] for b in row] for row in keyboard["keyboard"]] if "keyboard" in keyboard else None,
            reply_to_message_id=data.get("reply_to_message", {}).get("message_id"),
            edited="edit_date" in data, deleted=stored.deleted, revision=stored.revision, raw=data,
        )

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    def button(self, text: str) -> dict[str, Any] | None:
        """The inline button labelled `text`, as Telegram's InlineKeyboardButton JSON."""
        rows = self.raw.get("reply_markup", {}).get("inline_keyboard", [])
        return next((b for row in rows for b in row if b["text"] == text), None)


@dataclass(frozen=True)
class CallbackAnswer:
    """How the bot answered a button press (the toast or alert a person sees)."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


class SandboxClient(GroupChats):
    """People talking to one bot of an in-process sandbox (the sandbox owns all state)."""

    # How many times longer than asked every wait for the bot lasts: a slow machine (libfaketime makes the
    # suite about 3× slower) sets FERIA_TEST_PATIENCE for the tests (tests/bot/conftest.py).
    patience: float = 1.0

    def __init__(self, sandbox: BotApiSandbox, token: str):
        self.sandbox = sandbox
        self.world = sandbox.world
        self.bot = sandbox.world.bot(token)

    def person(self, user_id: int = 777, first_name: str = "Ana", *, language_code: str | None = "es",
               username: str | None = None, last_name: str | None = None, started: bool = True,
               profile_links: bool = True) -> SandboxPerson:
        """A person with a private chat with the bot.

        `started=False`: they never wrote to the bot, and Telegram refuses its messages (403, "bot can't initiate
        conversation") until they write. `profile_links=False`: their privacy settings refuse a button linking to
        their profile (tg://user?id=...), and Telegram refuses a message carrying one (400).
        """
        from bot.sandbox.person import SandboxPerson

        user = self.world.add_user(user_id, first_name, last_name=last_name, username=username,
                                   language_code=language_code)
        if not started:
            self.world.not_started.add((self.bot.id, user_id))
        if not profile_links:
            self.world.private_profiles.add(user_id)
        return SandboxPerson(self, user)

    async def send_text(self, user_id: int, chat_id: int, text: str, *, reply_to: int | None = None) -> Reply:
        """A person writes in a chat; the bot gets a `message` update with Telegram's entities."""
        content: dict[str, Any] = {"text": text}
        if found := detect(text):
            content["entities"] = found
        return self._post(user_id, chat_id, content, reply_to)

    async def forward_text(self, user_id: int, chat_id: int, text: str, *, sender_id: int | None) -> Reply:
        """A person forwards a text message another person wrote: Telegram says who wrote it (`forward_origin`
        of type "user"), unless that person hides their account in forwards (`sender_id` None: "hidden_user")."""
        if sender_id is None:
            origin: dict[str, Any] = {"type": "hidden_user", "date": self.world.now(), "sender_user_name": "Someone"}
        else:
            origin = {"type": "user", "date": self.world.now(), "sender_user": self.world.users[sender_id]}
        content: dict[str, Any] = {"text": text, "forward_origin": origin}
        return self._post(user_id, chat_id, content, None)

    async def send_photo(self, user_id: int, chat_id: int, content: bytes, caption: str | None = None) -> Reply:
        photo: dict[str, Any] = {"photo": store_photo(self.world, self.bot.id, content)}
        if caption:
            photo["caption"] = caption
        return self._post(user_id, chat_id, photo, None)

    async def send_document(self, user_id: int, chat_id: int, content: bytes, file_name: str,
                            caption: str | None = None) -> Reply:
        """A person sends a file (a spreadsheet, a PDF...); the bot gets a message with a `document`."""
        upload = Upload(content, None, file_name)
        document: dict[str, Any] = {"document": store_document(self.world, self.bot.id, upload)}
        if caption:
            document["caption"] = caption
        return self._post(user_id, chat_id, document, None)

    async def edit_text(self, user_id: int, message: Reply, text: str) -> Reply:
        """A person edits a message they wrote; the bot gets an `edited_message` update."""
        log = self._log(message.chat_id)
        stored = log.get(message.message_id)
        if stored is None or stored.from_bot or stored.data.get("from", {}).get("id") != user_id:
            raise LookupError(f"person {user_id} wrote no message {message.message_id} in chat {message.chat_id}")
        stored.data = {**stored.data, "text": text, "edit_date": self.world.now()}
        stored.data.pop("entities", None)
        if found := detect(text):
            stored.data["entities"] = found
        log.touch(stored)
        self.bot.enqueue("edited_message", stored.data)
        return Reply.of(stored)

    async def press_button(self, user_id: int, message: Reply | int, callback_data: str,
                           *, chat_id: int | None = None, forged: bool = False) -> str:
        """A person presses an inline button; returns the callback query id the bot must answer.

        `forged=True` sends data no button carries, as a modified client could: the bot must cope.
        """
        message_id = message if isinstance(message, int) else message.message_id
        chat_id = chat_id if chat_id is not None else (user_id if isinstance(message, int) else message.chat_id)
        stored = self._log(chat_id).get(message_id)
        if stored is None:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        rows = stored.data.get("reply_markup", {}).get("inline_keyboard", [])
        if not forged and not any(b.get("callback_data") == callback_data for row in rows for b in row):
            raise LookupError(f"message {message_id} in chat {chat_id} has no button with data {callback_data!r}")
        query = CallbackQuery(self.bot.new_query_id(), user_id, chat_id, message_id, callback_data)
        self.bot.callbacks[query.id] = query
        self.bot.enqueue("callback_query", {
            "id": query.id, "from": self.world.users[user_id], "message": stored.data,
            "chat_instance": self.bot.chat_instance(chat_id), "data": callback_data,
        })
        return query.id

    def sent_to(self, chat_id: int) -> list[Reply]:
        """The bot's messages in the chat now, oldest first (deleted ones gone, edits applied)."""
        return [Reply.of(m) for m in self._log(chat_id).messages.values() if m.from_bot and not m.deleted]

    def sent_after(self, chat_id: int, message_id: int) -> list[Reply]:
        """The bot's messages in the chat after `message_id`, oldest first (deleted ones gone, edits applied): read
        from the newest back, so a wait for the next message costs what is new, not the chat's whole history."""
        newer = []
        for stored in reversed(self._log(chat_id).messages.values()):  # by message id: ChatLog.add numbers them
            if stored.data["message_id"] <= message_id:
                break
            if stored.from_bot and not stored.deleted:
                newer.append(Reply.of(stored))
        return newer[::-1]

    def history(self, chat_id: int, since: int = 0) -> tuple[int, list[Reply]]:
        """(revision, every message of both sides changed after `since`, deleted ones flagged)."""
        log = self._log(chat_id)
        return log.revision, [Reply.of(m) for m in log.since(since)]

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = DEFAULT_TIMEOUT) -> list[Reply]:
        """Wait until the bot has sent at least `count` messages to the chat; return them all."""
        def enough() -> list[Reply] | None:
            sent = self.sent_to(chat_id)
            return sent if len(sent) >= count else None

        def shortfall() -> str:
            sent = [m.text or m.caption for m in self.sent_to(chat_id)]
            return f"the bot sent {len(sent)} of {count} messages to chat {chat_id}: {sent}"

        return await self.wait_until(enough, timeout, shortfall, chat_id=chat_id)

    async def wait_for_edit(self, message: Reply, timeout: float = DEFAULT_TIMEOUT) -> Reply:
        """The message once it changed after `message` was taken (an edit or its deletion)."""
        def changed() -> Reply | None:
            stored = self._log(message.chat_id).messages.get(message.message_id)
            return Reply.of(stored) if stored and stored.revision > message.revision else None

        return await self.wait_until(changed, timeout, lambda: f"message {message.message_id} was not edited",
                                     chat_id=message.chat_id)

    async def wait_for_answer(self, query_id: str, timeout: float = DEFAULT_TIMEOUT) -> CallbackAnswer:
        def answered() -> CallbackAnswer | None:
            query = self.bot.callbacks.get(query_id)
            if query is None or query.answer is None:
                return None
            return CallbackAnswer(query.id, query.answer["text"], query.answer["show_alert"], query.answer["url"])

        query = self.bot.callbacks.get(query_id)
        return await self.wait_until(answered, timeout, lambda: f"the bot did not answer callback query {query_id}",
                                     chat_id=query.chat_id if query else None)

    @property
    def answered_callbacks(self) -> list[CallbackAnswer]:
        return [
            CallbackAnswer(q.id, q.answer["text"], q.answer["show_alert"], q.answer["url"])
            for q in self.bot.callbacks.values() if q.answer is not None
        ]

    def keyboard(self, chat_id: int) -> list[list[str]] | None:
        """The reply keyboard shown under the chat's input field now, as rows of texts."""
        markup = self._log(chat_id).keyboard
        return [[b["text"] for b in row] for row in markup["keyboard"]] if markup else None

    def commands(self, chat_id: int, language_code: str | None = None) -> list[tuple[str, str]]:
        """The command menu Telegram would show in this chat for this language."""
        shown = commands_shown(self.bot, self.world.chats[chat_id], language_code)
        return [(c["command"], c["description"]) for c in shown]

    def download(self, file_id: str) -> bytes:
        return self.world.files[file_id].content

    def set_blocked(self, user_id: int, blocked: bool) -> None:
        """A person blocks (or unblocks) the bot; Telegram tells the bot with my_chat_member."""
        key = (self.bot.id, user_id)
        if (key in self.world.blocked) == blocked:
            return
        if blocked:
            self.world.blocked.add(key)
        else:
            self.world.blocked.discard(key)
        statuses = ({"status": "member"}, {"status": "kicked", "until_date": 0})
        old, new = statuses if blocked else statuses[::-1]
        self.bot.enqueue("my_chat_member", {
            "chat": self.world.chats[user_id], "from": self.world.users[user_id], "date": self.world.now(),
            "old_chat_member": {"user": self.bot.user, **old}, "new_chat_member": {"user": self.bot.user, **new},
        })

    async def wait_until(
        self, check: Callable[[], T | None], timeout: float, failure: Callable[[], str], *, chat_id: int | None = None,
    ) -> T:
        """Re-check at every change in the world until `check` gives a value or time runs out.

        With `chat_id`, only at every change in that chat (its messages, and the answers to presses in it): what
        `check` reads must change nowhere else. Forty people waiting each on the world re-checked at everyone's
        every message, a cost that grew with the people and fell on whoever posts more.
        """
        timeout *= self.patience
        if (result := check()) is not None:
            return result
        changes = self.world.changed if chat_id is None or chat_id not in self.world.chats else self.bot.log(chat_id).changed
        try:
            # One deadline for the whole wait: a timer made again at every change (every person waiting,
            # at every message of anyone's) cost the bot bench more than some of what it measures.
            async with asyncio.timeout(timeout):
                while (result := check()) is None:
                    await changes.next()
        except TimeoutError:
            raise NothingReceived(f"{failure()} (waited {timeout} s)") from None
        return result

    def _log(self, chat_id: int) -> ChatLog:
        if chat_id not in self.world.chats:
            raise LookupError(f"no chat {chat_id} in the sandbox")
        return self.bot.log(chat_id)

    def _post(self, user_id: int, chat_id: int, content: dict[str, Any], reply_to: int | None) -> Reply:
        log = self._log(chat_id)
        data: dict[str, Any] = {
            "message_id": 0, "from": self.world.users[user_id], "chat": log.chat, "date": self.world.now(),
        }
        if reply_to is not None and (replied := log.get(reply_to)):
            data["reply_to_message"] = {k: v for k, v in replied.data.items() if k != "reply_to_message"}
        stored = log.add({**data, **content}, from_bot=False)
        if log.keyboard and log.keyboard.get("one_time_keyboard") and "text" in content:
            log.keyboard = None  # a one-time keyboard hides once the person answers
        if log.chat["type"] == "private":
            self.world.not_started.discard((self.bot.id, user_id))  # once they wrote, the bot may write to them
        if log.chat["type"] == "private" or self.world.in_group(self.bot.id, chat_id):
            self.bot.enqueue("message", stored.data)  # a bot hears nothing of a group it is not in
        else:
            self.world.changed.notify()
        return Reply.of(stored)

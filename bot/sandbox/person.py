"""SandboxPerson: one person in a private chat with the bot, in the words a test reads best."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.client import DEFAULT_TIMEOUT, CallbackAnswer, NothingReceived, Reply

if TYPE_CHECKING:
    from bot.sandbox.client import SandboxClient


class SandboxPerson:
    """`await ana.says("/start")`, `reply = await ana.receives()`, `await ana.presses("Ver catálogo")`."""

    def __init__(self, client: SandboxClient, user: dict[str, Any]):
        self.client = client
        self.user = user
        self.id: int = user["id"]
        self.chat_id: int = user["id"]  # a private chat's id is the person's id
        self.last_query_id: str | None = None
        self._seen = 0  # the newest bot message `receives` has handed out

    @property
    def language_code(self) -> str | None:
        return self.user.get("language_code")

    async def says(self, text: str, *, reply_to: Reply | None = None) -> Reply:
        return await self.client.send_text(self.id, self.chat_id, text,
                                           reply_to=reply_to.message_id if reply_to else None)

    async def forwards(self, text: str, *, written_by: SandboxPerson | None) -> Reply:
        """Forward to the bot a message `written_by` wrote (None: by someone who hides their account)."""
        return await self.client.forward_text(self.id, self.chat_id, text,
                                              sender_id=written_by.id if written_by else None)

    async def edits(self, message: Reply, text: str) -> Reply:
        """Edit a message this person wrote (Telegram sends the bot an `edited_message`)."""
        return await self.client.edit_text(self.id, message, text)

    async def sends_photo(self, content: bytes, caption: str | None = None) -> Reply:
        return await self.client.send_photo(self.id, self.chat_id, content, caption)

    async def sends_document(self, content: bytes, file_name: str, caption: str | None = None) -> Reply:
        return await self.client.send_document(self.id, self.chat_id, content, file_name, caption)

    async def receives(self, timeout: float = DEFAULT_TIMEOUT) -> Reply:
        """The next message from the bot this person has not read yet."""
        return (await self.receives_many(1, timeout))[0]

    async def receives_many(self, count: int, timeout: float = DEFAULT_TIMEOUT) -> list[Reply]:
        def unread() -> list[Reply] | None:
            new = self.client.sent_after(self.chat_id, self._seen)
            return new[:count] if len(new) >= count else None

        def shortfall() -> str:
            new = [m.text or m.caption for m in self.client.sent_after(self.chat_id, self._seen)]
            return f"{self.user['first_name']} expected {count} new message(s) from the bot, got {new}"

        received = await self.client.wait_until(unread, timeout, shortfall, chat_id=self.chat_id)
        self._seen = received[-1].message_id
        return received

    async def presses(self, text: str, *, message: Reply | None = None) -> str | None:
        """Press the button labelled `text` on the newest message showing it (or on `message`).

        An inline callback button returns the callback query id; a URL button only opens a link
        and a reply-keyboard button sends its text, so both return None.
        """
        candidates = [message] if message else reversed(self.client.sent_to(self.chat_id))
        for candidate in candidates:
            button = candidate.button(text)
            if button is None:
                continue
            if "callback_data" not in button:
                return None
            self.last_query_id = await self.client.press_button(self.id, candidate, button["callback_data"])
            return self.last_query_id
        if any(text in row for row in self.keyboard or []):
            await self.says(text)
            return None
        shown = [m.button_texts for m in self.client.sent_to(self.chat_id) if m.buttons]
        raise NothingReceived(f"no button {text!r} in the chat; buttons shown: {shown}, keyboard: {self.keyboard}")

    async def sees_edited(self, message: Reply, timeout: float = DEFAULT_TIMEOUT) -> Reply:
        return await self.client.wait_for_edit(message, timeout)

    async def sees_answer(self, timeout: float = DEFAULT_TIMEOUT) -> CallbackAnswer:
        """The bot's answer to this person's last button press."""
        if self.last_query_id is None:
            raise NothingReceived(f"{self.user['first_name']} has pressed no button")
        return await self.client.wait_for_answer(self.last_query_id, timeout)

    def blocks_bot(self) -> None:
        self.client.set_blocked(self.id, True)

    def unblocks_bot(self) -> None:
        self.client.set_blocked(self.id, False)

    @property
    def messages(self) -> list[Reply]:
        """What the bot has in the chat now, oldest first."""
        return self.client.sent_to(self.chat_id)

    @property
    def last_message(self) -> Reply | None:
        sent = self.client.sent_to(self.chat_id)
        return sent[-1] if sent else None

    @property
    def keyboard(self) -> list[list[str]] | None:
        return self.client.keyboard(self.chat_id)

    @property
    def commands(self) -> list[tuple[str, str]]:
        """The command menu this person sees, in their language."""
        return self.client.commands(self.chat_id, self.language_code)

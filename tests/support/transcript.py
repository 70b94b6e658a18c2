"""A person's conversation with the bot written down as they read it: what they type and press, every screen
the bot sends or edits (its text, then its buttons row by row) and every toast, in order.

Each step waits until the bot has nothing left to do for it (`settled`): the update acknowledged and processed,
and every notice owed to the chat by then delivered. So a notice the outbox sends a moment later is written
under the step that caused it, never under the next one, and the script needs not say how many messages a step
brings (a flow that grows a message still runs; its transcript shows the new one).

    > /start                          the person writes
    > [🛒 Mi carrito]                 the person presses a button
    < ¡Hola, Ana! …                   a new message from the bot, then its buttons:
      [🧺 Ver productos]
      [🔎 Buscar] [🛒 Mi carrito]
      ⌨ [Cancelar]                    a keyboard under the input field that the message brings up
    ~ 🛒 Tu carrito …                 an earlier message, as the bot edited it
    x 🛒 Tu carrito                   an earlier message the bot deleted (its first line)
    ! Agregado: 2 kg …                the toast a press brought; `!!` a window to close with OK
"""

from __future__ import annotations

import asyncio
import difflib
import warnings
from pathlib import Path

import pytest

from bot.sandbox import SandboxPerson
from bot.sandbox.client import Reply
from market import clock
from market.enums import InboxStatus, NotificationStatus
from market.models import InboxUpdate, Notification
from market.presentation.i18n import Translator

SETTLE_TIMEOUT = 15.0  # seconds, times FERIA_TEST_PATIENCE: a step of the demo takes well under one
NOTATION = __doc__.split("\n\n")[2]


class Transcript:
    """`chat = Transcript(person, "pt_BR")`; `await chat.says("/start")`; `await chat.presses("🛒 My cart")`.

    A button is named by its English words (the catalog's msgid) or by its text as shown (a product's name):
    one script serves every language.
    """

    def __init__(self, person: SandboxPerson, locale: str) -> None:
        self.person = person
        self.client = person.client
        self.translator = Translator(locale)
        self.lines: list[str] = []
        self._revision = 0
        self._newest = 0  # the id of the newest message already written down

    def _(self, words: str) -> str:
        return self.translator.gettext(words)

    async def opens(self) -> None:
        """Before the first step: whatever the bot sent the chat on its own when it started (notices it owed)."""
        await self._settled()
        self._record_changes(heading="(waiting in the chat)")

    async def says(self, text: str) -> None:
        self.lines.append(f"> {text}")
        await self.person.says(text)
        await self._settled()
        self._record_changes()

    async def presses(self, label: str, *, starting: bool = False) -> None:
        """Press the button `label` names (translated) on the newest message showing it; with `starting`, the
        first button whose text starts so, up to its first placeholder ("🛒 Round #{number} · closes {when}")."""
        words = self._(label)
        shown = self._button(words.split("{")[0] if starting else words, starting)
        self.lines.append(f"> [{shown}]")
        query = await self.person.presses(shown)
        await self._settled()
        self._record_changes()
        if query is not None:
            answer = await self.client.wait_for_answer(query)
            if answer.text:
                self.lines.extend(_block("!! " if answer.show_alert else "! ", answer.text))

    def note(self, words: str) -> None:
        """A line for the reader (what the script did outside the chat, why a step is there)."""
        self.lines.append(f"# {words}")

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def last_with_button(self, label: str) -> Reply:
        return next(m for m in reversed(self.person.messages) if self._(label) in m.button_texts)

    def _button(self, label: str, starting: bool) -> str:
        for message in reversed(self.person.messages):
            for text in message.button_texts:
                if text == label or (starting and text.startswith(label)):
                    return text
        for row in self.person.keyboard or []:
            if label in row:
                return label
        shown = [m.button_texts for m in self.person.messages if m.buttons]
        raise AssertionError(f"no button {label!r} in the chat; buttons shown: {shown}")

    async def _settled(self) -> None:
        """Until the bot has taken every update, processed it, and delivered what it owes the chat now."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_TIMEOUT * self.client.patience
        while not await self._quiet():
            if loop.time() >= deadline:
                raise AssertionError(f"the bot was still busy with {self.person.user['first_name']}'s chat after "
                                     f"{SETTLE_TIMEOUT * self.client.patience} s")
            await asyncio.sleep(0.02)

    async def _quiet(self) -> bool:
        if self.client.bot.updates:
            return False
        failed = await InboxUpdate.filter(error__not="").values_list("error", flat=True)
        if failed:
            raise AssertionError(f"the bot failed on an update: {failed[0]}")
        if await InboxUpdate.filter(status__in=(InboxStatus.PENDING, InboxStatus.PROCESSING)).exists():
            return False
        return not await Notification.filter(
            chat_id=self.person.chat_id, not_before__lte=clock.now(),
            status__in=(NotificationStatus.PENDING, NotificationStatus.SENDING),
        ).exists()

    def _record_changes(self, heading: str | None = None) -> None:
        revision, changed = self.client.history(self.person.chat_id, self._revision)
        self._revision = revision
        lines = []
        for message in sorted((m for m in changed if m.from_bot), key=lambda m: m.revision):
            lines.extend(render(message, new=message.message_id > self._newest))
        self._newest = max([self._newest] + [m.message_id for m in changed])
        if lines and heading:
            self.lines.append(heading)
        self.lines.extend(lines)


def render(message: Reply, *, new: bool) -> list[str]:
    """A bot's message as the person reads it: its words, then its buttons and keyboard, row by row."""
    body = message.text if message.text is not None else message.caption or ""
    if message.photo:
        body = "🖼 " + body
    if message.document:
        body = f"📎 {message.document.get('file_name', '')}" + (f"\n{body}" if body else "")
    if message.deleted:
        return [f"x {body.splitlines()[0] if body else ''}".rstrip()]
    marker = "< " if new else "~ "
    lines = _block(marker, body)
    for row in message.buttons:
        lines.append("  " + " ".join(f"[{text}{' ↗' if _is_link(target) else ''}]" for text, target in row))
    for row in message.keyboard or []:
        lines.append("  ⌨ " + " ".join(f"[{text}]" for text in row))
    return lines


def _is_link(target: str | None) -> bool:
    return bool(target) and target.startswith(("http://", "https://", "tg://"))  # type: ignore[union-attr]


def _block(marker: str, text: str) -> list[str]:
    first, *rest = text.split("\n") or [""]
    return [(marker + first).rstrip()] + [("  " + line).rstrip() for line in rest]


def compare_or_write(path: Path, header: str, transcript: Transcript, update: bool) -> None:
    """The transcript against the reviewed file; with `update`, the file rewritten instead (the test passes
    and says so). A difference fails with a unified diff: the words that changed, screen by screen."""
    written = header + "\n" + transcript.text
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(written, encoding="utf-8")
        warnings.warn(f"wrote {path}: read its diff before committing it", UserWarning, stacklevel=2)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run with FERIA_UPDATE_TRANSCRIPTS=1 to write it, then read it and commit it")
    reviewed = path.read_text(encoding="utf-8")
    if reviewed != written:
        diff = difflib.unified_diff(reviewed.splitlines(), written.splitlines(), f"{path.name} (reviewed)",
                                    f"{path.name} (now)", lineterm="")
        pytest.fail(f"{path.name} differs from what the bot says now. If the change is meant, run with "
                    f"FERIA_UPDATE_TRANSCRIPTS=1 and review the new file:\n" + "\n".join(diff), pytrace=False)

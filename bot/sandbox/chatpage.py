"""The offline chat page at /sandbox: pick who you are and use the bot from a browser, no Telegram needed."""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import BodyPartReader, web

from bot.sandbox.cast import NEWCOMER_LANGUAGES, demo_cast, find_character, newcomer_id
from bot.sandbox.client import NothingReceived
from bot.sandbox.control import MAX_TITLE, MAX_WAIT, PREFIX, ControlApi, _known_user, _may_write, entry
from bot.sandbox.errors import ApiError
from bot.sandbox.media import MAX_PHOTO_BYTES
from bot.sandbox.server import SANDBOX_KEY, BotApiSandbox
from market.enums import SUPPORTED_LOCALES
from market.presentation.i18n import Translator
from market.presentation.labels import N_
from market.web.keys import CHAT_PAGE, SETTINGS
from market.web.locale import request_locale

PAGE = Path(__file__).parent / "page"
ASSETS = ("sandbox.css", "sandbox.js")
# Telegram apps keep a pressed button busy for a few seconds while the bot answers.
ANSWER_WAIT = 5.0
LANGUAGE_NAMES = {"es": "Español", "pt_BR": "Português", "en": "English"}
# What /start may carry (Telegram's deep-link payload): the web's links bring one to open a product, say.
START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(PAGE), autoescape=True, trim_blocks=True, lstrip_blocks=True,
)

# The page's words. They live here rather than in the templates so that babel.cfg's
# `bot/**.py` extracts them; the script gets the ones it needs as JSON.
TEXTS = {
    "title": N_("Try the bot offline"),
    "intro": N_("Use Feria's bot as one of the demo people, or as someone new. Nothing leaves this "
                "computer: the bot talks to a local stand-in for Telegram."),
    "language": N_("Language"),
    "who": N_("Who are you?"),
    "consumer": N_("Consumers"),
    "producer": N_("Producers"),
    "coordinator": N_("Purchasing-group coordinators"),
    "committee": N_("PGS committees"),
    "operator": N_("Operators"),
    "admin": N_("admin"),
    "open_chat": N_("Open the chat"),
    "someone_new": N_("Someone new"),
    "name": N_("Name"),
    "telegram_language": N_("Language of their Telegram app"),
    "start_new": N_("Start as someone new"),
    "change_person": N_("Change person"),
    "start_hint": N_("Write /start to begin."),
    "message": N_("Message"),
    "send": N_("Send"),
    "send_photo": N_("Send a photo"),
    "commands": N_("Commands"),
    "edited": N_("edited"),
    "ok": N_("OK"),
    "offline": N_("No connection to the bot. Trying again…"),
    "not_sent": N_("That could not be sent. Please try again."),
    "button_gone": N_("That button is no longer there."),
    "start": N_("Start"),
    "picker_start": N_("Choose who you are: the bot then opens what you chose on the web."),
    "chats": N_("Chats"),
    "bot_chat": N_("Chat with the bot"),
    "group_title": N_("New group's name"),
    "create_group": N_("Create a group"),
    "members": N_("Who is in the group"),
    "add_person": N_("Add a person"),
    "add": N_("Add"),
    "add_bot": N_("Add the bot to the group"),
    "remove_bot": N_("Remove the bot from the group"),
    "group_created": N_("{name} created the group «{title}»"),
    "added": N_("{name} added {who}"),
    "removed": N_("{name} removed {who}"),
}


class PageApi(ControlApi):
    """The sandbox's control API plus what a page needs: long polls, photos, pressing and waiting."""

    def __init__(self, sandbox: BotApiSandbox):
        super().__init__(sandbox)
        self.closing = False  # set when the web app shuts down, so long polls answer at once

    async def follow_chat(self, request: web.Request) -> dict[str, Any]:
        """What changed in a chat since `since`, with its reply keyboard and command menu.

        With `wait`, hold the request up to that many seconds until something changes. A revision
        lower than `since` means the sandbox restarted: answer at once so the page starts over.
        """
        client = self.client(request.query.get("bot_id"))
        chat_id = int(request.match_info["chat_id"])
        since = int(request.query.get("since", 0))
        wait = min(float(request.query.get("wait", 0)), MAX_WAIT)

        def news() -> bool | None:
            revision, changed = client.history(chat_id, since)
            return (self.closing or revision < since or bool(changed)) or None

        if wait > 0 and not news():
            with contextlib.suppress(NothingReceived):
                await client.wait_until(news, wait, lambda: "")
        revision, changed = client.history(chat_id, since)
        reader = int(request.query.get("user_id", chat_id))
        language_code = self.sandbox.world.users.get(reader, {}).get("language_code")
        followed = {
            "revision": revision, "messages": [entry(r) for r in changed], "keyboard": client.keyboard(chat_id),
            "commands": [{"command": c, "description": d} for c, d in client.commands(chat_id, language_code)],
        }
        if chat_id < 0:  # a group: who is in it now, and whether the bot is
            followed["group"] = self.group_info(client, chat_id)
        return followed

    async def press_and_wait(self, request: web.Request) -> dict[str, Any]:
        """Press an inline button, then wait a little for the bot's answer (a toast or an alert)."""
        pressed = await self.press_button(request)
        client = self.client((await request.json()).get("bot_id"))
        try:
            answer = await client.wait_for_answer(pressed["callback_query_id"], ANSWER_WAIT)
        except NothingReceived:
            return {**pressed, "answer": None}
        return {**pressed, "answer": {"text": answer.text, "show_alert": answer.show_alert, "url": answer.url}}

    async def send_photo(self, request: web.Request) -> dict[str, Any]:
        """A person sends a photo: multipart/form-data with user_id, photo and an optional caption."""
        fields: dict[str, Any] = {}
        photo = b""
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "photo":
                photo = await _read_at_most(part, MAX_PHOTO_BYTES)
            elif part.name:
                fields[part.name] = await part.text()
        user_id = _known_user(self.sandbox, fields)
        try:
            chat_id = int(fields.get("chat_id") or user_id)
            _may_write(self.sandbox, user_id, chat_id)
            reply = await self.client(fields.get("bot_id")).send_photo(
                user_id, chat_id, photo, fields.get("caption") or None
            )
        except ApiError as error:  # not an image, or too big, worded as Telegram words it
            raise ValueError(error.description) from None
        return entry(reply)


class ChatPage:
    """The page and its JSON routes; the sandbox starts with the app, so it is found per request."""

    def __init__(self) -> None:
        self._api: PageApi | None = None

    def api(self, request: web.Request) -> PageApi:
        sandbox = request.app.get(SANDBOX_KEY)
        if sandbox is None:
            raise LookupError("this server runs no Bot API sandbox (TELEGRAM_BOT_TOKEN is set)")
        if self._api is None or self._api.sandbox is not sandbox:
            self._api = PageApi(sandbox)
        return self._api

    def json(self, action: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        """A route answering as the control API does: {"ok": true, "result": ...} or {"ok": false}."""

        async def respond(request: web.Request) -> web.Response:
            try:
                api = self.api(request)
            except LookupError as error:
                return web.json_response({"ok": False, "description": str(error)}, status=404)
            # A photo comes as a form with its file; everything else as JSON.
            content_type = "multipart/form-data" if action == "send_photo" else "application/json"
            return await api.view(getattr(api, action), content_type=content_type)(request)

        return respond

    async def show(self, request: web.Request) -> web.Response:
        """The picker, or the chat of the person the URL names."""
        try:
            api = self.api(request)
        except LookupError:
            raise web.HTTPNotFound() from None
        locale = request_locale(request, request.app[SETTINGS].default_locale)
        translator = Translator(locale)
        texts = {key: translator.gettext(message) for key, message in TEXTS.items()}
        character = find_character(request.query)
        bots = list(api.sandbox.world.bots.values())
        start = request.query.get("start", "")
        context = {
            "text": texts, "lang_attr": locale.replace("_", "-"), "locale": locale,
            "languages": [(code, LANGUAGE_NAMES[code], str(request.rel_url.update_query(lang=code)))
                          for code in SUPPORTED_LOCALES],
            "character": character, "cast": demo_cast(), "newcomer_id": newcomer_id(),
            "newcomer_languages": NEWCOMER_LANGUAGES, "bot_name": bots[0].user["first_name"] if bots else "Feria",
            "start": start if START_PAYLOAD.match(start) else "", "max_title": MAX_TITLE,
        }
        if character is not None:
            context.update(self._chats(request, api, character.user_id))
            context["config"] = {
                "person": character.telegram_user, "api": PREFIX, "files": "/sandbox/files",
                "locale": context["lang_attr"], "texts": texts, "chat": context["chat"],
                "start": context["start"], "bot_username": bots[0].user["username"] if bots else None,
                "people": _people(api.sandbox.world.users, character.user_id),
            }
        template = TEMPLATES.get_template("chat.html" if character else "picker.html")
        return web.Response(text=template.render(context), content_type="text/html")

    @staticmethod
    def _chats(request: web.Request, api: PageApi, user_id: int) -> dict[str, Any]:
        """The chat the URL opens (?chat=<group id>, else the private chat with the bot) and the person's others."""
        world = api.sandbox.world
        here = request.rel_url.without_query_params("chat", "start")
        groups = world.groups_of(user_id)
        chat = world.chats.get(user_id) or {"id": user_id, "type": "private"}
        with contextlib.suppress(ValueError):
            chat = next((g for g in groups if g["id"] == int(request.query.get("chat", ""))), chat)
        return {
            "chat": chat, "private_url": str(here),
            "groups": [{"title": g["title"], "url": str(here.update_query(chat=g["id"])), "current": g is chat}
                       for g in groups],
        }

    async def asset(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in ASSETS or SANDBOX_KEY not in request.app:
            raise web.HTTPNotFound()
        # Revalidated each time (a 304 when unchanged): cheap on a slow network, never stale.
        return web.FileResponse(PAGE / name, headers={"Cache-Control": "no-cache"})

    async def file(self, request: web.Request) -> web.Response:
        """A file the bot or a person sent (a photo, a document), as Telegram's file download would give it."""
        sandbox = request.app.get(SANDBOX_KEY)
        stored = sandbox.world.files.get(request.match_info["file_id"]) if sandbox else None
        if stored is None:
            raise web.HTTPNotFound()
        # A file id always names the same bytes.
        headers = {"Cache-Control": "private, max-age=86400"}
        if stored.file_name:
            # A document is saved under its name, never opened as a page of this site (it could be HTML).
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{urllib.parse.quote(stored.file_name)}"
        return web.Response(body=stored.content, content_type=stored.mime_type, headers=headers)

    async def on_shutdown(self, app: web.Application) -> None:
        """Answer the pages' long polls now rather than hold the shutdown for their whole wait."""
        if self._api is not None:
            self._api.closing = True
            self._api.sandbox.world.changed.notify()


def add_chat_page(app: web.Application) -> None:
    """Serve /sandbox and its JSON routes; they answer 404 when the app runs no sandbox."""
    page = ChatPage()
    app[CHAT_PAGE] = "/sandbox"  # the web's links to the bot open it (market.web.pages.common.telegram_link)
    app.router.add_get("/sandbox", page.show, name="sandbox")
    app.router.add_get("/sandbox/assets/{name}", page.asset)
    app.router.add_get("/sandbox/files/{file_id}", page.file)
    app.router.add_post(f"{PREFIX}/people", page.json("add_person"))
    app.router.add_post(f"{PREFIX}/messages", page.json("send_message"))
    app.router.add_post(f"{PREFIX}/callbacks", page.json("press_and_wait"))
    app.router.add_post(f"{PREFIX}/photos", page.json("send_photo"))
    app.router.add_get(f"{PREFIX}/chats/{{chat_id}}", page.json("follow_chat"))
    app.router.add_get(f"{PREFIX}/groups", page.json("groups"))
    app.router.add_post(f"{PREFIX}/groups", page.json("create_group"))
    app.router.add_post(f"{PREFIX}/groups/{{chat_id}}/members", page.json("add_member"))
    app.router.add_post(f"{PREFIX}/groups/{{chat_id}}/bot", page.json("group_bot"))
    app.on_shutdown.append(page.on_shutdown)


def _people(known: dict[int, dict[str, Any]], user_id: int) -> list[dict[str, Any]]:
    """Whom a person may add to a group: the demo's people, then anyone else the sandbox knows, themselves not."""
    cast = {c.user_id: c.telegram_user for characters in demo_cast().values() for c in characters}
    others = {i: u for i, u in known.items() if i not in cast and not u.get("is_bot")}
    return [u for i, u in {**cast, **others}.items() if i != user_id]


async def _read_at_most(part: BodyPartReader, limit: int) -> bytes:
    """A part's bytes, refusing more than `limit` (the app's own body limit does not cover multipart)."""
    chunks, size = [], 0
    while chunk := await part.read_chunk():
        size += len(chunk)
        if size > limit:
            raise ValueError("the photo is too big")
        chunks.append(chunk)
    return b"".join(chunks)

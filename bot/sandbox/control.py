"""The sandbox's JSON control API under /sandbox/api/, for a browser chat page playing the person.

It acts as anyone, so it answers only its own page: a request a browser sends from another site
carries that site's Origin and is refused (403), and a write must be application/json (415
otherwise), which a page of another site cannot send without the browser asking first. A client
that is no browser (a test, curl) sends no Origin and is served.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.sandbox.client import NothingReceived, Reply, SandboxClient

if TYPE_CHECKING:
    from bot.sandbox.server import BotApiSandbox

PREFIX = "/sandbox/api"
MAX_WAIT = 30.0
MAX_TITLE = 128  # Telegram's limit for a group's title

View = Callable[[web.Request], Awaitable[Any]]


def add_control_api(app: web.Application, sandbox: BotApiSandbox) -> None:
    """Routes that act as people: write, press buttons, block the bot, and read a chat since a revision."""
    api = ControlApi(sandbox)
    app.router.add_get(f"{PREFIX}/bots", api.view(api.bots))
    app.router.add_post(f"{PREFIX}/people", api.view(api.add_person))
    app.router.add_post(f"{PREFIX}/messages", api.view(api.send_message))
    app.router.add_post(f"{PREFIX}/callbacks", api.view(api.press_button))
    app.router.add_post(f"{PREFIX}/blocks", api.view(api.block))
    app.router.add_get(f"{PREFIX}/groups", api.view(api.groups))
    app.router.add_post(f"{PREFIX}/groups", api.view(api.create_group))
    app.router.add_post(f"{PREFIX}/groups/{{chat_id}}/members", api.view(api.add_member))
    app.router.add_post(f"{PREFIX}/groups/{{chat_id}}/bot", api.view(api.group_bot))
    app.router.add_get(f"{PREFIX}/chats/{{chat_id}}", api.view(api.chat))
    app.router.add_get(f"{PREFIX}/stats", api.view(api.stats))


def entry(reply: Reply) -> dict[str, Any]:
    """A message for the page: Telegram's JSON plus who sent it, whether it is gone, its revision."""
    return {
        "revision": reply.revision, "from_bot": reply.from_bot, "deleted": reply.deleted,
        "keyboard": reply.keyboard, "message": reply.raw,
    }


class ControlApi:
    def __init__(self, sandbox: BotApiSandbox):
        self.sandbox = sandbox
        self._clients: dict[int, SandboxClient] = {}

    def view(
        self, handler: View, *, content_type: str = "application/json",
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        """Answer {"ok": true, "result": ...}; a bad request or an unknown chat becomes {"ok": false}.

        Only for the sandbox's own pages: a write must have `content_type`, and an Origin, when sent, this host.
        """

        async def respond(request: web.Request) -> web.Response:
            if (refused := _foreign(request, content_type)) is not None:
                return refused
            try:
                return web.json_response({"ok": True, "result": await handler(request)})
            except (LookupError, NothingReceived) as error:
                return web.json_response({"ok": False, "description": str(error).strip("'\"")}, status=404)
            except (ValueError, TypeError) as error:
                return web.json_response({"ok": False, "description": str(error)}, status=400)

        return respond

    def client(self, bot_id: Any) -> SandboxClient:
        """The client of the bot named by bot_id, or of the only bot there is."""
        bots = list(self.sandbox.world.bots.values())
        if bot_id is not None:
            bot = self.sandbox.world.bot_by_id(int(bot_id))
            if bot is None:
                raise LookupError(f"no bot {bot_id} has called the sandbox")
        elif len(bots) == 1:
            bot = bots[0]
        elif not bots:
            raise LookupError("no bot has called the sandbox yet")
        else:
            raise ValueError(f"bot_id is required: {len(bots)} bots use this sandbox")
        if bot.id not in self._clients:
            self._clients[bot.id] = SandboxClient(self.sandbox, bot.token)
        return self._clients[bot.id]

    async def bots(self, request: web.Request) -> list[dict[str, Any]]:
        return [
            {**bot.user, "webhook_url": bot.webhook.url, "pending_update_count": len(bot.updates)}
            for bot in self.sandbox.world.bots.values()
        ]

    async def add_person(self, request: web.Request) -> dict[str, Any]:
        body = await _body(request)
        return self.sandbox.world.add_user(
            int(body["id"]), str(body.get("first_name") or "Ana"), last_name=body.get("last_name"),
            username=body.get("username"), language_code=body.get("language_code"),
        )

    async def send_message(self, request: web.Request) -> dict[str, Any]:
        body = await _body(request)
        user_id = _known_user(self.sandbox, body)
        _may_write(self.sandbox, user_id, int(body.get("chat_id", user_id)))
        reply = await self.client(body.get("bot_id")).send_text(
            user_id, int(body.get("chat_id", user_id)), str(body["text"]),
            reply_to=body.get("reply_to_message_id"),
        )
        return entry(reply)

    async def press_button(self, request: web.Request) -> dict[str, Any]:
        body = await _body(request)
        user_id = _known_user(self.sandbox, body)
        query_id = await self.client(body.get("bot_id")).press_button(
            user_id, int(body["message_id"]), str(body["callback_data"]), chat_id=int(body.get("chat_id", user_id)),
        )
        return {"callback_query_id": query_id}

    async def block(self, request: web.Request) -> dict[str, Any]:
        body = await _body(request)
        user_id = _known_user(self.sandbox, body)
        self.client(body.get("bot_id")).set_blocked(user_id, bool(body.get("blocked", True)))
        return {"user_id": user_id, "blocked": bool(body.get("blocked", True))}

    async def groups(self, request: web.Request) -> list[dict[str, Any]]:
        """The group chats a person (?user_id=) is in, with their members and whether the bot is there."""
        client = self.client(request.query.get("bot_id"))
        return [self.group_info(client, chat["id"]) for chat in client.world.groups_of(int(request.query["user_id"]))]

    async def create_group(self, request: web.Request) -> dict[str, Any]:
        """A person makes a group chat: {"user_id" or "user", "title", "supergroup"}."""
        body = await _body(request)
        user_id = _known_user(self.sandbox, body)
        title = " ".join(str(body.get("title", "")).split())
        if not 1 <= len(title) <= MAX_TITLE:
            raise ValueError(f"a group's title has 1 to {MAX_TITLE} characters")
        client = self.client(body.get("bot_id"))
        chat_id = client.create_group(user_id, title, supergroup=bool(body.get("supergroup")))
        return self.group_info(client, chat_id)

    async def add_member(self, request: web.Request) -> dict[str, Any]:
        """A member adds a person: {"user_id", "member": a User, or "member_id"}.

        A person the sandbox did not know yet joins the group without having started the bot: Telegram
        refuses the bot's private messages to them until they write to it.
        """
        body = await _body(request)
        user_id = _known_user(self.sandbox, {"user_id": body.get("user_id")})
        client = self.client(body.get("bot_id"))
        chat_id = int(request.match_info["chat_id"])
        member = body.get("member")
        if isinstance(member, dict) and int(member["id"]) not in client.world.users:
            member_id = _known_user(self.sandbox, {"user": member})
            for bot in client.world.bots.values():
                client.world.not_started.add((bot.id, member_id))
        else:
            member_id = int(member["id"]) if isinstance(member, dict) else int(body["member_id"])
        client.add_to_group(user_id, chat_id, member_id)
        return self.group_info(client, chat_id)

    async def group_bot(self, request: web.Request) -> dict[str, Any]:
        """A member adds the bot to the group or removes it: {"user_id", "present": true/false, "as_admin"}."""
        body = await _body(request)
        user_id = _known_user(self.sandbox, {"user_id": body.get("user_id")})
        client = self.client(body.get("bot_id"))
        chat_id = int(request.match_info["chat_id"])
        if user_id not in client.members(chat_id):
            raise LookupError(f"person {user_id} is not in group {chat_id}")
        if body.get("present", True):
            client.add_bot_to_group(user_id, chat_id, as_admin=bool(body.get("as_admin")))
        else:
            client.remove_bot_from_group(user_id, chat_id)
        return self.group_info(client, chat_id)

    @staticmethod
    def group_info(client: SandboxClient, chat_id: int) -> dict[str, Any]:
        return {
            "chat": client.world.chats[chat_id], "members": [client.world.users[i] for i in client.members(chat_id)],
            "bot_in_group": client.world.in_group(client.bot.id, chat_id),
        }

    async def chat(self, request: web.Request) -> dict[str, Any]:
        """Messages changed since `since` (a revision); with `wait`, hold up to that many seconds for one."""
        client = self.client(request.query.get("bot_id"))
        chat_id = int(request.match_info["chat_id"])
        since = int(request.query.get("since", 0))
        wait = min(float(request.query.get("wait", 0)), MAX_WAIT)
        if wait > 0:
            with suppress(NothingReceived):  # nothing new within the wait: answer with no messages
                await client.wait_until(lambda: client.history(chat_id, since)[1] or None, wait, lambda: "")
        revision, changed = client.history(chat_id, since)
        return {
            "revision": revision, "messages": [entry(r) for r in changed], "keyboard": client.keyboard(chat_id),
            "callback_answers": [a.__dict__ for a in client.answered_callbacks],
        }

    async def stats(self, request: web.Request) -> dict[str, Any]:
        stats = self.sandbox.stats
        return {
            "messages_sent": stats.messages_sent, "rate_limited": stats.rate_limited,
            "calls": dict(self.sandbox.calls), "errors": {str(k): v for k, v in self.sandbox.errors.items()},
        }


def _foreign(request: web.Request, content_type: str) -> web.Response | None:
    """The refusal of a request another site's page sent, or of a write in another type; None when it may pass.

    | request                                            | answer |
    |----------------------------------------------------|--------|
    | no Origin (a test's client, curl)                  | served |
    | Origin http://127.0.0.1:8080 to 127.0.0.1:8080     | served |
    | Origin https://evil.example, or Origin null        | 403    |
    | POST Content-Type: text/plain (a cross-site form)  | 415    |
    """
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.host}":
        return web.json_response({"ok": False, "description": "only the sandbox's own pages may use this API"},
                                 status=403)
    if request.method == "POST" and request.content_type != content_type:
        return web.json_response({"ok": False, "description": f"send the body as {content_type}"}, status=415)
    return None


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: thousands of nested arrays
        raise ValueError("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _may_write(sandbox: BotApiSandbox, user_id: int, chat_id: int) -> None:
    """A person writes in their own private chat, or in a group they are in."""
    chat = sandbox.world.chats.get(chat_id)
    if chat is None:
        make = f": POST {PREFIX}/groups makes a group" if chat_id < 0 else ""
        raise LookupError(f"no chat {chat_id} in the sandbox{make}")
    if chat["type"] == "private" and chat_id != user_id:
        raise LookupError(f"person {user_id} cannot write in the private chat of {chat_id}")
    members = sandbox.world.members.get(chat_id)  # none: a group a test made without people, open to all
    if chat["type"] != "private" and members and user_id not in members:
        raise LookupError(f"person {user_id} is not in group {chat_id}")


def _known_user(sandbox: BotApiSandbox, body: dict[str, Any]) -> int:
    """The person's id; a "user" object registers the person on the way (a page's first message)."""
    if isinstance(body.get("user"), dict):
        user = body["user"]
        sandbox.world.add_user(int(user["id"]), str(user.get("first_name") or "Ana"), last_name=user.get("last_name"),
                               username=user.get("username"), language_code=user.get("language_code"))
        return int(user["id"])
    user_id = int(body["user_id"])
    if user_id not in sandbox.world.users:
        raise LookupError(f"no person {user_id}: POST {PREFIX}/people first")
    return user_id

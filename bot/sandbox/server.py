"""BotApiSandbox: an aiohttp app that answers like the Telegram Bot API, for bots run offline."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from aiohttp import web

from bot.sandbox.call import Call
from bot.sandbox.control import add_control_api
from bot.sandbox.errors import ApiError, Params, Upload, bad_request
from bot.sandbox.faults import Faults
from bot.sandbox.limits import FloodControl, FloodLimits, SendStats
from bot.sandbox.methods import METHODS
from bot.sandbox.state import BotState, World
from bot.sandbox.webhooks import WebhookSender
from market.clock import timestamp

log = logging.getLogger(__name__)

# Telegram answers 404 to anything not shaped like <bot id>:<secret>, 401 to a well-formed unknown one.
TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
MAX_UPLOAD = 50 * 1024 * 1024


class BotApiSandbox:
    """The Bot API for any number of bots, with Telegram's limits, errors and an in-memory world.

    `limits=None` turns the flood limits off; `clock` (seconds since the epoch) dates messages
    and drives the limits, so tests can move time instead of sleeping; `tokens`, when given,
    are the only ones accepted (others get 401 Unauthorized).
    """

    def __init__(
        self, *, limits: FloodLimits | None = FloodLimits(), clock: Callable[[], float] = timestamp,
        tokens: Iterable[str] | None = None, bot_first_name: str = "Feria Sandbox",
        webhook_retry_delay: float = 1.0,
    ):
        self.world = World(clock, bot_first_name)
        self.flood = FloodControl(limits, clock)
        self.faults = Faults()
        self.webhooks = WebhookSender(self.world, retry_delay=webhook_retry_delay, faults=self.faults)
        self.tokens = set(tokens) if tokens is not None else None
        self.calls: Counter[str] = Counter()  # method name (lower case) -> calls answered
        self.errors: Counter[int] = Counter()  # HTTP status -> error answers
        self.closing = False
        self.url: str | None = None
        self._runner: web.AppRunner | None = None

    @property
    def stats(self) -> SendStats:
        return self.flood.stats

    @property
    def api_url(self) -> str:
        """What TELEGRAM_API_URL (PTB's base_url) should be once the sandbox is started."""
        return f"{self.url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.url}/file/bot"

    def add_bot(self, token: str, *, first_name: str | None = None, username: str | None = None) -> BotState:
        """Name a bot before it first calls (bots are otherwise created on their first call)."""
        if not TOKEN_RE.match(token):
            raise ValueError(f"not a bot token: {token!r}")
        return self.world.bot(token, first_name=first_name, username=username)

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app[SANDBOX_KEY] = self
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        add_control_api(app, self)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        app.on_cleanup.append(self._on_cleanup)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0: a free port); returns the base URL, e.g. http://127.0.0.1:8081."""
        # No access log: a bot long-polls every few seconds, and `make run`'s log is for what people do.
        self._runner = web.AppRunner(self.make_app(), shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0]
        self.url = f"http://{host}:{bound[1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def call(self, token: str, method: str, params: Params | Mapping[str, Any] | None = None) -> Any:
        """Run a method in-process, without HTTP; raises ApiError as the server would answer it."""
        if self.tokens is not None and token not in self.tokens:
            raise ApiError(401, "Unauthorized")
        handler = METHODS.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        self.calls[method.lower()] += 1
        if not isinstance(params, Params):
            params = Params(params or {})
        return await handler(Call(self, self.world.bot(token), params))

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        token, method = request.match_info["token"], request.match_info["method"]
        if not TOKEN_RE.match(token):
            return self._error(ApiError(404, "Not Found"))
        try:
            # Read the whole request first: a fault acts on a call Telegram has received.
            params = await read_params(request)
        except ApiError as error:
            return self._error(error)
        fault = self.faults.take(method, params.raw("chat_id"))
        if fault is not None and fault.kind == "error":
            return self._error(fault.error)
        if fault is not None and fault.kind == "drop" and not fault.after_processing:
            return await self._drop(request)
        try:
            response = web.json_response({"ok": True, "result": await self.call(token, method, params)})
        except ApiError as error:
            response = self._error(error)
        except Exception:
            # A sandbox bug must look like a server failure to the bot, not hang it or kill the server.
            log.exception("sandbox: %s failed", method)
            response = self._error(ApiError(500, "Internal Server Error"))
        if fault is not None and fault.kind == "drop":
            return await self._drop(request)
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
        return response

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        bot = self.world.bots.get(request.match_info["token"])
        stored = self.world.file_at(bot.id, request.match_info["path"]) if bot else None
        if stored is None:
            return self._error(ApiError(404, "Not Found"))
        return web.Response(body=stored.content, content_type=stored.mime_type)

    def _error(self, error: ApiError | None) -> web.Response:
        assert error is not None
        self.errors[error.code] += 1
        return web.json_response(error.body(), status=error.code)

    @staticmethod
    async def _drop(request: web.Request) -> web.StreamResponse:
        """Close the connection with no answer, as a network failure would."""
        if request.transport is not None:
            request.transport.abort()
        return web.Response()

    async def _on_startup(self, app: web.Application) -> None:
        self.closing = False

    async def _on_shutdown(self, app: web.Application) -> None:
        # Long polls would hold shutdown for their whole timeout: answer them now.
        self.closing = True
        self.world.changed.notify()

    async def _on_cleanup(self, app: web.Application) -> None:
        await self.webhooks.close()


SANDBOX_KEY = web.AppKey("sandbox", BotApiSandbox)


async def read_params(request: web.Request) -> Params:
    """Parameters from the query string and a form, multipart or JSON body (Telegram takes all four)."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except (ValueError, RecursionError):  # RecursionError: thousands of nested arrays
                raise bad_request("can't parse JSON encoded request parameters") from None
            if not isinstance(body, dict):
                raise bad_request("request parameters must be a JSON object")
            values.update(body)
        else:
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[name] = Upload(value.file.read(), value.content_type, value.filename)
                else:
                    values[name] = value
    return Params(values, files)


"""The HTTP connections of every Bot in the process: aiohttp's client, and one TLS context for all of them.

python-telegram-bot talks HTTP through a `BaseRequest`; its own, `HTTPXRequest`, costs more CPU than anything else
per call. A bare echo bot through the offline sandbox answered 202-216 updates a second with it and 344-377 with
this one (aiohttp, already the web server's library), the same run, one core: a sent message, an edit or a button
answer costs about half. `AiohttpRequest` sends what HTTPXRequest sends (form fields, or multipart with the
files), answers PTB the same way (status and body; PTB reads Telegram's errors from them), and raises PTB's
TimedOut and NetworkError where HTTPXRequest does. aiohttp has no write timeout: the others hold.

A Bot left to build its own connections builds a TLS context for each pool (its calls, its getUpdates), and each
reads the whole certificate bundle: 40 to 100 ms a context. A served Feria holds two Bots (the bot's, the outbox's),
so four contexts, on every start; the test suite starts it hundreds of times. A context is meant to be shared (it
holds settings and certificates, not connections), and one made as httpx makes its own verifies the same way.
"""

from __future__ import annotations

import functools
import re
import ssl
from typing import Any

import aiohttp
import httpx
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Where an Application keeps its getUpdates request (bot.application), for the intake to take what it answered.
POLLING = "polling request"


@functools.cache
def tls() -> ssl.SSLContext:
    """The process's TLS context, made on first use as httpx would make it (certifi's bundle, or SSL_CERT_FILE)."""
    return httpx.create_ssl_context()


def request(
    connections: int, *, read_timeout: float | None = 5.0, write_timeout: float | None = 5.0,
    connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0, media_write_timeout: float | None = 20.0,
    keeps_results: bool = False,
) -> AiohttpRequest:
    """A pool of `connections` connections for a Bot's calls; the timeouts (seconds) are HTTPXRequest's defaults.
    `keeps_results`: each answer's result is kept for take_result (getUpdates' for the intake)."""
    made = AiohttpRequest(
        connections, read_timeout=read_timeout, write_timeout=write_timeout, connect_timeout=connect_timeout,
        pool_timeout=pool_timeout, media_write_timeout=media_write_timeout,
    )
    made.keeps_results = keeps_results
    return made


class AiohttpRequest(BaseRequest):
    """python-telegram-bot's calls over one aiohttp session of at most `connections` connections."""

    def __init__(
        self, connections: int, *, read_timeout: float | None, write_timeout: float | None,
        connect_timeout: float | None, pool_timeout: float | None, media_write_timeout: float | None,
    ) -> None:
        self.connections = connections
        # The last answer's `result` as Telegram sent it (JSON decoded), kept by a request that polls: the intake
        # stores the updates as they came instead of turning PTB's objects back into dicts (bot.intake).
        self.keeps_results = False
        self.last_result: Any = None
        self._read, self._connect, self._pool = read_timeout, connect_timeout, pool_timeout
        self._write, self._media_write = write_timeout, media_write_timeout  # aiohttp has no write timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    def parse_json_payload(self, payload: bytes) -> JSONDict:  # type: ignore[override]  # PTB's is a staticmethod
        """PTB's parsing, keeping the answer's `result` when this request keeps results. PTB copies what it reads
        before changing it, so what is kept is what Telegram sent."""
        parsed = BaseRequest.parse_json_payload(payload)
        if self.keeps_results:
            self.last_result = parsed.get("result") if isinstance(parsed, dict) else None
        return parsed

    def take_result(self) -> Any:
        """The result kept from the last answer, once."""
        result, self.last_result = self.last_result, None
        return result

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connections, ssl=tls())
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        # aiohttp's `connect` is waiting for a pooled connection and opening one together.
        acquire = None if connect is None or pool is None else connect + pool
        timeout = aiohttp.ClientTimeout(total=None, connect=acquire, sock_connect=connect, sock_read=read)
        body, headers = _body(request_data)
        try:
            async with session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's ServerTimeoutError is one too
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


_URLENCODED = {"Content-Type": "application/x-www-form-urlencoded"}


def _body(request_data: RequestData | None) -> tuple[aiohttp.FormData | bytes | None, dict[str, str] | None]:
    """What HTTPXRequest sends: the parameters as form fields, in a multipart body with the files when there are.
    Without files, encoded here: aiohttp's FormData for a dict cost about 5 % of a bot update's CPU (bench/
    bot_throughput.py), and the body is the same."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return request_data.url_encoded_parameters().encode(), _URLENCODED
    # File names go as they are (UTF-8), as HTTPXRequest sends them and Telegram reads them: aiohttp's default would
    # percent-encode them, and a document would reach people named "precios%20de%20marzo.csv".
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=_UNSAFE_IN_NAMES.sub(_escaped, filename), content_type=mime_type)
    return form, None


# What the HTML form encoding escapes in a part's file name (as httpx does): a quote, and control characters, which
# could otherwise end the header line.
_UNSAFE_IN_NAMES = re.compile('["\x00-\x1a\x1c-\x1f]')


def _escaped(match: re.Match[str]) -> str:
    return f"%{ord(match.group()):02X}"

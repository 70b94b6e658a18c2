"""A round-robin load balancer for the webhook: what spreads Telegram's deliveries over several web processes.

    .venv/bin/python bench/balancer.py PORT UPSTREAM [UPSTREAM ...]

Telegram delivers a bot's updates to one URL; a deployment of several web processes (the Procfile's
`web`, scaled out) puts a load balancer in front of them. bench/scale_out.py runs this one in a process of
its own, so that its CPU time is counted apart from Feria's, and sends even the single-process run
through it, so that every run pays the same hop. It forwards each POST to the next upstream in turn,
with its body and the secret header, and answers with the upstream's status (a 502 when the upstream
cannot be reached, so that the sandbox delivers the update again, as Telegram would).

`GET /stats` answers {"forwarded": deliveries answered, "busy": seconds during which at least one was
in flight}: with the sandbox delivering one update at a time, busy ÷ wall time near 1 says the delivery
path, not the processes behind it, is the limit.
"""

from __future__ import annotations

import itertools
import sys
import time

import aiohttp
from aiohttp import web

FORWARDED_HEADERS = ("X-Telegram-Bot-Api-Secret-Token", "Content-Type")


class Balancer:
    """Forward each request to the next upstream; count deliveries and the time any was in flight."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = itertools.cycle(upstreams)
        self.forwarded = 0
        self.busy = 0.0
        self._in_flight = 0
        self._since = 0.0
        self._session: aiohttp.ClientSession | None = None

    async def forward(self, request: web.Request) -> web.Response:
        if self._in_flight == 0:
            self._since = time.perf_counter()
        self._in_flight += 1
        try:
            body = await request.read()
            headers = {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}
            try:
                async with self._client().post(next(self.upstreams) + request.path_qs, data=body,
                                               headers=headers) as answer:
                    await answer.read()
                    status = answer.status
            except aiohttp.ClientError:
                status = 502
            self.forwarded += 1
            return web.Response(status=status)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self.busy += time.perf_counter() - self._since

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response({"forwarded": self.forwarded, "busy": self.busy})

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    async def close(self, app: web.Application) -> None:
        if self._session is not None:
            await self._session.close()


def make_app(upstreams: list[str]) -> web.Application:
    balancer = Balancer(upstreams)
    app = web.Application()
    app.router.add_get("/stats", balancer.stats)
    app.router.add_post("/{path:.*}", balancer.forward)
    app.on_cleanup.append(balancer.close)
    return app


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    port, upstreams = int(argv[0]), [url.rstrip("/") for url in argv[1:]]
    web.run_app(make_app(upstreams), host="127.0.0.1", port=port, access_log=None, print=None,
                shutdown_timeout=1.0)


if __name__ == "__main__":
    main(sys.argv[1:])

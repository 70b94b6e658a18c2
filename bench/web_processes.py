"""The processes of one bench/scale_out.py run: `serve.py --role web` processes behind bench/balancer.py.

    async with processes(3, database_url, sandbox, directory) as running:   # ready: webhook set, /healthz 200
        ...                                                                  # running.web, running.balancer
    # stopped here whatever happened: SIGTERM (serve.py stops cleanly), SIGKILL after a grace period

Each process gets only the settings written here (none of the caller's Feria settings leak in), its
log in `directory` (shown when a process ends early or is not ready in time).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.sandbox import BotApiSandbox

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "777000:BENCH-token-abcdefghijklmnop"
SECRET = "bench-scale-out-secret"
# Messages a second the bot may post: Telegram's 30 lifted (each process keeps its own pacer, so with it
# kept the runs would measure N pacers, not N processes).
UNPACED = "100000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Processes:
    """The web processes and the balancer of one run, their logs in `directory`."""

    directory: Path
    web: list[asyncio.subprocess.Process] = field(default_factory=list)
    balancer: asyncio.subprocess.Process | None = None
    balancer_url: str = ""

    def all(self) -> list[asyncio.subprocess.Process]:
        return [*self.web, *([self.balancer] if self.balancer else [])]

    def log_tail(self) -> str:
        lines = []
        for log in sorted(self.directory.glob("*.log")):
            lines += [f"-- {log.name}", *log.read_text(errors="replace").splitlines()[-8:]]
        return "\n".join(lines)

    def check_alive(self) -> None:
        dead = [p.pid for p in self.all() if p.returncode is not None]
        if dead:
            raise RuntimeError(f"processes {dead} ended during the run:\n{self.log_tail()}")


def web_environment(database_url: str, sandbox: BotApiSandbox, webhook_url: str, port: int) -> dict[str, str]:
    """serve.py's settings for one web process; none of the caller's Feria settings leak in."""
    prefixes = ("TELEGRAM_", "WEBHOOK_", "FERIA_", "PUBLIC_", "OUTBOX_", "BOT_", "CATALOG_", "RATE_LIMIT_",
                "MESSAGE_", "SEARCH_MISS_", "SESSION_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return env | {
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": sandbox.api_url,
        "TELEGRAM_FILE_URL": sandbox.file_url, "WEBHOOK_URL": webhook_url, "WEBHOOK_SECRET": SECRET,
        "HOST": "127.0.0.1", "PORT": str(port), "BOT_UPDATES_PER_MINUTE": "0", "OUTBOX_RATE_PER_SECOND": UNPACED,
        "RATE_LIMIT_API": "off", "RATE_LIMIT_PAGES": "off", "PTB_TIMEDELTA": "1",
        # Every web process of one installation shares the desk's session key; none is written to var/.
        "SESSION_KEY": base64.urlsafe_b64encode(b"scale-out-bench-session-key-32b!").decode(),
    }


@contextlib.asynccontextmanager
async def processes(count: int, database_url: str, sandbox: BotApiSandbox, directory: Path) -> AsyncIterator[Processes]:
    """`count` web processes behind the balancer, ready (webhook set, /healthz answering); always stopped after."""
    running = Processes(directory)
    ports = [free_port() for _ in range(count)]
    balancer_port = free_port()
    running.balancer_url = f"http://127.0.0.1:{balancer_port}"
    try:
        with (directory / "balancer.log").open("ab") as log:
            running.balancer = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "bench" / "balancer.py"), str(balancer_port),
                *(f"http://127.0.0.1:{port}" for port in ports), cwd=ROOT, stdout=log, stderr=log,
            )
        webhook_url = f"{running.balancer_url}/telegram/webhook"
        for i, port in enumerate(ports):
            with (directory / f"web-{i + 1}.log").open("ab") as log:
                running.web.append(await asyncio.create_subprocess_exec(
                    sys.executable, "serve.py", "--role", "web", cwd=ROOT, stdout=log, stderr=log,
                    env=web_environment(database_url, sandbox, webhook_url, port),
                ))
        await _ready(running, sandbox, [f"http://127.0.0.1:{port}" for port in ports])
        yield running
    finally:
        await _stop(running.all())


async def _ready(running: Processes, sandbox: BotApiSandbox, urls: list[str], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    pending = [*urls, running.balancer_url + "/stats"]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while pending or sandbox.calls["setwebhook"] < len(urls):
            running.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the processes were not ready in {timeout:.0f} s:\n{running.log_tail()}")
            for url in list(pending):
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with session.get(url if url.endswith("/stats") else url + "/healthz") as answer:
                        if answer.status == 200:
                            pending.remove(url)
            await asyncio.sleep(0.2)


async def _stop(children: list[asyncio.subprocess.Process], grace: float = 20.0) -> None:
    """SIGTERM (serve.py stops cleanly), then SIGKILL what is still running after `grace` seconds or when
    the bench itself is stopped meanwhile; every child is reaped."""
    for child in children:
        if child.returncode is None:
            child.terminate()
    waits = [asyncio.ensure_future(child.wait()) for child in children]
    try:
        await asyncio.wait(waits, timeout=grace)
    finally:
        for child in children:
            if child.returncode is None:
                child.kill()
        await asyncio.gather(*waits)


async def balancer_stats(url: str) -> dict[str, float]:
    async with aiohttp.ClientSession() as session, session.get(url + "/stats") as answer:
        return await answer.json()

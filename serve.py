"""Run Feria: the web catalog and API and, when a token is set, the Telegram bot, on one event loop.

    python serve.py                 web + bot (the README's run command); without a token
                                    the bot talks to the offline Bot API sandbox on SANDBOX_PORT
    python serve.py --role web      web only, plus the webhook receiver when WEBHOOK_URL is set
    python serve.py --role worker   the bot's long polling (when there is no webhook)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys

from aiohttp import web

from bot.alert_timer import alert_timer_context
from bot.board_timer import board_timer_context
from bot.condition_timer import condition_timer_context
from bot.maturity_timer import maturity_timer_context
from bot.notices import make_renderer
from bot.outbox import outbox_context
from bot.photos import add_photo_source
from bot.register_timer import register_timer_context
from bot.retention_timer import retention_timer_context
from bot.round_timer import round_timer_context
from bot.runtime import add_webhook, polling_context, sandbox_context
from bot.sandbox.chatpage import add_chat_page
from config import ConfigError, Settings, load_settings
from config.settings import require_loopback_for_sandbox
from market import clock
from market.logs import keep_people_out_of_logs
from market.web import create_app

log = logging.getLogger("feria")


def build(settings: Settings, role: str) -> web.Application:
    keep_people_out_of_logs()
    contexts = []
    if settings.uses_sandbox and role == "all":
        require_loopback_for_sandbox(settings)
        contexts.append(sandbox_context(settings.sandbox_port))
    polls = settings.uses_sandbox or not settings.webhook_url
    polling = polls and role in ("all", "worker") and bool(settings.telegram_bot_token or role == "all")
    webhook = bool(settings.telegram_bot_token and settings.webhook_url and role in ("all", "web"))
    if polling or webhook:
        # Wherever the bot runs, its outbox is sent from there (in webhook mode, by one process at a time).
        contexts.append(outbox_context(settings, make_renderer(settings)))
        contexts.append(round_timer_context())  # rounds close at their time where the bot runs
        contexts.append(alert_timer_context())  # and seals about to expire are told to their admins and committee
        contexts.append(condition_timer_context())  # and conditions past due are told to the committee
        contexts.append(board_timer_context())  # and boards whose term ends soon are reminded
        contexts.append(maturity_timer_context())  # and each organization's maturity level follows its evidence
        contexts.append(register_timer_context())  # and members whose register entry is a year old
        contexts.append(retention_timer_context(settings))  # and old inbox, outbox and search rows are purged
    if polling:
        contexts.append(polling_context(settings))
    app = create_app(settings, contexts=contexts)
    if settings.uses_sandbox and role == "all":
        add_chat_page(app)  # the offline chat page at /sandbox
    if webhook:
        add_webhook(app, settings)
    if polling or webhook:
        add_photo_source(app)  # product photos on the web, fetched through the bot
    return app


def freeze_startup_heap() -> None:
    """What start-up made (modules, models, translations, the app and its contexts) lives as long as the process:
    collect once, then leave it out of the cyclic collector's passes (gc.freeze). Without it each full pass walked it
    all again, about 200 ms a pass in bench/bot_throughput.py, and every update in flight waited for it."""
    gc.collect()
    gc.freeze()


async def _freeze_after_startup(app: web.Application) -> None:
    freeze_startup_heap()


def local_url(settings: Settings) -> str:
    """Where this process serves, as a browser on this computer opens it (an IPv6 host in brackets).

    | HOST      | PORT | address                |
    |-----------|------|------------------------|
    | 127.0.0.1 | 8080 | http://127.0.0.1:8080  |
    | ::1       | 8080 | http://[::1]:8080      |
    | localhost | 9000 | http://localhost:9000  |
    """
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}"


def announce(settings: Settings) -> None:
    """Say where the web is and, offline, where to chat with the bot (the chat page is the way in)."""
    log.info("web: %s (database: %s)", local_url(settings), settings.database_dialect)
    if settings.uses_sandbox:
        log.info("bot offline: chat with it at %s/sandbox", local_url(settings))


async def run_worker(settings: Settings) -> None:
    """The worker role serves no HTTP: it runs the app's contexts (database, bot) until stopped.

    SIGTERM or SIGINT stops it cleanly: polling ends, the update being processed finishes.
    """
    runner = web.AppRunner(build(settings, "worker"))
    await runner.setup()
    freeze_startup_heap()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run Feria.")
    parser.add_argument("--role", choices=("all", "web", "worker"), default="all")
    args = parser.parse_args(argv)
    # python-telegram-bot 22 warns unless retry_after is read as the timedelta it will become.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every long poll at INFO (build() holds it at WARNING): keep the log for what happens.
    try:
        settings = load_settings()
    except ConfigError as error:
        sys.exit(f"feria: configuration error: {error}")
    if settings.clock is not None:
        clock.travel(settings.clock)
    if args.role == "worker":
        asyncio.run(run_worker(settings))
        return
    try:
        app = build(settings, args.role)
    except ConfigError as error:
        sys.exit(f"feria: configuration error: {error}")
    app.on_startup.append(_freeze_after_startup)  # last: after the database, the bot and the timers have started
    # aiohttp "prints" once every site listens: the addresses are said when they open.
    web.run_app(app, host=settings.host, port=settings.port, print=lambda _banner: announce(settings))


if __name__ == "__main__":
    main()

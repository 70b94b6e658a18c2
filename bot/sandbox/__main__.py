"""Run the sandbox alone for development: `python -m bot.sandbox --port 8081`."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from bot.sandbox.limits import FloodLimits
from bot.sandbox.server import BotApiSandbox

# Loopback only: the sandbox accepts any token and lets anyone play any person.
HOST = "127.0.0.1"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--no-limits", action="store_true", help="do not enforce Telegram's flood limits")
    parser.add_argument("--bot-name", default="Feria Sandbox", help="first_name of the bots getMe describes")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    sandbox = BotApiSandbox(limits=None if args.no_limits else FloodLimits(), bot_first_name=args.bot_name)
    base = f"http://{HOST}:{args.port}"
    print(f"Bot API sandbox on {base}", flush=True)
    print(f"  TELEGRAM_API_URL={base}/bot", flush=True)
    print(f"  TELEGRAM_FILE_URL={base}/file/bot", flush=True)
    print(f"  control API: {base}/sandbox/api/bots", flush=True)
    web.run_app(sandbox.make_app(), host=HOST, port=args.port, print=None)


if __name__ == "__main__":
    main()

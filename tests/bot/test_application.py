"""The bot is built from settings and talks to whatever Bot API server they name."""

from bot.application import SANDBOX_TOKEN, build_application
from config import load_settings

TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_the_bot_calls_the_bot_api_server_named_by_telegram_api_url():
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": "http://127.0.0.1:8081/bot",
        "TELEGRAM_FILE_URL": "http://127.0.0.1:8081/file/bot",
    })

    application = build_application(settings)

    assert application.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert application.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"


def test_without_a_token_the_bot_uses_the_sandbox_token():
    application = build_application(load_settings({"TELEGRAM_API_URL": "http://127.0.0.1:8081/bot"}))

    assert application.bot.token == SANDBOX_TOKEN


def test_in_webhook_mode_the_bot_has_no_updater_of_its_own():
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})

    assert build_application(settings, updater=False).updater is None
    assert build_application(settings).updater is not None

"""Settings come from the environment; a bad value stops start-up with one line naming it."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from config import ConfigError, load_settings
from config.settings import DEFAULT_SQLITE_PATH, require_loopback_for_sandbox

ROOT = Path(__file__).resolve().parents[2]


def test_a_fresh_machine_needs_no_setting_at_all():
    settings = load_settings({})

    assert settings.database_url == f"sqlite://{DEFAULT_SQLITE_PATH}"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.telegram_file_url == "https://api.telegram.org/file/bot"
    assert settings.telegram_bot_token is None and settings.uses_sandbox
    assert (settings.default_locale, settings.host, settings.port) == ("es", "127.0.0.1", 8080)
    assert (settings.outbox_rate_per_second, settings.outbox_private_chat_interval,
            settings.outbox_group_per_minute) == (30, 1.0, 20)
    assert (settings.outbox_poll_interval, settings.outbox_max_attempts) == (0.5, 10)
    assert settings.catalog_cache_seconds == 0.2
    assert settings.bot_updates_per_minute == 20
    assert (settings.message_retention_days, settings.search_miss_retention_days) == (30, 90)
    assert (settings.rate_limit_api, settings.rate_limit_pages) == ("120/minute", "60/minute")


def test_every_setting_is_read_from_its_variable():
    settings = load_settings({
        "DATABASE_URL": "postgresql://feria@db:5432/feria",
        "TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "TELEGRAM_API_URL": "http://127.0.0.1:8081/bot",
        "TELEGRAM_FILE_URL": "http://127.0.0.1:8081/file/bot",
        "WEBHOOK_URL": "https://feria.example.org/telegram/webhook",
        "WEBHOOK_SECRET": "s3cret_-token",
        "DEFAULT_LOCALE": "pt-BR",
        "HOST": "0.0.0.0",
        "PORT": "5000",
        "OUTBOX_RATE_PER_SECOND": "25",
        "OUTBOX_PRIVATE_CHAT_INTERVAL": "1.5",
        "OUTBOX_GROUP_PER_MINUTE": "15",
        "OUTBOX_POLL_INTERVAL": "0.2",
        "OUTBOX_MAX_ATTEMPTS": "4",
        "CATALOG_CACHE_SECONDS": "0",
        "BOT_UPDATES_PER_MINUTE": "0",
        "MESSAGE_RETENTION_DAYS": "7",
        "SEARCH_MISS_RETENTION_DAYS": "60",
        "RATE_LIMIT_API": "10/second",
        "RATE_LIMIT_PAGES": "off",
    })

    assert settings.database_url == "postgres://feria@db:5432/feria"
    assert settings.database_dialect == "postgres"
    assert settings.telegram_api_url == "http://127.0.0.1:8081/bot"
    assert settings.webhook_secret == "s3cret_-token"
    assert settings.default_locale == "pt_BR"
    assert settings.port == 5000
    assert (settings.outbox_rate_per_second, settings.outbox_private_chat_interval,
            settings.outbox_group_per_minute) == (25, 1.5, 15)
    assert (settings.outbox_poll_interval, settings.outbox_max_attempts) == (0.2, 4)
    assert settings.catalog_cache_seconds == 0
    assert settings.bot_updates_per_minute == 0
    assert (settings.message_retention_days, settings.search_miss_retention_days) == (7, 60)
    assert (settings.rate_limit_api, settings.rate_limit_pages) == ("10/second", None)


def test_settings_cannot_be_changed_once_read():
    settings = load_settings({})

    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("DATABASE_URL", "mysql://root@localhost/feria"),
        ("TELEGRAM_API_URL", "api.telegram.org/bot"),
        ("TELEGRAM_FILE_URL", "ftp://files"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("DEFAULT_LOCALE", "klingon!"),
        ("DEFAULT_LOCALE", "de"),
        ("WEBHOOK_SECRET", "has spaces"),
        ("OUTBOX_RATE_PER_SECOND", "0"),
        ("OUTBOX_PRIVATE_CHAT_INTERVAL", "-1"),
        ("OUTBOX_GROUP_PER_MINUTE", "twenty"),
        ("OUTBOX_POLL_INTERVAL", "inf"),
        ("OUTBOX_MAX_ATTEMPTS", "0"),
        ("OUTBOX_MAX_ATTEMPTS", "2.5"),
        ("CATALOG_CACHE_SECONDS", "-0.1"),
        ("CATALOG_CACHE_SECONDS", "soon"),
        ("BOT_UPDATES_PER_MINUTE", "-1"),
        ("BOT_UPDATES_PER_MINUTE", "2.5"),
        ("BOT_UPDATES_PER_MINUTE", "²"),
        ("PORT", "²"),
        ("OUTBOX_MAX_ATTEMPTS", "³"),
        ("MESSAGE_RETENTION_DAYS", "0"),
        ("SEARCH_MISS_RETENTION_DAYS", "a quarter"),
        ("RATE_LIMIT_API", "lots"),
        ("RATE_LIMIT_API", "0/minute"),
        ("RATE_LIMIT_PAGES", "60/fortnight"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable, value):
    with pytest.raises(ConfigError) as refused:
        load_settings({variable: value})

    assert str(refused.value).startswith(variable)
    assert "\n" not in str(refused.value)


def test_a_webhook_needs_its_secret():
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        load_settings({"WEBHOOK_URL": "https://feria.example.org/telegram/webhook"})


def test_start_up_with_a_bad_value_prints_one_line_and_exits():
    result = subprocess.run(
        [sys.executable, "serve.py"], cwd=ROOT, env={"PORT": "eighty", "PATH": ""},
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "feria: configuration error: PORT must be a port number from 1 to 65535 (got 'eighty')"
    ]


@pytest.mark.parametrize("value, clock", [
    ("2026-11-21T15:00:00+00:00", datetime(2026, 11, 21, 15, tzinfo=timezone.utc)),
    ("2026-11-21T11:00:00-04:00", datetime(2026, 11, 21, 15, tzinfo=timezone.utc)),
    ("+86400", timedelta(days=1)),
    ("-0.5", timedelta(seconds=-0.5)),
])
def test_feria_clock_is_a_moment_or_seconds_from_the_wall_clock(value, clock):
    assert load_settings({"FERIA_CLOCK": value}).clock == clock


@pytest.mark.parametrize("value", ["2026-11-21T15:00:00", "tomorrow", "+nan", "+1e30", "2026-13-01T00:00Z"])
def test_a_feria_clock_without_its_offset_or_unreadable_is_refused_by_name(value):
    with pytest.raises(ConfigError, match="FERIA_CLOCK"):
        load_settings({"FERIA_CLOCK": value})


def test_without_feria_clock_the_wall_clock_is_read():
    assert load_settings({}).clock is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "feria.example.org"])
def test_without_a_token_start_up_on_an_address_others_reach_is_refused_naming_host(host):
    result = subprocess.run(
        [sys.executable, "serve.py"], cwd=ROOT, env={"HOST": host, "PATH": ""},
        capture_output=True, text=True, timeout=60, check=False,
    )

    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("feria: configuration error: HOST must be a loopback address") and repr(host) in line


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_the_sandbox_may_serve_on_loopback(host):
    require_loopback_for_sandbox(load_settings({"HOST": host}))


def test_with_a_token_any_address_may_serve():
    require_loopback_for_sandbox(load_settings({"HOST": "0.0.0.0", "TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"}))


def test_a_session_key_must_be_a_fernet_key():
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    assert load_settings({"SESSION_KEY": key}).session_key == key
    assert load_settings({}).session_key is None
    with pytest.raises(ConfigError, match="SESSION_KEY"):
        load_settings({"SESSION_KEY": "not-a-key"})

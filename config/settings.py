"""Read Feria's settings from the environment, once, into a frozen dataclass.

Every variable is parsed here and nowhere else; the app factories receive the
resulting `Settings`.  A bad value raises `ConfigError` whose message is one line
naming the variable, so start-up fails with something a person can act on.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import overload
from urllib.parse import urlsplit

import limits
from babel import Locale, UnknownLocaleError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "var" / "feria.sqlite3"
SUPPORTED_LOCALES = ("es", "pt_BR", "en")

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
# Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and - as a webhook secret.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    telegram_bot_token: str | None
    telegram_api_url: str
    telegram_file_url: str
    webhook_url: str | None
    webhook_secret: str | None
    default_locale: str
    host: str
    port: int
    public_url: str
    bot_username: str
    sandbox_port: int
    # The outbox dispatcher keeps Telegram's flood limits (see bot.outbox.pacing).
    outbox_rate_per_second: float = 30.0
    outbox_private_chat_interval: float = 1.0
    outbox_group_per_minute: float = 20.0
    outbox_poll_interval: float = 0.5
    outbox_max_attempts: int = 10
    # How long a web process trusts the catalog version it last read before asking again (0: always ask).
    catalog_cache_seconds: float = 0.2
    # Updates one person may send the bot a minute; past it the rest of the burst is dropped, and they
    # are told once to slow down (market.services.messaging.inbox). 0: no limit (the tests, the benchmarks).
    bot_updates_per_minute: int = 20
    # Days processed inbox updates and finished notifications are kept (market.services.people.retention).
    message_retention_days: int = 30
    # Days a failed catalog search is kept for the demand board (which shows the last 60).
    search_miss_retention_days: int = 90
    # Requests one client address may make to the API and to the pages (limits' notation, "120/minute");
    # None: no limit (the tests and benchmarks, unless a test is about the limits).
    rate_limit_api: str | None = "120/minute"
    rate_limit_pages: str | None = "60/minute"
    # What the process's clock reads (market.clock.travel): a moment when it starts, or an offset from
    # the wall clock; None: the wall clock. For a demo "as of" a day, and for a process a test starts.
    clock: datetime | timedelta | None = None
    # The Fernet key of the desk's session cookies (market.web.desk.session); None: one kept in var/session.key.
    # Every web process of one installation must share it.
    session_key: str | None = None

    @property
    def uses_sandbox(self) -> bool:
        """Without a token the bot talks to the local Bot API sandbox."""
        return self.telegram_bot_token is None

    @property
    def database_dialect(self) -> str:
        return "postgres" if self.database_url.startswith(("postgres://", "postgresql://")) else "sqlite"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `environ` (default: the process environment)."""
    env = os.environ if environ is None else environ

    @overload
    def get(name: str) -> str | None: ...

    @overload
    def get(name: str, default: str) -> str: ...

    def get(name: str, default: str | None = None) -> str | None:
        """The variable's value, else `default` (a variable set to blanks is not set)."""
        value = env.get(name, "").strip()
        return value or default

    host = get("HOST", "127.0.0.1")
    port = _port("PORT", get("PORT", "8080"))
    webhook_url = get("WEBHOOK_URL")
    webhook_secret = get("WEBHOOK_SECRET")
    if webhook_url:
        _http_url("WEBHOOK_URL", webhook_url)
        if not webhook_secret:
            raise ConfigError("WEBHOOK_SECRET must be set when WEBHOOK_URL is set")
    if webhook_secret and not _SECRET_RE.match(webhook_secret):
        raise ConfigError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")

    token = get("TELEGRAM_BOT_TOKEN")
    if token and not _TOKEN_RE.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)")

    return Settings(
        database_url=_database_url(get("DATABASE_URL", f"sqlite://{DEFAULT_SQLITE_PATH}")),
        telegram_bot_token=token,
        telegram_api_url=_http_url("TELEGRAM_API_URL", get("TELEGRAM_API_URL", "https://api.telegram.org/bot")),
        telegram_file_url=_http_url(
            "TELEGRAM_FILE_URL", get("TELEGRAM_FILE_URL", "https://api.telegram.org/file/bot")
        ),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        default_locale=_locale("DEFAULT_LOCALE", get("DEFAULT_LOCALE", "es")),
        host=host,
        port=port,
        public_url=_http_url("PUBLIC_URL", get("PUBLIC_URL", f"http://{host}:{port}")).rstrip("/"),
        bot_username=_bot_username(get("BOT_USERNAME", "FeriaSolidariaBot")),
        sandbox_port=_port("SANDBOX_PORT", get("SANDBOX_PORT", "8081")),
        outbox_rate_per_second=_positive("OUTBOX_RATE_PER_SECOND", get("OUTBOX_RATE_PER_SECOND", "30")),
        outbox_private_chat_interval=_positive(
            "OUTBOX_PRIVATE_CHAT_INTERVAL", get("OUTBOX_PRIVATE_CHAT_INTERVAL", "1.0")
        ),
        outbox_group_per_minute=_positive("OUTBOX_GROUP_PER_MINUTE", get("OUTBOX_GROUP_PER_MINUTE", "20")),
        outbox_poll_interval=_positive("OUTBOX_POLL_INTERVAL", get("OUTBOX_POLL_INTERVAL", "0.5")),
        outbox_max_attempts=_count("OUTBOX_MAX_ATTEMPTS", get("OUTBOX_MAX_ATTEMPTS", "10")),
        catalog_cache_seconds=_seconds("CATALOG_CACHE_SECONDS", get("CATALOG_CACHE_SECONDS", "0.2")),
        bot_updates_per_minute=_whole("BOT_UPDATES_PER_MINUTE", get("BOT_UPDATES_PER_MINUTE", "20")),
        message_retention_days=_count("MESSAGE_RETENTION_DAYS", get("MESSAGE_RETENTION_DAYS", "30")),
        search_miss_retention_days=_count("SEARCH_MISS_RETENTION_DAYS", get("SEARCH_MISS_RETENTION_DAYS", "90")),
        rate_limit_api=_rate("RATE_LIMIT_API", get("RATE_LIMIT_API", "120/minute")),
        rate_limit_pages=_rate("RATE_LIMIT_PAGES", get("RATE_LIMIT_PAGES", "60/minute")),
        clock=_clock("FERIA_CLOCK", get("FERIA_CLOCK")),
        session_key=_fernet_key("SESSION_KEY", get("SESSION_KEY")),
    )


def _fernet_key(name: str, value: str | None) -> str | None:
    """A Fernet key: 32 bytes in URL-safe base64, as `Fernet.generate_key()` (cryptography) makes one."""
    if value is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ConfigError(f"{name} must be a Fernet key: 32 bytes in URL-safe base64 (44 characters)")
    return value


def require_loopback_for_sandbox(settings: Settings) -> None:
    """Refuse to serve the offline sandbox (no token) on an address other machines reach.

    The sandbox's chat page lets whoever opens it act as any person, so it is for this computer alone.

    | HOST                           | the sandbox |
    |--------------------------------|-------------|
    | 127.0.0.1, 127.0.0.2, ::1      | starts      |
    | localhost                      | starts      |
    | 0.0.0.0, ::, 192.168.1.5, feria.example.org | ConfigError naming HOST |
    """
    if settings.uses_sandbox and not _loopback(settings.host):
        raise ConfigError(
            f"HOST must be a loopback address (127.0.0.1, ::1 or localhost) while TELEGRAM_BOT_TOKEN is unset: "
            f"the offline sandbox lets whoever opens /sandbox act as anyone (got {settings.host!r})"
        )


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _database_url(value: str) -> str:
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in ("sqlite", "postgres", "postgresql"):
        raise ConfigError(
            "DATABASE_URL must start with sqlite:// or postgres:// "
            f"(got {scheme + '://' if scheme else value!r})"
        )
    if scheme == "postgresql":
        value = "postgres" + value[len("postgresql"):]
    return value


def _http_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} must be an http:// or https:// URL (got {value!r})")
    return value


def _port(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) < 65536:
        raise ConfigError(f"{name} must be a port number from 1 to 65535 (got {value!r})")
    return int(value)


def _positive(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 < number < float("inf"):
        raise ConfigError(f"{name} must be a positive number (got {value!r})")
    return number


def _seconds(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 <= number <= 60:
        raise ConfigError(f"{name} must be a number of seconds from 0 to 60 (got {value!r})")
    return number


def _rate(name: str, value: str) -> str | None:
    """A rate as the `limits` library writes it ("120/minute", "10 per second", "500/10 minutes"); "off": none."""
    if value.lower() == "off":
        return None
    try:
        amount = limits.parse(value).amount
    except ValueError:
        amount = 0
    if amount < 1:
        raise ConfigError(f"{name} must be a rate like 120/minute, or off (got {value!r})")
    return value


def _count(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ConfigError(f"{name} must be a whole number from 1 up (got {value!r})")
    return int(value)


def _whole(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise ConfigError(f"{name} must be a whole number from 0 up (got {value!r})")
    return int(value)


def _clock(name: str, value: str | None) -> datetime | timedelta | None:
    """A moment with its UTC offset (2026-11-21T15:00:00+00:00), or seconds from the wall clock (+3600, -86400.5)."""
    if value is None:
        return None
    try:
        if value[0] in "+-" and "T" not in value:
            seconds = float(value)
            if abs(seconds) < 1e11:  # about 3,000 years: past that datetime cannot follow
                return timedelta(seconds=seconds)
        else:
            moment = datetime.fromisoformat(value)
            if moment.utcoffset() is not None:
                return moment
    except ValueError:
        pass
    raise ConfigError(
        f"{name} must be a moment with its offset, like 2026-11-21T15:00:00+00:00, "
        f"or seconds from now, like +86400 (got {value!r})"
    )


def _locale(name: str, value: str) -> str:
    try:
        locale = Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ConfigError(f"{name} is not a known locale (got {value!r})") from None
    code = str(locale)
    if code not in SUPPORTED_LOCALES and locale.language not in ("es", "pt", "en"):
        raise ConfigError(f"{name} must be one of {', '.join(SUPPORTED_LOCALES)} (got {value!r})")
    return code


def _bot_username(value: str) -> str:
    value = value.lstrip("@")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", value):
        raise ConfigError(f"BOT_USERNAME is not a Telegram username (got {value!r})")
    return value

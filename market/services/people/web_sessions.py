"""Signing a browser in to the desk through the bot, and the browsers a person has signed in.

    browser                         Feria                            the person, in the bot
    ───────                         ─────                            ──────────────────────
    start_login(secret) ─────────▶  a code, 5 minutes, once
    shows t.me/<bot>?start=login_<code> and the code ───────────▶   opens it (or types /entrar <code>)
                                    login_request(code) ─────────▶  "Sign in from Chrome on Android?"
                                    approve_login / refuse_login ◀─ Yes / No
    collect_login(code, secret) ─▶  a session token, once; the code is used

Only the browser that asked can collect: it holds a random secret (in its encrypted cookie) whose digest the
code row keeps, so someone who reads the code over a shoulder and approves it from their own Telegram signs
in nobody but the browser that showed it. A session token is 32 random bytes, kept as its SHA-256 digest;
the browser's cookie carries the token. Sessions last 30 days; the person lists and signs them out from
/misdatos or from the desk.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tortoise.transactions import in_transaction

from market.errors import NotFound
from market.models import LoginCode, Person, WebSession

CODE_LIFETIME = timedelta(minutes=5)
SESSION_LIFETIME = timedelta(days=30)
# last_seen_at is written at most this often, so that a page costs no write every time.
SEEN_EVERY = timedelta(hours=1)
# A code is 8 characters a person can read aloud and type: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


class LoginState(StrEnum):
    WAITING = "waiting"  # nobody has answered in the bot yet
    APPROVED = "approved"  # collected now: the browser is signed in
    REFUSED = "refused"
    EXPIRED = "expired"  # too old, used already, or not this browser's


@dataclass(frozen=True)
class LoginStart:
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class LoginRequest:
    """What the bot shows before asking Yes or No."""

    code: str
    browser: str
    system: str
    expires_at: datetime


@dataclass(frozen=True)
class LoginOutcome:
    state: LoginState
    token: str | None = None  # the session's token, when the browser was signed in just now


@dataclass(frozen=True)
class SignedIn:
    """The person a browser's session belongs to."""

    session_id: int
    person_id: int
    name: str
    locale: str | None


@dataclass(frozen=True)
class BrowserSession:
    id: int
    browser: str
    system: str
    created_at: datetime
    last_seen_at: datetime


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def normal_code(typed: str) -> str:
    """A code as a person may type it ("k7qd-m2xp", " K7QD M2XP ") in the form it is stored."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:CODE_LENGTH * 2]


def csrf_token(session_secret: str) -> str:
    """The token every form of a browser carries: derived from its secret, so nothing more is stored."""
    return hmac.new(session_secret.encode(), b"csrf", hashlib.sha256).hexdigest()[:32]


def same_token(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


async def start_login(browser_secret: str, browser: str, system: str, *, now: datetime) -> LoginStart:
    """A new one-time code for the browser holding `browser_secret`."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = now + CODE_LIFETIME
    await LoginCode.create(code=code, browser_digest=digest(browser_secret), browser=browser[:16],
                           system=system[:16], created_at=now, expires_at=expires_at)
    return LoginStart(code, expires_at)


async def login_request(code: str, *, now: datetime) -> LoginRequest:
    """The browser waiting behind `code`; NotFound when no browser waits there now."""
    row = await _open_code(normal_code(code), now)
    return LoginRequest(row.code, row.browser, row.system, row.expires_at)


async def approve_login(code: str, person_id: int, *, now: datetime) -> LoginRequest:
    """The person says Yes: the browser may collect its session as them."""
    return await _answer(code, person_id, now, approve=True)


async def refuse_login(code: str, person_id: int, *, now: datetime) -> LoginRequest:
    """The person says No: the browser is told, and the code is spent."""
    return await _answer(code, person_id, now, approve=False)


async def _answer(code: str, person_id: int, now: datetime, *, approve: bool) -> LoginRequest:
    async with in_transaction():
        row = await _open_code(normal_code(code), now, lock=True)
        answered = await LoginCode.filter(id=row.id, approved_at__isnull=True, refused_at__isnull=True).update(
            person_id=person_id, **({"approved_at": now} if approve else {"refused_at": now}))
        if not answered:  # answered already, by this or another chat: the first answer stands
            raise NotFound("login_code_not_found")
    return LoginRequest(row.code, row.browser, row.system, row.expires_at)


async def _open_code(code: str, now: datetime, *, lock: bool = False) -> LoginCode:
    query = LoginCode.filter(code=code, expires_at__gt=now, used_at__isnull=True)
    row = await (query.select_for_update() if lock else query).first()
    if row is None or row.approved_at is not None or row.refused_at is not None:
        raise NotFound("login_code_not_found")
    return row


async def collect_login(code: str, browser_secret: str, *, now: datetime) -> LoginOutcome:
    """Where the browser's request stands; once approved, its session (the token is returned this once)."""
    row = await LoginCode.filter(code=normal_code(code), browser_digest=digest(browser_secret)).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return LoginOutcome(LoginState.EXPIRED)
    if row.refused_at is not None:
        return LoginOutcome(LoginState.REFUSED)
    if row.approved_at is None or row.person_id is None:
        return LoginOutcome(LoginState.WAITING)
    token = new_secret()
    async with in_transaction():
        if not await LoginCode.filter(id=row.id, used_at__isnull=True).update(used_at=now):
            return LoginOutcome(LoginState.EXPIRED)  # another request of the same browser collected it first
        await WebSession.create(digest=digest(token), person_id=row.person_id, browser=row.browser,
                                system=row.system, created_at=now, last_seen_at=now,
                                expires_at=now + SESSION_LIFETIME)
    return LoginOutcome(LoginState.APPROVED, token)


async def signed_in(token: str, *, now: datetime) -> SignedIn | None:
    """The person whose browser holds `token`; None for a session unknown, expired or signed out."""
    row = await WebSession.filter(digest=digest(token), revoked_at__isnull=True, expires_at__gt=now).first()
    if row is None:
        return None
    person = await Person.filter(id=row.person_id, forgotten_at__isnull=True).first()
    if person is None:
        return None
    if now - row.last_seen_at >= SEEN_EVERY:
        await WebSession.filter(id=row.id).update(last_seen_at=now)
    return SignedIn(row.id, person.id, person.name, person.locale)


async def browser_sessions(person_id: int, *, now: datetime) -> list[BrowserSession]:
    """The browsers signed in as the person now, the most recently used first."""
    rows = await WebSession.filter(person_id=person_id, revoked_at__isnull=True, expires_at__gt=now).order_by(
        "-last_seen_at", "-id")
    return [BrowserSession(r.id, r.browser, r.system, r.created_at, r.last_seen_at) for r in rows]


async def sign_out(person_id: int, session_id: int, *, now: datetime) -> bool:
    """Sign one of the person's browsers out; False when it was not theirs or already out."""
    return bool(await WebSession.filter(id=session_id, person_id=person_id, revoked_at__isnull=True).update(
        revoked_at=now))


async def sign_out_everywhere(person_id: int, *, now: datetime) -> int:
    """Sign every browser of the person out; how many were signed in."""
    return await WebSession.filter(person_id=person_id, revoked_at__isnull=True).update(revoked_at=now)


async def purge_sign_ins(*, now: datetime) -> int:
    """Drop codes a day past their end and sessions a month past theirs; how many rows went."""
    codes = await LoginCode.filter(expires_at__lt=now - timedelta(days=1)).delete()
    sessions = await WebSession.filter(expires_at__lt=now - SESSION_LIFETIME).delete()
    revoked = await WebSession.filter(revoked_at__lt=now - SESSION_LIFETIME).delete()
    return codes + sessions + revoked

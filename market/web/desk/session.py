"""The desk's browser sessions: an encrypted cookie (aiohttp-session, Fernet) naming a server-side session row.

The cookie is `feria_desk`: Secure, HttpOnly, SameSite=Lax, 30 days. It holds, encrypted and authenticated:

| key     | when                  | what                                                                   |
|---------|-----------------------|------------------------------------------------------------------------|
| browser | from the first form   | this browser's random secret: its CSRF token and the login codes it asked are bound to it |
| login   | while signing in      | the code this browser waits on                                         |
| token   | signed in             | the session's token (its SHA-256 digest names the web_session row)     |

Signing out (here, or from the bot's /misdatos) revokes the row, so a copied cookie opens nothing after it.
The key is SESSION_KEY (a Fernet key) when set — every web process of one installation must share it —
otherwise one kept in var/session.key, made on first use.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from aiohttp import web
from aiohttp_session import Session, get_session, session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.fernet import Fernet

from market import clock
from market.services.people.web_sessions import (
    SESSION_LIFETIME,
    SignedIn,
    csrf_token,
    new_secret,
    same_token,
    signed_in,
)

COOKIE = "feria_desk"
KEY_FILE = Path("var/session.key")
SIGNED_IN = web.RequestKey("desk_signed_in", object)
CSRF_FIELD = "csrf"


def install_sessions(app: web.Application, key: str | None) -> None:
    """Put the session middleware first in `app`: only the desk's views read or write the cookie."""
    storage = EncryptedCookieStorage(
        Fernet(key or _kept_key(KEY_FILE)), cookie_name=COOKIE, max_age=int(SESSION_LIFETIME.total_seconds()),
        secure=True, httponly=True, samesite="Lax",
    )
    app.middlewares.insert(0, session_middleware(storage))


def _kept_key(path: Path) -> bytes:
    """This installation's key, made once: several processes starting at once agree on the first one written.

    A new key is written whole to a file of this process's own, then linked to `path`, which no other process has
    until the link: a process never reads a key file another is still writing (two test workers starting on a
    fresh clone did, and read an empty key).
    """
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    mine = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(Fernet.generate_key())
    try:
        os.link(mine, path)
    except FileExistsError:
        pass  # another process's key came first: it is whole, and it is the one
    finally:
        mine.unlink()
    return path.read_bytes().strip()


async def browser_secret(request: web.Request) -> str:
    """This browser's secret, made on its first form."""
    session = await get_session(request)
    if not isinstance(session.get("browser"), str):
        session["browser"] = new_secret()
    return str(session["browser"])


async def csrf(request: web.Request) -> str:
    """The token this browser's forms carry."""
    return csrf_token(await browser_secret(request))


async def csrf_ok(request: web.Request, form_value: str | None) -> bool:
    session = await get_session(request)
    secret = session.get("browser")
    return isinstance(secret, str) and same_token(form_value, csrf_token(secret))


async def current_person(request: web.Request) -> SignedIn | None:
    """Who this browser is signed in as, read once per request; None when nobody (or the session ended)."""
    if SIGNED_IN in request:
        found = request[SIGNED_IN]
        return found if isinstance(found, SignedIn) else None
    session = await get_session(request)
    token = session.get("token")
    person = await signed_in(token, now=clock.now()) if isinstance(token, str) else None
    if person is None and token is not None:
        session.pop("token", None)  # ended elsewhere: the cookie forgets it too
    request[SIGNED_IN] = person
    return person


async def sign_in_browser(request: web.Request, token: str) -> Session:
    """Keep the new session's token; the browser's secret is renewed, so a token seen before sign-in is dead."""
    session = await get_session(request)
    session.pop("login", None)
    session["token"] = token
    session["browser"] = new_secret()
    return session

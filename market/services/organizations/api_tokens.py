"""API tokens: an organization's admins make them for their own systems, which then write in its name.

    create_token (an admin) ──▶ "feria_…" shown once ──▶ authenticate on each call ──▶ revoke_token

Only the SHA-256 digest of a token is stored: a leaked table gives no token. The token is
"feria_" and 32 random bytes from `secrets` (43 URL-safe characters), so nobody guesses it by
trying and a fast hash is enough; a slow password hash would only slow every API call down.
The 8 characters after "feria_" are kept as its prefix, to tell tokens apart in a list.

| authenticate(token)                                 | result                                   |
|-----------------------------------------------------|------------------------------------------|
| a live token whose maker is still an approved admin | TokenHolder(organization_id, person_id)  |
| not "feria_" and 43 characters of A-Z a-z 0-9 - _   | Forbidden("token_malformed")             |
| well formed, no such digest                         | Forbidden("token_unknown")               |
| revoked, however long ago                           | Forbidden("token_revoked")               |
| its maker is no longer an approved admin            | Forbidden("token_maker_not_admin")       |

The API answers every one of those refusals (TOKEN_REFUSALS) with 401.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q

from market import clock
from market.enums import MemberRole, MembershipStatus
from market.errors import Forbidden, Invalid, NotFound
from market.models import ApiToken, Member, Organization
from market.orm import column_of, value_of

SCHEME = "feria_"
TOKEN_BYTES = 32
PREFIX_LENGTH = 8
LABEL_MAX = 60
_TOKEN = re.compile(r"feria_[A-Za-z0-9_-]{43}")
# last_used_at is written at most this often per token, so that a busy integrator costs no write per call.
TOUCH_EVERY = timedelta(minutes=1)
TOKEN_REFUSALS = frozenset({"token_malformed", "token_unknown", "token_revoked", "token_maker_not_admin"})


@dataclass(frozen=True)
class TokenView:
    """What an admin sees of a token: never the token itself."""

    id: int
    prefix: str
    label: str
    created_by_name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class TokenHolder:
    """Who a token speaks for: its organization, and the admin who made it (the API acts as them)."""

    organization_id: int
    person_id: int


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(organization_id: int, *, by_person_id: int, label: str) -> tuple[str, TokenView]:
    """A new token for the organization (admins only); the plaintext is returned here, once, and kept nowhere."""
    label = label.strip()
    if not 1 <= len(label) <= LABEL_MAX or not label.isprintable():
        raise Invalid("token_label_length", max=LABEL_MAX)
    await _check_admin(organization_id, by_person_id)
    token = SCHEME + secrets.token_urlsafe(TOKEN_BYTES)
    row = await ApiToken.create(organization_id=organization_id, created_by_id=by_person_id, label=label,
                                prefix=token[len(SCHEME):len(SCHEME) + PREFIX_LENGTH], digest=token_digest(token))
    return token, await _view(row.id)


async def list_tokens(organization_id: int, *, viewer_person_id: int) -> tuple[TokenView, ...]:
    """The organization's tokens, live and revoked, oldest first (admins only)."""
    await _check_admin(organization_id, viewer_person_id)
    ids = await column_of(ApiToken.filter(organization_id=organization_id).order_by("id"), "id", int)
    return tuple([await _view(token_id) for token_id in ids])


async def revoke_token(token_id: int, *, by_person_id: int, now: datetime) -> TokenView:
    """Revoke a token at once (admins of its organization); revoking it again keeps the first moment."""
    organization_id = await value_of(ApiToken.filter(id=token_id).first(), "organization_id", int)
    if organization_id is None:
        raise NotFound("token_not_found")
    await _check_admin(organization_id, by_person_id)
    await ApiToken.filter(id=token_id, revoked_at__isnull=True).update(revoked_at=now)
    return await _view(token_id)


async def authenticate(token: str, *, now: datetime | None = None) -> TokenHolder:
    """Who the token speaks for, or a refusal in TOKEN_REFUSALS (see the table above)."""
    if not _TOKEN.fullmatch(token):
        raise Forbidden("token_malformed")
    row = await ApiToken.filter(digest=token_digest(token)).first().values(
        "id", "organization_id", "created_by_id", "last_used_at", "revoked_at")
    if row is None:
        raise Forbidden("token_unknown")
    if row["revoked_at"] is not None:
        raise Forbidden("token_revoked")
    if not await _is_admin(row["organization_id"], row["created_by_id"]):
        raise Forbidden("token_maker_not_admin")
    now = now or clock.now()
    if row["last_used_at"] is None or row["last_used_at"] <= now - TOUCH_EVERY:
        # Conditional, so that calls arriving together write once.
        await ApiToken.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY),
                              id=row["id"]).update(last_used_at=now)
    return TokenHolder(row["organization_id"], row["created_by_id"])


async def _view(token_id: int) -> TokenView:
    row = await ApiToken.filter(id=token_id).first().values(
        "id", "prefix", "label", "created_at", "last_used_at", "revoked_at", created_by_name="created_by__name")
    return TokenView(**row)


async def _is_admin(organization_id: int, person_id: int) -> bool:
    return await Member.filter(organization_id=organization_id, person_id=person_id, role=MemberRole.ADMIN,
                               status=MembershipStatus.APPROVED).exists()


async def _check_admin(organization_id: int, person_id: int) -> None:
    if not await Organization.exists(id=organization_id):
        raise NotFound("organization_not_found")
    if not await _is_admin(organization_id, person_id):
        raise Forbidden("not_an_admin")

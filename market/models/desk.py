"""The desk's sign-in: a browser asks for a one-time code, the person approves it in the bot, the browser is in.

Neither table holds a secret in clear: a code is short-lived and single-use, a session is looked up by the
SHA-256 digest of the token its browser's cookie carries (32 random bytes, so a fast hash is right, as for
API tokens).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.models.base import created_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.places import Person


class LoginCode(Model):
    """A browser's request to sign in, answered in the bot by the person who opens its link or types its code.

    Only the browser that asked may collect it: it keeps a random secret in its cookie, and the row its digest.
    The browser and system are what its User-Agent said (codes, named in the person's language by the bot).
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, unique=True)
    browser_digest = fields.CharField(max_length=64)
    browser = fields.CharField(max_length=16)
    system = fields.CharField(max_length=16)
    created_at = created_at()
    expires_at = fields.DatetimeField()
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="login_codes", null=True, on_delete=fields.CASCADE
    )
    person_id: int | None
    approved_at = fields.DatetimeField(null=True)
    refused_at = fields.DatetimeField(null=True)
    # Set when the browser collected its session: a code works once.
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "login_code"


class WebSession(Model):
    """A browser signed in to the desk as a person, for 30 days unless they sign it out from the bot or the desk."""

    id = fields.IntField(primary_key=True)
    digest = fields.CharField(max_length=64, unique=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="web_sessions", on_delete=fields.CASCADE
    )
    person_id: int
    browser = fields.CharField(max_length=16)
    system = fields.CharField(max_length=16)
    created_at = created_at()
    # Written at most once an hour per session, so that reading one costs no write on every page.
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "web_session"
        indexes = (("person_id", "revoked_at"),)

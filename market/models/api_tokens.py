"""API tokens: what lets an organization's own systems write to the API in its name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.models.base import created_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.organizations import Organization
    from market.models.places import Person


class ApiToken(Model):
    """A bearer token of an organization for the write API, kept as a SHA-256 digest and never in clear.

    A token is 32 random bytes from `secrets`, so a fast hash is right: nobody can guess it by
    trying, which a slow password hash (bcrypt, scrypt) defends against, and every API call
    must look its digest up by an index. The prefix (the 8 characters after "feria_") lets an
    admin tell tokens apart without the token.
    """

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="api_tokens", on_delete=fields.CASCADE
    )
    organization_id: int
    # The admin who made it: the API acts as this person (publishing stock needs a member).
    created_by: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="api_tokens", on_delete=fields.CASCADE
    )
    created_by_id: int
    label = fields.CharField(max_length=60)
    prefix = fields.CharField(max_length=8)
    digest = fields.CharField(max_length=64, unique=True)
    created_at = created_at()
    # Written at most once a minute per token, so that reading a token costs no write each time.
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"
        indexes = (("organization_id", "prefix"),)

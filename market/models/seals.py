"""Participatory Guarantee Systems: networks, reviewers, seals, peer reviews and their signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import NetworkStatus, ReviewDecision, ReviewerRole, SealEventKind, SealStatus
from market.models.base import created_at, updated_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Product
    from market.models.organizations import Organization
    from market.models.places import Person, Territory


class PgsNetwork(Model):
    """The body that runs a participatory guarantee system."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=160)
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "market.Territory", related_name="pgs_networks", on_delete=fields.RESTRICT
    )
    territory_id: int
    description = fields.TextField(default="")
    status = fields.CharEnumField(NetworkStatus, max_length=16, default=NetworkStatus.PENDING,
                                  db_default=NetworkStatus.PENDING)
    # Who registered it in the bot (NULL for the networks made before): their first reviewer once approved.
    proposed_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="networks_proposed", null=True, on_delete=fields.RESTRICT
    )
    proposed_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "pgs_network"


class PgsReviewer(Model):
    """A person a network has accepted as a reviewer."""

    id = fields.IntField(primary_key=True)
    network: fields.ForeignKeyRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="reviewers", on_delete=fields.CASCADE
    )
    network_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="reviewer_of", on_delete=fields.CASCADE
    )
    person_id: int
    active = fields.BooleanField(default=True)
    created_at = created_at()

    class Meta:
        table = "pgs_reviewer"
        unique_together = (("network_id", "person_id"),)


class Seal(Model):
    """A network's certificate for an organization (or one of its producers) over some products."""

    id = fields.IntField(primary_key=True)
    # Public verification code printed on labels and QR codes; never changes, even on renewal.
    code = fields.CharField(max_length=16, unique=True)
    network: fields.ForeignKeyRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="seals", on_delete=fields.RESTRICT
    )
    network_id: int
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="seals", on_delete=fields.RESTRICT
    )
    organization_id: int
    producer: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="producer_seals", null=True, on_delete=fields.RESTRICT
    )
    producer_id: int | None
    status = fields.CharEnumField(SealStatus, max_length=16, default=SealStatus.IN_REVIEW)
    valid_from = fields.DateField(null=True)
    valid_until = fields.DateField(null=True)
    status_reason = fields.TextField(default="")
    created_at = created_at()
    updated_at = updated_at()

    class Meta:
        table = "seal"
        indexes = (("organization_id", "status"), ("status", "valid_until"))


class SealProduct(Model):
    """A product in a seal's scope."""

    id = fields.IntField(primary_key=True)
    seal: fields.ForeignKeyRelation[Seal] = fields.ForeignKeyField(
        "market.Seal", related_name="scope", on_delete=fields.CASCADE
    )
    seal_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "market.Product", related_name="seal_scopes", on_delete=fields.CASCADE
    )
    product_id: int

    class Meta:
        table = "seal_product"
        unique_together = (("seal_id", "product_id"),)
        indexes = (("product_id",),)


class PeerReview(Model):
    """A visit to an organization or producer, signed by its reviewers, ending in a decision."""

    id = fields.IntField(primary_key=True)
    network: fields.ForeignKeyRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="reviews", on_delete=fields.RESTRICT
    )
    network_id: int
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="reviews", on_delete=fields.RESTRICT
    )
    organization_id: int
    producer: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="reviews_of", null=True, on_delete=fields.RESTRICT
    )
    producer_id: int | None
    seal: fields.ForeignKeyNullableRelation[Seal] = fields.ForeignKeyField(
        "market.Seal", related_name="reviews", null=True, on_delete=fields.RESTRICT
    )
    seal_id: int | None
    visited_on = fields.DateField()
    findings = fields.TextField(default="")
    decision = fields.CharEnumField(ReviewDecision, max_length=16, default=ReviewDecision.PENDING)
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="reviews_recorded", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "peer_review"
        indexes = (("seal_id", "visited_on"), ("organization_id",))


class PeerReviewProduct(Model):
    """A product in the scope of a peer review."""

    id = fields.IntField(primary_key=True)
    review: fields.ForeignKeyRelation[PeerReview] = fields.ForeignKeyField(
        "market.PeerReview", related_name="scope", on_delete=fields.CASCADE
    )
    review_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "market.Product", related_name="review_scopes", on_delete=fields.CASCADE
    )
    product_id: int

    class Meta:
        table = "peer_review_product"
        unique_together = (("review_id", "product_id"),)


class PeerReviewSignature(Model):
    """One reviewer's signature on a review, in a role: producer, consumer or technician."""

    id = fields.IntField(primary_key=True)
    review: fields.ForeignKeyRelation[PeerReview] = fields.ForeignKeyField(
        "market.PeerReview", related_name="signatures", on_delete=fields.CASCADE
    )
    review_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="signatures", on_delete=fields.RESTRICT
    )
    person_id: int
    role = fields.CharEnumField(ReviewerRole, max_length=16)
    signed_at = created_at()

    class Meta:
        table = "peer_review_signature"
        unique_together = (("review_id", "person_id"),)


class SealEvent(Model):
    """The seal's history, never deleted: granted, renewed, suspended, reinstated, revoked."""

    id = fields.IntField(primary_key=True)
    seal: fields.ForeignKeyRelation[Seal] = fields.ForeignKeyField(
        "market.Seal", related_name="events", on_delete=fields.CASCADE
    )
    seal_id: int
    kind = fields.CharEnumField(SealEventKind, max_length=16)
    review: fields.ForeignKeyNullableRelation[PeerReview] = fields.ForeignKeyField(
        "market.PeerReview", related_name="seal_events", null=True, on_delete=fields.RESTRICT
    )
    review_id: int | None
    reason = fields.TextField(default="")
    by_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="seal_events", null=True, on_delete=fields.SET_NULL
    )
    by_person_id: int | None
    at = created_at()

    class Meta:
        table = "seal_event"
        indexes = (("seal_id", "at"),)

"""Participatory Guarantee Systems: networks, reviewers, seals, peer reviews and their signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import (
    NetworkStatus,
    ReviewDecision,
    ReviewerRole,
    ReviewStage,
    SealEventKind,
    SealStatus,
    SignatureStatus,
    VisitProposal,
)
from market.models.base import created_at, updated_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Product
    from market.models.organizations import Organization
    from market.models.places import Person, Territory
    from market.models.visits import PgsChecklist, VisitRequest


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
    # The network's norms document: a link to it, or its text (what a checklist's norms come from).
    norms = fields.TextField(default="", db_default="")
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
    """A person a network has accepted as a reviewer, in a role, from an organization. Some sit on its committee.

    The committee (network admins) admits reviewers, keeps the checklist and ratifies visits. A reviewer signs
    visits in their role, and a technician signs for the record but counts for neither side of a grant.
    """

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
    # NULL for reviewers named before roles were kept: the committee gives them one before they sign in the chat.
    role = fields.CharEnumField(ReviewerRole, max_length=16, null=True)
    # The organization the reviewer comes from (a producer's cooperative; a consumer's, when there is one).
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="network_reviewers", null=True, on_delete=fields.SET_NULL
    )
    organization_id: int | None
    committee = fields.BooleanField(default=False, db_default=False)
    # Whether the public seal pages may show the reviewer's name; otherwise only their role and organization.
    named_publicly = fields.BooleanField(default=False, db_default=False)
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
    # A visit recorded at once (the CLI) is decided when written; one made in the chat goes through the stages.
    stage = fields.CharEnumField(ReviewStage, max_length=16, default=ReviewStage.DECIDED,
                                 db_default=ReviewStage.DECIDED)
    request: fields.ForeignKeyNullableRelation[VisitRequest] = fields.ForeignKeyField(
        "market.VisitRequest", related_name="reviews", null=True, on_delete=fields.SET_NULL
    )
    request_id: int | None
    # The checklist version the visit answered (NULL: recorded without one).
    checklist: fields.ForeignKeyNullableRelation[PgsChecklist] = fields.ForeignKeyField(
        "market.PgsChecklist", related_name="reviews", null=True, on_delete=fields.RESTRICT
    )
    checklist_id: int | None
    # What the reviewers propose to the committee (NULL: recorded with its decision, or not proposed yet).
    proposal = fields.CharEnumField(VisitProposal, max_length=16, null=True)
    proposed_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="reviews_decided", null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    # Why the committee decided as it did (a denial's reasons); told to the organization's admins.
    decision_reason = fields.TextField(default="", db_default="")
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="reviews_recorded", null=True, on_delete=fields.SET_NULL
    )
    recorded_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "peer_review"
        indexes = (("seal_id", "visited_on"), ("organization_id",), ("network_id", "stage"))


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
    """One reviewer's signature on a review, in a role: producer, consumer or technician.

    In the chat a co-reviewer is invited first (status invited) and signs by pressing "agree" in their own
    chat, or says why they disagree. Only agreed signatures count for a grant. Rows recorded at once (the CLI)
    are agreed when written.
    """

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
    # When the row was written: the signature itself for rows recorded at once, the invitation in the chat.
    signed_at = created_at()
    status = fields.CharEnumField(SignatureStatus, max_length=16, default=SignatureStatus.AGREED,
                                  db_default=SignatureStatus.AGREED)
    # When the co-reviewer pressed agree or disagree in their chat (NULL: recorded at once, or not answered).
    answered_at = fields.DatetimeField(null=True)
    # Why they disagree, in their words; shown to the visit's reviewers and the committee, never published.
    disagreement = fields.TextField(default="", db_default="")

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

"""Participatory guarantee made in the chat: checklists, visit requests, a visit's answers and photos, conditions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from market.enums import NormAnswer, VisitRequestStatus
from market.models.base import created_at

if TYPE_CHECKING:  # the models a relation points to, for the type checker only (they import this module)
    from market.models.catalog import Product
    from market.models.organizations import Organization
    from market.models.places import Person
    from market.models.seals import PeerReview, PgsNetwork, Seal


class PgsChecklist(Model):
    """One version of a network's checklist: the norms a visit verifies. Never edited: a change is a new version."""

    id = fields.IntField(primary_key=True)
    network: fields.ForeignKeyRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="checklists", on_delete=fields.CASCADE
    )
    network_id: int
    version = fields.IntField()
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="checklists_made", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = created_at()

    class Meta:
        table = "pgs_checklist"
        unique_together = (("network_id", "version"),)



class PgsNorm(Model):
    """A norm of a checklist version, answered yes / no / not applicable at each visit ("semillas propias")."""

    id = fields.IntField(primary_key=True)
    checklist: fields.ForeignKeyRelation[PgsChecklist] = fields.ForeignKeyField(
        "market.PgsChecklist", related_name="norms", on_delete=fields.CASCADE
    )
    checklist_id: int
    position = fields.SmallIntField()
    text = fields.CharField(max_length=300)

    class Meta:
        table = "pgs_norm"
        unique_together = (("checklist_id", "position"),)



class VisitRequest(Model):
    """An organization asks a network for a visit to some of its products, and one of its reviewers takes it."""

    id = fields.IntField(primary_key=True)
    network: fields.ForeignKeyRelation[PgsNetwork] = fields.ForeignKeyField(
        "market.PgsNetwork", related_name="visit_requests", on_delete=fields.RESTRICT
    )
    network_id: int
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "market.Organization", related_name="visit_requests", on_delete=fields.RESTRICT
    )
    organization_id: int
    requested_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="visit_requests", null=True, on_delete=fields.SET_NULL
    )
    requested_by_id: int | None
    status = fields.CharEnumField(VisitRequestStatus, max_length=16, default=VisitRequestStatus.OPEN)
    taken_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="visit_requests_taken", null=True, on_delete=fields.SET_NULL
    )
    taken_by_id: int | None
    taken_at = fields.DatetimeField(null=True)
    created_at = created_at()

    class Meta:
        table = "pgs_visit_request"
        indexes = (("network_id", "status"), ("organization_id", "status"))



class VisitRequestProduct(Model):
    """A product a visit request asks the network to look at."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[VisitRequest] = fields.ForeignKeyField(
        "market.VisitRequest", related_name="products", on_delete=fields.CASCADE
    )
    request_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "market.Product", related_name="visit_requests", on_delete=fields.CASCADE
    )
    product_id: int

    class Meta:
        table = "pgs_visit_request_product"
        unique_together = (("request_id", "product_id"),)



class PeerReviewAnswer(Model):
    """A checklist norm's answer at a visit, with what the reviewers observed."""

    id = fields.IntField(primary_key=True)
    review: fields.ForeignKeyRelation[PeerReview] = fields.ForeignKeyField(
        "market.PeerReview", related_name="answers", on_delete=fields.CASCADE
    )
    review_id: int
    norm: fields.ForeignKeyRelation[PgsNorm] = fields.ForeignKeyField(
        "market.PgsNorm", related_name="answers", on_delete=fields.RESTRICT
    )
    norm_id: int
    answer = fields.CharEnumField(NormAnswer, max_length=16)
    observation = fields.TextField(default="")

    class Meta:
        table = "peer_review_answer"
        unique_together = (("review_id", "norm_id"),)



class PeerReviewPhoto(Model):
    """A photo taken at a visit, kept as the Telegram file it was sent as."""

    id = fields.IntField(primary_key=True)
    review: fields.ForeignKeyRelation[PeerReview] = fields.ForeignKeyField(
        "market.PeerReview", related_name="photos", on_delete=fields.CASCADE
    )
    review_id: int
    file_id = fields.CharField(max_length=255)
    # Telegram's stable id of the file: the same photo sent twice is kept once.
    file_unique_id = fields.CharField(max_length=64)
    created_at = created_at()

    class Meta:
        table = "peer_review_photo"
        unique_together = (("review_id", "file_unique_id"),)



class SealCondition(Model):
    """A condition a grant with conditions sets, to be met by a date: the committee finds it met, or is reminded."""

    id = fields.IntField(primary_key=True)
    # NULL while proposed by the visit's reviewers; the seal's once the committee grants with these conditions.
    seal: fields.ForeignKeyNullableRelation[Seal] = fields.ForeignKeyField(
        "market.Seal", related_name="conditions", null=True, on_delete=fields.CASCADE
    )
    seal_id: int | None
    review: fields.ForeignKeyRelation[PeerReview] = fields.ForeignKeyField(
        "market.PeerReview", related_name="conditions", on_delete=fields.CASCADE
    )
    review_id: int
    position = fields.SmallIntField()
    text = fields.CharField(max_length=300)
    due_on = fields.DateField()
    met_on = fields.DateField(null=True)
    met_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "market.Person", related_name="conditions_met", null=True, on_delete=fields.SET_NULL
    )
    met_by_id: int | None

    class Meta:
        table = "seal_condition"
        unique_together = (("review_id", "position"),)
        indexes = (("seal_id",), ("met_on", "due_on"))

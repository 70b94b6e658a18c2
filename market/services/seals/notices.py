"""What the committee's decisions tell people, read when the outbox sends it, and the reminders a daily check owes.

    decide_visit          ──▶ "visit_decided" (the organization's admins), "visit_outcome" (the visit's reviewers)
    suspend / reinstate / revoke / a condition met ──▶ "seal_changed" (the organization's admins)
    owe_condition_reminders (daily) ──▶ "condition_due" (the network's committee, once per condition and due date)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import ReviewDecision, SealEventKind, SealStatus
from market.errors import NotFound
from market.models import Notification, PeerReview, PgsReviewer, SealCondition, SealEvent
from market.orm import column_of
from market.services.seals.decisions import ConditionLine


@dataclass(frozen=True)
class DecidedVisit:
    id: int
    organization_name: str
    network_name: str
    visited_on: date
    decision: ReviewDecision
    reason: str
    conditions: tuple[ConditionLine, ...]
    seal_code: str | None
    valid_until: date | None


@dataclass(frozen=True)
class SealChangeNotice:
    kind: SealEventKind
    reason: str
    seal_code: str
    organization_name: str
    network_name: str


@dataclass(frozen=True)
class ConditionReminder:
    text: str
    due_on: date
    seal_code: str
    organization_name: str
    network_name: str


async def decided_visit(review_id: int) -> DecidedVisit:
    review = await PeerReview.filter(id=review_id).select_related("network", "organization", "seal").first()
    if review is None:
        raise NotFound("visit_not_found")
    granted = review.decision in (ReviewDecision.GRANT, ReviewDecision.RENEW)
    seal = review.seal if granted else None
    rows = await SealCondition.filter(review_id=review.id, seal_id__isnull=False).order_by("position").values_list(
        "id", "position", "text", "due_on", "met_on") if granted else []
    return DecidedVisit(
        review.id, review.organization.name, review.network.name, review.visited_on, ReviewDecision(review.decision),
        review.decision_reason, tuple(ConditionLine(*row) for row in rows), seal.code if seal else None,
        seal.valid_until if seal else None)


async def seal_change_notice(event_id: int) -> SealChangeNotice:
    event = await SealEvent.filter(id=event_id).select_related("seal__network", "seal__organization").first()
    if event is None:
        raise NotFound("seal_not_found", seal_code=str(event_id))
    seal = event.seal
    return SealChangeNotice(SealEventKind(event.kind), event.reason, seal.code, seal.organization.name,
                            seal.network.name)


async def condition_reminder(condition_id: int, due_on: str) -> ConditionReminder | None:
    """None once the condition is met, its seal revoked, or its due date moved: the reminder no longer applies."""
    row = await SealCondition.filter(id=condition_id).first().values(
        "text", "due_on", "met_on", seal_code="seal__code", status="seal__status",
        organization_name="seal__organization__name", network_name="seal__network__name")
    if row is None or row["met_on"] is not None or row["status"] in (None, SealStatus.REVOKED) \
            or row["due_on"].isoformat() != due_on:
        return None
    return ConditionReminder(row["text"], row["due_on"], row["seal_code"], row["organization_name"],
                             row["network_name"])


async def owe_condition_reminders(today: date, *, now: datetime | None = None) -> int:
    """Conditions past their due date and not met: once to each committee member of the seal's network.

    Runs daily (and may run twice at once): a condition and due date already reminded is skipped. A committee
    member of the seal's organization is reminded too: they see it, though they may not mark it met.
    """
    now = now or clock.now()
    conditions = await SealCondition.filter(
        seal_id__isnull=False, met_on__isnull=True, due_on__lt=today, seal__status__not=SealStatus.REVOKED,
    ).values("id", "due_on", network_id="seal__network_id")
    if not conditions:
        return 0
    committee = await PgsReviewer.filter(
        network_id__in=list({c["network_id"] for c in conditions}), active=True, committee=True,
        person__telegram_user_id__isnull=False, person__forgotten_at__isnull=True,
    ).values("network_id", "person_id", chat_id="person__telegram_user_id")
    owed = [
        Notification(chat_id=member["chat_id"], person_id=member["person_id"], template="condition_due", not_before=now,
                     params={"condition_id": c["id"], "due_on": c["due_on"].isoformat()},
                     dedupe_key=f"condition:{c['id']}:due:{c['due_on'].isoformat()}:person:{member['person_id']}")
        for c in conditions for member in committee if member["network_id"] == c["network_id"]
    ]
    done = set(await column_of(Notification.filter(dedupe_key__in=[o.dedupe_key for o in owed]), "dedupe_key", str))
    rows = [o for o in owed if o.dedupe_key not in done]
    if not rows:
        return 0
    try:
        async with in_transaction():  # a savepoint: another process reminding them first is no error
            await Notification.bulk_create(rows)
    except IntegrityError:
        return 0
    return len(rows)


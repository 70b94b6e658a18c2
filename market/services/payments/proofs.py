"""Proofs of payment ("Ya pagué"): a buyer says they paid, the payee confirms (the payment is recorded) or rejects.

    pending ──confirm_proof (an admin / a coordinator)──▶ confirmed   the payment enters the ledger, once
       └─────reject_proof(reason)──────────────────────▶ rejected    the buyer reads why; nothing is recorded

A proof is for a direct order (paid to its organization, decided by its admins) or for a member's account in a
closed or settled round (paid to the group, decided by its coordinators). One proof per message it came from
(`source_key`): the same update delivered twice records one. A decision is a conditional update on a pending
proof, so two admins pressing at once decide it once; the other is told who got there first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market import clock
from market.enums import (
    GroupMemberStatus,
    GroupRole,
    LedgerAccount,
    MemberRole,
    MembershipStatus,
    OrderStatus,
    ProofStatus,
    RoundStatus,
)
from market.errors import Conflict, Forbidden, Invalid, NotFound
from market.models import (
    GroupMember,
    LedgerEntry,
    Member,
    Order,
    OrderRound,
    Organization,
    PaymentProof,
    Person,
    RoundOffer,
)
from market.orm import value_of
from market.services.groups.rounds.settlement import record_payment
from market.services.groups.rounds.setup import group_place
from market.services.groups.rounds.views import is_coordinator
from market.services.lots.preview import is_admin
from market.services.messaging.notifications import enqueue_notification
from market.services.orders.status import REASON_LIMIT, mark_order_paid

SOURCE_KEY_LIMIT = 96


@dataclass(frozen=True)
class ProofView:
    id: int
    status: ProofStatus
    payer_id: int
    payer_name: str
    amount: Decimal
    currency: str
    order_id: int | None
    organization_id: int | None
    round_id: int | None
    group_id: int | None
    method_kind: str | None  # the order's way to pay, when it was chosen at checkout
    photo_file_id: str
    reason: str
    decided_by_name: str | None
    created_at: datetime
    payee_name: str  # the organization's name, or the group's
    country_code: str  # the payee's country: how the amount is shown


def source_key(chat_id: int, message_id: int) -> str:
    """The key of the message a proof came from: the same message never makes two proofs."""
    return f"chat:{chat_id}:message:{message_id}"


async def claim_paid(
    *, by_person_id: int, source: str, order_id: int | None = None, round_id: int | None = None,
    photo_file_id: str = "", photo_unique_id: str = "",
) -> ProofView:
    """The buyer of an order, or a member for their round account, says they paid: one pending proof per source."""
    if (order_id is None) == (round_id is None) or not source or len(source) > SOURCE_KEY_LIMIT:
        raise Invalid("invalid_parameter", parameter="source")
    known = await PaymentProof.get_or_none(source_key=source)
    if known is not None:
        return await _view(known.id)
    values = {"payer_id": by_person_id, "source_key": source, "photo_file_id": photo_file_id[:255],
              "photo_unique_id": photo_unique_id[:64]}
    try:
        async with in_transaction():
            if order_id is not None:
                proof = await _claim_order(order_id, by_person_id, values)
            else:
                assert round_id is not None
                proof = await _claim_round(round_id, by_person_id, values)
            await _tell_payee(proof)
    except IntegrityError:  # the same message, recorded meanwhile by a repeated update
        recorded = await PaymentProof.get_or_none(source_key=source)
        if recorded is None:
            raise
        proof = recorded
    return await _view(proof.id)


async def _claim_order(order_id: int, person_id: int, values: dict[str, Any]) -> PaymentProof:
    # Locked (on PostgreSQL) so two claims at once cannot both find no pending proof.
    order = await Order.filter(id=order_id).select_for_update().first()
    if order is None:
        raise NotFound("order_not_found")
    if order.consumer_id != person_id:
        raise Forbidden("not_your_order")
    if order.paid_at is not None:
        raise Conflict("order_already_paid")
    if order.status == OrderStatus.CANCELLED:
        raise Conflict("order_cancelled")
    if await PaymentProof.exists(order_id=order_id, status=ProofStatus.PENDING):
        raise Conflict("proof_pending")
    return await PaymentProof.create(
        order_id=order_id, organization_id=order.organization_id, method_id=order.payment_method_id,
        amount=order.total, currency=order.currency, **values,
    )


async def _claim_round(round_id: int, person_id: int, values: dict[str, Any]) -> PaymentProof:
    order_round = await OrderRound.filter(id=round_id).select_for_update().first()
    if order_round is None:
        raise NotFound("round_not_found")
    member = await GroupMember.get_or_none(group_id=order_round.group_id, person_id=person_id)
    if member is None:
        raise Forbidden("not_a_group_member")
    if order_round.status not in (RoundStatus.CLOSED, RoundStatus.SETTLED):
        raise Conflict("round_not_closed", status=str(order_round.status))
    owed = await member_owes(round_id, member.id)
    if owed <= 0:
        raise Conflict("nothing_owed")
    if await PaymentProof.exists(round_id=round_id, member_id=member.id, status=ProofStatus.PENDING):
        raise Conflict("proof_pending")
    currency = await RoundOffer.filter(round_id=round_id).first().values_list("currency", flat=True)
    return await PaymentProof.create(
        round_id=round_id, group_id=order_round.group_id, member_id=member.id, amount=owed, currency=currency,
        **values,
    )


async def member_owes(round_id: int, member_id: int) -> Decimal:
    """What a member still owes for a round: the opposite of their entries (charges, corrections, payments)."""
    amounts = await LedgerEntry.filter(account=LedgerAccount.MEMBER, member_id=member_id, round_id=round_id
                                       ).values_list("amount", flat=True)
    return -sum((Decimal(a) for a in amounts), Decimal(0))


async def confirm_proof(proof_id: int, *, by_person_id: int) -> ProofView:
    """The payee confirms: the payment is recorded through the order's or the round's own path, once."""
    proof = await _decidable(proof_id, by_person_id)
    async with in_transaction():
        await _decide(proof, by_person_id, ProofStatus.CONFIRMED, "")
        if proof.order_id is not None:
            await mark_order_paid(proof.order_id, by_person_id=by_person_id)
            payment_id = await value_of(LedgerEntry.filter(idempotency_key=f"order:{proof.order_id}:payment").first(),
                                        "id", int)
        else:
            assert proof.round_id is not None and proof.member_id is not None
            member_person = await value_of(GroupMember.get(id=proof.member_id), "person_id", int)
            payment = await record_payment(proof.round_id, member_person_id=member_person,
                                           amount=Decimal(proof.amount), by_person_id=by_person_id,
                                           note=f"proof #{proof.id}")
            payment_id = payment.id
        await PaymentProof.filter(id=proof_id).update(payment_id=payment_id)
        await _tell_payer(proof, "confirmed")
    return await _view(proof_id)


async def reject_proof(proof_id: int, *, by_person_id: int, reason: str) -> ProofView:
    """The payee rejects, saying why (the buyer reads it); nothing is recorded."""
    reason = reason.strip()
    if not reason:
        raise Invalid("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise Invalid("reason_too_long", limit=REASON_LIMIT)
    proof = await _decidable(proof_id, by_person_id)
    async with in_transaction():
        await _decide(proof, by_person_id, ProofStatus.REJECTED, reason)
        await _tell_payer(proof, "rejected")
    return await _view(proof_id)


async def get_proof(proof_id: int, *, viewer_id: int) -> ProofView:
    """A proof, to its payer or to those who decide it."""
    proof = await _proof(proof_id)
    if proof.payer_id != viewer_id and not await _decides(proof, viewer_id):
        raise Forbidden("not_your_order")
    return await _view(proof_id)


async def pending_proofs(organization_id: int, *, by_person_id: int) -> tuple[ProofView, ...]:
    """The organization's proofs waiting for an admin, oldest first ("Pagos por confirmar")."""
    if not await is_admin(organization_id, by_person_id):
        raise Forbidden("not_an_admin")
    ids = await PaymentProof.filter(organization_id=organization_id, status=ProofStatus.PENDING
                                    ).order_by("id").limit(30).values_list("id", flat=True)
    return tuple([await _view(int(str(i))) for i in ids])


async def order_proofs(order_id: int, *, by_person_id: int) -> tuple[ProofView, ...]:
    """What the buyer said about paying one order, newest first: to the organization's admins (those who decide)."""
    organization_id = await value_of(Order.filter(id=order_id).first(), "organization_id", int)
    if organization_id is None or not await is_admin(organization_id, by_person_id):
        raise Forbidden("not_an_admin")
    ids = await PaymentProof.filter(order_id=order_id).order_by("-id").limit(10).values_list("id", flat=True)
    return tuple([await _view(int(str(i))) for i in ids])


async def count_pending(organization_id: int, *, viewer_id: int) -> int:
    """How many of the organization's proofs wait for an admin; 0 to anyone else."""
    if not await is_admin(organization_id, viewer_id):
        return 0
    return await PaymentProof.filter(organization_id=organization_id, status=ProofStatus.PENDING).count()


async def group_pending_proofs(group_id: int, *, by_person_id: int) -> tuple[ProofView, ...]:
    """The group's round-account proofs waiting for a coordinator, oldest first."""
    if not await is_coordinator(group_id, by_person_id):
        raise Forbidden("not_a_coordinator")
    ids = await PaymentProof.filter(group_id=group_id, status=ProofStatus.PENDING
                                    ).order_by("id").limit(30).values_list("id", flat=True)
    return tuple([await _view(int(str(i))) for i in ids])


async def count_group_pending(group_id: int, *, viewer_id: int) -> int:
    """How many of the group's proofs wait for a coordinator; 0 to anyone else."""
    if not await is_coordinator(group_id, viewer_id):
        return 0
    return await PaymentProof.filter(group_id=group_id, status=ProofStatus.PENDING).count()


@dataclass(frozen=True)
class RoundDue:
    round_id: int
    round_number: int
    owed: Decimal  # what the member still owes for the round, > 0


async def rounds_owed(group_id: int, *, person_id: int) -> tuple[RoundDue, ...]:
    """The closed or settled rounds where the person still owes, with no proof of theirs waiting: "I paid"."""
    member_id = await value_of(GroupMember.filter(group_id=group_id, person_id=person_id).first(), "id", int)
    if member_id is None:
        return ()
    rounds = await OrderRound.filter(group_id=group_id, status__in=(RoundStatus.CLOSED, RoundStatus.SETTLED)
                                     ).order_by("id").values_list("id", "number")
    if not rounds:
        return ()
    waiting = set(await PaymentProof.filter(member_id=member_id, status=ProofStatus.PENDING
                                            ).values_list("round_id", flat=True))
    entries = await LedgerEntry.filter(account=LedgerAccount.MEMBER, member_id=member_id,
                                       round_id__in=[round_id for round_id, _ in rounds]).values_list("round_id",
                                                                                                      "amount")
    owed: defaultdict[int, Decimal] = defaultdict(Decimal)
    for round_id, amount in entries:  # summed here: SQLite keeps decimals as text
        owed[round_id] -= Decimal(amount)
    return tuple(RoundDue(round_id, number, owed[round_id]) for round_id, number in rounds
                 if owed[round_id] > 0 and round_id not in waiting)


async def _decidable(proof_id: int, person_id: int) -> PaymentProof:
    proof = await _proof(proof_id)
    if not await _decides(proof, person_id):
        raise Forbidden("not_a_coordinator" if proof.group_id is not None else "not_an_admin")
    return proof


async def _decide(proof: PaymentProof, person_id: int, status: ProofStatus, reason: str) -> None:
    """Pending → decided, only if still pending: of two admins pressing at once, one decides."""
    decided = await PaymentProof.filter(id=proof.id, status=ProofStatus.PENDING).update(
        status=status, reason=reason, decided_by_id=person_id, decided_at=clock.now())
    if not decided:
        current = await _proof(proof.id)
        by = await Person.filter(id=current.decided_by_id or 0).first().values_list("name", flat=True)
        code = "proof_already_confirmed" if current.status == ProofStatus.CONFIRMED else "proof_already_rejected"
        raise Conflict(code, by=str(by or "?"))


async def _decides(proof: PaymentProof, person_id: int) -> bool:
    if proof.group_id is not None:
        return await is_coordinator(proof.group_id, person_id)
    return await is_admin(proof.organization_id or 0, person_id)


async def _deciders(proof: PaymentProof) -> list[tuple[int, int]]:
    """(person, chat) of each who may decide the proof and can be written to."""
    has_chat = {"person__telegram_user_id__isnull": False}
    if proof.group_id is not None:
        rows = await GroupMember.filter(group_id=proof.group_id, role=GroupRole.COORDINATOR,
                                        status=GroupMemberStatus.ACTIVE, **has_chat
                                        ).values_list("person_id", "person__telegram_user_id")
    else:
        rows = await Member.filter(organization_id=proof.organization_id, role=MemberRole.ADMIN,
                                   status=MembershipStatus.APPROVED, **has_chat
                                   ).values_list("person_id", "person__telegram_user_id")
    return [(int(p), int(c)) for p, c in rows]


async def _tell_payee(proof: PaymentProof) -> None:
    for person_id, chat_id in await _deciders(proof):
        await enqueue_notification(chat_id=chat_id, template="payment_proof", params={"proof_id": proof.id},
                                   person_id=person_id, dedupe_key=f"proof:{proof.id}:sent:{person_id}")


async def _tell_payer(proof: PaymentProof, outcome: str) -> None:
    chat_id = await value_of(Person.filter(id=proof.payer_id).first(), "telegram_user_id", int)
    if chat_id is not None:
        await enqueue_notification(chat_id=chat_id, template="payment_proof_decided",
                                   params={"proof_id": proof.id}, person_id=proof.payer_id,
                                   dedupe_key=f"proof:{proof.id}:{outcome}")


async def _proof(proof_id: int) -> PaymentProof:
    proof = await PaymentProof.get_or_none(id=proof_id)
    if proof is None:
        raise NotFound("proof_not_found")
    return proof


async def _view(proof_id: int) -> ProofView:
    proof = await PaymentProof.get(id=proof_id).prefetch_related("payer", "decided_by", "method")
    method = proof.method.kind.value if proof.method is not None else None
    if proof.group_id is not None:
        place = await group_place(group_id=proof.group_id)
        payee, country = place.group_name, place.country_code
    else:
        organization = await Organization.get(id=proof.organization_id).select_related("territory")
        payee, country = organization.name, organization.territory.country_code
    return ProofView(
        proof.id, proof.status, proof.payer_id, proof.payer.name, Decimal(proof.amount), proof.currency,
        proof.order_id, proof.organization_id, proof.round_id, proof.group_id, method, proof.photo_file_id,
        proof.reason, proof.decided_by.name if proof.decided_by else None, proof.created_at, payee, country,
    )

"""Proofs of payment ("Ya pagué") and refunds: one proof per message, decided once, recorded once, sums to the cent."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from market.enums import LedgerAccount, LedgerKind, MemberRole, OrderStatus, PaymentMethodKind, ProofStatus
from market.errors import Conflict, Forbidden, Invalid
from market.models import LedgerEntry, Member, Notification, Order, PaymentMethod, PaymentProof
from market.services.orders.cart import add_to_cart
from market.services.orders.placing import place_orders
from market.services.orders.refunds import record_refund, refund_state
from market.services.orders.status import cancel_order, mark_order_paid, refuse_order
from market.services.payments.proofs import (
    claim_paid,
    confirm_proof,
    pending_proofs,
    reject_proof,
    source_key,
)
from tests.market.services.test_round_settlement import closed_world, member_account

D = Decimal


async def placed(consumer: int, shop, key: str = "k1", **quantities: str):
    for name, quantity in quantities.items():
        await add_to_cart(consumer, shop.offers[name], D(quantity))
    (order,) = await place_orders(consumer, idempotency_key=key)
    return order


async def buyer_entries(order_id: int) -> list[tuple[str, Decimal]]:
    rows = await LedgerEntry.filter(account=LedgerAccount.BUYER, order_id=order_id).order_by("id").values_list(
        "kind", "amount")
    return [(str(k), D(a)) for k, a in rows]


async def test_the_same_message_twice_makes_one_proof_and_tells_the_admins_once(shop, consumer):
    order = await placed(consumer, shop, Tomate="1.333", Frutilla="0.5")

    first = await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 7),
                             photo_file_id="photo-1", photo_unique_id="u1")
    again = await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 7))

    assert first == again
    assert (first.status, first.amount, first.currency, first.photo_file_id) == (
        ProofStatus.PENDING, D("22.50"), "BOB", "photo-1")
    assert await PaymentProof.all().count() == 1
    sent = await Notification.filter(template="payment_proof").values_list("chat_id", flat=True)
    assert sent == [shop.admin_telegram_id]  # the admins, not the producers


async def test_the_proof_carries_the_way_to_pay_chosen_at_checkout(shop, consumer):
    order = await placed(consumer, shop, Tomate="1")
    method = await PaymentMethod.create(organization_id=shop.organization_id, kind=PaymentMethodKind.TRANSFER,
                                        bank="Banco Unión", account_number="1-234", holder="OECA")
    await Order.filter(id=order.id).update(payment_method_id=method.id)

    proof = await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 1))

    assert (proof.method_kind, proof.payee_name, proof.country_code) == ("transfer", "OECA Valles de Comarapa", "BO")


async def test_a_second_proof_while_one_waits_is_refused_and_so_is_anyone_elses_order(shop, consumer):
    order = await placed(consumer, shop, Tomate="1")
    await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 1))

    with pytest.raises(Conflict) as pending:
        await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 2))
    with pytest.raises(Forbidden) as not_yours:
        await claim_paid(by_person_id=shop.producer_id, order_id=order.id, source=source_key(1002, 3))

    assert (pending.value.code, not_yours.value.code) == ("proof_pending", "not_your_order")
    assert await PaymentProof.all().count() == 1


async def test_a_buyer_who_said_she_paid_cannot_cancel_until_the_organization_answers(shop, consumer):
    order = await placed(consumer, shop, Tomate="1")
    proof = await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 1))

    with pytest.raises(Conflict) as waiting:
        await cancel_order(order.id, by_person_id=consumer)
    await reject_proof(proof.id, by_person_id=shop.admin_id, reason="No llegó")
    cancelled = await cancel_order(order.id, by_person_id=consumer)

    assert waiting.value.code == "proof_pending"
    assert cancelled.status == OrderStatus.CANCELLED


async def test_a_paid_or_cancelled_order_takes_no_proof(shop, consumer):
    paid = await placed(consumer, shop, key="a", Tomate="1")
    cancelled = await placed(consumer, shop, key="b", Tomate="1")
    await mark_order_paid(paid.id, by_person_id=shop.admin_id)
    await cancel_order(cancelled.id, by_person_id=consumer)

    with pytest.raises(Conflict) as already:
        await claim_paid(by_person_id=consumer, order_id=paid.id, source=source_key(501, 1))
    with pytest.raises(Conflict) as gone:
        await claim_paid(by_person_id=consumer, order_id=cancelled.id, source=source_key(501, 2))

    assert (already.value.code, gone.value.code) == ("order_already_paid", "order_cancelled")


async def test_confirming_records_one_buyer_payment_even_when_two_admins_press_at_once(shop, consumer):
    order = await placed(consumer, shop, Tomate="1.333", Frutilla="0.5")
    proof = await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 7))
    second_admin = shop.producer_id
    await shop_admin(shop, second_admin)

    outcomes = await asyncio.gather(confirm_proof(proof.id, by_person_id=shop.admin_id),
                                    confirm_proof(proof.id, by_person_id=second_admin), return_exceptions=True)

    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(refused) == 1 and refused[0].code == "proof_already_confirmed"
    assert await buyer_entries(order.id) == [("payment", D("22.50"))]
    stored = await PaymentProof.get(id=proof.id)
    assert stored.status == ProofStatus.CONFIRMED and stored.payment_id is not None
    assert (await Order.get(id=order.id)).paid_at is not None
    assert await Notification.filter(template="payment_proof_decided").count() == 1


async def shop_admin(shop, person_id: int) -> None:
    await Member.filter(organization_id=shop.organization_id, person_id=person_id).update(role=MemberRole.ADMIN)


async def test_a_rejection_keeps_the_reason_records_nothing_and_only_an_admin_decides(shop, consumer):
    order = await placed(consumer, shop, Tomate="1")
    proof = await claim_paid(by_person_id=consumer, order_id=order.id, source=source_key(501, 7))

    with pytest.raises(Forbidden) as producer:
        await confirm_proof(proof.id, by_person_id=shop.producer_id)
    with pytest.raises(Invalid) as empty:
        await reject_proof(proof.id, by_person_id=shop.admin_id, reason="  ")
    rejected = await reject_proof(proof.id, by_person_id=shop.admin_id, reason="No llegó la transferencia")
    with pytest.raises(Conflict) as late:
        await confirm_proof(proof.id, by_person_id=shop.admin_id)

    assert (producer.value.code, empty.value.code) == ("not_an_admin", "reason_missing")
    assert (rejected.status, rejected.reason, rejected.decided_by_name) == (
        ProofStatus.REJECTED, "No llegó la transferencia", "OECA Valles de Comarapa member 1")
    assert late.value.code == "proof_already_rejected"
    assert await LedgerEntry.all().count() == 0
    assert (await Order.get(id=order.id)).paid_at is None
    assert await pending_proofs(shop.organization_id, by_person_id=shop.admin_id) == ()


async def test_a_member_proof_for_a_round_account_confirmed_by_a_coordinator_records_one_payment(db):
    world = await closed_world()
    owed_before = -await member_account(world, "B")

    proof = await claim_paid(by_person_id=world.members["B"], round_id=world.round_id, source=source_key(5002, 9))
    await confirm_proof(proof.id, by_person_id=world.coordinator_id)
    with pytest.raises(Conflict) as twice:
        await confirm_proof(proof.id, by_person_id=world.second_coordinator_id)
    with pytest.raises(Conflict) as paid_up:
        await claim_paid(by_person_id=world.members["B"], round_id=world.round_id, source=source_key(5002, 10))

    assert proof.amount == owed_before > 0
    assert twice.value.code == "proof_already_confirmed"
    assert paid_up.value.code == "nothing_owed"
    assert await member_account(world, "B") == 0
    payments = await LedgerEntry.filter(account=LedgerAccount.MEMBER, kind=LedgerKind.PAYMENT).count()
    assert payments == 1


async def test_a_paid_order_refused_owes_its_total_back_and_the_refund_is_paid_once(shop, consumer):
    order = await placed(consumer, shop, Tomate="1.333", Frutilla="0.5")
    await mark_order_paid(order.id, by_person_id=shop.admin_id)

    with pytest.raises(Forbidden) as producer:
        await refuse_order(order.id, by_person_id=shop.producer_id, reason="Se arruinó")
    refused = await refuse_order(order.id, by_person_id=shop.admin_id, reason="Se arruinó la frutilla")
    owed = await refund_state(order.id)
    paid_back = await record_refund(order.id, by_person_id=shop.admin_id)
    with pytest.raises(Conflict) as twice:
        await record_refund(order.id, by_person_id=shop.admin_id)

    assert producer.value.code == "not_an_admin"
    assert refused.status == OrderStatus.CANCELLED
    assert (owed.owed, paid_back.owed, paid_back.refunded) == (D("22.50"), D(0), D("22.50"))
    assert twice.value.code == "refund_already_paid"
    entries = await buyer_entries(order.id)
    assert entries == [("payment", D("22.50")), ("refund_owed", D("-22.50")), ("refund", D("22.50"))]
    fund = await LedgerEntry.filter(account=LedgerAccount.SOLIDARITY_FUND).order_by("id").values_list(
        "kind", "amount", "corrects_id", "id")
    assert [(str(k), D(a)) for k, a, _, _ in fund] == [("fund_contribution", D("1.13")), ("correction", D("-1.13"))]
    assert fund[1][2] == fund[0][3]
    assert sum((D(a) for _, a, _, _ in fund), D(0)) == 0
    told = await Notification.filter(template="order_refund").order_by("id").values_list("params", flat=True)
    assert [p["step"] for p in told] == ["owed", "paid"]

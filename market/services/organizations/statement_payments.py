"""What each family is owed, write side: the organization's margin, and the payments made to a producer.

| service                   | who      | what it does                                                               |
|---------------------------|----------|----------------------------------------------------------------------------|
| set_margin                | an admin | the share of each sale the organization keeps, 0 to 30 % (new orders)      |
| record_producer_payment   | an admin | money paid to a producer: a ledger entry, once per key                     |
| correct_producer_payment  | an admin | a payment recorded by mistake: a new entry that takes it back, once        |

The treasurer holds an admin seat (market.services.organizations.board): "an admin" includes them. The ledger is
append-only: a mistake is corrected by a new entry, never by changing one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from market.enums import LedgerAccount, LedgerKind
from market.errors import Conflict, Invalid, NotFound
from market.models import LedgerEntry, Member, Organization
from market.orm import value_of
from market.rules.amounts import round_money
from market.rules.statements import MARGIN_PERCENT_MAX, margin_rate
from market.services.organizations.statements import Statement, check_admin, member_statement

KEY_LIMIT = 80


async def set_margin(organization_id: int, text: str, *, by_person_id: int) -> Decimal:
    """The margin typed as a percent ("10", "7,5 %"); Invalid("margin_range", max) unless 0 to 30. The new rate."""
    await check_admin(organization_id, by_person_id)
    rate = margin_rate(text)
    if rate is None:
        raise Invalid("margin_range", max=int(MARGIN_PERCENT_MAX))
    await Organization.filter(id=organization_id).update(margin_rate=rate)
    return rate


async def record_producer_payment(organization_id: int, member_id: int, amount: Decimal, *, by_person_id: int,
                                  key: str) -> Statement:
    """Money the organization paid a producer, in its currency; the same key again records nothing more."""
    await check_admin(organization_id, by_person_id)
    if not await Member.exists(id=member_id, organization_id=organization_id):
        raise NotFound("producer_not_found")
    currency = await value_of(Organization.filter(id=organization_id).first(), "territory__currency", str)
    assert currency is not None  # every organization has a territory, and every territory a currency
    if not amount.is_finite() or amount <= 0:
        raise Invalid("amount_not_positive")
    if round_money(amount, currency) != amount:
        raise Invalid("amount_below_minor_unit", currency=currency)
    await _append(f"producer_payment:{organization_id}:{member_id}:{key[:KEY_LIMIT]}", account=LedgerAccount.PRODUCER,
                  kind=LedgerKind.PRODUCER_PAYMENT, organization_id=organization_id, producer_id=member_id,
                  amount=amount, currency=currency, recorded_by_id=by_person_id)
    return await member_statement(organization_id, member_id, by_person_id=by_person_id)


async def correct_producer_payment(entry_id: int, *, by_person_id: int) -> Statement:
    """A payment recorded by mistake is taken back by a new entry of the opposite amount; once per payment."""
    entry = await LedgerEntry.filter(id=entry_id, account=LedgerAccount.PRODUCER,
                                     kind=LedgerKind.PRODUCER_PAYMENT).first()
    if entry is None or entry.organization_id is None or entry.producer_id is None:
        raise NotFound("payment_not_found")
    await check_admin(entry.organization_id, by_person_id)
    if not await _append(f"producer_payment:correct:{entry_id}", account=LedgerAccount.PRODUCER,
                         kind=LedgerKind.CORRECTION, organization_id=entry.organization_id,
                         producer_id=entry.producer_id, amount=-Decimal(entry.amount), currency=entry.currency,
                         corrects_id=entry_id, recorded_by_id=by_person_id):
        raise Conflict("payment_already_corrected")
    return await member_statement(entry.organization_id, entry.producer_id, by_person_id=by_person_id)


async def _append(key: str, **values: Any) -> bool:
    """Write the entry unless one with this key is there; False when it was (a repeated press)."""
    if await LedgerEntry.exists(idempotency_key=key):
        return False
    try:
        async with in_transaction():
            await LedgerEntry.create(idempotency_key=key, **values)
    except IntegrityError:  # a racing press with the same key won
        return False
    return True

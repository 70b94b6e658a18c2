"""A group's round-account proofs as its coordinators find them, and the rounds a member may still say she paid."""

from __future__ import annotations

import pytest

from market.errors import Forbidden
from market.services.payments.proofs import (
    claim_paid,
    count_group_pending,
    group_pending_proofs,
    rounds_owed,
    source_key,
)
from tests.market.services.test_round_settlement import closed_world, member_account


async def test_coordinators_alone_find_the_groups_proofs_and_a_member_with_one_waiting_is_not_asked_again(db):
    world = await closed_world()
    owed = -await member_account(world, "B")
    before = await rounds_owed(world.group_id, person_id=world.members["B"])

    proof = await claim_paid(by_person_id=world.members["B"], round_id=world.round_id, source=source_key(5002, 9))
    found = await group_pending_proofs(world.group_id, by_person_id=world.second_coordinator_id)
    with pytest.raises(Forbidden) as refused:
        await group_pending_proofs(world.group_id, by_person_id=world.members["A"])

    assert [(d.round_id, d.owed) for d in before] == [(world.round_id, owed)]
    assert [p.id for p in found] == [proof.id]
    assert refused.value.code == "not_a_coordinator"
    assert await count_group_pending(world.group_id, viewer_id=world.coordinator_id) == 1
    assert await count_group_pending(world.group_id, viewer_id=world.members["A"]) == 0
    assert await rounds_owed(world.group_id, person_id=world.members["B"]) == ()

"""What arrived of a round's bulk orders, as a coordinator reads it: ordered at the close, recorded, handed out now."""

from __future__ import annotations

import pytest

from market.errors import Conflict, Forbidden
from market.services.groups.rounds.arrivals import round_arrivals
from tests.market.services.round_world import make_round_world
from tests.market.services.test_round_settlement import closed_world, receive


async def test_each_offer_ordered_of_a_producer_is_listed_with_nothing_recorded_until_a_coordinator_records_it(db):
    world = await closed_world()

    before = {a.offer.product_name: (a.ordered, a.received, a.handed_out)
              for a in await round_arrivals(world.round_id, viewer_person_id=world.coordinator_id)}
    await receive(world, 3)
    after = {a.offer.product_name: (a.ordered, a.received, a.handed_out)
             for a in await round_arrivals(world.round_id, viewer_person_id=world.second_coordinator_id)}

    assert set(before) == {"Tomate", "Lechuga"}, "nothing was ordered of Café: nothing can arrive"
    assert before["Tomate"][1] is None and before["Tomate"][0] == before["Tomate"][2] > 3
    assert before["Lechuga"] == (2, None, 2)
    assert after["Tomate"] == (before["Tomate"][0], 3, 3), "the order stays as it was; members get what came"
    assert after["Lechuga"] == before["Lechuga"]


async def test_an_open_round_has_no_arrivals_and_a_member_may_not_read_them(db):
    world = await make_round_world()

    with pytest.raises(Conflict) as not_closed:
        await round_arrivals(world.round_id, viewer_person_id=world.coordinator_id)
    with pytest.raises(Forbidden):
        await round_arrivals(world.round_id, viewer_person_id=world.members["A"])

    assert not_closed.value.code == "round_not_closed"

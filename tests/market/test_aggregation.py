"""The aggregation rules, from their docstring tables, the issue's example, Foodsoft's, and properties."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.aggregation import Allocation, OrderRow, allocate, missing_to_complete, packs_to_order, update_rows

T0 = datetime(2026, 11, 21, 10, 0)


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return T0.replace(hour=int(hours), minute=int(minutes))


def table(function) -> list[tuple[int, ...]]:
    """The rows of a docstring's example table, as integers."""
    rows = [line.strip() for line in function.__doc__.splitlines() if line.strip().startswith("|")]
    return [tuple(int(cell) for cell in row.strip("|").split("|")) for row in rows[2:]]


@pytest.mark.parametrize("pack_size, quantity, tolerance, packs", table(packs_to_order))
def test_packs_to_order_follows_its_table(pack_size, quantity, tolerance, packs):
    assert packs_to_order(pack_size, quantity, tolerance) == packs


@pytest.mark.parametrize("pack_size, quantity, tolerance, missing", table(missing_to_complete))
def test_missing_to_complete_follows_its_table(pack_size, quantity, tolerance, missing):
    assert missing_to_complete(pack_size, quantity, tolerance) == missing


A, B, C = "A", "B", "C"
EXAMPLE = [OrderRow(A, 3, 2, at("10:00")), OrderRow(B, 1, 3, at("10:05")), OrderRow(C, 1, 0, at("10:10"))]


@pytest.mark.parametrize("rows, total, expected", [
    (EXAMPLE, 6, {A: (3, 1), B: (1, 0), C: (1, 0)}),
    (EXAMPLE, 4, {A: (3, 0), B: (1, 0), C: (0, 0)}),
    (EXAMPLE, 20, {A: (3, 2), B: (1, 3), C: (1, 0)}),
    ([OrderRow(B, 2, 0, at("10:05")), OrderRow(A, 2, 0, at("10:00"))], 3, {A: (2, 0), B: (1, 0)}),
    ([OrderRow(A, 1, 0, at("10:00")), OrderRow(A, 2, 1, at("10:30")), OrderRow(B, 1, 0, at("10:10"))], 3,
     {A: (2, 0), B: (1, 0)}),
    ([OrderRow(A, 1, 1, at("10:00"))], 0, {A: (0, 0)}),
])
def test_allocate_follows_its_table(rows, total, expected):
    assert allocate(rows, total) == {member: Allocation(*pair) for member, pair in expected.items()}


def test_the_issues_example_orders_two_packs_and_gives_a_one_unit_of_tolerance():
    quantity, tolerance = sum(r.quantity for r in EXAMPLE), sum(r.tolerance for r in EXAMPLE)

    packs = packs_to_order(3, quantity, tolerance)

    assert packs == 2
    assert allocate(EXAMPLE, packs * 3) == {A: Allocation(3, 1), B: Allocation(1, 0), C: Allocation(1, 0)}


def test_rows_at_the_same_time_keep_their_order():
    rows = [OrderRow(B, 1, 0, T0), OrderRow(A, 1, 0, T0)]

    assert allocate(rows, 1) == {B: Allocation(1, 0), A: Allocation(0, 0)}


def test_foodsofts_example_a_tolerance_of_two_turns_28_units_into_three_packs_of_ten():
    # Foodsoft's user documentation: 28 ordered, packs of 10: only 2 packs; with a tolerance of 2, 3.
    assert packs_to_order(10, 28, 0) == 2 and missing_to_complete(10, 28, 0) == 2
    assert packs_to_order(10, 28, 2) == 3 and missing_to_complete(10, 28, 2) == 0


NOW = at("11:00")


@pytest.mark.parametrize("rows, asked, expected", [
    ([(2, 1, "10:00")], (5, 1), [(2, 1, "10:00"), (3, 0, "11:00")]),
    ([(2, 1, "10:00"), (3, 0, "10:30")], (4, 1), [(2, 1, "10:00"), (2, 0, "10:30")]),
    ([(2, 1, "10:00"), (3, 0, "10:30")], (1, 0), [(1, 0, "10:00")]),
    ([(2, 1, "10:00"), (3, 0, "10:30")], (1, 3), [(1, 1, "10:00"), (0, 2, "11:00")]),
    ([(2, 1, "10:00")], (0, 0), []),
    ([], (2, 0), [(2, 0, "11:00")]),
])
def test_update_rows_follows_its_table(rows, asked, expected):
    current = [OrderRow(A, q, t, at(clock)) for q, t, clock in rows]

    result = update_rows(A, current, *asked, NOW)

    assert result == [OrderRow(A, q, t, at(clock)) for q, t, clock in expected]


def test_an_increase_queues_behind_someone_who_ordered_earlier():
    rows = update_rows(A, [], 1, 0, at("10:00")) + [OrderRow(B, 1, 0, at("10:05"))]
    rows = [r for r in rows if r.member != A] + update_rows(A, [r for r in rows if r.member == A], 2, 0, at("10:10"))

    assert allocate(rows, 2) == {A: Allocation(1, 0), B: Allocation(1, 0)}


@pytest.mark.parametrize("call", [
    lambda: packs_to_order(0, 1, 0),
    lambda: packs_to_order(4, -1, 0),
    lambda: missing_to_complete(4, 1, -2),
    lambda: allocate([], -1),
    lambda: allocate([OrderRow(A, -1, 0, T0)], 1),
    lambda: update_rows(A, [], -1, 0, T0),
    lambda: packs_to_order(4, 1.5, 0),
])
def test_negative_or_broken_numbers_are_refused(call):
    with pytest.raises(ValueError):
        call()


units = st.integers(min_value=0, max_value=60)
rows_strategy = st.lists(
    st.builds(OrderRow, st.sampled_from("ABCDE"), units, units, st.integers(0, 120).map(lambda m: T0 + timedelta(minutes=m))),
    max_size=12,
)


@given(rows=rows_strategy, total=st.integers(0, 800))
def test_allocation_gives_what_there_is_up_to_what_was_asked(rows, total):
    result = allocate(rows, total)
    asked_q = sum(r.quantity for r in rows)
    asked_t = sum(r.tolerance for r in rows)

    given_q = sum(a.quantity for a in result.values())
    given_t = sum(a.tolerance for a in result.values())
    assert given_q + given_t == min(total, asked_q + asked_t)
    assert given_q == min(total, asked_q)  # quantities are served before any tolerance
    assert set(result) == {r.member for r in rows}
    for member, allocation in result.items():
        assert allocation.quantity <= sum(r.quantity for r in rows if r.member == member)
        assert allocation.tolerance <= sum(r.tolerance for r in rows if r.member == member)


@given(pack=st.integers(1, 30), quantity=units, tolerance=units)
def test_packs_never_need_more_than_quantity_and_tolerance_and_leave_less_than_a_pack(pack, quantity, tolerance):
    packs = packs_to_order(pack, quantity, tolerance)

    assert packs * pack <= quantity + tolerance
    assert quantity - packs * pack < pack  # what is ordered and not bought is less than a pack
    assert 0 <= missing_to_complete(pack, quantity, tolerance) < pack


@given(current=st.lists(st.tuples(units, units), max_size=5), quantity=units, tolerance=units)
def test_updated_rows_add_up_to_what_was_asked_and_keep_the_oldest(current, quantity, tolerance):
    rows = [OrderRow(A, q, t, T0 + timedelta(minutes=i)) for i, (q, t) in enumerate(current)]

    result = update_rows(A, rows, quantity, tolerance, T0 + timedelta(hours=1))

    assert sum(r.quantity for r in result) == quantity and sum(r.tolerance for r in result) == tolerance
    assert all((r.quantity, r.tolerance) != (0, 0) for r in result)
    assert [r.at for r in result] == sorted(r.at for r in result)
    kept_old = [r for r in result if r.at < T0 + timedelta(hours=1)]
    for row, original in zip(kept_old, [r for r in rows if (r.quantity, r.tolerance) != (0, 0)], strict=False):
        assert row.at >= original.at  # rows only shrink from the newest; none moves earlier


"""The one clock reads the wall clock unless set; set, it runs on, stays frozen or moves as told."""

from datetime import date, datetime, timedelta, timezone

import pytest

from market import clock

SATURDAY = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)


def test_travelled_the_clock_reads_the_moment_and_runs_on(feria_clock):
    feria_clock.travel(SATURDAY)

    first, second = clock.now(), clock.now()

    assert timedelta(0) <= first - SATURDAY < timedelta(seconds=1)
    assert second >= first and second.tzinfo is timezone.utc


def test_frozen_the_clock_stands_until_advanced(feria_clock):
    feria_clock.freeze(SATURDAY)
    standing = clock.now()

    feria_clock.advance(timedelta(hours=2))

    assert standing == SATURDAY and clock.now() == SATURDAY + timedelta(hours=2)


@pytest.mark.parametrize("zone, day", [
    ("America/La_Paz", date(2026, 11, 21)),     # 23:59 on Saturday in La Paz
    ("UTC", date(2026, 11, 22)),                # 03:59 on Sunday in UTC
    ("Asia/Tokyo", date(2026, 11, 22)),
])
def test_today_is_the_date_where_the_clock_hangs(feria_clock, zone, day):
    feria_clock.freeze(datetime(2026, 11, 22, 3, 59, tzinfo=timezone.utc))

    assert clock.today(zone) == day


def test_an_offset_makes_another_process_read_the_same_time(feria_clock):
    feria_clock.freeze(SATURDAY)
    told = clock.offset()

    feria_clock.travel(told)  # what a child process does with FERIA_CLOCK

    assert abs(clock.now() - SATURDAY) < timedelta(seconds=1)


def test_a_naive_moment_is_refused(feria_clock):
    with pytest.raises(ValueError, match="aware"):
        feria_clock.travel(datetime(2026, 11, 21, 15, 0))


def test_every_test_starts_on_the_demo_day_whatever_the_wall_clock_says():
    assert clock.today("America/La_Paz") == date(2026, 11, 21)

from datetime import datetime, timezone

import pytest

from market.errors import Invalid
from market.rules.moments import parse_end, parse_moment

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)  # 11:00 in La Paz


@pytest.mark.parametrize("text, expected", [
    ("28/11 20:00", datetime(2026, 11, 29, 0, 0, tzinfo=timezone.utc)),
    ("28/11/2026 20h", datetime(2026, 11, 29, 0, 0, tzinfo=timezone.utc)),
    ("2-1 9", datetime(2027, 1, 2, 13, 0, tzinfo=timezone.utc)),
    ("21/11 12:30", datetime(2026, 11, 21, 16, 30, tzinfo=timezone.utc)),
    ("28.11.26 8:30", datetime(2026, 11, 28, 12, 30, tzinfo=timezone.utc)),
])
def test_a_typed_moment_is_read_in_the_groups_time_zone(text, expected):
    assert parse_moment(text, "America/La_Paz", NOW) == expected


@pytest.mark.parametrize("text, code", [
    ("21/11 10:00", "moment_past"),
    ("1/1/2020 10:00", "moment_past"),
    ("mañana", "bad_moment"),
    ("31/2 10:00", "bad_moment"),
    ("28/11", "bad_moment"),
    ("28/11 25:00", "bad_moment"),
])
def test_what_cannot_be_a_closing_time_is_refused(text, code):
    with pytest.raises(Invalid) as refused:
        parse_moment(text, "America/La_Paz", NOW)
    assert refused.value.code == code


def test_sao_paulo_is_read_in_its_own_zone():
    assert parse_moment("28/11 20:00", "America/Sao_Paulo", NOW) == datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc)


FAIR_STARTS = datetime(2026, 12, 12, 13, 0, tzinfo=timezone.utc)  # 09:00 in La Paz


@pytest.mark.parametrize("text, expected", [
    ("18:00", datetime(2026, 12, 12, 22, 0, tzinfo=timezone.utc)),
    ("18h", datetime(2026, 12, 12, 22, 0, tzinfo=timezone.utc)),
    ("a las 18:30", datetime(2026, 12, 12, 22, 30, tzinfo=timezone.utc)),
    ("13/12 18:00", datetime(2026, 12, 13, 22, 0, tzinfo=timezone.utc)),
])
def test_an_end_typed_as_an_hour_alone_is_on_the_day_it_starts(text, expected):
    assert parse_end(text, "America/La_Paz", FAIR_STARTS, NOW) == expected


@pytest.mark.parametrize("text", ["25:00", "tarde"])
def test_what_cannot_be_an_end_is_refused(text):
    with pytest.raises(Invalid) as refused:
        parse_end(text, "America/La_Paz", FAIR_STARTS, NOW)
    assert refused.value.code == "bad_moment"

"""When a feria is, in its territory's time zone: the example table of market.presentation.fair_text."""

import datetime as dt

import pytest

from market.presentation.fair_text import fair_when
from market.presentation.i18n import Translator

AM, PM = "a.\u202fm.", "p.\u202fm."  # CLDR's narrow no-break spaces
STARTS = dt.datetime(2026, 12, 12, 13, 0, tzinfo=dt.timezone.utc)  # 09:00 in La Paz


@pytest.mark.parametrize(("hours", "said"), [
    (None, f"sábado, 12 de diciembre, 9:00\u202f{AM}"),
    (9, f"sábado, 12 de diciembre, 9:00\u202f{AM}–6:00\u202f{PM}"),
    (33, f"sábado, 12 de diciembre, 9:00\u202f{AM} – domingo, 13 de diciembre, 6:00\u202f{PM}"),
])
def test_a_feria_is_one_day_with_its_hours_or_from_one_day_to_another(hours, said):
    ends = None if hours is None else STARTS + dt.timedelta(hours=hours)

    assert fair_when(Translator("es", "BO"), STARTS, ends, "America/La_Paz") == said

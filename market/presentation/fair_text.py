"""When a feria is, as people read it in its territory's time zone: one day with its hours, or from one day to another."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_time

from market.presentation.i18n import Translator


def fair_when(t: Translator, starts_at: dt.datetime, ends_at: dt.datetime | None, time_zone: str) -> str:
    """The start, and the end when said: its hour alone on the same day, its day and hour on another.

    | starts (La Paz)  | ends (La Paz)    | es_BO                                                                |
    |------------------|------------------|----------------------------------------------------------------------|
    | sat 12 dec 09:00 | none             | "sábado, 12 de diciembre, 9:00 a. m."                                |
    | sat 12 dec 09:00 | sat 12 dec 18:00 | "sábado, 12 de diciembre, 9:00 a. m.–6:00 p. m."                     |
    | sat 12 dec 09:00 | sun 13 dec 18:00 | "sábado, 12 de diciembre, 9:00 a. m. – domingo, 13 de diciembre, …" |
    """
    start = t.moment(starts_at, time_zone)
    if ends_at is None:
        return start
    zone = ZoneInfo(time_zone)
    if ends_at.astimezone(zone).date() == starts_at.astimezone(zone).date():
        return f"{start}–{format_time(ends_at.astimezone(zone), 'short', locale=t.format_locale)}"
    return f"{start} – {t.moment(ends_at, time_zone)}"

"""Reading a closing time typed by a coordinator, in their group's time zone.

People write "28/11 20:00", "28/11/2026 20h" or "28-11 8:30"; the day comes first, as in
Latin America. A date without a year is this year's, or next year's when this year's is long past; a time is
required (a round closes at an hour people can plan around).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from market.errors import Invalid

# A date without a year more than this many days ago means next year's.
YEAR_TURN_DAYS = 60
_MOMENT = re.compile(
    r"^\s*(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})(?:[/.-](?P<year>\d{2}|\d{4}))?"
    r"(?:\s*,\s*|\s+(?:(?:a las|às|as|at)\s+)?)(?P<hour>\d{1,2})(?:[:h.](?P<minute>\d{2}))?\s*h?\s*$",
    re.IGNORECASE,
)


def parse_moment(text: str, time_zone: str, now: datetime) -> datetime:
    """The moment `text` names in `time_zone`, as an aware UTC datetime after `now`.

    | text (now: 2026-11-21 15:00 UTC, America/La_Paz) | result (UTC)          |
    |--------------------------------------------------|-----------------------|
    | "28/11 20:00"                                    | 2026-11-29 00:00      |
    | "28/11/2026 20h"                                 | 2026-11-29 00:00      |
    | "2-1 9"                                          | 2027-01-02 13:00      |
    | "21/11 10:00" (earlier today)                    | Invalid moment_past   |
    | "mañana"                                         | Invalid bad_moment    |
    | "31/12/9999 23:00" (past the calendar in UTC)    | Invalid bad_moment    |
    """
    found = _MOMENT.match(text)
    if not found:
        raise Invalid("bad_moment")
    day, month, hour = int(found["day"]), int(found["month"]), int(found["hour"])
    minute = int(found["minute"] or 0)
    zone = ZoneInfo(time_zone)
    local_now = now.astimezone(zone)
    year = found["year"]
    try:
        if year:
            moment = datetime(int(year) + (2000 if len(year) == 2 else 0), month, day, hour, minute, tzinfo=zone)
        else:
            moment = datetime(local_now.year, month, day, hour, minute, tzinfo=zone)
            if (now - moment).days > YEAR_TURN_DAYS:  # "5/1" written in December: next January
                moment = moment.replace(year=local_now.year + 1)
        in_utc = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # "31/02", "25:00", or the last hours of year 9999 west of Greenwich
        raise Invalid("bad_moment") from None
    if in_utc <= now:
        raise Invalid("moment_past")
    return in_utc


_HOUR_ONLY = re.compile(r"^\s*(?:(?:a las|às|as|at|hasta|até|until)\s+)?(?P<hour>\d{1,2})(?:[:h.](?P<minute>\d{2}))?\s*h?\s*$",
                        re.IGNORECASE)


def parse_end(text: str, time_zone: str, starts_at: datetime, now: datetime) -> datetime:
    """When something that starts at `starts_at` ends: an hour alone is on the same local day, else a day and time
    as parse_moment reads them. Whether it is after the start is for the caller to say.

    | text (starts 2026-12-12 09:00 in America/La_Paz) | result (UTC)        |
    |--------------------------------------------------|---------------------|
    | "18:00"                                          | 2026-12-12 22:00    |
    | "18h"                                            | 2026-12-12 22:00    |
    | "13/12 18:00"                                    | 2026-12-13 22:00    |
    | "25:00"                                          | Invalid bad_moment  |
    | "tarde"                                          | Invalid bad_moment  |
    """
    found = _HOUR_ONLY.match(text)
    if not found:
        return parse_moment(text, time_zone, now)
    day = starts_at.astimezone(ZoneInfo(time_zone)).date()
    try:
        moment = datetime(day.year, day.month, day.day, int(found["hour"]), int(found["minute"] or 0),
                          tzinfo=ZoneInfo(time_zone))
    except ValueError:
        raise Invalid("bad_moment") from None
    return moment.astimezone(timezone.utc)

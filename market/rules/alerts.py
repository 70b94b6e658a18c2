"""Alert rules: when an alert may reach a person, given their mute and quiet hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


def minute_time(minute: int | None) -> time | None:
    """A time of day kept as minutes after midnight (person.quiet_from_minute): 1320 is 22:00."""
    return None if minute is None else time(minute // 60, minute % 60)


def alert_due_at(
    now: datetime, *, time_zone: str, muted_until: datetime | None = None,
    quiet_from: time | None = None, quiet_until: time | None = None,
) -> datetime:
    """When an alert owed `now` may be sent: after the mute, and out of the quiet hours where the person is.

    Alerts wait, they are never dropped. Quiet hours are local times; from after until spans midnight.
    Times below are America/La_Paz (UTC-4); results in UTC.

    | now (UTC)        | muted until (UTC) | quiet       | result (UTC)     |
    |------------------|-------------------|-------------|------------------|
    | 2026-11-21 15:00 | -                 | -           | 2026-11-21 15:00 |
    | 2026-11-21 15:00 | 2026-11-21 23:00  | -           | 2026-11-21 23:00 |
    | 2026-11-21 15:00 | 2026-11-21 10:00  | -           | 2026-11-21 15:00 |
    | 2026-11-22 03:00 | -                 | 22:00–06:00 | 2026-11-22 10:00 |  (23:00 local)
    | 2026-11-22 09:00 | -                 | 22:00–06:00 | 2026-11-22 10:00 |  (05:00 local)
    | 2026-11-22 11:00 | -                 | 22:00–06:00 | 2026-11-22 11:00 |  (07:00 local)
    | 2026-11-21 15:00 | -                 | 13:00–14:00 | 2026-11-21 15:00 |  (11:00 local)
    | 2026-11-21 17:30 | -                 | 13:00–14:00 | 2026-11-21 18:00 |  (13:30 local)
    | 2026-11-21 15:00 | 2026-11-22 03:00  | 22:00–06:00 | 2026-11-22 10:00 |  (muted into the night)
    | 2026-11-21 15:00 | -                 | 06:00–06:00 | 2026-11-21 15:00 |  (no window)
    """
    at = max(now, muted_until) if muted_until is not None else now
    if quiet_from is None or quiet_until is None or quiet_from == quiet_until:
        return at
    zone = ZoneInfo(time_zone)
    local = at.astimezone(zone)
    moment = local.time().replace(tzinfo=None)
    if quiet_from < quiet_until:
        quiet = quiet_from <= moment < quiet_until
    else:
        quiet = moment >= quiet_from or moment < quiet_until
    if not quiet:
        return at
    day = local.date() if moment < quiet_until else local.date() + timedelta(days=1)
    return datetime.combine(day, quiet_until, tzinfo=zone).astimezone(timezone.utc)


"""The one clock: every "what time is it" in Feria is asked here, so tests and demos can set it.

Product code never calls `datetime.now()`, `date.today()` or `time.time()` itself
(tests/test_architecture.py fails when it does). Monotonic time for timeouts and pacing is not
the calendar: it stays `time.monotonic()` or the event loop's clock.

    now()             an aware UTC datetime
    today(tz)         the calendar date where the clock is `tz` (a round in La Paz, a price in Porto Alegre)
    timestamp()       seconds since the epoch (Telegram's message dates)

The clock reads the wall clock unless it was set. Setting it is for tests, for a demo run "as of"
a day, and for a process started by another that must share its time:

    travel(to)        from now on the clock reads `to` and runs on with the wall clock (a timedelta:
                      the wall clock moved by it, the same in every process that is told it)
    freeze(at)        the clock reads `at` until it is moved again
    advance(delta)    moves the clock (frozen or running) by `delta`
    reset()           the wall clock again

| call                              | now() right after                  | a second later |
|-----------------------------------|------------------------------------|----------------|
| reset()                           | the wall clock                     | + 1 s          |
| travel(2026-11-21 15:00 UTC)      | 2026-11-21 15:00:00 UTC            | 15:00:01       |
| freeze(2026-11-21 15:00 UTC)      | 2026-11-21 15:00:00 UTC            | 15:00:00       |
| freeze(...) then advance(2 h)     | 2026-11-21 17:00:00 UTC            | 17:00:00       |

The setting is the process's: a served app, its bot, timers and outbox all read the same time. A
child process inherits it through the FERIA_CLOCK setting (`config.Settings.clock`, a moment or an
`offset()`), which its entry point hands to `travel`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """The current moment, aware, in UTC."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc) + _offset


def today(time_zone: str | tzinfo = timezone.utc) -> date:
    """Today's date on the calendar of `time_zone` (an IANA name such as "America/La_Paz")."""
    zone = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
    return now().astimezone(zone).date()


def timestamp() -> float:
    """Seconds since the epoch, as Telegram dates messages."""
    return now().timestamp()


def travel(to: datetime | timedelta) -> None:
    """Make the clock read `to` (aware) now and run on from there; a timedelta moves the wall clock by it."""
    global _offset, _frozen
    _frozen = None
    _offset = to if isinstance(to, timedelta) else _aware(to) - datetime.now(timezone.utc)


def offset() -> timedelta:
    """How far the clock is from the wall clock now: what a child process is told to `travel` by."""
    return now() - datetime.now(timezone.utc)


def freeze(at: datetime) -> None:
    """Stop the clock at `at` (aware) until it is moved again."""
    global _frozen
    _frozen = _aware(at).astimezone(timezone.utc)


def advance(delta: timedelta) -> None:
    """Move the clock by `delta`, whether it is frozen or running."""
    global _offset, _frozen
    if _frozen is not None:
        _frozen += delta
    else:
        _offset += delta


def reset() -> None:
    """The wall clock again."""
    global _offset, _frozen
    _offset, _frozen = timedelta(0), None


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the clock is set to aware moments only, not {moment!r}")
    return moment

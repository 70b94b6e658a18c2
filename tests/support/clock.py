"""The moment every test starts at unless it moves the clock (tests/conftest.py sets it).

A Saturday of the demo: 11:00 in La Paz and Santa Cruz, 12:00 in Porto Alegre, 09:00 in Oaxaca, so
"today" is the same date wherever the demo's organizations are. The demo is seeded as of TODAY.
"""

from datetime import datetime, timezone

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


def child_clock() -> dict[str, str]:
    """The environment that makes a process started now read the same time as this one (FERIA_CLOCK)."""
    from market import clock

    return {"FERIA_CLOCK": f"{clock.offset().total_seconds():+.6f}"}

"""Test-only fault points: places where a kill test stops the process, read from FERIA_FAULT.

    FERIA_FAULT              effect
    -----------------------  ------------------------------------------------------------------
    (unset)                  every fault point does nothing
    pause-at:<name>          the fault point <name> tells the test (FERIA_FAULT_MARKER, stderr)
                             and blocks forever, inside whatever transaction is open, until
                             the test kills the process with SIGKILL
    exit-after-store         the bot exits (137) the moment an update is in the inbox
                             (bot.intake.fault_from_environment)

Fault points are one line where the code is most fragile (after stock is taken, before the
commit): the tests prove that a process dying there leaves nothing half-written.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

log = logging.getLogger(__name__)

FAULT_ENV = "FERIA_FAULT"
MARKER_ENV = "FERIA_FAULT_MARKER"  # a file the paused process writes the fault point's name to
PAUSE = "pause-at:"


def requested_fault() -> str | None:
    """The fault FERIA_FAULT asks for, or None (the environment of every real deployment)."""
    return os.environ.get(FAULT_ENV) or None


async def fault_point(name: str) -> None:
    """Block here forever if FERIA_FAULT is `pause-at:<name>`; do nothing otherwise."""
    if requested_fault() != PAUSE + name:
        return
    _announce(name)
    await asyncio.Event().wait()  # nothing sets it: the test's SIGKILL ends the process here


def _announce(name: str) -> None:
    """Tell the waiting test that the process stands at `name`: the marker file, else stderr."""
    log.warning("fault: paused at %s (%s); waiting to be killed", name, FAULT_ENV)
    print(f"feria fault: paused at {name}", file=sys.stderr, flush=True)
    if marker := os.environ.get(MARKER_ENV):
        with open(marker + ".tmp", "w", encoding="utf-8") as file:
            file.write(name)
        os.replace(marker + ".tmp", marker)  # the test never reads a half-written marker

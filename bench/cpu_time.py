"""CPU time that processes spend during a bench's run, read from /proc (Linux): where the time goes.

    before = await CpuSnapshot.take({"feria": pids, ...}, server_url, database)  # and the database's backends
    ...                                                                        # the run
    after = await CpuSnapshot.take({"feria": pids, ...}, server_url, database)
    after.spent(before)                 # {"feria": s, ..., "postgres": s, "machine": s}
    await transactions(server_url, database)                    # the database's, once its clients have gone

CPU time, unlike wall time, is barely moved by other work on the machine, so it is what per-update costs
are computed from. PostgreSQL's share is its backends serving the bench's database (pg_stat_activity),
not its shared background processes; a backend that starts during the run counts from zero, one that
ends during it is lost (connection pools keep theirs). When the server is on another machine its
backends are not in /proc, and its share is None. The machine's busy time (/proc/stat) includes other
people's work: the gap between it and the bench's processes is the load that shared the cores.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int, command: str | None = None) -> float | None:
    """CPU seconds of a live process so far, all its threads (None when gone, or not running `command`).

    From the scheduler's nanoseconds (/proc/PID/task/*/schedstat) where the kernel keeps them: stat's
    clock ticks (10 ms) are too coarse for a process idling a second or two. A thread that ended is
    counted only by stat, where the run's processes keep theirs (event loops, connection pools).
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    if command is not None and stat[stat.index("(") + 1:stat.rindex(")")] != command:
        return None
    try:
        return sum(int((task / "schedstat").read_text().split()[0]) for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
    except (OSError, ValueError, IndexError):
        fields = stat[stat.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime, fields 14 and 15 of stat


def machine_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot: user, nice, system, irq and softirq
    (not idle, not waiting for I/O, not stolen by the hypervisor; guest time is counted in user time)."""
    user, nice, system, _idle, _iowait, irq, softirq = (
        int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]
    )
    return (user + nice + system + irq + softirq) / TICKS


async def backend_pids(server_url: str, database: str) -> list[int]:
    """The PostgreSQL backends connected to `database`."""
    conn = await _connect(server_url)
    try:
        return [row["pid"] for row in await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", database)]
    finally:
        await conn.close()


async def transactions(server_url: str, database: str, *, timeout: float = 10.0) -> int:
    """The transactions `database` has committed or rolled back, once no backend is connected to it.

    A backend reports its transactions to pg_stat_database when it goes idle, but no more than once a
    second, and else 10 s later (PostgreSQL 15); when it exits, at once. So the count is read once the
    clients have disconnected and their backends have ended (or after `timeout` seconds).
    """
    conn = await _connect(server_url)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", database):
            await asyncio.sleep(0.1)
        return await conn.fetchval(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1", database) or 0
    finally:
        await conn.close()


def _connect(server_url: str):
    return asyncpg.connect(server_url.replace("postgres://", "postgresql://", 1))


@dataclass
class CpuSnapshot:
    """CPU seconds so far of each named group of processes, of the database's backends, and of the machine."""

    groups: dict[str, dict[int, float]] = field(default_factory=dict)
    backends: dict[int, float] | None = None
    machine: float = 0.0

    @classmethod
    async def take(cls, groups: dict[str, list[int]], server_url: str, database: str) -> CpuSnapshot:
        snapshot = cls(machine=machine_seconds())
        for name, pids in groups.items():
            snapshot.groups[name] = {pid: s for pid in pids if (s := process_seconds(pid)) is not None}
        pids = await backend_pids(server_url, database)
        seconds = {pid: s for pid in pids if (s := process_seconds(pid, "postgres")) is not None}
        if pids and len(seconds) == len(pids):
            snapshot.backends = seconds
        return snapshot

    def spent(self, before: CpuSnapshot) -> dict[str, float | None]:
        """Seconds each group, "postgres" (None when not measurable) and "machine" spent since `before`."""
        spent: dict[str, float | None] = {
            name: sum(s - before.groups.get(name, {}).get(pid, s) for pid, s in pids.items())
            for name, pids in self.groups.items()
        }
        if self.backends is None or before.backends is None:
            spent["postgres"] = None
        else:
            spent["postgres"] = sum(s - before.backends.get(pid, 0.0) for pid, s in self.backends.items())
        spent["machine"] = self.machine - before.machine
        return spent

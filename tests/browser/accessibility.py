"""Lighthouse's accessibility audit of pages of the served app, all in one Chromium (lighthouse/audit.mjs).

    audits = await audit_accessibility([Audited(url, cookie), ...])
    for audit in audits: audit.score (0..100), audit.failing ({"color-contrast": "Background and foreground…"})

Lighthouse 12 comes from npm (tests/browser/lighthouse/package.json, its lock committed): `npm ci` there, as .ci/run
does. Without Node or Lighthouse the test skips, saying why; with FERIA_REQUIRE_BROWSER=1 it fails instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

HERE = Path(__file__).parent / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "package.json"
# A page's audit took under 2 s on a quiet machine (48 desk pages in 90 s); on a machine 3-5x slower, with the
# other tests running beside it, 300 s for all of them was not enough.
PAGE_S = 15


def timeout_s(pages: int) -> float:
    return 120 + PAGE_S * pages


def lighthouse_missing() -> str | None:
    if shutil.which("node") is None:
        return "no Node.js (apt-get install -y nodejs npm)"
    if not LIGHTHOUSE.exists():
        return f"Lighthouse is not installed (npm ci --no-audit --no-fund in {HERE})"
    return None


@dataclass(frozen=True)
class Audited:
    """A page to audit, and the Cookie header it is opened with ("" for a browser signed in to nobody)."""

    url: str
    cookie: str = ""


@dataclass(frozen=True)
class Audit:
    url: str
    final_url: str
    score: int | None  # 0..100; None when Lighthouse could not load the page
    failing: dict[str, str]  # audit id → its title and the elements that fail it
    seconds: float = 0.0
    error: str | None = None

    def explain(self) -> str:
        said = [self.error] if self.error else []
        failing = [f"{audit}: {why}" for audit, why in self.failing.items()]
        return f"{self.url} → {self.final_url}: {self.score} ({self.seconds:.1f} s)\n  " + "\n  ".join(said + failing)


async def audit_accessibility(pages: list[Audited]) -> list[Audit]:
    request = {
        "chrome": str(CHROMIUM),
        "flags": CHROMIUM_FLAGS,
        "pages": [{"url": page.url, "headers": {"Cookie": page.cookie} if page.cookie else {}} for page in pages],
    }
    # Not subprocess.run: the app under audit answers from this same event loop.
    node = await asyncio.create_subprocess_exec(
        "node", str(HERE / "audit.mjs"), cwd=HERE,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(node.communicate(json.dumps(request).encode()), timeout_s(len(pages)))
    except BaseException:
        await stop(node)
        raise
    if node.returncode != 0:
        raise RuntimeError(f"lighthouse failed ({node.returncode}): {err.decode()[-3000:]}")
    return [
        Audit(
            url=found["url"],
            final_url=found.get("finalUrl") or found["url"],
            score=None if found["score"] is None else round(found["score"] * 100),
            failing={audit["id"]: f"{audit['title']} — {audit['nodes']}" for audit in found["failing"]},
            seconds=found.get("seconds", 0.0),
            error=found.get("error"),
        )
        for found in json.loads(out)
    ]


async def stop(node: asyncio.subprocess.Process) -> None:
    """Node closes its Chromium and goes (audit.mjs on SIGTERM), and is waited for here: a process left to the garbage
    collector closes its transport on whichever test's loop runs then, and fails that test with a warning."""
    with contextlib.suppress(ProcessLookupError):
        node.terminate()
    try:
        await asyncio.wait_for(node.wait(), 15)
    except TimeoutError:
        node.kill()
        await node.wait()

"""Every desk page scores 100 in Lighthouse's accessibility audit (Lighthouse 12, Debian's Chromium, offline) and
weighs under 100 KB, opened as the person it is for.

A new desk page is one more path in PAGES, under the demo person who may open it. All pages are audited in one
Lighthouse process and one Chromium, a few seconds each.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE
from tests.browser.desk_page import DeskPage

MAX_BYTES = 100_000

# Who opens which pages: None is a browser signed in to nobody that has asked for a code (so /entrar/espera waits).
PAGES: dict[str | None, tuple[str, ...]] = {
    None: ("/entrar", "/entrar/espera", "/entrar/espera?manual=1"),
    "Hilda Justiniano Rojas": ("/escritorio",),  # admin of Café Amboró
}



@pytest.fixture
def lighthouse(browser):
    """Lighthouse's runner, once Chromium is there (the `browser` fixture checks it)."""
    from tests.browser.accessibility import lighthouse_missing

    reason = lighthouse_missing()
    if reason is not None:
        if os.environ.get("FERIA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FERIA_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


def path_of(url: str) -> str:
    return urlsplit(url).path


async def test_every_desk_page_scores_100_for_accessibility_and_weighs_under_100_kb(lighthouse, browser, feria):
    from tests.browser.accessibility import Audited, audit_accessibility

    audited: list[Audited] = []
    too_heavy: dict[str, int] = {}
    for who, paths in PAGES.items():
        context = await browser.browser.new_context(viewport=PHONE, locale="es-BO")
        desk = DeskPage(await context.new_page(), feria)
        if who is None:
            await desk.asks_for_a_code()
        else:
            await desk.signs_in_as(who)
        cookie = await desk.cookie_header()
        for path in paths:
            response = await desk.opens(path)
            assert response is not None and response.ok, path
            assert response.url.startswith(feria + path), f"{path} sent {who} to {response.url}"
            if (size := len(await response.body())) >= MAX_BYTES:
                too_heavy[path] = size
            audited.append(Audited(feria + path, cookie))
        await context.close()

    audits = await audit_accessibility(audited)
    print("lighthouse:", ", ".join(f"{path_of(audit.url)} {audit.score} in {audit.seconds:.1f} s" for audit in audits))

    report = "\n".join(audit.explain() for audit in audits if audit.score != 100)
    assert report == "", "Lighthouse accessibility below 100:\n" + report
    assert [audit.final_url for audit in audits] == [page.url for page in audited], "each page audited where it is"
    assert too_heavy == {}

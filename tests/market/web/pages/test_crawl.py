"""A visitor who follows every link of the catalog, from the home page, on the demo network.

Nothing they reach is missing (no 404), and no page weighs more than 100 KB with what it loads
(its style sheet, icon and images): the catalog is made for cheap phones on slow networks.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from market.web.pages.photos import PHOTOS
from tests.market.test_photos import camera_photo
from tests.market.web.pages.conftest import FILE_ID
from tests.market.web.pages.test_photos import FakeBotFiles

LIMIT = 100_000  # bytes: a page's HTML and everything it loads
LANG = "lang=es"  # the crawl reads the catalog in one language; test_page_weight weighs each


class _Links(HTMLParser):
    """The page's links to follow (a href) and what it loads (img src, link href)."""

    def __init__(self) -> None:
        super().__init__()
        self.follow: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.follow.append(str(found["href"]))
        elif tag == "img" and found.get("src"):
            self.loads.append(str(found["src"]))
        elif tag == "link" and found.get("href") and found.get("rel") in ("stylesheet", "icon"):
            self.loads.append(str(found["href"]))


def same_site(page: str, href: str) -> str | None:
    """The address a link leads to on this site, None when it leaves it (Telegram) or switches the language."""
    address = urljoin(page, href)
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    if "lang=" in parts.query and LANG not in parts.query.split("&"):
        return None
    return address


async def test_every_page_a_visitor_reaches_from_home_is_there_and_weighs_under_100_kb(client, coffee):
    client.app[PHOTOS].source = FakeBotFiles({FILE_ID: camera_photo()})  # a producer sent a photo of the coffee
    to_visit, visited, missing = ["/"], set(), []
    loaded: dict[str, int] = {}
    weights: dict[str, int] = {}

    while to_visit:
        address = to_visit.pop()
        if address in visited:
            continue
        visited.add(address)
        response = await client.get(address)
        body = await response.read()
        if response.status >= 400:
            missing.append((response.status, address))
            continue
        if response.content_type != "text/html":
            continue
        links = _Links()
        links.feed(body.decode())
        for src in (urljoin(address, s) for s in links.loads):
            if src not in loaded:
                asset = await client.get(src)
                loaded[src] = len(await asset.read())
                if asset.status >= 400:
                    missing.append((asset.status, src))
        weights[address] = len(body) + sum(loaded[urljoin(address, s)] for s in set(links.loads))
        to_visit += [a for a in (same_site(address, href) for href in links.follow) if a and a not in visited]

    assert missing == []
    # The home page, search pages, products, organizations, seals, price pages and their charts.
    assert len(weights) > 100 and any(a.startswith("/precios/") for a in weights)
    assert any("grafico.png" in a for a in loaded) and any("qr.svg" in a for a in loaded)
    assert f"/productos/{coffee}/foto" in " ".join(loaded)
    heaviest = max(weights, key=lambda a: weights[a])
    assert weights[heaviest] < LIMIT, (heaviest, weights[heaviest])

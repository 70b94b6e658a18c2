"""Every answer says what a browser may load, sniff and frame, and not which server made it; the pages
need nothing the policy forbids (no script, no inline style)."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser

import pytest

CATALOG_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def paths(demo) -> list[str]:
    seal = demo.seal_codes["oeca-valles-comarapa"]
    return [
        "/",
        "/buscar?q=cafe",
        f"/productos/{demo.product_ids['Quinua real']}",
        "/organizaciones/oeca-valles-comarapa",
        "/sellos",
        f"/sellos/{seal}",
        "/precios/tomate?territorio=bo-scz-comarapa",
        "/precios/tomate",
        "/no-such-page",
        "/buscar?sello=maybe",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/no-such-page",
        "/static/feria.css",
        "/api/v1/categories",
        "/api/v1/nothing",
        "/precios/tomate/grafico.png?territorio=bo-scz-comarapa",
        "/healthz",
    ],
)
async def test_every_answer_carries_the_protective_headers_and_names_no_server_version(
    client, path
):
    response = await client.get(path)

    assert response.headers["Content-Security-Policy"] == CATALOG_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Server"] == "Feria"


async def test_a_redirect_carries_them_too(client):
    response = await client.get("/sellos?codigo=abcd", allow_redirects=False)

    assert response.status == 303 and response.headers["Server"] == "Feria"
    assert response.headers["Content-Security-Policy"] == CATALOG_POLICY


class _Forbidden(HTMLParser):
    """What the catalog's policy would block: scripts, inline styles, event handlers, other sites' images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if tag == "img" and name == "src" and value and "://" in value:
                self.found.append(f"<img src={value}>")
            if tag == "link" and name == "href" and value and "://" in value:
                self.found.append(f"<link href={value}>")


async def test_no_catalog_page_needs_what_the_policy_forbids(client, demo):
    for path in paths(demo):
        response = await client.get(path)
        parser = _Forbidden()
        parser.feed(await response.text())

        assert response.content_type == "text/html", path
        assert parser.found == [], path


@pytest.mark.parametrize("request_line", [b"GET /\x00 HTTP/1.1", b"NO HTTP AT ALL"])
async def test_a_request_too_malformed_for_the_app_is_refused_without_naming_the_server_version(
    client, request_line
):
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(request_line + b"\r\nHost: feria\r\n\r\n")
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(4096), 10)
    writer.close()

    head = answer.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    assert head[0].split(" ")[1] == "400"
    assert "Server: Feria" in head and not any(
        "aiohttp" in line or "Python" in line for line in head
    )

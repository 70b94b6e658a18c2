"""The headers every answer of the web app carries: what a browser may load, sniff, frame and pass on.

The catalog's pages use no script and no inline style, so their policy allows nothing but this
site's images, style sheet and forms. The offline /sandbox chat page runs its own script, which
reads the chat with fetch and shows a photo before sending it (a blob: URL): its policy allows
those, from this site only. No answer says which server or version made it.
"""

from __future__ import annotations

from aiohttp import web, web_response

CATALOG_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SANDBOX_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Server": "Feria",  # aiohttp would name itself and its version, and Python's
}


def hide_server_version() -> None:
    """Make aiohttp's own answers name no version either.

    A request too malformed to reach the app (a NUL in the request line, a line that is no HTTP) is
    refused by aiohttp itself, with the Server header it writes by default; aiohttp has no setting for
    it, so its default is replaced here, for the process (the client's User-Agent is apart).
    """
    # web_response's own copy, read from aiohttp.http at import; setattr, as web_response does not export the name
    # (a plain assignment is refused by mypy --strict).
    setattr(web_response, "SERVER_SOFTWARE", HEADERS["Server"])  # noqa: B010


async def protective_headers(
    request: web.Request, response: web.StreamResponse
) -> None:
    """Add the headers to an answer about to be sent (an on_response_prepare signal: errors and files too)."""
    sandbox = request.path == "/sandbox" or request.path.startswith("/sandbox/")
    response.headers["Content-Security-Policy"] = (
        SANDBOX_POLICY if sandbox else CATALOG_POLICY
    )
    response.headers.update(HEADERS)

"""The HTTP connections of every Bot in the process: one TLS context for all of them.

A Bot left to build its own connections builds a TLS context for each pool (its calls, its getUpdates), and each
reads the whole certificate bundle: 40 to 100 ms a context. A served Feria holds two Bots (the bot's, the outbox's),
so four contexts, on every start; the test suite starts it hundreds of times. A context is meant to be shared (it
holds settings and certificates, not connections), and one made as httpx makes its own verifies the same way.
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx
from telegram.request import HTTPXRequest


@functools.cache
def tls() -> ssl.SSLContext:
    """The process's TLS context, made on first use as httpx would make it (certifi's bundle, or SSL_CERT_FILE)."""
    return httpx.create_ssl_context()


def request(connections: int, **options: Any) -> HTTPXRequest:
    """A pool of `connections` connections for a Bot's calls (PTB's HTTPXRequest; `options`: its timeouts)."""
    return HTTPXRequest(connection_pool_size=connections, httpx_kwargs={"verify": tls()}, **options)

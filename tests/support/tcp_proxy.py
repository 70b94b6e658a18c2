"""A TCP proxy on loopback that a test can cut and restore: the database going away for a moment.

    proxy = await TcpProxy.start_to("127.0.0.1", 5432)
    url = proxy.url(database_url)   # the same database, through the proxy
    proxy.cut()                     # every open connection drops; new ones are closed at once
    proxy.restore()                 # new connections reach the server again

A cut looks to the client like a server that crashed or a network that failed: the sockets it
held are reset, and connecting again is answered by an immediate close (not a hang, so that the
test waits for no connect timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit

CHUNK = 64 * 1024


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.is_cut = False
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    @classmethod
    async def start_to(cls, host: str, port: int) -> TcpProxy:
        proxy = cls(host, port)
        proxy._server = await asyncio.start_server(proxy._serve, "127.0.0.1", 0)
        return proxy

    @property
    def port(self) -> int:
        return self._server.sockets[0].getsockname()[1]

    def url(self, database_url: str) -> str:
        """`database_url` with the proxy's address in place of the server's."""
        parts = urlsplit(database_url)
        user = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{self.port}"))

    def cut(self) -> None:
        """Drop every connection now, and every new one until restore()."""
        self.is_cut = True
        for writer in list(self._open):
            _reset(writer)
        self._open.clear()

    def restore(self) -> None:
        self.is_cut = False

    async def stop(self) -> None:
        self.cut()
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self.is_cut:
            _reset(client_writer)
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            _reset(client_writer)
            return
        self._open |= {client_writer, server_writer}
        try:
            await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))
        finally:
            for writer in (client_writer, server_writer):
                self._open.discard(writer)
                _reset(writer)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy one direction until either side closes (a cut closes both)."""
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(CHUNK):
            if writer.is_closing():
                return
            writer.write(data)
            await writer.drain()
    _reset(writer)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close at once, without waiting to flush: what a dead server or network leaves behind."""
    if not writer.is_closing():
        writer.transport.abort()

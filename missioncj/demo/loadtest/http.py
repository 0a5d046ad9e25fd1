"""A small HTTP/1.1 client on asyncio streams: one keep-alive connection and one cookie jar per
simulated user, nothing else.

The load generator shares the machine with the server it measures, so every microsecond it
spends is taken from the server. A request here is a write of a few hundred bytes and a read
of a status line, headers and a body of known length (or chunks): no header objects, no
content decoding, no redirects followed, no connection pool. The loop runs all users in one
thread of one process.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A keep-alive connection idle this long may have been closed by the server (its keep-alive
# is 5 s): open a fresh one rather than risk sending a form on a dead socket.
IDLE_REOPEN_SECONDS = 2.0
READ_LIMIT = 4 * 1024 * 1024


class LoopbackOnly(ValueError):
    """The load test only ever sends traffic to this machine."""


@dataclass(frozen=True)
class Target:
    host: str  # an IP literal on the loopback range
    port: int

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def ipv4(self) -> bool:
        return ":" not in self.host


def loopback_target(url: str) -> Target:
    """Parse `url` and refuse anything that is not plain HTTP to a loopback address.

    Names other than `localhost` are refused without being looked up (a name could resolve
    anywhere); `localhost` is taken as 127.0.0.1."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise LoopbackOnly(f"The load test only speaks http:// to this machine (got {url!r}).")
    host = parts.hostname or ""
    if host == "localhost":
        host = "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise LoopbackOnly(
            f"The load test only targets loopback addresses (127.0.0.0/8, ::1, localhost); "
            f"{host or url!r} is not one."
        ) from None
    if not address.is_loopback:
        raise LoopbackOnly(
            f"The load test only targets loopback addresses (127.0.0.0/8, ::1, localhost); "
            f"{host} is not one."
        )
    if parts.path not in {"", "/"} or parts.query:
        raise LoopbackOnly(f"Give the server's root URL, e.g. http://127.0.0.1:8000 (got {url!r}).")
    try:
        port = parts.port or 80
    except ValueError:
        raise LoopbackOnly(f"Not a valid port in {url!r}.") from None
    return Target(host=str(address), port=port)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Session:
    """One simulated browser: a keep-alive connection and its cookies."""

    target: Target
    source: str | None = None  # local address to connect from (see run.source_address)
    cookies: dict[str, str] = field(default_factory=dict)
    _reader: asyncio.StreamReader | None = None
    _writer: asyncio.StreamWriter | None = None
    _last_used: float = 0.0

    async def _open(self) -> None:
        local = (self.source, 0) if self.source else None
        self._reader, self._writer = await asyncio.open_connection(
            self.target.host, self.target.port, local_addr=local, limit=READ_LIMIT
        )

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        form: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        from urllib.parse import urlencode

        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.target.base[7:]}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

        idle = time.monotonic() - self._last_used
        if self._writer is not None and idle > IDLE_REOPEN_SECONDS:
            self.close()
        reused = self._writer is not None
        try:
            return await self._exchange(method, payload)
        except (ConnectionError, asyncio.IncompleteReadError):
            # The server closed a kept-alive connection before reading this request; a GET is
            # safe to send again on a new one (a POST is not: it counts as an error).
            self.close()
            if not reused or method != "GET":
                raise
            return await self._exchange(method, payload)

    async def _exchange(self, method: str, payload: bytes) -> Response:
        if self._writer is None:
            await self._open()
        assert self._reader is not None and self._writer is not None
        self._writer.write(payload)
        await self._writer.drain()
        response = await self._read(method)
        self._last_used = time.monotonic()
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        return response

    async def _read(self, method: str) -> Response:
        assert self._reader is not None
        reader = self._reader
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status_line, *header_lines = head[:-4].split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip()
            if name == "set-cookie":
                self._keep_cookie(value)
            else:
                headers[name] = value
        if method == "HEAD" or status in (204, 304) or status < 200:
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = await self._read_chunks(reader)
        elif "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        else:
            body = await reader.read()
            self.close()
        return Response(status, headers, body)

    @staticmethod
    async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int((await reader.readline()).split(b";", 1)[0], 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append((await reader.readexactly(size + 2))[:-2])

    def _keep_cookie(self, header: str) -> None:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.partition("=")
        name, value = name.strip(), value.strip()
        lowered = attributes.lower().replace(" ", "")
        if not value or value == '""' or "max-age=0" in lowered:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

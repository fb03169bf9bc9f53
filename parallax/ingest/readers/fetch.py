"""Pages fetched over HTTP(S): timeouts, a size cap, a time cap on the whole transfer, a few
redirects, errors that say whether trying again may help.

The command line fetches whatever its user names, a server on this machine included. A web app
that fetches URLs its users submit must not become their way into the server's own network
(server-side request forgery): ``make_client(allow=is_public)`` connects only to public
addresses. The check is made where the connection is opened, on the address the host name
resolved to, and the connection goes to that very address (no second lookup that a hostile DNS
server could answer differently); every redirect opens its connection the same way.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx

from parallax.errors import FetchError
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument
from parallax.version import __version__

TIMEOUT = httpx.Timeout(10.0, connect=10.0)
MAX_REDIRECTS = 5
#: The whole transfer of one page, however slowly a server drips it, takes at most this long.
MAX_SECONDS = 60.0


class RefusedAddress(Exception):
    """A host that resolves to an address the client may not connect to."""


def is_public(address: str) -> bool:
    """Is this IP address on the public internet? Loopback, private, link-local, shared (CGNAT),
    multicast, reserved and documentation ranges are not, nor an IPv6 address that carries one
    (IPv4-mapped, 6to4, Teredo, NAT64)."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is None and ip in ipaddress.IPv6Network("64:ff9b::/96"):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and not is_public(str(inner)):
            return False
        if ip.is_site_local:
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


class _CheckedBackend(httpcore.NetworkBackend):
    """Resolves each host itself and connects only to an address ``allow`` accepts."""

    def __init__(self, allow: Callable[[str], bool]) -> None:
        self._backend = httpcore.SyncBackend()
        self._allow = allow

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        refused = [a for a in addresses if not self._allow(a)]
        if refused or not addresses:
            raise RefusedAddress(f"{host} resolves to {refused[0] if refused else 'nothing'}, not an allowed address")
        error: Exception | None = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as e:
                error = e
        raise error or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise RefusedAddress("a Unix socket is not an allowed address")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _CheckedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool opening connections through the check
    (httpx takes no network backend as an argument, so the pool is built again with one)."""

    def __init__(self, allow: Callable[[str], bool]) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_CheckedBackend(allow),
        )


def make_client(timeout: httpx.Timeout = TIMEOUT, *, allow: Callable[[str], bool] | None = None) -> httpx.Client:
    """A client for ``fetch``. With ``allow`` (``is_public`` for a web app) it connects only to
    IP addresses ``allow`` accepts, also after a redirect, and ignores proxy settings from the
    environment; without, anywhere its user names."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": f"parallax/{__version__}"},
        transport=_CheckedTransport(allow) if allow is not None else None,
        trust_env=allow is None,
    )


def fetch(url: str, client: httpx.Client, max_bytes: int, max_seconds: float = MAX_SECONDS) -> RawDocument:
    """Fetch one page; raises ``FetchError`` (``transient`` for timeouts, 5xx and 429)."""
    deadline = time.monotonic() + max_seconds
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                transient = response.status_code >= 500 or response.status_code == 429
                raise FetchError(url, f"HTTP {response.status_code}", transient=transient)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"page larger than the {max_bytes:,}-byte limit", transient=False)
                if time.monotonic() > deadline:
                    raise FetchError(url, f"took longer than {max_seconds:g} s", transient=True)
                chunks.append(chunk)
            ctype = response.headers.get("content-type", "").lower()
            date_header = response.headers.get("date")
            final_url = str(response.url)
    except RefusedAddress as e:
        raise FetchError(url, f"refused: {e}", transient=False) from None
    except httpx.TimeoutException:
        raise FetchError(url, "timed out", transient=True) from None
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", transient=False) from None
    except httpx.UnsupportedProtocol as e:
        raise FetchError(url, f"not fetched: {e}", transient=False) from None
    except httpx.HTTPError as e:
        raise FetchError(url, f"could not fetch: {e}", transient=True) from None
    except (httpx.InvalidURL, UnicodeError, ValueError) as e:
        raise FetchError(url, f"not a usable URL: {e}", transient=False) from None
    data = b"".join(chunks)
    kind = "text" if ctype.startswith("text/plain") else "html"
    text = decode(data, url, html=kind == "html")
    if not text.strip():
        raise FetchError(url, "empty response", transient=False)
    try:
        retrieved = parsedate_to_datetime(date_header).isoformat() if date_header else None
    except (TypeError, ValueError):
        retrieved = None
    return RawDocument(
        id=url_id(url),
        kind=kind,
        content=text,
        source=url,
        url=final_url,
        retrieved=retrieved or datetime.now(UTC).isoformat(timespec="seconds"),
    )

"""A polite HTTP fetcher for the watch: conditional GETs, a rate limit and a concurrency cap per
host, robots.txt, timeouts, retries with back-off, and a size cap.

Outlets tolerate a reader that polls their feeds every few minutes only if it asks cheaply
(``If-None-Match`` / ``If-Modified-Since``, answered by a bodiless 304), never hammers one host
(one request at a time per ``delay`` seconds, at most ``per_host`` in flight, longer if robots.txt
asks for a ``Crawl-delay``), obeys robots.txt and names itself. Every failure is a ``FetchError``
whose ``transient`` says whether a later try may succeed; nothing here raises anything else, so
one bad host never takes the others down.
"""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from parallax import __version__
from parallax.errors import FetchError

USER_AGENT = f"Parallax/{__version__} (news monitoring; parallax watch)"
#: The token robots.txt groups are matched against.
ROBOTS_AGENT = "Parallax"
MAX_BYTES = 20_000_000
MAX_REDIRECTS = 5
RETRIES = 2
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: ``status`` 200 with the body, or 304 (not modified) with none."""

    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    date: str | None = None


class StatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int) -> None:
        self.status = status
        super().__init__(url, f"HTTP {status}", transient=status in TRANSIENT_STATUS)


@dataclass
class _Host:
    """Per-host politeness: a slot semaphore, the earliest next request, the robots rules."""

    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: str | None = None
    robots_loaded: bool = False


class PoliteFetcher:
    """Fetch URLs politely from inside one event loop (``async with PoliteFetcher() as f``)."""

    def __init__(
        self,
        *,
        delay: float = 1.0,
        per_host: int = 2,
        total: int = 8,
        timeout: float = 20.0,
        deadline: float = 60.0,
        max_bytes: int = MAX_BYTES,
        retries: int = RETRIES,
        backoff: float = 0.5,
        robots: bool = True,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.delay = delay
        self.per_host = per_host
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.use_robots = robots
        self.user_agent = user_agent
        self._total = asyncio.Semaphore(total)
        self._hosts: dict[str, _Host] = {}
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,  # followed here, so each hop passes its host's robots and rate limit
            headers={"User-Agent": user_agent},
        )

    async def __aenter__(self) -> PoliteFetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.per_host))
        return host

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when validators are given), following redirects hop by hop."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(url, f"redirected to a non-HTTP address {current!r}", transient=False)
            await self._allowed(current, url)
            answer = await self._with_retries(current, headers)
            if isinstance(answer, str):
                current = answer
                continue
            return answer
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", transient=False)

    async def _with_retries(self, url: str, headers: dict[str, str]) -> Fetched | str:
        for attempt in range(self.retries + 1):
            try:
                return await self._once(url, headers)
            except FetchError as e:
                error = e
                if not e.transient:
                    raise
            if attempt < self.retries:
                await asyncio.sleep(self.backoff * 2**attempt)
        raise error

    async def _once(self, url: str, headers: dict[str, str]) -> Fetched | str:
        """One request; a redirect comes back as the next URL (a ``str``)."""
        host = self._host(url)
        async with self._total, host.slots:
            async with host.lock:  # requests to one host start at least ``delay`` apart
                wait = host.next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                host.next_at = time.monotonic() + self._delay_for(host)
            try:
                return await asyncio.wait_for(self._request(url, headers), self.deadline)
            except TimeoutError:
                raise FetchError(url, f"no complete answer within {self.deadline:g} s", transient=True) from None
            except httpx.TimeoutException:
                raise FetchError(url, f"timed out (no answer within {self.timeout:g} s)", transient=True) from None
            except httpx.HTTPError as e:
                raise FetchError(url, f"could not fetch: {type(e).__name__}: {e}", transient=True) from None

    async def _request(self, url: str, headers: dict[str, str]) -> Fetched | str:
        async with self._client.stream("GET", url, headers=headers) as response:
            return await self._read(url, response)

    async def _read(self, url: str, response: httpx.Response) -> Fetched | str:
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            location = response.headers.get("location")
            if not location:
                raise FetchError(url, f"HTTP {status} without a Location", transient=False)
            return urljoin(url, location)
        if status == 304:
            headers = response.headers
            return Fetched(url, 304, etag=headers.get("etag"), last_modified=headers.get("last-modified"))
        if status >= 400:
            raise StatusError(url, status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                url, f"refused: {int(declared):,} bytes is over the {self.max_bytes:,}-byte limit", transient=False
            )
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"cut: the answer passed the {self.max_bytes:,}-byte limit", transient=False)
            chunks.append(chunk)
        return Fetched(
            str(response.url),
            status,
            b"".join(chunks),
            response.headers.get("content-type", "").lower(),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
            response.headers.get("date"),
        )

    def _delay_for(self, host: _Host) -> float:
        crawl = host.robots.crawl_delay(ROBOTS_AGENT) if host.robots is not None else None
        return max(self.delay, float(crawl or 0))

    async def _allowed(self, url: str, asked: str) -> None:
        """Refuse what robots.txt forbids (RFC 9309: a missing file allows all; a server error on
        it forbids all until it answers)."""
        if not self.use_robots:
            return
        host = self._host(url)
        async with host.robots_lock:
            if not host.robots_loaded:
                await self._load_robots(url, host)
        if host.robots_error:
            raise FetchError(asked, host.robots_error, transient=True)
        if host.robots is not None and not host.robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(asked, f"robots.txt of {urlsplit(url).netloc} disallows {url}", transient=False)

    async def _load_robots(self, url: str, host: _Host) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        host.robots_loaded = True
        try:
            answer = await self._once(robots_url, {})
            if isinstance(answer, str):  # a redirected robots.txt: followed once
                answer = await self._once(answer, {})
        except StatusError as e:
            if 400 <= e.status < 500:
                return  # no robots.txt: everything is allowed
            host.robots_error = f"robots.txt of {parts.netloc} answered HTTP {e.status}, so nothing is fetched there"
            return
        except FetchError as e:
            host.robots_error = f"robots.txt of {parts.netloc} unreachable ({e.detail}), so nothing is fetched there"
            return
        if isinstance(answer, str):  # redirected twice: no robots.txt to read, everything is allowed
            return
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(answer.content.decode("utf-8", errors="replace").splitlines())
        host.robots = parser

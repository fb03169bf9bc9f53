"""Pages fetched over HTTP(S): timeouts, a size cap, a few redirects, errors that say whether trying
again may help."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from parallax.errors import FetchError
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument
from parallax.version import __version__

TIMEOUT = httpx.Timeout(10.0, connect=10.0)
MAX_REDIRECTS = 5


def make_client(timeout: httpx.Timeout = TIMEOUT) -> httpx.Client:
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": f"parallax/{__version__}"},
    )


def fetch(url: str, client: httpx.Client, max_bytes: int) -> RawDocument:
    """Fetch one page; raises ``FetchError`` (``transient`` for timeouts, 5xx and 429)."""
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
                chunks.append(chunk)
            ctype = response.headers.get("content-type", "").lower()
            date_header = response.headers.get("date")
            final_url = str(response.url)
    except httpx.TimeoutException:
        raise FetchError(url, "timed out", transient=True) from None
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", transient=False) from None
    except httpx.HTTPError as e:
        raise FetchError(url, f"could not fetch: {e}", transient=True) from None
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

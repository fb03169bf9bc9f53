"""A news site on 127.0.0.1 for the watch tests: a threading HTTP server whose routes the test
changes between rounds (new and edited feed entries, 304s, errors, slow answers, redirects, huge
and hostile bodies), with a log of every request it was sent."""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from parallax import pipeline


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: bool = True  # answer If-None-Match with 304 when the body is the same
    #: Streams this many bytes of filler with no Content-Length (ends when the client hangs up).
    stream_bytes: int = 0


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    times: list[tuple[str, float]] = field(default_factory=list)
    base: str = ""

    def requests(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            site.times.append((self.path, time.monotonic()))
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"not found")
                return
            if route.delay:
                time.sleep(route.delay)
            tag = '"' + hashlib.sha1(route.body).hexdigest()[:12] + '"'
            try:
                if route.etag and route.status == 200 and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Date", format_datetime(_now(), usegmt=True))
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.stream_bytes:
                    self.end_headers()
                    chunk = b"<p>" + b"x" * (1 << 20) + b"</p>\n"
                    sent = 0
                    while sent < route.stream_bytes:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                    return
                if route.etag and route.status == 200:
                    self.send_header("ETag", tag)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


@contextmanager
def serving(site: Site | None = None) -> Iterator[Site]:
    site = site or Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def corpus_entries(corpus: Path) -> list[dict[str, Any]]:
    """The example corpus cleaned once: title, outlet, date and body paragraphs per article."""
    entries = []
    for a in pipeline.clean([corpus]):
        if isinstance(a, Exception):
            continue
        entries.append(
            {"id": a.id, "title": a.title or a.id, "outlet": a.outlet or "Unknown", "published": a.published,
             "body": a.body}
        )  # fmt: skip
    return sorted(entries, key=lambda e: e["id"])


def rss(title: str, base: str, entries: list[dict[str, Any]], *, full: bool = True) -> bytes:
    """An RSS 2.0 feed; ``full`` puts each body in ``content:encoded``, else only a teaser."""
    items = []
    for e in entries:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in e["body"].split("\n") if p.strip())
        day = e.get("published") or "2025-05-06"
        y, m, d = (int(x) for x in day.split("-"))
        from datetime import UTC, datetime

        stamp = format_datetime(datetime(y, m, d, 12, 0, tzinfo=UTC), usegmt=True)
        content = f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>" if full else ""
        teaser = html.escape(e["body"].split("\n")[0][:140])
        items.append(
            f"<item><title>{html.escape(e['title'])}</title><link>{base}/articles/{e['id']}.html</link>"
            f"<guid>{base}/articles/{e['id']}.html</guid><pubDate>{stamp}</pubDate>"
            f"<description>{teaser}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{html.escape(title)}</title><link>{base}/</link><description>news</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def page(entry: dict[str, Any]) -> bytes:
    """An article page with some site furniture around the story."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in entry["body"].split("\n") if p.strip())
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(entry['title'])}</title>"
        f"<meta property='article:published_time' content='{entry.get('published') or ''}'></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>{html.escape(entry['title'])}</h1>"
        f"{paragraphs}</article><footer>Copyright {html.escape(entry['outlet'])}</footer></body></html>"
    ).encode()


def _bomb() -> bytes:
    """The billion-laughs entity bomb: nine levels of ten references, 10**9 "lol"s if expanded."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(levels) + "\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<link>http://127.0.0.1/lol</link><description>&lol9;</description></item></channel></rss>"
    ).encode()


BILLION_LAUGHS = _bomb()

"""The watch's polite fetcher and source listing against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import pytest

from parallax.errors import FetchError, InputError
from parallax.watch.fetch import PoliteFetcher
from parallax.watch.sources import Source, list_source, parse_sitemap
from tests.watch_site import BILLION_LAUGHS, Route, serving


def fetch(url: str, **options):
    async def go():
        async with PoliteFetcher(**options) as f:
            return await f.get(url)

    return asyncio.run(go())


def test_conditional_get_names_parallax_and_gets_a_304() -> None:
    with serving() as site:
        site.routes["/feed.xml"] = Route(b"<rss><channel><title>t</title></channel></rss>")

        async def go():
            async with PoliteFetcher(delay=0) as f:
                first = await f.get(site.base + "/feed.xml")
                again = await f.get(site.base + "/feed.xml", etag=first.etag)
                return first, again

        first, again = asyncio.run(go())
    assert first.status == 200 and first.etag and again.status == 304 and again.content == b""
    sent = site.requests("/feed.xml")
    assert all(h["user-agent"].startswith("Parallax/") for h in sent)
    assert sent[1]["if-none-match"] == first.etag


def test_robots_txt_is_obeyed_and_its_crawl_delay_spaces_requests() -> None:
    with serving() as site:
        site.routes["/robots.txt"] = Route(
            b"User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n", content_type="text/plain"
        )
        site.routes["/a"] = Route(b"a", content_type="text/html")
        site.routes["/b"] = Route(b"b", content_type="text/html")
        site.routes["/private/x"] = Route(b"x", content_type="text/html")

        async def go():
            async with PoliteFetcher(delay=0) as f:
                await asyncio.gather(f.get(site.base + "/a"), f.get(site.base + "/b"))
                with pytest.raises(FetchError, match=r"robots\.txt"):
                    await f.get(site.base + "/private/x")

        asyncio.run(go())
    assert site.requests("/private/x") == []
    times = dict(site.times)
    assert abs(times["/b"] - times["/a"]) >= 0.95  # Crawl-delay (whole seconds), though asked at once


def test_per_host_cap_holds_while_another_host_goes_on() -> None:
    with serving() as slow, serving() as fast:
        for i in range(4):
            slow.routes[f"/p{i}"] = Route(b"slow", content_type="text/html", delay=0.5)
        fast.routes["/q"] = Route(b"fast", content_type="text/html")

        async def go():
            async with PoliteFetcher(delay=0, per_host=2, robots=False) as f:
                started = time.monotonic()
                tasks = [asyncio.create_task(f.get(slow.base + f"/p{i}")) for i in range(4)]
                quick = await f.get(fast.base + "/q")
                fast_done = time.monotonic() - started
                await asyncio.gather(*tasks)
                return fast_done, time.monotonic() - started, quick

        fast_done, total, quick = asyncio.run(go())
    assert quick.content == b"fast" and fast_done < 0.4  # not queued behind the slow host
    assert total >= 0.95  # four slow pages, two at a time


def test_transient_errors_are_retried_and_permanent_ones_are_not() -> None:
    with serving() as site:
        site.routes["/flaky"] = Route(b"", status=503)
        site.routes["/gone"] = Route(b"", status=404)
        with pytest.raises(FetchError) as e:
            fetch(site.base + "/flaky", delay=0, retries=2, backoff=0.01)
        assert e.value.transient and len(site.requests("/flaky")) == 3
        with pytest.raises(FetchError) as e:
            fetch(site.base + "/gone", delay=0, retries=2, backoff=0.01)
        assert not e.value.transient and len(site.requests("/gone")) == 1


def test_size_cap_refuses_by_length_and_cuts_a_stream() -> None:
    with serving() as site:
        site.routes["/declared"] = Route(b"x" * 3000, content_type="text/html")
        site.routes["/stream"] = Route(content_type="text/html", stream_bytes=50_000_000)
        with pytest.raises(FetchError, match="refused: 3,000 bytes"):
            fetch(site.base + "/declared", delay=0, max_bytes=2000)
        started = time.monotonic()
        with pytest.raises(FetchError, match="cut: the answer passed the 5,000,000-byte limit"):
            fetch(site.base + "/stream", delay=0, max_bytes=5_000_000)
        assert time.monotonic() - started < 10


def test_redirects_are_followed_hop_by_hop_and_loops_end() -> None:
    with serving() as site:
        site.routes["/old"] = Route(status=301, headers={"Location": "/new"})
        site.routes["/new"] = Route(b"here", content_type="text/html")
        site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
        got = fetch(site.base + "/old", delay=0)
        assert got.content == b"here" and got.url.endswith("/new")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetch(site.base + "/loop", delay=0)


async def nothing_seen(keys: Sequence[str]) -> dict[str, str]:
    return {}


def test_hostile_and_wrong_sources_are_one_clear_error_each() -> None:
    with serving() as site:
        site.routes["/bomb.xml"] = Route(BILLION_LAUGHS)
        site.routes["/page.xml"] = Route(b"<!doctype html><html><body>moved</body></html>", content_type="text/html")

        async def go(path: str):
            async with PoliteFetcher(delay=0) as f:
                return await list_source(Source(site.base + path), f, nothing_seen, None, None)

        bomb = asyncio.run(go("/bomb.xml"))
        page = asyncio.run(go("/page.xml"))
    assert bomb.failure is not None and "declares entities" in str(bomb.failure) and not bomb.items
    assert "not an RSS/Atom feed or a sitemap: an HTML page (text/html)" in str(page.failure)


def test_sitemaps_are_read_without_entities_and_with_news_fields() -> None:
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://example.org/a</loc><lastmod>2025-05-06T10:00:00Z</lastmod>"
        b"<news:news><news:publication><news:name>Herald</news:name></news:publication>"
        b"<news:publication_date>2025-05-06</news:publication_date><news:title>A title</news:title></news:news></url>"
        b"<url><loc>javascript:alert(1)</loc></url></urlset>"
    )
    pages, children = parse_sitemap(data, "https://example.org/sitemap.xml")
    assert children == []
    assert pages == [
        (
            "https://example.org/a",
            "2025-05-06T10:00:00Z",
            {"name": "Herald", "publication_date": "2025-05-06", "title": "A title"},
        )
    ]
    with pytest.raises(InputError, match="not a readable sitemap"):
        parse_sitemap(BILLION_LAUGHS.replace(b"<rss", b"<urlset").replace(b"</rss>", b"</urlset>"), "u")

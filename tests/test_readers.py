"""Readers: every input format, and every kind of bad input reported by name while the rest is read."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from parallax.errors import FetchError, InputError
from parallax.ingest.readers import read_inputs, url_id
from parallax.ingest.readers.fetch import make_client
from parallax.model import RawDocument


def split(items) -> tuple[list[RawDocument], list[InputError]]:
    docs, errors = [], []
    for item in items:
        (errors if isinstance(item, InputError) else docs).append(item)
    return docs, errors


ARTICLE = "Héloïse Müller said the river rose overnight.\n\nThe council met on Friday to plan repairs."


def test_samples_are_five_text_documents(seeds: Path) -> None:
    docs, errors = split(read_inputs([seeds]))
    assert not errors
    assert [d.id for d in docs] == sorted(p.stem for p in seeds.glob("*.txt"))
    assert all(d.kind == "text" and d.content.strip() for d in docs)


def test_folder_of_bad_inputs(tmp_path: Path) -> None:
    """Binary, empty, too large, Latin-1, UTF-16, truncated HTML, a broken JSON line, a feed with a bad
    entry: one error per problem naming the file (and line), everything else read."""
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(ARTICLE.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    with (tmp_path / "huge.txt").open("wb") as fh:  # 60 MB, written sparsely
        fh.seek(60 * 1024 * 1024 - 1)
        fh.write(b"x")
    (tmp_path / "truncated.html").write_text("<html><body><article><p>Half a page about the flood", encoding="utf-8")
    rows = [
        json.dumps({"id": "r1", "text": ARTICLE}),
        "{broken",
        json.dumps({"id": "r3", "html": "<p>x y z</p>"}),
        json.dumps({"id": "r4"}),
    ]
    (tmp_path / "rows.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Feed</title>
        <item><title>Good entry</title><link>https://example.org/a</link>
        <description>&lt;p&gt;The river rose overnight.&lt;/p&gt;</description>
        <pubDate>Fri, 14 Mar 2025 08:00:00 GMT</pubDate></item>
        <item><title>Bad entry</title><link>https://example.org/b</link></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    docs, errors = split(read_inputs([tmp_path]))
    by_id = {d.id: d for d in docs}
    assert "Héloïse Müller" in by_id["latin1"].content
    assert "Héloïse Müller" in by_id["utf16"].content
    assert by_id["truncated"].kind == "html"
    assert {"good", "r1", "r3", url_id("https://example.org/a")} <= set(by_id)
    assert by_id[url_id("https://example.org/a")].published == "2025-03-14"
    messages = sorted(str(e) for e in errors)
    assert len(errors) == 6, messages
    expected = [
        "binary.txt: binary file",
        "empty.txt: empty file",
        "huge.txt: file of 62,914,560 bytes",
        "rows.jsonl:2: not valid JSON",
        "rows.jsonl:4: row has neither",
        "feed.xml#2: feed entry has no",
    ]
    for fragment in expected:
        assert any(fragment in m for m in messages), (fragment, messages)


def test_jsonl_metadata_and_ids(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": ARTICLE, "outlet": "Daily", "published": "2025-03-14", "title": "T"}),
                json.dumps({"url": "https://example.org/story", "html": "<p>A page</p>"}),
                json.dumps({"text": ARTICLE}),
            ]
        ),
        encoding="utf-8",
    )
    docs, errors = split(read_inputs([path]))
    assert not errors
    assert [d.id for d in docs] == ["a", url_id("https://example.org/story"), "batch-3"]
    assert docs[0].outlet == "Daily" and docs[0].published == "2025-03-14" and docs[0].source.endswith(":1")


def test_one_stem_in_two_folders_keeps_both(tmp_path: Path) -> None:
    """Two files named alike are two articles: the later gets its path's hash, the same on every run."""
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "story.txt").write_text(ARTICLE)
    (tmp_path / "two" / "story.txt").write_text(ARTICLE + " More.")
    docs, errors = split(read_inputs([tmp_path]))
    assert not errors
    assert docs[0].id == "story" and docs[1].id.startswith("story-") and len(docs[1].id) == len("story-") + 8
    again, _ = split(read_inputs([tmp_path]))
    assert [d.id for d in again] == [d.id for d in docs]


def test_duplicate_ids_given_by_rows_are_reported(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(json.dumps({"id": "same", "text": ARTICLE}) + "\n")
    docs, errors = split(read_inputs([tmp_path]))
    assert len(docs) == 1 and len(errors) == 1 and "duplicate id 'same'" in str(errors[0])


def test_missing_path(tmp_path: Path) -> None:
    _, errors = split(read_inputs([tmp_path / "nope"]))
    assert "no such file or folder" in str(errors[0])


def test_warc_records(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in [
            (
                "https://example.org/news/1",
                "text/html; charset=utf-8",
                "<html><body><p>Story one text.</p></body></html>",
            ),
            ("https://example.org/logo.png", "image/png", "PNG"),
            ("https://example.org/news/2", "text/html; charset=utf-8", "<html><body><p>Story two.</p></body></html>"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
            writer.write_record(record)
    docs, errors = split(read_inputs([path]))
    assert not errors
    assert [d.url for d in docs] == ["https://example.org/news/1", "https://example.org/news/2"]
    assert all(d.kind == "html" and d.retrieved for d in docs)


def test_gzip_that_is_not_warc(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(b"not a warc at all"))
    _, errors = split(read_inputs([path]))
    assert errors and "bad.warc.gz: nothing to read" in str(errors[0])


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/article":
            body = b"<html><head><title>T</title></head><body><p>Local page text.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        elif self.path == "/slow":
            time.sleep(1.5)
            body = b"<p>late</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        elif self.path == "/huge":
            body = b"<p>" + b"x" * 300_000 + b"</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        elif self.path == "/broken":
            body = b"oops"
            self.send_response(503)
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may stop reading (the size cap): that is the point of the test.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_urls_from_a_local_server(server: str) -> None:
    client = make_client(httpx.Timeout(0.5))
    urls = [
        f"{server}/article",
        f"{server}/redirect",
        f"{server}/missing",
        f"{server}/broken",
        f"{server}/slow",
        f"{server}/huge",
    ]
    items = list(read_inputs(urls, client=client, max_document_bytes=100_000))
    docs, errors = split(items)
    assert docs[0].id == url_id(f"{server}/article") and "Local page text." in docs[0].content
    assert docs[0].retrieved
    assert docs[1].url == f"{server}/article"  # followed the redirect
    by_url = {e.source: e for e in errors}
    assert isinstance(by_url[f"{server}/missing"], FetchError) and not by_url[f"{server}/missing"].transient
    assert by_url[f"{server}/broken"].transient
    assert by_url[f"{server}/slow"].transient and "timed out" in str(by_url[f"{server}/slow"])
    assert "limit" in str(by_url[f"{server}/huge"])
    client.close()


def test_a_row_with_only_its_headline_is_an_article(tmp_path: Path) -> None:
    from parallax import pipeline

    rows = tmp_path / "leads.jsonl"
    rows.write_text(
        json.dumps({"id": "brief", "title": "Storm closes the coast road for a second night.", "text": ""})
        + "\n"
        + json.dumps({"id": "nothing", "title": " ", "text": ""})
        + "\n",
        encoding="utf-8",
    )
    articles, errors = pipeline.load([rows])
    assert [(a.id, a.body) for a in articles] == [("brief", "Storm closes the coast road for a second night.")]
    assert [str(e) for e in errors] == [f"{rows}:2: 'text' is empty"]

"""Hardening (issue 19): every bad input fails alone, nothing is lost, nothing hangs.

The six reproductions of the issue, each beside a good file that must be stored in the same run,
then the minor items, the web's hostile list and the fetch policy. Everything runs on real files,
a real SQLite store, the real web app and real HTTP servers on the loopback interface.
"""

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
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parallax.cli.app import EXIT_INPUTS_FAILED, EXIT_OK, app
from parallax.errors import FetchError, InputError
from parallax.ingest.build import build_article
from parallax.ingest.readers import read_inputs
from parallax.ingest.readers.fetch import fetch, is_public, make_client
from parallax.ingest.text.title import is_date_only
from parallax.model import RawDocument
from parallax.store import Store
from parallax.web import create_app

GOOD = (
    "Council approves flood defence plan for the river town\n\n"
    "The council said on Tuesday that the flood defences along the river would be rebuilt before winter, "
    "at a cost of 12 million pounds, after the worst floods in forty years.\n\n"
    "Residents who were evacuated last month told reporters they welcomed the decision but wanted the "
    "work to start sooner, and the mayor promised a public meeting in the town hall next week.\n"
)
PARAGRAPHS = GOOD.replace("\n\n", "</p><p>")
#: The issue's bar for each reproduction, measured in-process once the models are loaded.
SECONDS = 5.0
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Load what every run loads once (line classifier, language identifier, migrations), so the
    times below are the inputs' own."""
    build_article(RawDocument(id="warm", kind="text", content=GOOD, source="warm.txt"))


def run(*args: str) -> tuple[int, str, float]:
    start = time.monotonic()
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output, time.monotonic() - start


def ingest(tmp_path: Path, *paths: Path) -> tuple[int, str, Store]:
    code, output, seconds = run("ingest", *map(str, paths), "--db", str(tmp_path / "h.db"), "--no-stories")
    assert "Traceback" not in output, output
    assert seconds < SECONDS, f"{seconds:.1f} s"
    return code, output, Store.open(str(tmp_path / "h.db"))


def skipped(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("skipped") and name in line]


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


# -- the six reproductions --------------------------------------------------------------------


def test_deeply_nested_json_fails_alone(tmp_path: Path, good: Path) -> None:
    nested = tmp_path / "d.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        json.dumps({"id": "before", "text": GOOD + "First.\n"})
        + "\n"
        + "[" * 100_000
        + "]" * 100_000
        + "\n"
        + json.dumps({"id": "after", "text": GOOD + "Last.\n"})
        + "\n"
    )
    code, output, store = ingest(tmp_path, nested, rows, good)
    assert code == EXIT_INPUTS_FAILED
    assert len(skipped(output, "d.json")) == 1 and "nested too deeply" in output
    assert len(skipped(output, "rows.jsonl")) == 1 and skipped(output, "rows.jsonl:2")
    assert {a.id for a in store.articles()} == {"good", "before", "after"}
    code, output, seconds = run("clean", str(nested), str(good), "-o", str(tmp_path / "c.jsonl"))
    assert code == EXIT_INPUTS_FAILED and seconds < SECONDS and "Traceback" not in output
    assert [json.loads(line)["id"] for line in (tmp_path / "c.jsonl").read_text().splitlines()] == ["good"]


def test_lone_surrogates_are_replaced_counted_and_the_rest_ingested(tmp_path: Path, good: Path) -> None:
    rows = tmp_path / "s.jsonl"
    bad = {"id": "s1", "title": "Flood \ud800 plan", "text": GOOD.replace("forty years", "forty \udfff\ud800 years")}
    rows.write_text(json.dumps(bad) + "\n" + json.dumps({"id": "s2", "text": GOOD + "More.\n"}) + "\n")
    code, output, store = ingest(tmp_path, rows, good)
    assert code == EXIT_OK, output
    assert {a.id for a in store.articles()} == {"s1", "s2", "good"}
    article = store.article("s1")
    assert article is not None and article.title == "Flood \ufffd plan" and "forty \ufffd\ufffd years" in article.body
    raw = store.raw("s1")
    assert raw is not None
    invalid = [r for r in article.removed if r.kind == "invalid"]
    assert [raw.content[r.start : r.end] for r in invalid] == ["\ufffd\ufffd"]
    code, output, _ = run("clean", str(rows), "-o", str(tmp_path / "c.jsonl"))
    assert code == EXIT_OK and "Traceback" not in output


def test_feed_with_out_of_range_references_keeps_every_entry(tmp_path: Path, good: Path) -> None:
    body = "&lt;p&gt;" + GOOD.replace("\n\n", "&lt;/p&gt;&lt;p&gt;") + "&lt;/p&gt;"
    feed = tmp_path / "f.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Feed</title>'
        f"<item><title>Bad &#1114112; title</title><link>https://example.org/a</link><description>{body}"
        "</description></item>"
        f"<item><title>Surrogate &#xd800; title</title><link>https://example.org/b</link><description>{body} "
        "Tail &#xd800; &#99999999999999999999; end.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    code, output, store = ingest(tmp_path, feed, good)
    assert code == EXIT_OK, output
    titles = sorted(a.title or "" for a in store.articles() if a.id != "good")
    assert titles == ["Bad \ufffd title", "Surrogate \ufffd title"]
    assert store.article("good") is not None


def _warc(records: int) -> tuple[bytes, bytes]:
    """An uncompressed and a gzipped WARC of ``records`` HTML responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = "<html><body><article><h1>Dam repairs begin</h1>" + "".join(
        f"<p>Paragraph {i}: engineers said the dam repairs would take {i + 2} months and cost more.</p>"
        for i in range(12)
    )
    out = []
    for compressed in (False, True):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=compressed)
        for k in range(records):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            payload = io.BytesIO((page + "</article></body></html>").encode())
            url = f"https://example.org/dam/{k}"
            fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{k:012d}>", "WARC-Date": "2025-03-14"}
            record = writer.create_warc_record(
                url, "response", payload=payload, http_headers=headers, warc_headers_dict=fixed
            )
            writer.write_record(record)
        out.append(buf.getvalue())
    return out[0], out[1]


def test_truncated_warc_record_is_an_error_never_half_an_article(tmp_path: Path, good: Path) -> None:
    plain, packed = _warc(1)
    (tmp_path / "t.warc").write_bytes(plain[: len(plain) // 2])
    (tmp_path / "t.warc.gz").write_bytes(packed[: len(packed) // 2])
    code, output, store = ingest(tmp_path, tmp_path / "t.warc", tmp_path / "t.warc.gz", good)
    assert code == EXIT_INPUTS_FAILED
    assert len(skipped(output, "t.warc#1")) == 1 and "truncated" in skipped(output, "t.warc#1")[0]
    assert len(skipped(output, "t.warc.gz")) == 1 and "truncated" in skipped(output, "t.warc.gz")[0]
    assert [a.id for a in store.articles()] == ["good"]


@pytest.mark.parametrize("cut_record", [0, 1])
def test_truncated_warc_keeps_its_complete_records(tmp_path: Path, cut_record: int) -> None:
    """Cut at every byte inside record 2 of 3 (every 3rd byte uncompressed) or its gzip member:
    record 1 is read, the cut is one error naming the file, nothing partial comes out (a gzip
    member cut only in its 8-byte trailer still holds its whole record)."""
    plain, packed = _warc(3)
    data = (plain, packed)[cut_record]
    name = ("c.warc", "c.warc.gz")[cut_record]
    third = len(data) // 3
    for cut in range(third + 5, 2 * third - 5, (3, 1)[cut_record]):
        (tmp_path / name).write_bytes(data[:cut])
        items = list(read_inputs([tmp_path / name]))
        docs = [d for d in items if isinstance(d, RawDocument)]
        errors = [str(e) for e in items if isinstance(e, InputError)]
        assert all(d.content.rstrip().endswith("</html>") for d in docs), cut
        if [d.url for d in docs] == ["https://example.org/dam/0", "https://example.org/dam/1"]:
            assert not errors and cut_record == 1 and cut >= 2 * third - 20, cut  # only the trailer was cut
            continue
        assert [d.url for d in docs] == ["https://example.org/dam/0"], cut
        assert len(errors) == 1 and name in errors[0], (cut, errors)
        assert "truncated" in errors[0] or "not a readable WARC file" in errors[0], (cut, errors)


def test_a_long_line_of_digits_cleans_in_linear_time(tmp_path: Path, good: Path) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_text("9" * 96_000 + " alpha beta gamma\n\nThe council said the flood defences would be rebuilt.\n")
    code, output, store = ingest(tmp_path, slow, good)  # 183 s before
    assert store.article("good") is not None
    assert code == EXIT_OK or (code == EXIT_INPUTS_FAILED and len(skipped(output, "slow.txt")) == 1)
    start = time.monotonic()
    assert is_date_only("9" * 1_000_000 + " alpha") is False and is_date_only("12.03.2025 | Updated: 14:05")
    assert time.monotonic() - start < 1.0


@pytest.mark.parametrize("line", ["By" + " " * 20_000 + "x", "a" + " " * 20_000 + "b", "AFP" + "\t " * 10_000])
def test_long_runs_of_blanks_clean_in_linear_time(line: str) -> None:
    """Patterns such as ``\\s*:?\\s*`` (bylines) and ``\\s+reports`` (cited sources) took 7 s each on
    one such line."""
    for text in (f"{line}\n\n{GOOD}", f"{GOOD}\n\n{line}"):
        start = time.monotonic()
        build_article(RawDocument(id="blank", kind="text", content=text, source="blank.txt"))
        assert time.monotonic() - start < 2.0


def test_a_20_mb_text_is_refused_at_once(tmp_path: Path, good: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text(("The council met again today and said nothing new about the plan.\n" * 300_000)[:20_000_000])
    code, output, store = ingest(tmp_path, huge, good)
    assert code == EXIT_INPUTS_FAILED and "too large to clean as one article" in skipped(output, "huge.txt")[0]
    assert [a.id for a in store.articles()] == ["good"]


@pytest.fixture()
def web(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "web.db"
    with Store.open(str(db)) as store:
        for i, text in enumerate([GOOD, GOOD.replace("Tuesday", "Wednesday") + "A second report.\n"]):
            raw = RawDocument(id=f"w{i}", kind="text", content=text, source=f"w{i}.txt")
            store.save(raw, build_article(raw))
    with TestClient(create_app(str(db), token=TOKEN), raise_server_exceptions=False) as client:
        yield client


TOKEN = "hardening-token"


def test_a_huge_paging_offset_is_422_and_the_connection_stays(web: TestClient) -> None:
    assert web.get("/api/storylines?offset=9223372036854775808").status_code == 422
    assert web.get("/api/storylines?offset=-1").status_code == 422
    assert web.get("/api/storylines?offset=9223372036854775807").json() == []
    assert web.get("/api/changes?after=9223372036854775808").status_code == 422
    assert web.get("/?page=99999999999999999999").status_code == 422
    assert web.get("/api/storylines").status_code == 200


# -- the minor items --------------------------------------------------------------------------


def test_utf16_without_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "le.txt").write_bytes(GOOD.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(GOOD.encode("utf-16-be"))
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    items = {getattr(d, "id", None) or d.source: d for d in read_inputs([tmp_path])}
    assert items["le"].content == items["be"].content == GOOD
    error = items[str(tmp_path / "bin.txt")]
    assert isinstance(error, InputError) and "binary file" in str(error) and "UTF-16" in str(error)


def test_empty_jsonl_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "blank.jsonl").write_text("\n   \n\t\n")
    (tmp_path / "none.json").write_text("[]")
    errors = sorted(str(e) for e in read_inputs([tmp_path]))
    assert len(errors) == 3
    assert "blank.jsonl: empty file (only white space)" in errors[0]
    assert "empty.jsonl: empty file" in errors[1]
    assert "none.json: an empty JSON array" in errors[2]


def test_one_stem_in_two_folders_is_two_articles(tmp_path: Path) -> None:
    for folder, extra in (("one", ""), ("two", "A different closing line.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(GOOD + extra)
    code, output, store = ingest(tmp_path, tmp_path / "one", tmp_path / "two")
    assert code == EXIT_OK, output
    assert len(store.articles()) == 2
    code, output, _ = ingest(tmp_path, tmp_path / "one", tmp_path / "two")
    assert "0 new, 0 updated, 2 unchanged, 0 failed" in output


def test_control_characters_stay_out_of_ids_and_error_lines(tmp_path: Path) -> None:
    (tmp_path / "new\nline.txt").write_text(GOOD)
    (tmp_path / "bad\nname.txt").write_bytes(b"")
    garbage = bytes(range(256)) * 40
    (tmp_path / "garbage.warc").write_bytes(b"WARC/1.0\r\n" + garbage)
    (tmp_path / "junk.warc").write_bytes(garbage)
    rows = tmp_path / "ids.jsonl"
    rows.write_text("".join(json.dumps({"id": given, "text": GOOD}) + "\n" for given in ("tab\there\n", " ")))
    items = list(read_inputs([tmp_path]))
    ids = sorted(d.id for d in items if isinstance(d, RawDocument))
    assert ids == ["ids-2", "new_line", "tab_here_"]
    errors = [str(e) for e in items if isinstance(e, InputError)]
    assert len(errors) == 3
    for line in errors:
        assert "\n" not in line and line.isprintable() and len(line) < 400, line
    assert any("bad\\nname.txt" in line for line in errors)


def test_an_article_inside_10000_nested_divs_is_kept() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in GOOD.splitlines()[2:] if line)
    html = "<html><body>" + "<div>" * 10_000 + f"<article><h1>Flood plan</h1>{paragraphs}</article>" + "</div>" * 10_000
    start = time.monotonic()
    article = build_article(RawDocument(id="deep", kind="html", content=html + "</body></html>", source="deep.html"))
    assert time.monotonic() - start < SECONDS
    assert "flood defences along the river would be rebuilt" in article.body
    assert "mayor promised a public meeting" in article.body


def test_report_from_a_file_that_is_no_dossier(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "other.json").write_text(json.dumps({"storylines": "not a list", "articles": 3}))
    for name in ("deep.json", "other.json"):
        code, output, _ = run("report", "--from", str(tmp_path / name))
        assert code == 3 and "Traceback" not in output and len(output.strip().splitlines()) == 1, output


# -- the web's hostile list -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ['"', "NEAR(a b)", "*", "a OR b AND NOT c", "council^2", "col:council", "-council", "\x00", "(((", "'; --"]
)
def test_search_takes_any_fts_syntax_as_words(web: TestClient, query: str) -> None:
    for path in ("/api/search", "/"):
        assert web.get(path, params={"q": query}).status_code == 200


def test_hostile_requests_are_refused(web: TestClient) -> None:
    assert web.get("/api/search", params={"q": "council " * 5_000}).status_code == 422
    assert web.get("/", params={"q": "x" * 60_000}).status_code == 422
    assert web.get("/api/search", params={"q": "council"}).status_code == 200
    for path in (
        "/static/%2e%2e/%2e%2e/store/db.py",
        "/static/..%2f..%2fstore%2fdb.py",
        "/static/%252e%252e/app.py",
        "/articles/..%2f..%2fetc%2fpasswd",
        "/api/articles/%2e%2e",
        "/api/articles/%ed%a0%80",
    ):
        response = web.get(path)
        assert response.status_code == 404, path
        assert "import " not in response.text
    files = {"files": ("a.txt", GOOD.encode(), "text/plain")}
    for headers in ({"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": "Bearer"}, {}):
        assert web.post("/api/articles", files=files, headers=headers).status_code == 401, headers
    assert web.post(f"/api/articles?token={TOKEN}", files=files).status_code == 401
    assert web.post("/api/articles", files=files, data={"token": TOKEN}).status_code == 401
    bearer = {"Authorization": f"bearer  {TOKEN}"}  # the scheme is case-insensitive (RFC 9110)
    assert web.post("/api/articles", data={"urls": ""}, headers=bearer).status_code == 422
    big = {"files": ("big.txt", b"x" * (21 * 1024 * 1024), "text/plain")}
    assert web.post("/api/articles", files=big, headers=bearer).status_code == 413
    many = {"urls": "\n".join(f"http://127.0.0.1:9/{i}" for i in range(51))}
    assert web.post("/api/articles", data=many, headers=bearer).status_code == 422


class _Site(BaseHTTPRequestHandler):
    """A page, a redirect to ``/to/<url>``, and a page that drips slowly; every request is counted."""

    hits: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        _Site.hits.append(f"{self.server.server_address[0]}{self.path}")
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/to/") :])
            self.end_headers()
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if self.path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(20):
                    self.wfile.write(b"<p>a little more text</p>\n")
                    self.wfile.flush()
                    time.sleep(0.25)
                return
            body = f"<html><body><article><p>{PARAGRAPHS}</p></article></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[str, str]]:
    """Two servers on the loopback interface: 127.0.0.1 and 127.0.0.2."""
    servers = [ThreadingHTTPServer((host, 0), _Site) for host in ("127.0.0.1", "127.0.0.2")]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://{s.server_address[0]}:{s.server_address[1]}" for s in servers)  # type: ignore[misc]
    for server in servers:
        server.shutdown()


def test_web_submitted_urls_never_reach_the_servers_own_network(web: TestClient, sites: tuple[str, str]) -> None:
    first, _ = sites
    port = first.rsplit(":", 1)[1]
    targets = [f"{first}/page", f"http://localhost:{port}/page", f"http://[::1]:{port}/page", f"http://2130706433:{port}/page"]
    _Site.hits.clear()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    response = web.post("/api/articles", data={"urls": "\n".join(targets)}, headers=bearer)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["counts"]["inserted"] == 0 and result["counts"]["failed"] == len(targets)
    assert all("refused" in e for e in result["errors"]), result["errors"]
    assert _Site.hits == []  # nothing was even asked
    # the command line fetches what its user names, a local server included
    docs = [d for d in read_inputs([f"{first}/page"]) if isinstance(d, RawDocument)]
    assert len(docs) == 1 and _Site.hits == ["127.0.0.1/page"]


def test_a_redirect_is_checked_like_the_first_address(sites: tuple[str, str]) -> None:
    first, second = sites
    only_first = make_client(allow=lambda address: address == "127.0.0.1")
    _Site.hits.clear()
    assert fetch(f"{first}/to/{first}/page", only_first, 100_000).url == f"{first}/page"
    with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.2"):
        fetch(f"{first}/to/{second}/page", only_first, 100_000)
    assert not any(hit.startswith("127.0.0.2") for hit in _Site.hits)
    only_first.close()


def test_a_slow_page_stops_at_the_time_cap(sites: tuple[str, str]) -> None:
    client = make_client()
    start = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetch(f"{sites[0]}/drip", client, 100_000, max_seconds=1.0)
    assert time.monotonic() - start < 3.0
    client.close()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1",
        "240.0.0.1", "255.255.255.255", "0.0.0.0", "192.0.2.1", "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1",
        "fec0::1", "ff02::1", "::ffff:127.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1", "2001:db8::1",
    ],
)  # fmt: skip
def test_addresses_that_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "2002:808:808::"])
def test_public_addresses(address: str) -> None:
    assert is_public(address)


def test_gzip_that_ends_early_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "cut.jsonl.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n" * 500)[:100])
    errors = [str(e) for e in read_inputs([tmp_path]) if isinstance(e, InputError)]
    assert len(errors) == 1 and "cut.jsonl.warc.gz" in errors[0]

"""The web app's pages and JSON API on the analysed example corpus, through a real SQLite store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parallax.model import Article, RawDocument
from parallax.store import Store
from parallax.web import create_app
from parallax.web.upload import safe_name

TOKEN = "s3cret-token-for-tests"
HOSTILE = (
    'Breaking <script>window.pwned=1</script> <img src=x onerror="window.pwned=1"> '
    '<a href="javascript:alert(1)">click</a> "quoted" & more'
)


@pytest.fixture()
def db(example_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "web.db"
    shutil.copy(example_db, copy)
    return copy


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), token=TOKEN)) as c:
        yield c


@pytest.fixture()
def readonly(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), token="")) as c:
        yield c


def test_storylines_page_and_json_twin(client: TestClient) -> None:
    listed = client.get("/api/storylines").json()
    assert len(listed) == 3
    assert {s["n_articles"] for s in listed} == {6, 5, 3}
    page = client.get("/")
    assert page.status_code == 200
    for s in listed:
        assert f'href="/storylines/{s["id"]}"' in page.text
    flood = next(s for s in listed if s["n_conflicts"])
    line = client.get(f"/api/storylines/{flood['id']}").json()
    assert set(line) >= {"events", "claims", "timeline", "framing", "summary", "quote_groups", "entities"}
    html = client.get(f"/storylines/{flood['id']}").text
    conflict = next(c for c in line["claims"] if c["status"] == "conflict")
    report = conflict["reports"][0]
    # every ledger cell links to the article at the exact span of its report
    assert f"/articles/{report['article']}?start={report['start']}&amp;end={report['end']}#focus" in html
    assert "Fact ledger" in html and "Timeline" in html and "<svg" in html


def test_article_page_opens_at_span(client: TestClient) -> None:
    line = client.get("/api/storylines").json()[0]
    claim = client.get(f"/api/storylines/{line['id']}").json()["claims"][0]
    r = claim["reports"][0]
    record = client.get(f"/api/articles/{r['article']}").json()
    assert record["storyline"] == line["id"]
    assert record["body"][r["start"] : r["end"]] == r["text"]
    html = client.get(f"/articles/{r['article']}", params={"start": r["start"], "end": r["end"]}).text
    assert 'id="focus"' in html
    assert html.count('id="focus"') == 1
    assert "Removed while cleaning" in html or not record["removed"]


def test_search_and_filters(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "recall battery"}).json()
    assert found and all("halvorsen" in a["id"] for a in found)
    herald = client.get("/api/search", params={"q": "dam", "outlet": "The Meridian Herald"}).json()
    assert herald and {a["outlet"] for a in herald} == {"The Meridian Herald"}
    assert client.get("/api/search", params={"since": "2031-01-01"}).json() == []
    assert client.get("/api/search", params={"since": "not a date"}).status_code == 422
    page = client.get("/", params={"q": "Halvorsen"}).text
    assert "found" in page and "/articles/" in page


def test_entity_page(client: TestClient) -> None:
    line = client.get(f"/api/storylines/{client.get('/api/storylines').json()[0]['id']}").json()
    entity = max(line["entities"], key=lambda e: len(e["variants"]))
    data = client.get(f"/api/entities/{entity['canonical']}").json()
    assert data["canonical"] == entity["canonical"]
    forms = {f for per_outlet in data["spellings"].values() for f in per_outlet}
    assert forms == set(entity["variants"])
    assert client.get(f"/entities/{entity['canonical']}").status_code == 200
    assert client.get("/api/entities/Nobody Atall").status_code == 404


def test_missing_things_are_404_in_both_forms(client: TestClient) -> None:
    assert client.get("/storylines/nope").status_code == 404
    assert "no storyline" in client.get("/storylines/nope").text
    assert client.get("/api/articles/nope").json() == {"detail": "no article 'nope'"}
    assert client.get("/static/../../store/db.py").status_code == 404


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 200
    assert "/api/storylines" in client.get("/api/openapi.json").json()["paths"]


def test_writing_needs_the_token(client: TestClient, readonly: TestClient) -> None:
    files = {"files": ("a.txt", b"Some text.", "text/plain")}
    assert readonly.post("/api/articles", files=files).status_code == 403
    assert readonly.get("/upload").status_code == 403
    assert client.post("/api/articles", files=files).status_code == 401
    assert client.post("/api/articles", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
    big = {"files": ("big.txt", b"x" * (21 * 1024 * 1024), "text/plain")}
    assert client.post("/api/articles", files=big, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 413
    empty = client.post("/api/articles", data={"urls": ""}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert empty.status_code == 422


def test_upload_is_analysed_and_hostile_text_escaped(client: TestClient) -> None:
    body = (
        f"Harbour fire closes Port Tesk\n\n{HOSTILE}\n\n"
        "A fire broke out at the Port Tesk container terminal on Monday, the harbour authority said. "
        "About 40 firefighters fought the blaze for six hours, and no one was hurt, officials said."
    )
    files = [
        ("files", ("../../etc/evil name.txt", body.encode(), "text/plain")),
        ("files", ("broken.json", b"\x00\x01\x02 not json", "application/json")),
    ]
    r = client.post("/api/articles", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["counts"]["inserted"] == 1 and result["counts"]["failed"] == 1
    assert result["articles"] == ["evil_name"]
    assert "parallax-upload-" not in " ".join(result["errors"])
    html = client.get("/articles/evil_name").text
    assert "<script>window.pwned" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_unsafe_article_urls_are_not_links(client: TestClient, db: Path) -> None:
    with Store.open(str(db)) as store:
        raw = RawDocument(id="x1", kind="text", content="Body.", source="x1.txt", url="javascript:alert(1)")
        store.save(raw, Article(id="x1", body="Body.", url="javascript:alert(1)"))
    html = client.get("/articles/x1").text
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html  # shown as text only


def test_safe_names() -> None:
    assert safe_name("../../etc/passwd", 0) == "passwd"
    assert safe_name("..\\..\\win.ini", 0) == "win.ini"
    assert safe_name("", 3) == "upload-3.txt"
    assert safe_name(".hidden", 0) == "hidden"


def test_every_internal_link_on_a_storyline_page_resolves(client: TestClient) -> None:
    import re

    for s in client.get("/api/storylines").json():
        html = client.get(f"/storylines/{s['id']}").text
        links = set(re.findall(r'href="(/[^"#]*)', html))
        assert links
        for link in links:
            url = link.replace("&amp;", "&")
            assert client.get(url).status_code == 200, url


def test_the_page_marks_a_report_as_every_report_does(client: TestClient, db: Path) -> None:
    """One mark per report everywhere: the ledger cells of a compatible fact on the storyline page
    carry ``Claim.mark``'s mark, as the HTML, Markdown and CSV reports do (tests/test_report.py)."""
    from parallax.export.report import render
    from parallax.model import Status

    with Store.open(str(db)) as store:
        dossier = store.dossier()
    line, claim = next((line, c) for line in dossier.storylines for c in line.claims if c.status is Status.COMPATIBLE)
    html = client.get(f"/storylines/{line.id}").text
    report = render(line, dossier.articles, "html")
    for r in claim.reports:
        mark = claim.mark(r)
        link = f"/articles/{r.article}?start={r.start}&amp;end={r.end}#focus"
        cell = html[html.index(link) - 200 : html.index(link)]
        assert f'class="cell {mark.css}"' in cell
        assert f"<td class={mark.css} title='{mark.meaning}'>{r.value}</td>" in report

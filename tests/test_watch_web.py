"""What changed, in the web app: the JSON the pages poll, the Atom feeds, /api/health, and in a
real browser (Debian's Chromium) a new change appearing on an open storyline page and the index
updating without a reload."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from parallax.store import Store
from parallax.watch import RoundReport, WatchOptions, open_watch
from tests.watch_site import Route, Site, corpus_entries, rss, serving

CHROMIUM = Path("/usr/bin/chromium")
ATOM = "{http://www.w3.org/2005/Atom}"
RECALL = ("cws-halvorsen-recall", "herald-halvorsen-recall", "courier-halvorsen-recall")


@dataclass
class Watched:
    db: str
    site: Site
    first: RoundReport
    next_round: Callable[[], RoundReport]


@pytest.fixture(scope="module")
def watched(example_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    entries = {e["id"]: e for e in corpus_entries(example_corpus)}
    db = str(tmp_path_factory.mktemp("watchweb") / "w.db")
    with serving() as site:
        site.routes["/feed.xml"] = Route(rss("Continental Wire Service", site.base, [entries[RECALL[0]]]))
        store = Store.open(db)
        watcher, _ = open_watch(store, [site.base + "/feed.xml"], WatchOptions(delay=0))
        first = watcher.round()

        def next_round() -> RoundReport:
            site.routes["/feed.xml"] = Route(rss("Recall coverage", site.base, [entries[i] for i in RECALL]))
            return watcher.round()

        yield Watched(db, site, first, next_round)
        store.close()


@pytest.fixture(scope="module")
def client(watched: Watched):
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(watched.db, token="")) as c:
        yield c


def _storyline_id(client) -> str:
    lines = client.get("/api/storylines").json()
    assert len(lines) == 1
    return lines[0]["id"]


def test_changes_api_atom_and_health(watched: Watched, client) -> None:
    assert watched.first.counts["changes"] >= 1
    sid = _storyline_id(client)
    data = client.get(f"/api/storylines/{sid}/changes").json()
    assert data["follow"] and data["changes"][0]["kind"] == "new-storyline"
    assert data["last"] == max(c["id"] for c in data["changes"])
    assert client.get(f"/api/storylines/{sid}/changes", params={"after": data["last"]}).json()["changes"] == []
    assert client.get("/api/changes", params={"storyline": data["follow"]}).json()["last"] == data["last"]
    assert client.get("/api/storylines/nope/changes").status_code == 404

    for path in ("/feeds/changes.atom", f"/feeds/storylines/{sid}/changes.atom"):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(answer.content)
        entries = feed.findall(f"{ATOM}entry")
        assert feed.tag == f"{ATOM}feed" and len(entries) == len(data["changes"])
        assert entries[0].find(f"{ATOM}title").text.startswith("[new-storyline] new storyline")
        assert entries[0].find(f"{ATOM}id").text == f"urn:parallax:change:{data['changes'][0]['id']}"

    page = client.get(f"/storylines/{sid}/changes")
    assert page.status_code == 200 and "new storyline" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"] and "<script>" not in page.text

    health = client.get("/api/health").json()
    assert health["last_round"]["status"] == "done" and health["articles"] >= 1
    assert [s["location"] for s in health["sources"]] == [watched.site.base + "/feed.xml"]
    assert health["sources"][0]["failures"] == 0 and "queue_length" in health


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")
def test_a_new_change_appears_on_an_open_storyline_page(watched: Watched) -> None:
    from playwright.sync_api import sync_playwright

    from parallax.web import create_app
    from parallax.web.local import serving as serving_app

    with serving_app(create_app(watched.db, token="")) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()
        errors: list[str] = []
        story = context.new_page()
        story.on("pageerror", lambda e: errors.append(str(e)))
        story.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        story.goto(base + "/")
        sid = story.locator("table.list tbody a").first.get_attribute("href").rsplit("/", 1)[1]
        index = context.new_page()
        index.goto(base + "/")
        story.goto(f"{base}/storylines/{sid}")
        story.wait_for_selector("#changes ol.changes li.change")
        assert story.locator("#changes li.change.new").count() == 0  # a first visit marks nothing new
        assert story.locator("#changes li.change").first.inner_text().startswith("new-storyline")

        ids = "[...document.querySelectorAll('#changes li.change')].map(li => +li.dataset.id)"
        first_last = story.evaluate(f"Math.max(...{ids})")
        second = watched.next_round()  # while both pages stay open
        # whatever the events: the story gains two articles and outlets, and stays one story (its id
        # may change when an article dated earlier, or the same day with a lower id, joins it)
        kinds = {c.kind.value for c in second.changes}
        assert second.counts["inserted"] == 2 and {"new-articles", "new-outlet"} <= kinds
        assert "new-storyline" not in kinds

        story.wait_for_selector("#changes li.change.new", timeout=30_000)
        fresh = story.locator("#changes li.change.new").all_inner_texts()
        assert any("new-articles" in t and "2 new articles" in t for t in fresh)
        assert any("now covers the story" in t for t in fresh)
        assert "new just now" in story.locator("#changes .live-status").inner_text()
        # the index rebuilt its table: the storyline now counts three articles
        index.wait_for_function(
            # a function, not an expression: Playwright would eval() an expression, which the CSP forbids
            "() => [...document.querySelectorAll('tbody[data-live] tr td.num')]"
            ".some(td => td.textContent.trim() === '3')",
            timeout=30_000,
        )
        assert "Updated" in index.locator("#live-status").inner_text()
        # the next visit marks only what came after the one before: here, one made before round 2
        later = context.new_page()
        later.goto(base + "/")
        later.locator("table.list tbody a").first.click()
        later.wait_for_selector("#changes li.change")
        assert later.locator("#changes li.change.new").count() == 0  # all seen on the open page
        later.evaluate(  # every id the story was seen under (it has two if round 2 renamed it)
            "Object.keys(localStorage).filter(k => k.startsWith('parallax:seen:'))"
            f".forEach(k => localStorage.setItem(k, '{first_last}'))"
        )
        later.reload()
        later.wait_for_selector("#changes li.change.new")
        assert later.locator("#changes li.change.new").count() == second.counts["changes"]
        assert "new since your last visit" in later.locator("#changes .live-status").inner_text()
        assert errors == []
        browser.close()

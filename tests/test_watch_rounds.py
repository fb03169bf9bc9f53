"""`parallax watch` rounds against a local news site whose feeds change between rounds: exactly
the new articles are ingested, failing sources are reported without stopping the round, and the
expected changes are recorded (and sent, signed, to a webhook)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from parallax.store import Store
from parallax.watch import ChangeKind, RoundReport, WatchOptions, open_watch, recorded_changes
from parallax.watch.webhook import SIGNATURE_HEADER
from tests.watch_site import BILLION_LAUGHS, Route, Site, corpus_entries, page, rss, serving

SECRET = "s3cret-for-the-test"
LATIN1_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Le Café du Port</title>'
    "<item><title>Café owners in Oslova count the cost of the port strike</title>"
    "<link>http://127.0.0.1/cafe</link><pubDate>Tue, 06 May 2025 09:00:00 GMT</pubDate>"
    "<description><![CDATA[<p>Café owners along the harbour in Oslova said on Tuesday that the dock "
    "workers' strike had cut their takings by half. Renée Dalgaard, who runs a café by the ferry terminal, "
    "said eleven of her regulars had not been in for a week.</p><p>The union said the strike would go on "
    "until the port authority returned to the table.</p>]]></description></item></channel></rss>"
).encode("latin-1")  # declared UTF-8, written in Latin-1: a wrong encoding


class Hook:
    """A webhook receiver: the first delivery fails with a 500, later ones are kept."""

    def __init__(self) -> None:
        self.bodies: list[tuple[bytes, str]] = []
        self.calls = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.calls += 1
                if hook.calls == 1:
                    self.send_response(500)
                else:
                    hook.bodies.append((body, self.headers.get(SIGNATURE_HEADER, "")))
                    self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@dataclass
class Scenario:
    site: Site
    slow: Site
    db: str
    rounds: list[RoundReport]
    entries: dict[str, dict[str, Any]]
    hook: Hook
    sources: dict[str, str]


def _feed(site: Site, path: str, outlet: str, entries: list[dict[str, Any]], **kw: Any) -> None:
    site.routes[path] = Route(rss(outlet, site.base, entries, **kw))


@pytest.fixture(scope="module")
def scenario(example_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    entries = {e["id"]: e for e in corpus_entries(example_corpus)}
    by = lambda *ids: [entries[i] for i in ids]  # noqa: E731
    folder = tmp_path_factory.mktemp("inbox")
    db = str(tmp_path_factory.mktemp("watch") / "watch.db")
    hook = Hook()
    with serving() as site, serving() as slow:
        for e in entries.values():
            site.routes[f"/articles/{e['id']}.html"] = Route(page(e), content_type="text/html; charset=utf-8")
        herald = by("herald-floods-dam-breach", "herald-kestavia-orlmark-vienna")
        _feed(site, "/herald.xml", "The Meridian Herald", herald)
        site.routes["/cws-old.xml"] = Route(status=301, headers={"Location": "/cws.xml"})
        cws = by("cws-belmir-toll-38", "cws-vienna-round-one", "cws-arend-volnar-call", "cws-halvorsen-recall")
        _feed(site, "/cws.xml", "Continental Wire Service", cws)
        _feed(site, "/courier.xml", "Northgate Courier", by("courier-vienna-second-round"), full=False)
        _feed(site, "/vok.xml", "Voice of Kestavia", by("vok-belmir-flood", "vok-vienna-talks"))
        site.routes["/broken.xml"] = Route(status=500)
        site.routes["/bomb.xml"] = Route(BILLION_LAUGHS)
        site.routes["/huge.xml"] = Route(stream_bytes=50_000_000)
        site.routes["/latin1.xml"] = Route(LATIN1_FEED)
        slow.routes["/slow.xml"] = Route(rss("Slow", slow.base, by("vok-vienna-talks")), delay=4)
        (folder / "lantern-belmir-cover-up.txt").write_text(
            (example_corpus / "lantern-dispatch" / "lantern-belmir-cover-up.txt").read_text(encoding="utf-8")
        )
        sources = {
            "herald": site.base + "/herald.xml",
            "cws": site.base + "/cws-old.xml",
            "courier": site.base + "/courier.xml",
            "vok": site.base + "/vok.xml",
            "broken": site.base + "/broken.xml",
            "bomb": site.base + "/bomb.xml",
            "huge": site.base + "/huge.xml",
            "latin1": site.base + "/latin1.xml",
            "slow": slow.base + "/slow.xml",
        }
        listing = folder.parent / "sources.txt"
        listing.write_text(
            "# what the test follows\n"
            + "".join(f"{url}  every=10m{'  pages=never' * (name == 'latin1')}\n" for name, url in sources.items())
            + f"{folder}  every=1m   # the inbox\n",
            encoding="utf-8",
        )
        options = WatchOptions(
            delay=0, timeout=1.0, deadline=1.5, retries=1, backoff=0.05, webhook=hook.url, webhook_secret=SECRET
        )
        rounds = []
        with Store.open(db) as store:
            watcher, problems = open_watch(store, [str(listing)], options)
            assert problems == [] and len(watcher.sources) == 10
            rounds.append(watcher.round())
            # Between rounds: new entries, an edited one, a feed turned into a web page, a new file.
            edited = dict(entries["herald-kestavia-orlmark-vienna"])
            edited["body"] += "\nThe talks are due to resume in Vienna next month, both delegations said."
            _feed(
                site,
                "/herald.xml",
                "The Meridian Herald",
                [herald[0], edited, *by("herald-floods-aid-arrives", "herald-halvorsen-recall")],
            )
            courier = by("courier-vienna-second-round", "courier-halvorsen-recall")
            _feed(site, "/courier.xml", "Northgate Courier", courier, full=False)
            moved = b"<!doctype html><html><body><h1>Our new site</h1></body></html>"
            site.routes["/vok.xml"] = Route(moved, content_type="text/html")
            (folder / "lantern-volnar-call.txt").write_text(
                (example_corpus / "lantern-dispatch" / "lantern-volnar-call.txt").read_text(encoding="utf-8")
            )
            rounds.append(watcher.round())
            rounds.append(watcher.round())  # nothing new anywhere
        yield Scenario(site, slow, db, rounds, entries, hook, sources)
    hook.server.shutdown()


def _lines(report: RoundReport, needle: str) -> list[str]:
    return [e for e in report.errors if needle in e]


def test_first_round_stores_every_readable_entry_and_one_line_per_bad_source(scenario: Scenario) -> None:
    first = scenario.rounds[0]
    s = scenario.sources
    # herald 2 + cws 4 (through a redirect) + courier 1 (its page fetched) + vok 2 + latin1 1 + folder 1
    assert first.counts["inserted"] == 11 and first.counts["failed"] == 0
    assert first.counts["failed_sources"] == 4
    assert _lines(first, s["broken"]) == [f"{s['broken']}: HTTP 500"]
    assert len(_lines(first, s["bomb"])) == 1 and "declares entities" in _lines(first, s["bomb"])[0]
    assert len(_lines(first, s["huge"])) == 1 and "20,000,000-byte limit" in _lines(first, s["huge"])[0]
    assert len(_lines(first, s["slow"])) == 1 and "timed out" in _lines(first, s["slow"])[0]
    assert len(first.errors) == 4
    with Store.open(scenario.db) as store:
        courier = store.article(_id(scenario, "courier-vienna-second-round"))
        assert courier is not None and courier.outlet == "Northgate Courier"
        assert "Home | World" not in courier.body  # the page's furniture was cleaned away
        cafe = [a for a in store.articles() if a.title and a.title.startswith("Café owners")]
        assert len(cafe) == 1 and "Renée Dalgaard" in cafe[0].body  # the wrong encoding decoded, not mangled


def _id(scenario: Scenario, entry: str) -> str:
    from parallax.ingest.readers.ids import url_id

    return url_id(f"{scenario.site.base}/articles/{entry}.html")


def test_second_round_ingests_exactly_the_new_and_edited_entries(scenario: Scenario) -> None:
    second = scenario.rounds[1]
    s = scenario.sources
    # herald 2 new + 1 edited, courier 1 new (page), folder 1 new file; cws answered 304
    assert (second.counts["inserted"], second.counts["updated"]) == (4, 1)
    assert second.counts["not_modified"] >= 2  # cws and latin1 did not change
    assert _lines(second, s["vok"]) == [f"{s['vok']}: no longer an RSS/Atom feed (the answer is not a feed)"]
    backing_off = [n for n in second.notes if "backing off" in n]
    assert {n.split(": backing off")[0] for n in backing_off} == {s[k] for k in ("broken", "bomb", "huge", "slow")}
    assert len(second.errors) == 1
    third = scenario.rounds[2]
    assert third.counts["inserted"] == third.counts["updated"] == third.counts["changes"] == 0
    assert third.counts["not_modified"] >= 4
    sent = scenario.site.requests("/cws.xml")
    assert len(sent) == 3 and "if-none-match" not in sent[0] and all("if-none-match" in h for h in sent[1:])
    assert all(h["user-agent"].startswith("Parallax/") for _, h in scenario.site.log)


def test_changes_say_what_is_new_in_each_storyline(scenario: Scenario) -> None:
    first, second = scenario.rounds[0], scenario.rounds[1]
    assert first.changes and {c.kind for c in first.changes} >= {ChangeKind.NEW_STORYLINE}
    born = {c.storyline for c in first.changes if c.kind == ChangeKind.NEW_STORYLINE}
    assert born == {c.storyline for c in first.changes}
    with Store.open(scenario.db) as store:
        placed = store.assignments()
        recall = placed[_id(scenario, "courier-halvorsen-recall")][1]
        flood = placed[_id(scenario, "herald-floods-aid-arrives")][1]
        kinds = {(c.storyline, c.kind) for c in second.changes}
        assert (recall, ChangeKind.NEW_ARTICLES) in kinds and (flood, ChangeKind.NEW_ARTICLES) in kinds
        new_in_recall = next(c for c in second.changes if (c.storyline, c.kind) == (recall, ChangeKind.NEW_ARTICLES))
        assert set(new_in_recall.articles) == {
            _id(scenario, "courier-halvorsen-recall"),
            _id(scenario, "herald-halvorsen-recall"),
        }
        outlets = {c.subject for c in second.changes if c.storyline == recall and c.kind == ChangeKind.NEW_OUTLET}
        assert outlets == {"Northgate Courier", "The Meridian Herald"}
        # facts the wire reported alone are now cross-checked by the newcomers
        moved = [c for c in second.changes if c.storyline == recall and c.kind == ChangeKind.STATUS]
        assert moved and all(c.before == "single-source" for c in moved)
        # every span points at real text of an article of that storyline
        for c in first.changes + second.changes:
            for span in c.spans:
                article = store.article(span.article)
                assert article is not None and article.body[span.start : span.end].strip()
                assert placed[span.article][1] == c.storyline
        # storylines that received nothing have no changes in the second round
        untouched = born - {placed[a][1] for a in _round_articles(store, 2)}
        assert not {c.storyline for c in second.changes} & untouched
        stored = recorded_changes(store)
        assert len(stored) == len(first.changes) + len(second.changes)
        order = [(-c.round, i) for i, _, c in stored]  # newest round first, each round as recorded
        assert order == sorted(order) and stored[0][2].round == 2
        theirs = recorded_changes(store, recall)  # with the changes of the ids it had before, if renamed
        former = {old for _, _, c in theirs for old in c.was}
        assert theirs and {c.storyline for _, _, c in theirs} <= {recall, *former}
        assert recall in {c.storyline for _, _, c in theirs}


def _round_articles(store: Store, round_id: int) -> set[str]:
    from sqlalchemy import select

    from parallax.store.schema import watch_items

    with store.engine.connect() as c:
        query = select(watch_items.c.article_id).where(watch_items.c.round == round_id)
        return {a for a in c.execute(query).scalars() if a}


def test_webhook_gets_new_storylines_signed_after_a_retry(scenario: Scenario) -> None:
    hook = scenario.hook
    assert hook.calls >= 2 and hook.bodies
    body, signature = hook.bodies[0]
    assert signature == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    sent = json.loads(body)
    assert sent["round"] == 1
    kinds = {c["kind"] for c in sent["changes"]}
    assert "new-storyline" in kinds and kinds <= {"new-storyline", "new-fact", "status"}
    assert len({c["key"] for c in sent["changes"]}) == len(sent["changes"])


def test_cli_changes_and_status_read_the_same_records(scenario: Scenario) -> None:
    from typer.testing import CliRunner

    from parallax.cli.app import app

    runner = CliRunner()
    listed = runner.invoke(app, ["changes", "--db", scenario.db, "--json"])
    assert listed.exit_code == 0, listed.output
    records = json.loads(listed.stdout)
    with Store.open(scenario.db) as store:
        assert [r["id"] for r in records] == [i for i, _, _ in recorded_changes(store)]
    one = records[0]["storyline"]
    theirs = json.loads(runner.invoke(app, ["changes", one, "--db", scenario.db, "--json", "--since", "1h"]).stdout)
    assert theirs and one in {r["storyline"] for r in theirs}
    assert {r["storyline"] for r in theirs} <= {one, *(old for r in theirs for old in r["was"])}
    future = runner.invoke(app, ["changes", "--db", scenario.db, "--json", "--since", "2999-01-01"])
    assert json.loads(future.stdout) == []
    assert runner.invoke(app, ["changes", "--db", scenario.db, "--since", "soon"]).exit_code == 2
    status = runner.invoke(app, ["watch", "--status", "--db", scenario.db], env={"COLUMNS": "300"})
    assert status.exit_code == 0 and "last round 3 (done)" in status.stdout
    assert "HTTP 500" in status.stdout and scenario.sources["broken"] in status.stdout
    unsigned = ["watch", scenario.sources["herald"], "--db", scenario.db, "--webhook", "http://x"]
    assert runner.invoke(app, unsigned, env={"PARALLAX_WEBHOOK_SECRET": ""}).exit_code == 2


def test_a_storyline_renamed_by_an_earlier_article_keeps_its_history(example_corpus: Path, tmp_path: Path) -> None:
    """A storyline's id follows its earliest article, so an article dated before the others gives
    it a new id. The round still compares it with what it was (new articles, not a new storyline),
    says what it was called, and its changes are found under either id, on the web too."""
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    entries = {e["id"]: e for e in corpus_entries(example_corpus)}
    wire, herald = entries["cws-halvorsen-recall"], dict(entries["herald-halvorsen-recall"])
    herald["published"] = "2025-05-05"  # the day before the wire's story
    db = str(tmp_path / "renamed.db")
    with serving() as site, Store.open(db) as store:
        site.routes["/feed.xml"] = Route(rss("Recall coverage", site.base, [wire]))
        watcher, _ = open_watch(store, [site.base + "/feed.xml"], WatchOptions(delay=0))
        first = watcher.round()
        (old,) = {c.storyline for c in first.changes}
        site.routes["/feed.xml"] = Route(rss("Recall coverage", site.base, [wire, herald]))
        second = watcher.round()
        watcher.close()
        (new,) = {line for _, line in store.assignments().values()}
        assert new != old and store.storyline_members([old]) == {}
        assert {c.storyline for c in second.changes} == {new}
        kinds = {c.kind for c in second.changes}
        assert ChangeKind.NEW_ARTICLES in kinds and ChangeKind.NEW_STORYLINE not in kinds
        assert all(c.was == (old,) for c in second.changes)
        under_old = [c for _, _, c in recorded_changes(store, old)]
        assert under_old == [c for _, _, c in recorded_changes(store, new)]
        assert {c.round for c in under_old} == {1, 2}
    with TestClient(create_app(db, token="")) as client:
        first_last = max(
            c["id"] for c in client.get(f"/api/storylines/{new}/changes").json()["changes"] if c["round"] == 1
        )
        polled = client.get("/api/changes", params={"after": first_last, "storyline": old}).json()["changes"]
        assert polled and {c["storyline"] for c in polled} == {new} and polled[0]["was"] == [old]
        moved = client.get(f"/storylines/{old}", follow_redirects=False)  # a link made before round 2
        assert moved.status_code == 307 and moved.headers["location"] == f"/storylines/{new}"
        assert client.get("/storylines/s0000000000", follow_redirects=False).status_code == 404


def test_changes_that_read_alike_are_ordered_by_where_they_are() -> None:
    """Two contested facts can read the same (one sentence printed by two copies of a story): the
    changes are still ordered, by their spans, never compared as objects."""
    from parallax.watch.changes import Fact, SpanRef, StorylineView, diff

    fact = "The toll rose to 44, officials said."
    facts = tuple(
        Fact(f"c{k}", fact, "conflict", ((SpanRef(a, 10, 46), "44"), (SpanRef("z", 5, 41), "41")))
        for k, a in enumerate(("b", "a"))
    )
    after = StorylineView("s1", "Floods", ("a", "b", "z"), {"a": "A", "b": "B", "z": "Z"}, facts, ())
    changes = diff(None, after, 1)
    assert [c.subject for c in changes if c.kind is ChangeKind.NEW_FACT] == ["c1", "c0"]

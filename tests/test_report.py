"""Reports of a storyline: every format renders, HTML escapes article bytes and loads nothing."""

from __future__ import annotations

import csv
import io
import json

from parallax.export.dossier import storyline_record
from parallax.export.report import render

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'

ARTICLES = [
    {"id": "a", "outlet": "Daily A", "title": HOSTILE, "published": "2025-03-14"},
    {"id": "b", "outlet": "Courier B", "title": "Flood toll rises", "published": None, "duplicate_of": None},
]
STORYLINE = storyline_record(
    {
        "id": "s1",
        "title": "Valley floods",
        "articles": ["a", "b"],
        "claims": [
            {
                "id": "c1",
                "text": f"The toll rose to 41 {HOSTILE}",
                "status": "conflict",
                "independent_sources": 2,
                "reports": [
                    {"article": "a", "text": "41 dead", "start": 0, "end": 7, "value": "41 dead"},
                    {"article": "b", "text": "29 dead", "start": 0, "end": 7, "value": "29 dead"},
                ],
                "omitted_by": [],
            },
            {
                "id": "c2",
                "text": "Dam opened",
                "status": "single-source",
                "independent_sources": 1,
                "reports": [{"article": "a", "text": "Dam opened", "start": 0, "end": 10, "value": None}],
                "omitted_by": ["b"],
            },
        ],
        "summary": [{"text": "The toll is disputed.", "cites": ["a", "b"], "status": "conflict"}],
        "timeline": [
            {
                "date": "2025-03-14",
                "earliest": "2025-03-14",
                "latest": "2025-03-14",
                "text": "Rain began.",
                "provenance": "stated",
                "sources": [{"article": "a", "start": 0, "end": 11}],
            }
        ],
        "quote_groups": [
            {
                "speaker": "Mayor",
                "quotes": [
                    {"article": "a", "text": "We are ready", "start": 0, "end": 12},
                    {"article": "b", "text": "We stand ready", "start": 0, "end": 14},
                ],
                "diffs": [
                    {
                        "a": "a",
                        "b": "b",
                        "ops": [
                            {"op": "equal", "a": "We", "b": "We"},
                            {"op": "replace", "a": "are", "b": "stand"},
                            {"op": "equal", "a": "ready", "b": "ready"},
                        ],
                    }
                ],
            }
        ],
        "framing": [{"referent": "Hadarsk", "kind": "spelling", "forms": {"Hadarsk": ["a"], "Khadarsk": ["b"]}}],
    }
)


def test_html_is_inert_and_self_contained() -> None:
    page = render(STORYLINE, ARTICLES, "html")
    assert "<script>" not in page and 'onerror="' not in page and 'href="javascript' not in page
    assert "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in page
    assert "<del>are</del>" in page and "<ins>stand</ins>" in page


def test_csv_is_an_outlets_by_facts_table() -> None:
    rows = list(csv.reader(io.StringIO(render(STORYLINE, ARTICLES, "csv"))))
    assert rows[0][:4] == ["claim", "status", "independent_sources", "text"]
    assert rows[1][4:] == ["41 dead", "29 dead"]
    assert rows[2][4:] == ["reports", "omits"]


def test_markdown_and_json() -> None:
    md = render(STORYLINE, ARTICLES, "md")
    assert md.startswith("# Valley floods")
    assert "conflict; Courier B, Daily A" in md
    data = json.loads(render(STORYLINE, ARTICLES, "json"))
    assert data["storyline"]["id"] == "s1" and len(data["articles"]) == 2

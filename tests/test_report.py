"""Reports of a storyline: every format renders, HTML escapes article bytes and loads nothing, and
every renderer (web page, HTML, Markdown, CSV) gives a report the same mark."""

from __future__ import annotations

import csv
import io
import json

from parallax.export.ledger import ledger
from parallax.export.report import render
from parallax.model import (
    Article,
    Claim,
    DiffOp,
    Framing,
    Mark,
    QuoteGroup,
    QuoteRendering,
    Report,
    Status,
    Storyline,
    SummaryLine,
    TimelineEntry,
    TimelineSource,
    WordDiff,
)

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'

ARTICLES = [
    Article("a", "body a", title=HOSTILE, outlet="Daily A", published="2025-03-14"),
    Article("b", "body b", title="Flood toll rises", outlet="Courier B"),
    Article("c", "body c", title="Toll", outlet=None, source="/coverage/scraped/toll.txt"),
]
STORYLINE = Storyline(
    id="s1",
    title="Valley floods",
    articles=("a", "b", "c"),
    claims=(
        Claim(
            "c1",
            f"The toll rose to 41 {HOSTILE}",
            Status.CONFLICT,
            (Report("a", 0, 7, "41 dead", "41 dead"), Report("b", 0, 7, "29 dead", "29 dead")),
            ("c",),
            2,
        ),
        Claim(
            "c3",
            "About 3,000 were evacuated",
            Status.COMPATIBLE,
            (
                Report("a", 0, 5, "3,000", "3,000"),
                Report("b", 0, 5, "3,000", "3,000"),
                Report("c", 0, 13, "nearly 3,000", "nearly 3,000"),
            ),
            (),
            3,
        ),
        Claim("c2", "Dam opened", Status.SINGLE_SOURCE, (Report("a", 0, 10, "Dam opened"),), ("b",), 1),
    ),
    summary=(SummaryLine("The toll is disputed.", ("a", "b"), Status.CONFLICT, "c1", 2),),
    timeline=(
        TimelineEntry("2025-03-14", "2025-03-14", "2025-03-14", "Rain began.", "stated", (TimelineSource("a", 0, 11),)),
    ),
    quote_groups=(
        QuoteGroup(
            "Mayor",
            (QuoteRendering("a", "We are ready", 0, 12), QuoteRendering("b", "We stand ready", 0, 14)),
            (
                WordDiff(
                    "a",
                    "b",
                    (DiffOp("equal", "We", "We"), DiffOp("replace", "are", "stand"), DiffOp("equal", "ready", "ready")),
                ),
            ),
        ),
    ),
    framing=(Framing("Hadarsk", "spelling", {"Hadarsk": ("a",), "Khadarsk": ("b",)}),),
    analysed=True,
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
    by_claim = {r[0]: r[4:] for r in rows[1:]}
    assert by_claim["c1"] == ["conflict: 41 dead", "conflict: 29 dead", "omitted"]
    assert by_claim["c3"] == ["agree: 3,000", "agree: 3,000", "hedge: nearly 3,000"]
    assert by_claim["c2"] == ["single", "omitted", ""]


def test_markdown_and_json() -> None:
    md = render(STORYLINE, ARTICLES, "md")
    assert md.startswith("# Valley floods")
    assert "conflict; Courier B, Daily A" in md
    assert "### Only Daily A reported" in md and "- Dam opened" in md
    assert "unknown outlet (toll.txt)" in md and "| c |" not in md  # an outlet name, never an id
    data = json.loads(render(STORYLINE, ARTICLES, "json"))
    assert data["storyline"]["id"] == "s1" and len(data["articles"]) == 3


def test_the_ledger_leads_with_what_needs_attention() -> None:
    table = ledger(STORYLINE, {a.id: a for a in ARTICLES})
    assert [row.claim.id for row in table.shared] == ["c1", "c3"]  # the conflict first
    assert list(table.only) == ["Daily A"]
    hedged = table.shared[1]
    assert [cell.mark if cell else None for cell in hedged.cells] == [Mark.AGREE, Mark.AGREE, Mark.HEDGE]


def test_one_mark_for_a_report_in_every_renderer() -> None:
    """The compatible fact's hedged report reads ``hedge`` in the CSV, the HTML report and the
    Markdown alike, and its exact-value reports ``agree``: the marks come from ``Claim.mark``."""
    page = render(STORYLINE, ARTICLES, "html")
    assert f"<td class={Mark.HEDGE.css} title='{Mark.HEDGE.meaning}'>nearly 3,000</td>" in page
    assert page.count(f"<td class={Mark.AGREE.css} ") == 2
    md = render(STORYLINE, ARTICLES, "md")
    assert f"unknown outlet (toll.txt) {Mark.HEDGE.symbol} nearly 3,000" in md

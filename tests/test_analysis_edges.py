"""The whole analysis on awkward storylines: one article, no numbers or quotes, 500 wire copies."""

from __future__ import annotations

import json
from pathlib import Path

from parallax import pipeline
from parallax.export.dossier import dossier_to_json
from parallax.store import Store


def analyze_rows(tmp_path: Path, rows: list[dict]) -> tuple[dict, pipeline.IngestReport]:
    """The dossier as ``parallax analyze --json`` writes it."""
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(str(tmp_path / "s.db")) as store:
        dossier, report = pipeline.analyze([path], store)
    return dossier_to_json(dossier), report


def test_one_article_is_one_small_storyline(tmp_path: Path) -> None:
    text = (
        "The city council of Verlo approved a new tram line on Tuesday. "
        'Mayor Ines Carvo said the line "will change how people cross the river".\\n\\n'
        "Construction is due to start in 2027 and cost 240 million euros."
    ).replace("\\n", "\n")
    dossier, report = analyze_rows(tmp_path, [{"id": "one", "title": "Verlo approves tram", "text": text}])
    assert report.ok
    [line] = dossier["storylines"]
    assert line["articles"] == ["one"] and len(line["events"]) == 1
    assert line["claims"] and {c["status"] for c in line["claims"]} == {"single-source"}
    assert all(s["status"] == "single-source" and s["cites"] == ["one"] for s in line["summary"])
    assert line["quote_groups"] == []


def test_articles_without_numbers_or_quotes(tmp_path: Path) -> None:
    rows = [
        {"id": f"calm-{i}", "title": "Quiet night on the border", "outlet": outlet, "text": text}
        for i, (outlet, text) in enumerate(
            [
                ("North Star", "The border stayed quiet overnight and the crossings reopened at dawn."),
                ("Evening Post", "Officials reported a quiet night along the border as crossings opened again."),
            ]
        )
    ]
    dossier, report = analyze_rows(tmp_path, rows)
    assert report.ok and len(dossier["storylines"]) == 1
    line = dossier["storylines"][0]
    assert all(not a["quantities"] and not a["quotes"] for a in dossier["articles"])
    assert line["quote_groups"] == [] and all(c["independent_sources"] >= 1 for c in line["claims"])


def test_five_hundred_wire_copies_are_one_source(example_corpus: Path, tmp_path: Path) -> None:
    wire, _ = pipeline.load([example_corpus / "continental-wire"])
    story = max(wire, key=lambda a: len(a.body))
    rows = []
    for i in range(500):
        paragraphs = story.body.split("\n\n")
        if i % 3 == 1:
            paragraphs = paragraphs[:-1]  # a paper cut the last paragraph
        if i % 5 == 2:
            paragraphs[0] = paragraphs[0].replace(" the ", " a ", 1)  # or touched a word
        rows.append(
            {
                "id": f"copy-{i:03d}",
                "title": story.title,
                "text": "\n\n".join(paragraphs),
                "outlet": f"Paper {i % 40}",
                "published": story.published,
            }
        )
    dossier, report = analyze_rows(tmp_path, rows)
    assert report.ok, [str(e) for e in report.errors][:3]
    assert len(dossier["articles"]) == 500
    assert sum(1 for a in dossier["articles"] if a["duplicate_of"]) == 499
    [line] = dossier["storylines"]
    assert len(line["events"]) == 1
    assert 0 < len(line["claims"]) <= 30
    assert {c["independent_sources"] for c in line["claims"]} == {1}

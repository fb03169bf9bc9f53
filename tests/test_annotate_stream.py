"""`parallax annotate` streams: the annotated articles wait in a spool on disk while entities are
linked in passes that keep only the corpus's tables, so its output is the in-memory `annotate`'s
and the corpus is never held whole (counted: live `Article` objects, whatever made them)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax import pipeline
from parallax.annotate.entities import learn_links, link_entities
from parallax.annotate.pipeline import BATCH_SIZE, Spool, annotate, annotate_each
from parallax.cli.app import app
from parallax.export.dossier import ARTICLE_COLUMNS, article_to_json
from parallax.export.files import JSON_COLUMNS_KEY, write_parquet
from parallax.model import Article


def live_articles() -> int:
    """Article objects alive in this process right now."""
    return sum(1 for o in gc.get_objects() if type(o) is Article)


@pytest.fixture(scope="module")
def example_articles(example_corpus: Path) -> list[Article]:
    articles, errors = pipeline.load([example_corpus])
    assert len(articles) > 10 and not errors
    return articles


def test_cli_output_is_the_in_memory_annotation(seeds: Path, example_corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": ""}\nnot json\n')
    output = tmp_path / "out" / "annotated.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(seeds), str(example_corpus), str(bad), "-o", str(output)])
    assert result.exit_code == 1, result.output  # the two bad rows, and only they

    articles, errors = pipeline.load([seeds, example_corpus, bad])
    annotated, _ = annotate(articles)
    expected = "".join(json.dumps(article_to_json(a), ensure_ascii=False) + "\n" for a in annotated)
    assert output.read_text() == expected
    assert len(errors) == 2 and all(f"skipped {e}" in result.output for e in errors)
    assert f"{len(articles)} articles annotated into" in result.output and "2 failed" in result.output
    assert [p.name for p in output.parent.iterdir()] == ["annotated.jsonl"]  # no spool, no partial file


def test_linking_passes_hold_one_article_at_a_time(example_articles: list[Article]) -> None:
    annotated = list(annotate_each(example_articles))
    copies = 12

    def corpus() -> Iterator[Article]:
        for copy in range(copies):
            for a in annotated:
                yield replace(a, id=f"{a.id}~{copy}")

    expected, expected_entities = link_entities(list(corpus()))  # the list, all in memory
    base, peak, reads = live_articles(), 0, 0

    def measured() -> Iterator[Article]:
        nonlocal peak, reads
        reads += 1
        for i, article in enumerate(corpus()):
            if i % len(annotated) == 0:
                peak = max(peak, live_articles() - base)
            yield article

    links = learn_links(measured)
    for article, want in zip(measured(), expected, strict=True):
        assert links.link(article) == want
    assert reads == 6  # five learning passes and the linking one
    assert peak <= 6, f"{peak} articles alive at once while linking {len(expected)}"
    entity = [(e.canonical, e.type, e.variants) for e in links.entities]
    assert entity == [(e.canonical, e.type, e.variants) for e in expected_entities]
    assert any(len(ids) >= copies for e in links.entities for ids in e.variants.values())


def test_annotate_reads_its_input_as_it_goes(example_articles: list[Article]) -> None:
    # Short articles (each example's first paragraph), many of them: cheap to parse, and many
    # more than one annotation batch.
    short = [replace(a, body=a.body.split("\n\n")[0]) for a in example_articles]
    copies = 24
    base, peak = live_articles(), 0

    def stream() -> Iterator[Article]:
        nonlocal peak
        for copy in range(copies):
            yield from (replace(a, id=f"{a.id}~{copy}") for a in short)
            peak = max(peak, live_articles() - base)

    ids = [r["id"] for r in pipeline.annotate_records(stream())]
    assert ids == [f"{a.id}~{copy}" for copy in range(copies) for a in short]
    # One batch of articles waiting for spaCy (4 × BATCH_SIZE), not the whole input.
    assert peak <= 4 * BATCH_SIZE + 8 < len(ids), f"{peak} articles alive at once"


def test_spool_readers_keep_their_own_place(example_articles: list[Article], tmp_path: Path) -> None:
    with Spool.temporary(tmp_path / "spool") as spool:
        assert spool.write(example_articles[:3]) == 3
        one, two = spool.read(), spool.read()
        assert [next(one), next(two), next(two), next(one)] == [example_articles[i] for i in (0, 0, 1, 1)]
        assert spool.write(example_articles[3:5]) == 2
        assert list(one) == example_articles[2:5] and list(spool.read()) == example_articles[:5]
        assert list((tmp_path / "spool").iterdir()) == []


def test_parquet_is_written_in_row_groups(example_articles: list[Article], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [article_to_json(a) for a in example_articles[:5]]
    whole, grouped = tmp_path / "whole.parquet", tmp_path / "grouped.parquet"
    assert write_parquet(whole, rows, ARTICLE_COLUMNS) == 5
    assert write_parquet(grouped, iter(rows), ARTICLE_COLUMNS, row_group_rows=2) == 5
    assert pq.ParquetFile(whole).num_row_groups == 1 and pq.ParquetFile(grouped).num_row_groups == 3
    assert pq.read_table(grouped).equals(pq.read_table(whole))
    assert (
        pq.read_table(grouped).schema.metadata[JSON_COLUMNS_KEY]
        == pq.read_table(whole).schema.metadata[JSON_COLUMNS_KEY]
    )
    assert write_parquet(tmp_path / "empty.parquet", [], ARTICLE_COLUMNS, row_group_rows=2) == 0
    assert pq.read_table(tmp_path / "empty.parquet").schema == pq.read_table(whole).schema
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.parquet", "grouped.parquet", "whole.parquet"]

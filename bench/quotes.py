"""Quotes and attributions on the PolNeAR dev set, scored as the CLI writes them.

    python -m bench.quotes [--limit N] [--cache DIR] [--cli ANNOTATED.jsonl]

``parallax annotate --as-is`` writes one record per quote piece with its content span
(``start``/``end``) and the source mention as written (``source_start``/``source_end``); this
bench scores exactly those records (``cli``), and beside them the internal attributions, whose
content is one span from the first piece to the last (``internal``). Each is given for all
articles and for the PolNeAR train and dev splits separately, so a figure is not fitted to one
file. ``--cli`` scores a file the CLI wrote instead of annotating here (the two agree).

``--cache DIR`` keeps the spaCy parses of the articles in ``DIR`` (a DocBin keyed by the texts),
so that a second run takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.shared import dev_set, read_jsonl, score_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from parallax.model import Quote


def parse(texts: list[str], cache: Path | None = None) -> list[Doc]:
    """spaCy parses of ``texts`` with the annotate stage's pipeline, read from ``cache`` when it
    holds the parses of these very texts."""
    from spacy.tokens import DocBin

    from parallax.annotate.nlp import load_nlp

    nlp = load_nlp()
    key = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = cache / f"parses-{key}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def cli_rows(rows: list[dict], docs: Iterable[Doc]) -> list[dict]:
    """What ``parallax annotate --as-is`` writes for each article's quotes, read as a user reads it:
    the pieces sharing a ``statement`` number are one statement (its content the pieces' spans),
    with the source mention span beside it."""
    from parallax.annotate.quotes import find_quotes

    return [
        {"id": r["id"], "quotes": statements(find_quotes(r["text"], doc))} for r, doc in zip(rows, docs, strict=True)
    ]


def statements(quotes: Iterable[Quote]) -> list[dict]:
    """Quote records grouped by their ``statement`` number: ``{"content": [[start, end], ...],
    "source": [start, end] | None}`` (a quote without a number is a statement alone)."""
    grouped: dict[object, list[Quote]] = {}
    for k, q in enumerate(quotes):
        grouped.setdefault(("s", q.statement) if q.statement is not None else ("q", k), []).append(q)
    out = []
    for pieces in grouped.values():
        first = pieces[0]
        source = [first.source_start, first.source_end] if first.source_start is not None else None
        out.append({"content": [[q.start, q.end] for q in pieces], "source": source})
    return out


def internal_rows(rows: list[dict], docs: Iterable[Doc]) -> list[dict]:
    """The attributions as found: one content span per statement, its source mention."""
    from parallax.annotate.quotes import attributions

    return [
        {
            "id": r["id"],
            "quotes": [
                {"content": [a.start, a.end], "source": list(a.source) if a.source else None}
                for a in attributions(r["text"], doc)
            ],
        }
        for r, doc in zip(rows, docs, strict=True)
    ]


def from_cli_output(path: Path) -> list[dict]:
    """A ``parallax annotate`` JSONL output, read by ``statements``: each statement's pieces and its
    source mention span."""
    from parallax.export.dossier import from_json
    from parallax.model import Quote

    return [
        {"id": row["id"], "quotes": statements(from_json(Quote, q) for q in row.get("quotes") or [])}
        for row in read_jsonl(path)
    ]


def summary(result: dict) -> str:
    return (
        f"content overlap F1 {result['content_overlap']['f1']:.3f} "
        f"(P {result['content_overlap']['precision']:.3f} R {result['content_overlap']['recall']:.3f}), "
        f"attribution accuracy {result['attribution_accuracy']:.3f}, attribution F1 {result['attribution']['f1']:.3f}"
    )


def report(name: str, rows: list[dict], preds: list[dict]) -> None:
    print(f"{name} all:   " + summary(score_rows("quotes", rows, preds)))
    for split in ("train", "dev"):
        subset = [r for r in rows if r["split"] == split]
        if subset:
            print(f"{name} {split}: " + (" " * (5 - len(split))) + summary(score_rows("quotes", subset, preds)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="folder keeping the spaCy parses")
    parser.add_argument("--cli", type=Path, default=None, help="score this `parallax annotate --as-is` output")
    args = parser.parse_args()
    rows = list(read_jsonl(dev_set("quotes-dev.jsonl.gz")))[: args.limit]
    if args.cli is not None:
        ids = {r["id"] for r in rows}
        report("cli", rows, [p for p in from_cli_output(args.cli) if p["id"] in ids])
        return
    t = time.perf_counter()
    docs = parse([r["text"] for r in rows], args.cache)
    parsed = time.perf_counter()
    cli = cli_rows(rows, docs)
    seconds = time.perf_counter() - parsed
    per_article = 1000 * seconds / max(1, len(rows))
    print(f"articles: {len(rows)}; parse {parsed - t:.1f} s, quotes {per_article:.1f} ms/article")
    report("cli", rows, cli)
    report("internal", rows, internal_rows(rows, docs))


if __name__ == "__main__":
    main()

"""What cross-checking one large storyline costs, and how it grows with the storyline.

    python -m bench.storyline_scale [--sizes 250,500,1000,2000] [--cache DIR]

Real articles at real length, as ``parallax`` reads them: crosscheck-dev (150 articles of three US
outlets), the ECB+ clustering dev set (772) and PolNeAR's quotes-dev (924) — more, in that order,
up to the largest size, from the extraction dev set's article bodies. They are annotated once
(``annotate_each``; ``--cache DIR`` keeps the annotated articles, so a second run skips it, and a
run of smaller sizes reads the first articles of a larger one) and
grouped by the story engine; then, for each size, the first N articles become ONE storyline that
keeps the events the engine found, and ``analyze_storyline`` cross-checks it (entity linking, fact
ledger, quote groups, timeline, framing, summary): the corpus stage of ``parallax analyze`` on a
storyline of N articles. A storyline of 2,000 unrelated-topic articles is harder than a real one
of that size (nothing blocks facts apart by topic), so the figure is an upper bound.

Ratios are to the smallest size in the same run: linear cost gives the ratio of the sizes. Each line
also says how long the sentence model ran (``embedding.encode``, the texts it embedded) and the rest.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.shared import dev_set, read_jsonl, write_inputs

SOURCES = ("crosscheck-dev.jsonl", "clustering-dev.jsonl", "quotes-dev.jsonl.gz")


def _rows(n: int) -> list[dict]:
    rows: list[dict] = []
    for name in SOURCES:
        for r in read_jsonl(dev_set(name)):
            rows.append({**r, "id": f"{name.split('.')[0]}:{r['id']}"})
    for i, r in enumerate(read_jsonl(dev_set("extraction-dev.jsonl.gz"))):
        if len(rows) >= n:
            break
        body = (r.get("gold_body") or "").strip()
        if len(body.split()) >= 150:
            rows.append({"id": f"extraction:{i}", "title": (r.get("gold_title") or "").strip() or None, "text": body})
    return rows[:n]


def annotated_articles(n: int, cache: Path | None) -> list:
    """The first ``n`` articles, read, cleaned and annotated (from ``cache`` when it holds them)."""
    from parallax import pipeline
    from parallax.annotate.pipeline import annotate_each
    from parallax.export.dossier import article_from_json, article_to_json

    path = cache / f"annotated-{n}.jsonl" if cache else None
    # the articles are the same in every size (a prefix of one list): a larger cached run serves
    larger = sorted(cache.glob("annotated-*.jsonl"), key=lambda p: int(p.stem.split("-")[1])) if cache else []
    for found in larger:
        if int(found.stem.split("-")[1]) >= n:
            with found.open(encoding="utf-8") as fh:
                return [article_from_json(json.loads(line)) for line in itertools.islice(fh, n)]
    with tempfile.TemporaryDirectory() as tmp:
        articles, errors = pipeline.load([write_inputs(_rows(n), Path(tmp) / "inputs.jsonl")])
    t = time.perf_counter()
    out = list(annotate_each(articles))
    print(f"annotate: {len(out)} articles in {time.perf_counter() - t:.0f} s ({len(errors)} unreadable rows)")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for a in out:
                fh.write(json.dumps(article_to_json(a), ensure_ascii=False) + "\n")
    return out


class _Spent(list):
    """Seconds the sentence model ran (``embedding.encode``) and the texts it ran over."""

    texts = 0

    def clear(self) -> None:
        super().clear()
        self.texts = 0


spent = _Spent()


def _timed_encode() -> None:
    """Count the model's time inside the storyline's: embedding is the part blocking cannot cut."""
    from parallax.compare import embedding

    encode = embedding.encode

    def timed(texts, spans=None):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = encode(texts, spans)
        spent.append(time.perf_counter() - t)
        spent.texts += len(texts)
        return out

    embedding.encode = timed


def main() -> None:
    from parallax.analysis import analyze_storyline, group_stories
    from parallax.model import Storyline

    _timed_encode()

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,1000,2000", help="storyline sizes, comma-separated")
    parser.add_argument("--cache", type=Path, default=None, help="folder keeping the annotated articles")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    articles = annotated_articles(sizes[-1], args.cache)
    lines = group_stories(articles)
    event_of = {aid: e for line in lines for e in line.events for aid in e.articles}
    print(f"articles: {len(articles)}, {sum(len(a.body.split()) for a in articles) // len(articles)} words on average; "
          f"the engine found {len(lines)} storylines, {len({e.id for e in event_of.values()})} events")  # fmt: skip
    from parallax.compare.embedding import Embedder

    Embedder()(["The model is loaded before the first size is timed."])
    seconds = {}
    for n in sizes:
        subset = articles[:n]
        ids = tuple(sorted(a.id for a in subset))
        events = {event_of[a.id].id: event_of[a.id] for a in subset}
        members = set(ids)
        kept = tuple(replace(e, articles=tuple(x for x in e.articles if x in members)) for e in events.values())
        storyline = Storyline(id="s-bench", title="bench", articles=ids, events=kept)
        spent.clear()
        t = time.perf_counter()
        analysed, _ = analyze_storyline(storyline, subset)
        seconds[n] = time.perf_counter() - t
        print(f"  {n:>5} articles: {seconds[n]:7.1f} s, {1000 * seconds[n] / n:6.1f} ms/article, "
              f"ratio {seconds[n] / seconds[sizes[0]]:5.2f} (sizes {n / sizes[0]:.0f}x); "
              f"{len(analysed.claims)} facts, {len(analysed.quote_groups)} quote groups; "
              f"the model {sum(spent):.1f} s on {spent.texts} texts, the rest {seconds[n] - sum(spent):.1f} s",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

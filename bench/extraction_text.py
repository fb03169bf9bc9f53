"""Plain-text cleaning on the extraction dev set (input: the page flattened to text).

    python -m bench.extraction_text [--cv]

Prints token F1 (overall and per source set) and pages/s, next to two baselines computed in the same
run: keeping every line, and keeping lines of at least 10 words. ``--cv`` also retrains the line
classifier on one half of the pages and scores the other half, both ways (needs scikit-learn).
"""

from __future__ import annotations

import argparse
import time

from bench.shared import dev_set, read_jsonl, score


def _f1(result: dict) -> str:
    by = {k: v["token_f1"] for k, v in result["by_source_set"].items()}
    t = result["token"]
    return f"token F1 {t['f1']:.3f} (P {t['precision']:.3f}, R {t['recall']:.3f}); by set {by}"


def cross_validate(rows, docs, fit) -> str:
    """Train on half the pages, score the other half, both ways (the classifier only, threshold 0.5)."""
    import numpy as np

    from parallax.ingest.text.features import context_features
    from parallax.ingest.text.lines import split_lines

    rng = np.random.default_rng(0)
    order = rng.permutation(len(docs))
    halves = [order[: len(order) // 2], order[len(order) // 2 :]]
    text = {r["id"]: r["text"] for r in rows}
    preds = []
    for a, b in ((0, 1), (1, 0)):
        first, second = fit([docs[i] for i in halves[a]])
        for i in halves[b]:
            doc_id, x, _ = docs[i]
            p = second.predict_proba(context_features(x, first.predict_proba(x)[:, 1]))[:, 1]
            lines = split_lines(text[doc_id])
            preds.append({"id": doc_id, "body": "\n".join(ln.text for ln, q in zip(lines, p, strict=True) if q > 0.4)})
    return "cross-validated classifier: " + _f1(score("extraction", dev_set("extraction-dev.jsonl.gz"), preds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true")
    args = parser.parse_args()
    from parallax.ingest.text import clean_text

    gold = dev_set("extraction-dev.jsonl.gz")
    rows = list(read_jsonl(gold))
    every = [{"id": r["id"], "body": r["text"] or ""} for r in rows]
    long_lines = [
        {"id": r["id"], "body": "\n".join(ln for ln in (r["text"] or "").splitlines() if len(ln.split()) >= 10)}
        for r in rows
    ]
    t = time.perf_counter()
    ours = [{"id": r["id"], "body": clean_text(r["text"] or "").body} for r in rows]
    seconds = time.perf_counter() - t
    print(f"pages: {len(rows)}")
    print("baseline, every line:       " + _f1(score("extraction", gold, every)))
    print("baseline, lines >= 10 words: " + _f1(score("extraction", gold, long_lines)))
    print("parallax clean_text:         " + _f1(score("extraction", gold, ours)) + "  (trained on this set)")
    print(f"speed: {len(rows) / seconds:.0f} pages/s")
    if args.cv:
        from parallax.ingest.text import train

        print(cross_validate(rows, train.labelled(rows), train.fit))


if __name__ == "__main__":
    main()

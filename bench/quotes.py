"""Quotes and attributions on the PolNeAR dev set, and the annotate stage's quote speed.

    python -m bench.quotes [--limit N]

Prints content overlap F1, attribution accuracy and end-to-end attribution F1 (score.py quotes),
for all articles and for the PolNeAR train and dev splits separately.
"""

from __future__ import annotations

import argparse
import time

from bench.shared import dev_set, read_jsonl, score_rows


def predict(rows: list[dict]) -> tuple[list[dict], float]:
    from parallax.annotate.nlp import load_nlp
    from parallax.annotate.quotes import attributions

    nlp = load_nlp()
    out = []
    t = time.perf_counter()
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=16), strict=True):
        out.append(
            {
                "id": row["id"],
                "quotes": [
                    {"content": [a.start, a.end], "source": list(a.source) if a.source else None}
                    for a in attributions(row["text"], doc)
                ],
            }
        )
    return out, time.perf_counter() - t


def summary(result: dict) -> str:
    return (
        f"content overlap F1 {result['content_overlap']['f1']:.3f} (exact {result['content_exact']['f1']:.3f}), "
        f"attribution accuracy {result['attribution_accuracy']:.3f}, attribution F1 {result['attribution']['f1']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    rows = list(read_jsonl(dev_set("quotes-dev.jsonl.gz")))[: args.limit]
    preds, seconds = predict(rows)
    print(f"articles: {len(rows)}, {len(rows) / seconds:.1f} articles/s (spaCy parse + attribution)")
    print("all:   " + summary(score_rows("quotes", rows, preds)))
    for split in ("train", "dev"):
        subset = [r for r in rows if r["split"] == split]
        if subset:
            print(f"{split}: " + summary(score_rows("quotes", subset, preds)))


if __name__ == "__main__":
    main()

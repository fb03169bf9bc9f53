"""Plain-text cleaning on the extraction dev set (input: the page flattened to text).

    python -m bench.extraction_text [--cv]

Prints token F1 (overall and per source set) and pages/s, next to two baselines computed in the same
run: keeping every line, and keeping lines of at least 10 words. The shipped line classifier was
trained on this set, so its score here is a training-set score; ``--cv`` adds the cross-validated
score of the whole cleaner (``bench.train_lines --cv``: each page cleaned by a classifier trained on
the other folds), the figure that predicts unseen pages.
"""

from __future__ import annotations

import argparse
import time

from bench.shared import dev_set, read_jsonl, score


def _f1(result: dict) -> str:
    by = {k: v["token_f1"] for k, v in result["by_source_set"].items()}
    t = result["token"]
    return f"token F1 {t['f1']:.3f} (P {t['precision']:.3f}, R {t['recall']:.3f}); by set {by}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="also cross-validate the cleaner (needs scikit-learn)")
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
    print("parallax clean_text:         " + _f1(score("extraction", gold, ours)) + "  (training set)")
    print(f"speed: {len(rows) / seconds:.0f} pages/s")
    if args.cv:
        from bench.train_lines import cross_validate_rows

        print("parallax clean_text, cross-validated: " + cross_validate_rows(rows))


if __name__ == "__main__":
    main()

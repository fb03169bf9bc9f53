"""Train the line classifier on the extraction dev set and write ``line_model.npz``.

    python -m parallax.ingest.text.train [--cv]

Needs scikit-learn (a development dependency only: the shipped model is evaluated with numpy).
A line's label is whether its words occur, in order, in the page's gold main text. ``--cv`` trains
on one half of the pages and scores the other, both ways, and prints the cross-validated score.
"""

from __future__ import annotations

import argparse
import re
import sys

import numpy as np

from parallax.ingest.text.features import context_features, document_features
from parallax.ingest.text.lines import split_lines
from parallax.ingest.text.model import MODEL_FILE

_W = re.compile(r"\w+")


def labelled(rows: list[dict]) -> list[tuple[str, np.ndarray, np.ndarray]]:
    out = []
    for r in rows:
        lines = split_lines(r.get("text") or "")
        if not lines:
            continue
        gold = " " + " ".join(w.lower() for w in _W.findall(r["gold_body"])) + " "
        y = np.array(
            [1 if line.words and (" " + " ".join(w.lower() for w in line.words) + " ") in gold else 0 for line in lines]
        )
        out.append((r["id"], document_features(lines), y))
    return out


def fit(docs: list[tuple[str, np.ndarray, np.ndarray]]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.vstack([d[1] for d in docs])
    y = np.concatenate([d[2] for d in docs])
    first = HistGradientBoostingClassifier(max_iter=200, random_state=0).fit(x, y)
    x2 = np.vstack([context_features(d[1], first.predict_proba(d[1])[:, 1]) for d in docs])
    second = HistGradientBoostingClassifier(max_iter=200, random_state=0).fit(x2, y)
    return first, second


def export(model, prefix: str) -> dict[str, np.ndarray]:
    """Flatten a fitted binary HistGradientBoostingClassifier into arrays."""
    feature, threshold, left, right, leaf, value, roots = [], [], [], [], [], [], []
    offset = 0
    for (tree,) in model._predictors:
        nodes = tree.nodes
        roots.append(offset)
        feature.append(nodes["feature_idx"].astype(np.int32))
        threshold.append(nodes["num_threshold"].astype(np.float64))
        left.append(nodes["left"].astype(np.int32) + offset)
        right.append(nodes["right"].astype(np.int32) + offset)
        leaf.append(nodes["is_leaf"].astype(np.uint8))
        value.append(nodes["value"].astype(np.float64))
        offset += len(nodes)
    return {
        f"{prefix}_feature": np.concatenate(feature),
        f"{prefix}_threshold": np.concatenate(threshold),
        f"{prefix}_left": np.concatenate(left),
        f"{prefix}_right": np.concatenate(right),
        f"{prefix}_leaf": np.concatenate(leaf),
        f"{prefix}_value": np.concatenate(value),
        f"{prefix}_roots": np.array(roots, dtype=np.int64),
        f"{prefix}_baseline": np.array(float(np.ravel(model._baseline_prediction)[0])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true", help="print a cross-validated score instead of training")
    args = parser.parse_args()
    sys.path.insert(0, str(MODEL_FILE.parents[3]))
    from bench.shared import dev_set, read_jsonl

    rows = list(read_jsonl(dev_set("extraction-dev.jsonl.gz")))
    docs = labelled(rows)
    if args.cv:
        from bench.extraction_text import cross_validate

        print(cross_validate(rows, docs, fit))
        return
    first, second = fit(docs)
    np.savez_compressed(MODEL_FILE, **export(first, "stage1"), **export(second, "stage2"))
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size:,} bytes) from {len(docs)} pages")


if __name__ == "__main__":
    main()

"""Train the plain-text line classifier on the extraction dev set and measure it by cross-validation.

    python -m bench.train_lines            # cross-validate, then train on every page and write the model
    python -m bench.train_lines --cv       # cross-validate only (writes nothing)
    python -m bench.train_lines --cache /tmp/lines --rescore   # rules changed: re-choose the threshold

The score that predicts unseen pages is the cross-validated one: the pages are split into ``--folds``
folds (a page is one group: its lines never straddle folds); for each fold the classifier is trained
on the other folds and the whole cleaner (classifier, rules, short-article handling: ``select_lines``
exactly as ``clean_text`` runs it) cleans the held-out pages. The keep threshold shipped with the
model is the one that scores best on those held-out pages, so it too is chosen on pages the trees
never saw; the scores at it are stored in the model file, where the quality gate reads them.

Stage two of the classifier reads stage one's scores around each line; it is trained on stage-one
scores of pages stage one did not see (out-of-fold), because in-sample scores are over-confident and
would teach stage two to trust stage one more than it should on new pages. Each line is weighted by
its share of its page's words, as the metric weighs it.

Needs scikit-learn (a development tool only: the shipped model is evaluated with numpy). A line's
label is whether its words occur, in order, in the page's gold main text. On a machine shared with
other work, run it with ``OMP_NUM_THREADS=1``: the trees' threads otherwise wait on each other.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.shared import dev_set, read_jsonl, score_rows
from parallax.ingest.text import select_lines, title_line
from parallax.ingest.text.features import context_features, document_features
from parallax.ingest.text.lines import split_lines
from parallax.ingest.text.model import MODEL_FILE, LineModel

_W = re.compile(r"\w+")
#: Gradient boosting settings, chosen by the cross-validated score (4 December: 0.925 with 150
#: trees of 31 leaves of at least 20 lines; 0.929 with 63 leaves of at least 40; about 0.930 with the
#: personal-voice features, 200 trees and L2 1.0).
PARAMS = {
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 63,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
}
THRESHOLDS = np.round(np.arange(0.3, 0.61, 0.05), 2)


@dataclass
class Page:
    id: str
    source_set: str
    text: str
    x: np.ndarray  # document_features
    y: np.ndarray  # 1 = the line is article text
    words: np.ndarray  # words per line


def label_lines(text: str, gold_body: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of a page's lines, as the cleaner computes the features at run time."""
    lines = split_lines(text)
    gold = " " + " ".join(w.lower() for w in _W.findall(gold_body)) + " "
    y = np.array([1 if ln.words and (" " + " ".join(w.lower() for w in ln.words) + " ") in gold else 0 for ln in lines])
    return document_features(lines, title_line(lines)), y


def load_pages(rows: list[dict], cache: Path | None = None) -> list[Page]:
    """Featurised dev pages; with ``cache``, reused while the feature code is unchanged."""
    here = Path(__file__).resolve().parents[1] / "parallax" / "ingest" / "text"
    digest = hashlib.sha1(b"".join((here / f).read_bytes() for f in ("lines.py", "features.py", "rules.py")))
    path = cache / f"pages-{digest.hexdigest()[:12]}.pkl" if cache else None
    if path and path.exists():
        return [Page(**fields) for fields in pickle.loads(path.read_bytes())]
    pages = []
    for r in rows:
        text = r.get("text") or ""
        lines = split_lines(text)
        if not lines:
            continue
        x, y = label_lines(text, r["gold_body"])
        pages.append(Page(r["id"], r["source_set"], text, x, y, np.array([len(ln.words) for ln in lines], float)))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps([vars(p) for p in pages]))  # plain dicts: readable from any entry point
    return pages


def _classifier(params: dict):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**params, random_state=0)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, params: dict):
    return _classifier(params).fit(x, y, sample_weight=w)


def line_weights(pages: list[Page]) -> np.ndarray:
    """A line weighs its share of its page's words, and every page weighs the same: the score is a
    mean over pages of word precision and recall, where a 60-word paragraph counts more than a
    one-word menu item, and a page of 900 lines no more than one of 40. (Scaled to a mean of 1.)"""
    mean_lines = sum(len(p.words) for p in pages) / max(1, len(pages))
    return np.concatenate([(p.words + 1) / (p.words + 1).sum() * mean_lines for p in pages])


def _plain(pages: list[Page]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage one's training matrix, labels and weights."""
    return np.vstack([p.x for p in pages]), np.concatenate([p.y for p in pages]), line_weights(pages)


def _stack(pages: list[Page], p1: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage two's training matrix: each page's features with stage-one scores around each line."""
    x = np.vstack([context_features(page.x, p) for page, p in zip(pages, p1, strict=True)])
    return x, np.concatenate([page.y for page in pages]), line_weights(pages)


def _export_forest(model, prefix: str) -> dict[str, np.ndarray]:
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


def export(fitted: tuple, threshold: float) -> dict[str, np.ndarray]:
    first, second = fitted
    arrays = {**_export_forest(first, "stage1"), **_export_forest(second, "stage2")}
    return {**arrays, "keep_threshold": np.array(threshold)}


def folds_of(pages: list[Page], k: int) -> list[int]:
    """A fold per page, shuffled with a fixed seed (each page is one group: its lines never straddle folds)."""
    order = np.random.default_rng(0).permutation(len(pages))
    fold = [0] * len(pages)
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


def _score(rows: list[dict], bodies: dict[str, str]) -> dict:
    gold = [{"id": r["id"], "source_set": r["source_set"], "gold_body": r["gold_body"]} for r in rows]
    return score_rows("extraction", gold, [{"id": i, "body": b} for i, b in bodies.items()])


def cv_figures(result: dict) -> dict[str, float]:
    """The cross-validated token F1, overall and per source set, as stored beside the trees (the
    quality gate in tests/test_text_clean.py reads them)."""
    by = {k.replace("-", "_"): v["token_f1"] for k, v in result["by_source_set"].items()}
    return {"token_f1": result["token"]["f1"], **by}


def summary(result: dict) -> str:
    t = result["token"]
    by = ", ".join(f"{k} {v['token_f1']:.3f}" for k, v in sorted(result["by_source_set"].items()))
    return f"token F1 {t['f1']:.3f} (P {t['precision']:.3f}, R {t['recall']:.3f}); {by}"


def held_out_probabilities(pages: list[Page], k: int, params: dict = PARAMS) -> tuple[list, list]:
    """Cross-validated line probabilities: for each fold, both stages trained on the other folds score
    its pages. Returns (stage-one, final) probabilities per page.

    Stage two is trained on stage-one scores that are themselves out-of-fold. For a held-out fold
    those scores come from stage-one models that saw that fold's pages (all but one of them), a
    small leak through stage two's inputs only; nesting a second cross-validation would close it at
    five times the cost."""
    fold = folds_of(pages, k)
    p1: list[np.ndarray] = [np.zeros(0)] * len(pages)
    first = []
    for f in range(k):
        t = time.perf_counter()
        train = [p for p, g in zip(pages, fold, strict=True) if g != f]
        first.append(_fit(*_plain(train), params))
        for i, g in enumerate(fold):
            if g == f:
                p1[i] = first[f].predict_proba(pages[i].x)[:, 1]
        print(f"  stage one, fold {f + 1}/{k}: {time.perf_counter() - t:.0f} s", flush=True)
    final: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for f in range(k):
        t = time.perf_counter()
        train = [i for i, g in enumerate(fold) if g != f]
        second = _fit(*_stack([pages[i] for i in train], [p1[i] for i in train]), params)
        model = LineModel(export((first[f], second), 0.5))
        for i, g in enumerate(fold):
            if g == f:
                final[i] = model.probability(pages[i].x)
        print(f"  stage two, fold {f + 1}/{k}: {time.perf_counter() - t:.0f} s", flush=True)
    return p1, final


def cleaned(text: str, p: np.ndarray, threshold: float) -> str:
    """What ``clean_text(text)`` returns with a model that gives these probabilities."""
    lines = split_lines(text)
    return select_lines(lines, title_line(lines), p, threshold).body


def cross_validate(rows: list[dict], pages: list[Page], final: list[np.ndarray]) -> tuple[float, dict]:
    """The whole cleaner on every page with its held-out probabilities; returns the threshold that
    scores best on those pages and the score at it (overall and per source set)."""
    return sweep(rows, [(page.id, page.text) for page in pages], final)


def sweep(rows: list[dict], texts: list[tuple[str, str]], final: list[np.ndarray]) -> tuple[float, dict]:
    results = {}
    for th in THRESHOLDS:
        bodies = {doc_id: cleaned(text, p, th) for (doc_id, text), p in zip(texts, final, strict=True)}
        results[float(th)] = _score(rows, bodies)
        print(f"  threshold {th:.2f}: {summary(results[float(th)])}", flush=True)
    best = max(results, key=lambda th: results[th]["token"]["f1"])
    return best, results[best]


def cross_validate_rows(rows: list[dict], k: int = 5, cache: Path | None = None) -> str:
    """The cross-validated cleaner's score on the dev rows, as one line of text."""
    pages = load_pages(rows, cache)
    threshold, result = cross_validate(rows, pages, held_out_probabilities(pages, k)[1])
    return f"threshold {threshold:.2f}: {summary(result)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="cross-validate only; do not write the model")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="folder to keep featurised pages in between runs")
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="after a change to the rules only: re-choose the threshold on the held-out probabilities"
        " that the last run left in --cache, and store it and the new scores in the model file",
    )
    args = parser.parse_args()
    rows = list(read_jsonl(dev_set("extraction-dev.jsonl.gz")))
    if args.rescore:
        rescore(rows, args.cache)
        return
    pages = load_pages(rows, args.cache)
    print(f"{len(pages)} pages, {sum(len(p.y) for p in pages):,} lines; {args.folds}-fold cross-validation")
    p1, final = held_out_probabilities(pages, args.folds)
    if args.cache:  # to re-score the rules on these held-out probabilities without retraining
        held_out = {"ids": [p.id for p in pages], "p1": p1, "final": final}
        (args.cache / "held-out.pkl").write_bytes(pickle.dumps(held_out))
    threshold, result = cross_validate(rows, pages, final)
    print(f"cross-validated cleaner, threshold {threshold:.2f}: {summary(result)}")
    if args.cv:
        return
    t = time.perf_counter()
    first = _fit(*_plain(pages), PARAMS)
    second = _fit(*_stack(pages, p1), PARAMS)
    measured = {f"cv_{name}": np.array(value) for name, value in cv_figures(result).items()}
    np.savez_compressed(MODEL_FILE, **export((first, second), threshold), **measured)
    seconds = time.perf_counter() - t
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size:,} bytes) from {len(pages)} pages in {seconds:.0f} s")


def rescore(rows: list[dict], cache: Path) -> None:
    """The trees unchanged, the rules around them changed: threshold and scores chosen again on the
    held-out probabilities of the last cross-validation."""
    held_out = pickle.loads((cache / "held-out.pkl").read_bytes())
    text = {r["id"]: r.get("text") or "" for r in rows}
    threshold, result = sweep(rows, [(i, text[i]) for i in held_out["ids"]], held_out["final"])
    print(f"cross-validated cleaner, threshold {threshold:.2f}: {summary(result)}")
    arrays = dict(np.load(MODEL_FILE))
    arrays["keep_threshold"] = np.array(threshold)
    arrays.update({f"cv_{name}": np.array(value) for name, value in cv_figures(result).items()})
    np.savez_compressed(MODEL_FILE, **arrays)
    print(f"updated {MODEL_FILE}")


if __name__ == "__main__":
    main()

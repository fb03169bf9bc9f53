"""Locate the shared evaluation data and run its scorer.

The dev sets and ``score.py`` live in ``../shared/bench`` beside the repository (or wherever
``PARALLAX_SHARED`` points). They are read at run time and never copied into the repo.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The ``shared`` folder: ``$PARALLAX_SHARED`` or ``../shared`` next to the repository."""
    return Path(os.environ.get("PARALLAX_SHARED", REPO.parent / "shared")).resolve()


def dev_set(name: str) -> Path:
    """Path of a dev set in ``shared/bench`` (``extraction-dev.jsonl.gz``, ``timex-dev.jsonl`` ...)."""
    return shared_dir() / "bench" / name


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a JSONL file, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def score(task: str, gold: Path, predictions: Iterable[dict]) -> dict:
    """Write ``predictions`` to a temporary JSONL file and run ``score.py TASK GOLD PRED``."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for row in predictions:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        pred = fh.name
    try:
        out = subprocess.run(
            [sys.executable, str(shared_dir() / "bench" / "score.py"), task, str(gold), pred],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(pred)
    return json.loads(out.stdout)


def score_rows(task: str, rows: Iterable[dict], predictions: Iterable[dict]) -> dict:
    """Score predictions against a subset of a dev set's gold rows (written to a temporary file)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        gold = Path(fh.name)
    try:
        return score(task, gold, predictions)
    finally:
        gold.unlink()


def example_articles(copies: int = 1) -> list:
    """The example corpus, cleaned, repeated ``copies`` times with distinct ids (``ID-N``)."""
    from dataclasses import replace

    from parallax import pipeline

    articles, _ = pipeline.load([REPO / "examples" / "corpus"])
    return [replace(a, id=f"{a.id}-{i}") for i in range(copies) for a in articles]


#: The fields of a dev-set row that a user's input would have (the rest are labels).
INPUT_FIELDS = ("id", "title", "url", "outlet", "published", "text")


def write_inputs(rows: Iterable[dict], path: Path) -> Path:
    """Write ``rows`` as JSON lines holding only their ``INPUT_FIELDS``; returns ``path``."""
    path.write_text(
        "".join(json.dumps({k: r[k] for k in INPUT_FIELDS if k in r}) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def real_articles(name: str = "crosscheck-dev.jsonl") -> list:
    """A dev set's articles as ``parallax`` reads them (cleaned; only the input fields): real
    coverage at real length, for speed figures that predict what users bring."""
    from parallax import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        path = write_inputs(read_jsonl(dev_set(name)), Path(tmp) / name.replace(".gz", ""))
        articles, _ = pipeline.load([path])
    return articles

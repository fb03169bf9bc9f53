"""Peak memory of `parallax annotate` as the corpus grows, against the model's own footprint.

    python -m bench.annotate_memory [--sizes 200,2000,8000]

Input: the example corpus (cleaned) replicated to each size with distinct ids, written as one
JSONL file and annotated with `--as-is` (replicated pages would otherwise be cleaned as one
outlet's boilerplate), one process. Each run is a fresh `parallax annotate` process; its peak
resident set (``ru_maxrss`` from ``wait4``) is printed beside the baseline, measured in the same
run: a process that only loads the spaCy pipeline. What grows with the corpus is the linker's
tables (the forms of every entity and the ids of the articles that wrote each), not the articles,
which wait in a spool on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.shared import example_articles

PARALLAX = str(Path(sys.executable).with_name("parallax"))


def peak_rss_mb(command: list[str]) -> tuple[float, float]:
    """Run ``command``; its peak resident set in MB and its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr.decode()}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start  # Linux reports KiB


def write_corpus(path: Path, size: int) -> None:
    """The example corpus repeated to ``size`` articles, as JSONL rows `parallax annotate` reads."""
    copies = -(-size // len(example_articles(1)))
    with path.open("w", encoding="utf-8") as fh:
        for a in example_articles(copies)[:size]:
            row = {"id": a.id, "text": a.body, "title": a.title, "outlet": a.outlet, "published": a.published}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="200,2000,8000", help="Corpus sizes in articles, comma-separated.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    load_only = [sys.executable, "-c", "from parallax.annotate.nlp import load_nlp; load_nlp()"]
    baseline, _ = peak_rss_mb(load_only)
    print(f"baseline: spaCy pipeline loaded, nothing annotated: {baseline:7.0f} MB")
    print(f"{'articles':>8}  {'peak RSS':>9}  {'over baseline':>13}  {'input':>9}  {'time':>7}")
    with tempfile.TemporaryDirectory(prefix="parallax-memory-") as tmp:
        for size in sizes:
            corpus, output = Path(tmp) / f"corpus-{size}.jsonl", Path(tmp) / f"annotated-{size}.jsonl"
            write_corpus(corpus, size)
            rss, seconds = peak_rss_mb([PARALLAX, "annotate", "--as-is", str(corpus), "-o", str(output)])
            mb_in = corpus.stat().st_size / 1e6
            print(f"{size:8,}  {rss:6.0f} MB  {rss - baseline:+10.0f} MB  {mb_in:6.2f} MB  {seconds:6.0f} s")
            corpus.unlink()
            output.unlink()


if __name__ == "__main__":
    main()

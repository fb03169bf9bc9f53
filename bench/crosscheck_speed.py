"""What cross-checking costs next to annotating: ``parallax analyze`` against ``parallax annotate`` of
the same real articles, in the same run.

    python -m bench.crosscheck_speed [--repeat 1]

Input: ``crosscheck-dev.jsonl`` (150 real articles, 50 events × 3 US outlets; shared/bench), its
input fields only. Both commands run as a user runs them (a fresh process each, a fresh store for
``analyze``), one after the other, so both see the same machine; the ratio is the figure to watch
(the issue's aim: ``analyze`` within 2× ``annotate``). ``analyze`` = ingest + annotate + stories +
compare (facts, quote groups, framing) + timeline + summary + store, a storyline's compare running
beside the annotation of the next ones' articles; ``annotate`` = read + clean + annotate + link.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.shared import dev_set, read_jsonl, write_inputs


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from parallax.cli.app import main; main()", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command (the best is kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "crosscheck-input.jsonl"
        rows = list(read_jsonl(dev_set("crosscheck-dev.jsonl")))
        write_inputs(rows, inputs)
        annotate, analyze = [], []
        for k in range(args.repeat):
            annotate.append(_run(["annotate", str(inputs), "-o", str(Path(tmp) / f"annotated{k}.jsonl")]))
            db = Path(tmp) / f"store{k}.db"
            analyze.append(_run(["analyze", str(inputs), "--db", str(db), "--json", str(Path(tmp) / f"d{k}.json")]))
        a, b = min(annotate), min(analyze)
        print(f"articles: {len(rows)}")
        print(f"annotate: {a:7.1f} s")
        print(f" analyze: {b:7.1f} s")
        print(f"   ratio: {b / a:7.2f}  (aim: at most 2)")


if __name__ == "__main__":
    main()

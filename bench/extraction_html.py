"""The HTML path on the extraction dev set, next to plain trafilatura in the same run.

python -m bench.extraction_html
"""

from __future__ import annotations

import time

from bench.extraction_text import _f1
from bench.shared import dev_set, read_jsonl, score


def main() -> None:
    import trafilatura

    from parallax.ingest.html import extract_html

    gold = dev_set("extraction-dev.jsonl.gz")
    rows = list(read_jsonl(gold))
    t = time.perf_counter()
    base = [{"id": r["id"], "body": trafilatura.extract(r["html"], include_comments=False) or ""} for r in rows]
    base_s = time.perf_counter() - t
    t = time.perf_counter()
    ours = [{"id": r["id"], "body": extract_html(r["html"]).body} for r in rows]
    ours_s = time.perf_counter() - t
    print(f"pages: {len(rows)}")
    print(f"trafilatura.extract:  {_f1(score('extraction', gold, base))}  {len(rows) / base_s:.0f} pages/s")
    print(f"parallax extract_html: {_f1(score('extraction', gold, ours))}  {len(rows) / ours_s:.0f} pages/s")


if __name__ == "__main__":
    main()

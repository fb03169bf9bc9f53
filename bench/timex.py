"""Time expressions on the TempEval-3 dev set (TimeBank + AQUAINT), with the split-half numbers.

python -m bench.timex
"""

from __future__ import annotations

import time
from datetime import date

from bench.shared import dev_set, read_jsonl, score, score_rows


def predict(rows: list[dict]) -> list[dict]:
    from parallax.annotate.timex import find_timex

    return [
        {
            "id": r["id"],
            "timex": [
                {"start": t.start, "end": t.end, "value": t.value, "type": t.type}
                for t in find_timex(r["text"], date.fromisoformat(r["dct"][:10]))
            ],
        }
        for r in rows
    ]


def line(name: str, result: dict) -> str:
    return (
        f"{name}: value F1 {result['value_f1']:.3f}  strict F1 {result['strict']['f1']:.3f}  "
        f"relaxed F1 {result['relaxed']['f1']:.3f}  value acc {result['value_accuracy']:.3f}  "
        f"type acc {result.get('type_accuracy', 0):.3f}"
    )


def main() -> None:
    gold = dev_set("timex-dev.jsonl")
    rows = list(read_jsonl(gold))
    t = time.perf_counter()
    preds = predict(rows)
    seconds = time.perf_counter() - t
    print(line("all", score("timex", gold, preds)))
    halves = {  # by corpus (rules were written looking at both), then alternate documents (each mixes both)
        "timebank": [r for r in rows if r["corpus"] == "timebank"],
        "aquaint": [r for r in rows if r["corpus"] == "aquaint"],
        "even docs": rows[0::2],
        "odd docs": rows[1::2],
    }
    for name, subset in halves.items():
        ids = {r["id"] for r in subset}
        print(line(name, score_rows("timex", subset, [p for p in preds if p["id"] in ids])))
    print(f"speed: {len(rows) / seconds:.0f} articles/s")


if __name__ == "__main__":
    main()

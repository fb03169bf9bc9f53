"""Score a dossier against the example corpus's gold (examples/gold.yaml), section by section.

    python -m bench.gold DOSSIER.json [--verbose]

Same spirit as the samples' checker: per section, how many gold items the dossier gets right.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from bench.shared import REPO
from parallax.model import Status

GOLD = REPO / "examples" / "gold.yaml"


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[\u2018\u2019\u201a\u201b`]", "'", s)
    s = re.sub(r"[\u201c\u201d\u201e\u201f\u00ab\u00bb]", '"', s)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return " ".join(s.split()).lower()


def bare(s: str | None) -> str:
    return norm(s).strip("\"' .,")


class Sections:
    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[str, bool, str]]] = {}

    def add(self, section: str, item: str, ok: bool, why: str = "") -> None:
        self.rows.setdefault(section, []).append((item, ok, why))

    def summary(self) -> dict[str, dict[str, Any]]:
        return {
            s: {
                "passed": sum(ok for _, ok, _ in r),
                "total": len(r),
                "failed": [f"{i}: {w}" for i, ok, w in r if not ok],
            }
            for s, r in self.rows.items()
        }


def _day(v: Any) -> str | None:
    return None if v is None else str(v)[:10]


def check_articles(gold: dict, arts: dict, out: Sections) -> None:
    for aid, g in gold["articles"].items():
        a = arts.get(aid, {})
        body = norm(a.get("body"))

        def add(item: str, ok: bool, why: str = "", aid: str = aid) -> None:
            out.add("articles", f"{aid} {item}", ok, why)

        add("title", norm(a.get("title")) == norm(g["title"]), f"got {a.get('title')!r}")
        add("body start", body.startswith(norm(g["body_first_words"])), body[:70])
        add("body end", body.endswith(norm(g["body_last_words"])), body[-70:])
        for bad in g.get("must_not_survive_cleaning", []):
            add(f"removed {bad!r}", bool(body) and norm(bad) not in body, "still in the body")
        add("published", _day(a.get("published")) == _day(g["published"]), f"got {a.get('published')}")
        for trap in g.get("not_published", []):
            inferred = (a.get("published_inferred") or {}).get("date")
            add(f"not dated {trap}", bool(body) and _day(trap) not in (_day(a.get("published")), _day(inferred)), "")
        if "inferred_published" in g:
            got = (a.get("published_inferred") or {}).get("date")
            add("inferred date", _day(got) == _day(g["inferred_published"]), f"got {a.get('published_inferred')}")
        add("outlet", norm(a.get("outlet")) == norm(g["outlet"]), f"got {a.get('outlet')!r}")
        add(
            "authors",
            sorted(map(norm, a.get("authors") or [])) == sorted(map(norm, g["authors"])),
            f"got {a.get('authors')}",
        )
        for src in g.get("cites", []):
            add(f"cites {src}", any(norm(src) in norm(c) for c in a.get("cites") or []), f"got {a.get('cites')}")
        if "duplicate_of" in g:
            add("duplicate of", a.get("duplicate_of") == g["duplicate_of"], f"got {a.get('duplicate_of')}")


def _storyline_of(dossier: dict, ids: list[str]) -> dict | None:
    return next((s for s in dossier.get("storylines", []) if set(ids) <= set(s.get("articles", []))), None)


def check_grouping(gold: dict, dossier: dict, out: Sections) -> None:
    for sl in gold["storylines"]:
        found = _storyline_of(dossier, sl["articles"])
        exact = found is not None and set(found["articles"]) == set(sl["articles"])
        out.add("grouping", f"storyline {sl['title']}", exact, f"got {found and found['articles']}")
        events = {frozenset(e["articles"]) for s in dossier.get("storylines", []) for e in s.get("events", [])}
        for ev in sl["events"]:
            out.add("grouping", f"event {ev['name']}", frozenset(ev["articles"]) in events, "")


def check_quotes(gold: dict, arts: dict, out: Sections) -> None:
    for q in gold["quotes"]:
        quotes = (arts.get(q["article"]) or {}).get("quotes") or []
        hits = [x for x in quotes if bare(x.get("text")).startswith(bare(q["starts"]))]
        ok = any(norm(q["speaker"]).split()[-1] in norm(x.get("speaker")) for x in hits)
        out.add("quotes", f"{q['article']} {q['starts'][:30]}", ok, f"speakers {[x.get('speaker') for x in hits]}")


def check_storyline_sections(gold: dict, dossier: dict, out: Sections) -> None:
    lines = dossier.get("storylines", [])
    variants = {}
    for s in lines:
        for e in s.get("entities", []):
            variants.setdefault(e["canonical"], set()).update(e.get("variants", {}))
    for canon, forms in gold["entities"].items():
        holders = [c for c, v in variants.items() if any(f in v for f in forms)]
        ok = len(holders) == 1 and set(forms) <= variants[holders[0]]
        out.add("entities", canon, ok, f"held by {holders}")
    groups = [g for s in lines for g in s.get("quote_groups", [])]
    for pair in gold["quote_alignments"]:
        ok = any(
            all(
                any(
                    x["article"] == m["article"]
                    and (bare(m["text"]) in bare(x["text"]) or bare(x["text"]) in bare(m["text"]))
                    for x in g["quotes"]
                )
                for m in pair
            )
            for g in groups
        )
        out.add("quote alignment", pair[0]["text"][:40], ok, "")
    claims = [c for s in lines for c in s.get("claims", [])]
    for c in gold["claims"]:
        key = re.compile(c["key"], re.I)
        need = c.get("agree") or [c["only"]]
        cands = [
            cl
            for cl in claims
            if all(any(r["article"] == a and key.search(r.get("text") or "") for r in cl["reports"]) for a in need)
        ]
        if "only" in c:
            cands = [cl for cl in cands if {r["article"] for r in cl["reports"]} == {c["only"]}]
            ok = any(cl["status"] == "single-source" for cl in cands)
        elif c.get("relation") in ("conflict", "compatible"):
            ok = any(cl["status"] == c["relation"] for cl in cands)
        else:
            ok = any(cl["status"] in ("agreed", "compatible") for cl in cands)
        if ok and "independent_sources" in c:
            ok = any(cl["independent_sources"] == c["independent_sources"] for cl in cands)
        out.add("claims", c["fact"][:50], ok, f"statuses {[cl['status'] for cl in cands]}")
    entries = [t for s in lines for t in s.get("timeline", [])]
    for t in gold["timeline"]:
        want = str(t["date"])
        best = max(
            (
                len({x["article"] for x in e["sources"]} & set(t["sources"])) / len(t["sources"])
                for e in entries
                if str(e.get("date", "")).startswith(want)
            ),
            default=0.0,
        )
        out.add("timeline", f"{want} {t['what'][:40]}", best >= 0.5, f"source recall {best:.2f}")
    framing = [f for s in lines for f in s.get("framing", [])]
    for f in gold["framing"]:
        ok = any(
            norm(x["referent"]) == norm(f["referent"]) and set(f["used_by"]) <= set(x["forms"].get(f["form"], []))
            for x in framing
        )
        out.add("framing", f"{f['referent']} as {f['form']}", ok, "")
    summaries = [x for s in lines for x in s.get("summary", [])]
    ok = bool(summaries) and all(
        x.get("cites") and x.get("status") in {status.value for status in Status} for x in summaries
    )
    out.add("summary", "every sentence cites and has a status", ok, "")


def score_dossier(dossier: dict, gold_path: Path = GOLD) -> dict[str, dict[str, Any]]:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    arts = {a["id"]: a for a in dossier.get("articles", [])}
    out = Sections()
    check_articles(gold, arts, out)
    check_grouping(gold, dossier, out)
    check_quotes(gold, arts, out)
    check_storyline_sections(gold, dossier, out)
    return out.summary()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    summary = score_dossier(json.loads(args.dossier.read_text(encoding="utf-8")))
    passed = sum(v["passed"] for v in summary.values())
    total = sum(v["total"] for v in summary.values())
    for section, v in summary.items():
        print(f"{section:16} {v['passed']:3}/{v['total']:<3}")
        if args.verbose:
            for f in v["failed"]:
                print(f"    FAIL {f}")
    print(f"{'all':16} {passed:3}/{total:<3}")
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())

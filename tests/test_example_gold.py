"""The example gold means something only if every string it names stands in the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bench.gold import GOLD


def squash(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def raw_texts(example_corpus: Path) -> dict[str, str]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in example_corpus.rglob("*") if p.suffix in (".txt", ".html")}
    for path in example_corpus.rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts[row["id"]] = row.get("text") or row.get("html")
    return {k: squash(v) for k, v in texts.items()}


def test_article_strings_stand_in_their_files(raw_texts: dict[str, str]) -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for aid, g in gold["articles"].items():
        text = raw_texts[aid]
        for key in ("title", "body_first_words", "body_last_words", *(["outlet"] if g["outlet"] else [])):
            assert squash(g[key]) in text, (aid, key)
        for s in g.get("must_not_survive_cleaning", []) + g["authors"] + g.get("cites", []):
            assert squash(s) in text, (aid, s)


def test_quotes_claims_entities_framing_stand_in_the_corpus(raw_texts: dict[str, str]) -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for q in gold["quotes"]:
        assert squash(q["starts"]) in raw_texts[q["article"]], q
    for pair in gold["quote_alignments"]:
        for member in pair:
            assert squash(member["text"]) in raw_texts[member["article"]], member
    for c in gold["claims"]:
        for aid in c.get("agree") or [c["only"]]:
            assert re.search(c["key"], raw_texts[aid]), (c["fact"], aid)
    everything = " ".join(raw_texts.values())
    for forms in gold["entities"].values():
        for form in forms:
            assert re.search(rf"(?<!\w){re.escape(form)}(?!\w)", everything), form
    for f in gold["framing"]:
        for aid in f["used_by"]:
            assert re.search(rf"(?<!\w){re.escape(f['form'])}(?!\w)", raw_texts[aid]), (f, aid)
    for sl in gold["storylines"]:
        for ev in sl["events"]:
            assert set(ev["articles"]) <= set(sl["articles"])

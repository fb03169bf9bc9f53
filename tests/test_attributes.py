"""The indexed attribute rules give exactly what spaCy's attribute ruler gives, on real text."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from bench.shared import dev_set, read_jsonl
from parallax.annotate.attributes import compile_rules, use_attribute_index
from parallax.annotate.nlp import DISABLED, load_nlp, model_path
from parallax.ingest.html import extract_html


@pytest.fixture(scope="module")
def reference():
    """The same pipeline as ``load_nlp`` with spaCy's own attribute ruler."""
    spacy = pytest.importorskip("spacy")
    load_nlp()  # registers the paragraph-break component
    nlp = spacy.load(model_path(), exclude=list(DISABLED))
    nlp.add_pipe("parallax_paragraph_breaks", before="parser")
    return nlp


def _texts(seeds: Path, example_corpus: Path) -> list[str]:
    files = sorted(seeds.glob("*.txt")) + sorted(example_corpus.rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    texts += [r["text"] for p in sorted(example_corpus.rglob("*.jsonl")) for r in read_jsonl(p)]
    rows = islice(read_jsonl(dev_set("extraction-dev.jsonl.gz")), 600, 680)  # short and long pages
    texts += [body for r in rows if (body := extract_html(r["html"]).body)]
    texts += ["", "\n\n", "I ain't gonna say y'all got nothin' — let's go.", "But there is; it was. Do it!"]
    return texts


def _attrs(doc) -> list[tuple[str, ...]]:
    return [(t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in doc]


def test_same_attributes_as_spacy_ruler(reference, seeds: Path, example_corpus: Path) -> None:
    nlp = load_nlp()
    assert "parallax_attributes" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    texts = _texts(seeds, example_corpus)
    assert len(texts) > 80
    tokens = 0
    for text, ours, theirs in zip(texts, nlp.pipe(texts), reference.pipe(texts), strict=True):
        assert _attrs(ours) == _attrs(theirs), text[:80]
        tokens += len(ours)
    assert tokens > 30_000


def test_rules_come_from_the_model(reference) -> None:
    ruler = reference.get_pipe("attribute_ruler")
    index = compile_rules(ruler)
    assert index is not None
    indexed = {id(rule) for rules in index.index.values() for rule, _ in rules} | {id(r) for r, _ in index.scan}
    assert len(indexed) == sum(len(entry["patterns"]) for entry in ruler.patterns)


def test_patterns_it_cannot_index_keep_spacy_ruler() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert compile_rules(ruler) is None
    assert not use_attribute_index(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    assert nlp("very very good")[0].pos_ == "ADV"

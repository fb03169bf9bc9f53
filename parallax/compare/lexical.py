"""Lexical similarity of short texts: TF-IDF cosine over content-word stems.

Sentence embeddings of a small model rate two paraphrases of one fact ("the route of the convoy is
still open" / "the convoy's route has yet to be set") barely above two sentences on the same
topic. Shared rare words ("route", a name, "convoy") are what separates them; IDF computed over
the storyline itself says which words are rare there. Words are reduced to their Snowball (Porter 2)
stems, so that "agree", "agreed" and "agreeing" count as one word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer

_STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "said",
        "says",
        "say",
        "told",
        "added",
        "according",
    ]
)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())


@lru_cache(maxsize=1)
def _irregular() -> dict[str, list[str]]:
    """Irregular forms and their lemmas ("took" → take, "children" → child), from the exception
    tables of the spaCy pipeline's lemmatizer (shipped with the model, loaded here without it)."""
    from parallax.errors import MissingDependency

    try:
        from spacy.lookups import Lookups

        from parallax.annotate.nlp import model_path

        tables = Lookups().from_disk(model_path() / "lemmatizer" / "lookups").get_table("lemma_exc")
    except (ImportError, OSError, KeyError, MissingDependency):  # no model: inflections meet by their stems alone
        return {}
    out: dict[str, list[str]] = {}
    for pos in ("verb", "noun", "adj", "adv"):
        for form, lemmas in tables.get(pos, {}).items():
            out.setdefault(form, []).extend(lemmas)
    return out


def lemma_keys(word: str) -> set[str]:
    """Keys on which the inflections of one word meet: its stem, and its lemmas' when irregular."""
    lower = word.lower()
    return {stem(lower), *(stem(lemma) for lemma in _irregular().get(lower, ()))}


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP]


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf) over the given texts."""
    docs = [Counter(terms(t)) for t in texts]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(texts)
    m = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    for r, d in enumerate(docs):
        for w, c in d.items():
            m[r, vocab[w]] = (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return m / norms

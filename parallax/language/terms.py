"""Words as the comparing stages count them: content-word stems, their TF-IDF vectors, and the keys
on which the inflections of one word meet.

Sentence embeddings of a small model rate two paraphrases of one fact ("the route of the convoy is
still open" / "the convoy's route has yet to be set") barely above two sentences on the same
topic. Shared rare words ("route", a name, "convoy") are what separates them; IDF computed over the
texts compared says which words are rare there. Words are reduced to their Snowball (Porter 2)
stems, so that "agree", "agreed" and "agreeing" count as one word.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse

from parallax.language.stopwords import SPEECH_WORDS, STOP_WORDS

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
#: One stemmer per thread: a snowball stemmer keeps the word it works on in itself, so two threads
#: (storylines cross-checked side by side) sharing one corrupt each other's words.
_STEMMERS = threading.local()
_IGNORED = STOP_WORDS | SPEECH_WORDS


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower())


def terms(text: str) -> list[str]:
    """The stems of the content words of ``text`` (function words and speech verbs left out)."""
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in _IGNORED]


def tfidf_sparse(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf) over the given texts, as a sparse
    matrix: a storyline of 2,000 articles holds some 80,000 texts and 50,000 stems, which a dense
    matrix cannot hold (16 GB), while each text has a few dozen stems."""
    docs = [Counter(terms(t)) for t in texts]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(texts)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, d in enumerate(docs):
        for w, c in d.items():
            rows.append(r)
            cols.append(vocab[w])
            vals.append((1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1))
    m = sparse.csr_matrix(
        (np.array(vals, dtype=np.float32), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=(n, max(1, len(vocab))),
        dtype=np.float32,
    )
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1), dtype=np.float32).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms).astype(np.float32) @ m, dtype=np.float32)


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """``tfidf_sparse`` as a dense array, for the few hundred texts of a benchmark's baseline."""
    return tfidf_sparse(texts).toarray()


def lemma_keys(word: str) -> set[str]:
    """Keys on which the inflections of one word meet: its stem, and its lemmas' when irregular
    ("took" and "take", "children" and "child"); the irregular forms are the spaCy model's."""
    from parallax.annotate.nlp import irregular_forms

    lower = word.lower()
    return {stem(lower), *(stem(lemma) for lemma in irregular_forms().get(lower, ()))}

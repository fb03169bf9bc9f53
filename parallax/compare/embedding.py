"""Embeddings for the compare stage, each text through the model once.

``memoised`` wraps an ``Embed`` so that the stages of one storyline's analysis (facts, quote groups,
framing) share one vector per text. ``stretch_vectors`` gives the vector of every run of words of
a text from one pass of the model over the whole text: the sentence model pools its token vectors
by their mean, so a run's vector is the mean of its tokens' vectors in context. Comparing a partial
quote with every stretch of a longer rendering this way costs one pass per rendering, where
embedding each stretch on its own cost one pass per stretch (the profile's largest item).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Embed = Callable[[list[str]], np.ndarray]
"""Maps texts to L2-normalised vectors, one row per text."""


def memoised(embed: Embed) -> Embed:
    """``embed`` remembering each text's vector: a text asked for again is not embedded again."""
    memo: dict[str, np.ndarray] = {}

    def cached(texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in memo]
        if new:
            memo.update(zip(new, embed(new), strict=True))
        if not texts:
            return embed([])
        return np.stack([memo[t] for t in texts])

    return cached


def stretch_vectors(texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[np.ndarray]:
    """For each text, L2-normalised vectors of its character ``spans`` (one row per span): the mean
    of the contextual token vectors the sentence model gives the tokens inside the span."""
    from parallax.stories.embed import DIM, load_model

    model = load_model()
    out: list[np.ndarray] = []
    if not texts:
        return out
    tokens = model.encode(list(texts), output_value="token_embeddings", batch_size=32, show_progress_bar=False)
    offsets = model.tokenizer(
        list(texts), return_offsets_mapping=True, truncation=True, max_length=model.max_seq_length
    )["offset_mapping"]
    for vectors, offs, wanted in zip(tokens, offsets, spans, strict=True):
        vectors = np.asarray(vectors, dtype=np.float32)
        rows = np.zeros((len(wanted), DIM), dtype=np.float32)
        for k, (s, e) in enumerate(wanted):
            inside = [i for i, (a, b) in enumerate(offs[: len(vectors)]) if b > a and a >= s and b <= e]
            if inside:
                v = vectors[inside].mean(axis=0)
                rows[k] = v / (np.linalg.norm(v) or 1.0)
        out.append(rows)
    return out

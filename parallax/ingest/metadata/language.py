"""The body's language (ISO 639-1), by py3langid's packaged model."""

from __future__ import annotations

from functools import cache


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    sample = text[:5000].strip()
    if len(sample) < 20:
        return None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None

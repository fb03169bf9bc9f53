"""Days as the records keep them: ``YYYY-MM-DD`` strings (``Article.published``, event dates,
timeline bounds). One reader for all of them."""

from __future__ import annotations

from datetime import date


def day(value: str | None) -> date | None:
    """The day a ``YYYY-MM-DD`` string (or the start of a longer ISO timestamp) names; None when the
    value is missing or not a day."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None

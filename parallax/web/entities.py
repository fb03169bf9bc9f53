"""The entity page's data: one canonical entity's spellings by outlet and its mentions over time."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from parallax.store import Store


def entity(store: Store, canonical: str) -> dict[str, Any] | None:
    """Gathered over every stored storyline that names ``canonical``; None if none does."""
    spellings: dict[str, set[str]] = defaultdict(set)
    storylines = []
    kind = None
    for line in store.storylines_naming(canonical):
        for e in line.entities:
            if e.canonical != canonical:
                continue
            kind = kind or e.type
            storylines.append({"id": line.id, "title": line.title})
            for form, ids in e.variants.items():
                spellings[form].update(ids)
    if not storylines:
        return None
    ids = sorted({a for arts in spellings.values() for a in arts})
    heads = store.article_heads(ids)
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for form, arts in spellings.items():
        for a in arts:
            by_outlet[heads[a].outlet_label if a in heads else a][form] += 1
    per_day = Counter((heads[a].published if a in heads else None) or "undated" for a in ids)
    return {
        "canonical": canonical,
        "type": kind,
        "storylines": storylines,
        "spellings": {outlet: dict(forms.most_common()) for outlet, forms in sorted(by_outlet.items())},
        "mentions_by_day": dict(sorted(per_day.items())),
        "articles": [
            {"id": a, "title": heads[a].title, "outlet": heads[a].outlet_label, "published": heads[a].published}
            for a in ids
            if a in heads
        ],
    }

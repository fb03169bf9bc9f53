"""An article body cut into segments for display, each carrying the kinds of annotation over it.

Annotations overlap (a quantity inside a quote inside a sentence), so they cannot become nested
tags directly; the body is cut at every boundary instead and each piece lists what covers it.
The template escapes each piece's text; nothing here produces markup.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from parallax.model import Article, Mention, Quantity, Quote, TimeExpr

#: Which annotations are highlighted, and the CSS class each gets.
KINDS = {"mentions": "ent", "quotes": "quote", "timex": "time", "quantities": "qty"}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int
    classes: tuple[str, ...]
    titles: tuple[str, ...]
    focus: bool


def _label(ann: Mention | Quote | TimeExpr | Quantity) -> str:
    if isinstance(ann, Mention):
        return f"{ann.label}: {ann.canonical or ann.text}"
    if isinstance(ann, Quote):
        return f"quote, speaker: {ann.speaker or 'unknown'}"
    if isinstance(ann, TimeExpr):
        return f"{ann.type}: {ann.value}"
    hedge = f"{ann.hedge} " if ann.hedge else ""
    return f"quantity: {hedge}{ann.value} {ann.unit or ''}".strip()


def segments(article: Article, focus: tuple[int, int] | None = None) -> list[Segment]:
    """The body in pieces; ``focus`` (a span to open the article at) is one more layer."""
    body = article.body
    layers: list[tuple[int, int, str, str]] = []
    for kind, css in KINDS.items():
        for ann in getattr(article, kind):
            start, end = ann.start, ann.end
            if 0 <= start < end <= len(body):
                layers.append((start, end, css, _label(ann)))
    if focus is not None and 0 <= focus[0] < focus[1] <= len(body):
        layers.append((focus[0], focus[1], "focus", "the span you followed"))
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for i, (start, end, _, _) in enumerate(layers):
        starts[start].append(i)
        ends[end].append(i)
    cuts = sorted({0, len(body), *starts, *ends})
    active: set[int] = set()
    out = []
    for a, b in itertools.pairwise(cuts):  # a sweep: each cut opens and closes layers
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        over = [layers[i] for i in sorted(active)]
        out.append(
            Segment(
                text=body[a:b],
                start=a,
                classes=tuple(sorted({c for _, _, c, _ in over})),
                titles=tuple(dict.fromkeys(t for _, _, _, t in over)),
                focus=any(c == "focus" for _, _, c, _ in over),
            )
        )
    return out


def paragraphs(pieces: Iterable[Segment]) -> list[list[Segment]]:
    """Segments split at blank lines into paragraphs (a segment spanning a break is cut there)."""
    paras: list[list[Segment]] = [[]]
    for seg in pieces:
        parts = seg.text.split("\n\n")
        offset = seg.start
        for i, part in enumerate(parts):
            if i:
                paras.append([])
            if part.strip("\n"):
                paras[-1].append(Segment(part, offset, seg.classes, seg.titles, seg.focus))
            offset += len(part) + 2
    return [p for p in paras if p]

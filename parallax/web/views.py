"""What the pages show, computed from the store's records: plain data for the templates.

The JSON API returns the records themselves; these view models only arrange them for reading
(positions on a time axis, the sources table; the ledger matrix is ``parallax.export.ledger``, the
same as in reports), so the page and its JSON twin never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from parallax.model import Article, TimelineEntry, day


def span_link(article: str, start: int | None = None, end: int | None = None) -> str:
    """The article page opened at a span."""
    url = f"/articles/{quote(article, safe='')}"
    if start is not None and end is not None:
        url += f"?start={int(start)}&end={int(end)}#focus"
    return url


def entity_link(canonical: str) -> str:
    return f"/entities/{quote(canonical, safe='')}"


def safe_url(url: str | None) -> str | None:
    """An article's own URL, only when it is plain http(s): never ``javascript:`` or ``data:``."""
    if url and url.split(":", 1)[0].lower() in ("http", "https") and "://" in url:
        return url
    return None


@dataclass
class AxisEntry:
    entry: TimelineEntry
    x: float
    width: float
    lane: int


@dataclass
class Axis:
    entries: list[AxisEntry]
    ticks: list[tuple[float, str]]
    lanes: int
    width: int = 1000


def time_axis(timeline: Sequence[TimelineEntry], width: int = 1000) -> Axis | None:
    """Timeline entries placed on a time axis: a dot for a known day, a bar for an uncertain span."""
    spans = [(e, day(e.earliest), day(e.latest)) for e in timeline]
    spans = [(e, a, b or a) for e, a, b in spans if a]
    if not spans:
        return None
    lo = min(a for _, a, _ in spans)
    hi = max(b for _, _, b in spans)
    total = max((hi - lo).days, 1)
    margin = 40  # room for half a date label at each end

    def x(d: date) -> float:
        return margin + (width - 2 * margin) * (d - lo).days / total

    lanes_end: list[float] = []
    entries = []
    for e, a, b in sorted(spans, key=lambda t: (t[1], t[2])):
        x0, x1 = x(a), x(b)
        lane = next((i for i, end in enumerate(lanes_end) if end + 14 < x0), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(x1)
        else:
            lanes_end[lane] = x1
        entries.append(AxisEntry(e, x0, max(x1 - x0, 0.0), lane))
    step = max(1, total // 6)
    ticks = []
    d = lo
    while d <= hi:
        ticks.append((x(d), d.isoformat()))
        d = date.fromordinal(d.toordinal() + step)
    return Axis(entries, ticks, max(1, len(lanes_end)), width)


def sources(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Per article: its outlet, whom it credits, and whether it is a copy of another article."""
    rows = []
    for a in sorted(articles, key=lambda a: (a.outlet_label, a.id)):
        rows.append(
            {
                "id": a.id,
                "title": a.title or a.id,
                "outlet": a.outlet_label,
                "cites": list(a.cites),
                "duplicate_of": a.duplicate_of,
                "published": a.published,
            }
        )
    return rows

"""What the pages show, computed from the store's records: plain data for the templates.

The JSON API returns the records themselves; these view models only arrange them for reading
(a ledger matrix, positions on a time axis), so the page and its JSON twin never disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

#: Marks in the ledger matrix: what an outlet's report of a fact is, against the other outlets.
MARKS = {
    "agree": ("✓", "reports it as the others do"),
    "hedge": ("≈", "reports it hedged or rounded"),
    "conflict": ("≠", "reports a different value"),
    "single": ("●", "the only outlet reporting it"),
    "omitted": ("–", "covers the event but leaves it out"),
}


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
class Cell:
    mark: str
    symbol: str
    value: str
    link: str | None
    title: str


@dataclass
class LedgerRow:
    claim: Mapping[str, Any]
    cells: list[Cell | None]


@dataclass
class Ledger:
    outlets: list[str]
    rows: list[LedgerRow] = field(default_factory=list)


def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def ledger(claims: Sequence[Mapping[str, Any]], outlet_of: Mapping[str, str]) -> Ledger:
    """The fact ledger as an outlets × facts matrix."""
    outlets = sorted(set(outlet_of.values()))
    result = Ledger(outlets)
    for claim in claims:
        by_outlet: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for r in claim["reports"]:
            by_outlet[outlet_of.get(r["article"], r["article"])].append(r)
        values = Counter(_norm(r.get("value")) for r in claim["reports"])
        common = values.most_common(1)[0][0] if values else ""
        cells: list[Cell | None] = []
        for outlet in outlets:
            reports = by_outlet.get(outlet)
            if reports:
                r = reports[0]
                status = claim["status"]
                if status == "single-source":
                    mark = "single"
                elif status == "conflict" or (status == "compatible" and _norm(r.get("value")) != common):
                    mark = "conflict" if status == "conflict" else "hedge"
                else:
                    mark = "agree"
                cells.append(
                    Cell(
                        mark,
                        MARKS[mark][0],
                        r.get("value") or "",
                        span_link(r["article"], r["start"], r["end"]),
                        f"{outlet} {MARKS[mark][1]}: {r['text']}",
                    )
                )
            elif any(outlet_of.get(a) == outlet for a in claim.get("omitted_by", ())):
                cells.append(Cell("omitted", MARKS["omitted"][0], "", None, f"{outlet} {MARKS['omitted'][1]}"))
            else:
                cells.append(None)
        result.rows.append(LedgerRow(claim, cells))
    return result


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass
class AxisEntry:
    entry: Mapping[str, Any]
    x: float
    width: float
    lane: int


@dataclass
class Axis:
    entries: list[AxisEntry]
    ticks: list[tuple[float, str]]
    lanes: int
    width: int = 1000


def time_axis(timeline: Sequence[Mapping[str, Any]], width: int = 1000) -> Axis | None:
    """Timeline entries placed on a time axis: a dot for a known day, a bar for an uncertain span."""
    spans = [(e, _day(e.get("earliest")), _day(e.get("latest"))) for e in timeline]
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


def outlets_by_article(articles: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {a["id"]: a.get("outlet") or a["id"] for a in articles}


def sources(articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per article: its outlet, whom it credits, and whether it is a copy of another article."""
    rows = []
    for a in sorted(articles, key=lambda a: (a.get("outlet") or "", a["id"])):
        rows.append(
            {
                "id": a["id"],
                "title": a.get("title") or a["id"],
                "outlet": a.get("outlet") or "unknown outlet",
                "cites": a.get("cites") or [],
                "duplicate_of": a.get("duplicate_of"),
                "published": a.get("published"),
            }
        )
    return rows

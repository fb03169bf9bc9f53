"""The fact ledger arranged for reading, the same in the web app and in every report.

Facts several outlets report come first, those that need attention first among them (conflicts,
then updated figures, then hedged ones, then agreements); facts only one outlet reports are grouped
under that outlet ("only X reported"), so what each outlet leaves out reads at a glance. Each cell
of the outlets × facts matrix carries the ``Mark`` of that outlet's report (``Claim.mark``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from parallax.model import Article, Claim, Mark, Report, Status, Storyline


@dataclass(frozen=True, slots=True)
class Cell:
    """One outlet's part in one fact: its report (if any) and the mark it gets."""

    mark: Mark
    report: Report | None = None


@dataclass(frozen=True, slots=True)
class Row:
    claim: Claim
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True, slots=True)
class Ledger:
    """``outlets`` label the columns; ``shared`` are the facts several outlets report (rows of the
    matrix); ``only`` maps an outlet to the facts it alone reports."""

    outlets: tuple[str, ...]
    shared: tuple[Row, ...] = ()
    only: dict[str, tuple[Claim, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.shared) + sum(len(c) for c in self.only.values())


def outlet_labels(storyline: Storyline, articles: Mapping[str, Article]) -> dict[str, str]:
    """Each of the storyline's articles' outlet as a reader sees it cited."""
    return {aid: articles[aid].outlet_label if aid in articles else aid for aid in storyline.articles}


def ledger(storyline: Storyline, articles: Mapping[str, Article]) -> Ledger:
    label = outlet_labels(storyline, articles)
    outlets = tuple(sorted(set(label.values())))
    shared: list[Row] = []
    only: dict[str, list[Claim]] = {}
    ordered = sorted(storyline.claims, key=lambda c: (c.status.rank, -c.independent_sources, -len(c.articles)))
    for claim in ordered:
        if claim.status is Status.SINGLE_SOURCE:
            owner = label.get(claim.reports[0].article, claim.reports[0].article)
            only.setdefault(owner, []).append(claim)
            continue
        by_outlet: dict[str, Report] = {}
        for r in claim.reports:
            by_outlet.setdefault(label.get(r.article, r.article), r)
        omitting = {label.get(a, a) for a in claim.omitted_by}
        cells: list[Cell | None] = []
        for outlet in outlets:
            if outlet in by_outlet:
                cells.append(Cell(claim.mark(by_outlet[outlet]), by_outlet[outlet]))
            elif outlet in omitting:
                cells.append(Cell(Mark.OMITTED))
            else:
                cells.append(None)
        shared.append(Row(claim, tuple(cells)))
    return Ledger(outlets, tuple(shared), {o: tuple(cs) for o, cs in sorted(only.items())})

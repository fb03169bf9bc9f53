"""The fact ledger's records: a fact's status, each outlet's report of it, and the mark a report
gets in every ledger (web page, HTML and Markdown reports, CSV).

A status and a mark say what they mean once, here; renderers read ``meaning``, ``symbol`` and
``css`` from these enums rather than spelling statuses themselves.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """How the outlets reporting a fact relate to each other."""

    AGREED = "agreed"
    COMPATIBLE = "compatible"
    CONFLICT = "conflict"
    UPDATED = "updated"
    SINGLE_SOURCE = "single-source"

    @property
    def meaning(self) -> str:
        return _STATUS_MEANING[self]

    @property
    def label(self) -> str:
        """The status as a reader sees it ("single source")."""
        return self.value.replace("-", " ")

    @property
    def rank(self) -> int:
        """Order of attention in a ledger: conflicts first, single-source facts last."""
        return _STATUS_RANK[self]


_STATUS_MEANING = {
    Status.AGREED: "the outlets report it alike",
    Status.COMPATIBLE: "the outlets report it alike but for hedging or rounding",
    Status.CONFLICT: "the outlets give values that cannot all be right at the same time",
    Status.UPDATED: "a developing figure: a later report supersedes an earlier one",
    Status.SINGLE_SOURCE: "only one outlet reports it",
}
_STATUS_RANK = {Status.CONFLICT: 0, Status.UPDATED: 1, Status.COMPATIBLE: 2, Status.AGREED: 3, Status.SINGLE_SOURCE: 4}


class Mark(StrEnum):
    """What one outlet's report of a fact is, against the other outlets: one cell of a ledger."""

    AGREE = "agree"
    HEDGE = "hedge"
    CONFLICT = "conflict"
    UPDATE = "update"
    SINGLE = "single"
    OMITTED = "omitted"

    @property
    def symbol(self) -> str:
        return _MARK_SYMBOL[self]

    @property
    def meaning(self) -> str:
        return _MARK_MEANING[self]

    @property
    def css(self) -> str:
        """The class a stylesheet colours the cell by (the mark's own name)."""
        return self.value


_MARK_SYMBOL = {
    Mark.AGREE: "✓",
    Mark.HEDGE: "≈",
    Mark.CONFLICT: "≠",
    Mark.UPDATE: "↻",
    Mark.SINGLE: "●",
    Mark.OMITTED: "–",
}
_MARK_MEANING = {
    Mark.AGREE: "reports it as the others do",
    Mark.HEDGE: "reports it hedged or rounded",
    Mark.CONFLICT: "reports a different value",
    Mark.UPDATE: "reports the figure at another moment of a developing count",
    Mark.SINGLE: "the only outlet reporting it",
    Mark.OMITTED: "covers the event but leaves it out",
}


@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of a fact: where it says it, and the value it gives."""

    article: str
    start: int
    end: int
    text: str
    value: str | None = None


def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split())


@dataclass(frozen=True, slots=True)
class Claim:
    """A fact as several articles report it, cross-checked."""

    id: str
    text: str
    status: Status
    reports: tuple[Report, ...]
    omitted_by: tuple[str, ...] = ()
    independent_sources: int = 1

    @property
    def articles(self) -> tuple[str, ...]:
        """The articles reporting the fact, each once, in report order."""
        return tuple(dict.fromkeys(r.article for r in self.reports))

    def mark(self, report: Report) -> Mark:
        """The ledger mark of one of this fact's reports. In a compatible fact the reports that give
        the most common value agree and the others hedge."""
        if self.status is Status.SINGLE_SOURCE:
            return Mark.SINGLE
        if self.status is Status.CONFLICT:
            return Mark.CONFLICT
        if self.status is Status.UPDATED:
            return Mark.UPDATE
        if self.status is Status.COMPATIBLE:
            values = Counter(_norm(r.value) for r in self.reports)
            common = values.most_common(1)[0][0] if values else ""
            return Mark.AGREE if _norm(report.value) == common else Mark.HEDGE
        return Mark.AGREE

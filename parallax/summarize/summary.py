"""A short cited summary: every sentence names its articles and the status of what it states.

The summary is extractive on purpose: each sentence is one outlet's own report of a fact, chosen
for how widely the fact is reported, so nothing is said that no article said. Facts carried by
most independent sources come first; a conflict is stated as a conflict with each side's sources;
single-source facts are included last, labelled as such, so the balance of coverage shows.

Each fact is stated by its headline (``compare.statements``): a clause cut from its sentence or a
quoted sentence already made to stand alone there, so the ledger and the summary say it alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from parallax.model import Claim, Status, SummaryLine

MAX_SENTENCES = 7
MAX_SINGLE_SOURCE = 2


#: A wire dateline opening a lead ("KESTAVIA CITY (CWS) - ", "OSLOVA — "): a place, not part of the fact.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,40}"  # the place, in capitals
    r"(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?"  # ", June 27"
    r"\s*(?:\([^)]{1,30}\)\s*)?"  # "(Reuters)"
    r"[-—–]+\s+(?=[A-Z\"“])"
)


def _sentence(text: str) -> str:
    """A fact's headline as a summary sentence: without a wire's dateline, closed by a full stop
    (the headline has already made it stand alone: capitalised, its quote marks paired)."""
    text = _DATELINE.sub("", " ".join(text.split()).strip(" ,;"))
    return text if text.endswith((".", "!", "?", '"', "”", "'", "’")) else text + "."


def _outlet_list(ids: Sequence[str], outlet_of: Mapping[str, str]) -> str:
    names = sorted({outlet_of.get(i) or i for i in ids})
    return ", ".join(names)


def summarize(claims: Sequence[Claim], outlet_of: Mapping[str, str]) -> list[SummaryLine]:
    """At most ``MAX_SENTENCES`` cited sentences. ``outlet_of`` names each article's outlet as a
    reader should see it."""
    multi = [c for c in claims if c.status is not Status.SINGLE_SOURCE]
    multi.sort(key=lambda c: (-c.independent_sources, -len(c.reports), c.status is Status.CONFLICT))
    single = [c for c in claims if c.status is Status.SINGLE_SOURCE and any(r.value for r in c.reports)]
    out: list[SummaryLine] = []
    used_text: set[str] = set()
    for claim in multi:
        if len(out) >= MAX_SENTENCES - MAX_SINGLE_SOURCE:
            break
        if claim.status is Status.CONFLICT:
            sides = "; ".join(f"{_outlet_list([r.article], outlet_of)}: {r.value or r.text}" for r in claim.reports)
            text = f"Reports differ on this: {_sentence(claim.text)[:-1]} ({sides})."
        elif claim.status is Status.UPDATED:  # reports in date order: the last is the latest figure
            steps = ", then ".join(
                f"{_outlet_list([r.article], outlet_of)}: {r.value or r.text}" for r in claim.reports
            )
            text = f"The figure was updated as the story developed: {_sentence(claim.text)[:-1]} ({steps})."
        else:
            text = _sentence(claim.text)
        if text in used_text:
            continue
        used_text.add(text)
        out.append(SummaryLine(text, tuple(sorted(claim.articles)), claim.status, claim.id, claim.independent_sources))
    for claim in single[:MAX_SINGLE_SOURCE]:
        text = _sentence(claim.text)
        if text not in used_text:
            out.append(SummaryLine(text, (claim.reports[0].article,), Status.SINGLE_SOURCE, claim.id, 1))
    return out

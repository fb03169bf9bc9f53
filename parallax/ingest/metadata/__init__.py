"""Article metadata from the page itself: authors, stated publication date, who stands behind it
(outlet, credited agency, the aggregator it came through), language and the sources it cites.
Works on plain text (the scraped page) and on the text of an HTML page alike; an HTML page adds
what its markup says about the site (``site.read_site``)."""

from __future__ import annotations

from dataclasses import dataclass

from parallax.ingest.metadata.authors import authors_from
from parallax.ingest.metadata.cites import cites_from
from parallax.ingest.metadata.dates import published_date
from parallax.ingest.metadata.language import detect_language
from parallax.ingest.metadata.outlet import provenance
from parallax.ingest.metadata.page_signals import page_lines
from parallax.ingest.metadata.site import SiteMeta
from parallax.ingest.text.lines import Line, split_lines

__all__ = ["Metadata", "extract_metadata"]


@dataclass(frozen=True, slots=True)
class Metadata:
    authors: tuple[str, ...]
    published: str | None
    outlet: str | None
    cites: tuple[str, ...]
    language: str | None
    agency: str | None = None
    via: str | None = None


def header_lines(raw: str, body: str, title: str | None = None) -> list[Line]:
    """The page's lines before its body starts: where datelines and bylines are. A body that opens
    with the lead its title was read from starts, for this, at its next line (the dateline below
    that lead is the header's)."""
    lines = split_lines(raw)
    paragraphs = (p for line in body.split("\n") if (p := line.strip()))
    first = next(paragraphs, "")
    if title and first == title.strip():
        first = next(paragraphs, first)
    first = first[:80]
    out = []
    for line in lines:
        if first and first in line.text:
            break
        out.append(line)
    return out[:20]


def extract_metadata(
    raw: str,
    body: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    retrieved: str | None = None,
    site: SiteMeta | None = None,
    authors: tuple[str, ...] = (),
) -> Metadata:
    """Metadata of one page. ``outlet`` and ``authors`` are what the input or the HTML markup
    already gave; ``site`` what the markup says about the site."""
    header = header_lines(raw, body, title)
    tail = [line.text for line in split_lines(raw)[-40:]]
    found_authors = authors_from(header) or authors_from(
        [Line(0, 0, t) for t in tail if t.lower().startswith("author")]
    )
    who = provenance(
        page_lines(raw, body),
        body,
        header,
        url=url,
        given=outlet,
        site=site,
        headline=title,
        has_author=bool(authors or found_authors),
    )
    return Metadata(
        authors=found_authors,
        published=published_date(header, retrieved),
        outlet=who.outlet,
        cites=cites_from(body, header, who.outlet),
        language=detect_language(body),
        agency=who.agency,
        via=who.via,
    )

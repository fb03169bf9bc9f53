"""One raw document → one clean ``Article``: the ingest stage's per-document step.

Text goes through our plain-text cleaner, HTML through the HTML extractor; both then get the same
metadata pass, so an HTML page and its flattened text end up with the same kind of record.
Metadata the input gave explicitly (a JSONL ``title``, a feed's ``published``) wins over what is
inferred from the text, because the person who supplied it knew more than the page shows.

Cleaning takes time in proportion to a page's size (its characters and, for text, its lines), so
a page is refused as too large past limits set well above any real article page (the 2,000 pages
of the extraction dev set reach 250,000 characters and 2,362 lines of text, 904,000 characters
of HTML; at the limits one page takes about 2 s of CPU as text, 5 s as HTML): a 20 MB "page" is
one clear error at once, not a worker held for minutes. Characters the readers had to replace
(lone surrogates, NUL, undecodable bytes: U+FFFD in the raw text) are listed in
``Article.removed`` as ``invalid`` with their offsets into the raw text, so the loss is counted
where the article's provenance is.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from parallax.errors import InputError
from parallax.ingest.dedup import content_hash
from parallax.ingest.html import extract_html
from parallax.ingest.metadata import extract_metadata
from parallax.ingest.text import clean_text
from parallax.model import Article, RawDocument, Removed

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: The most a page may hold to be cleaned as one article (see the module docstring).
MAX_TEXT_CHARS = 1_000_000
MAX_TEXT_LINES = 10_000
MAX_HTML_CHARS = 4_000_000
#: Runs of U+FFFD, each one ``invalid`` entry; more runs than ``MAX_INVALID_RUNS`` is not text.
_LOST = re.compile("\ufffd+")
MAX_INVALID_RUNS = 1_000
#: Blanks past this many in a row say nothing one space does not; a pattern such as
#: ``\s*:?\s*`` tries every split of such a run, so the metadata pass reads a long run as one space.
MAX_BLANK_RUN = 32
_LONG_BLANK = re.compile(rf"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]{{{MAX_BLANK_RUN + 1},}}")  # not line breaks


def given_date(value: str | None) -> str | None:
    """A date supplied by the input, reduced to ``YYYY-MM-DD`` (None when it is not a date)."""
    if not value:
        return None
    m = _ISO_DAY.search(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def build_article(
    raw: RawDocument, *, boilerplate_lines: frozenset[str] = frozenset(), banner_lines: frozenset[str] = frozenset()
) -> Article:
    """Clean one document and read its metadata.

    ``boilerplate_lines`` and ``banner_lines`` are corpus evidence (lines recurring across one
    outlet's pages, anywhere or at the top); the plain-text cleaner uses them. A row that gives a
    title and no text at all is its headline (a wire brief can be one line). Raises ``InputError``
    when nothing of an article is left (an empty page, a page that is all navigation).
    """
    _check_size(raw)
    invalid = _invalid_characters(raw)
    removed: tuple[Removed, ...] = ()
    if raw.kind == "html":
        page = extract_html(raw.content, url=raw.url)
        title, body, text = page.title, page.body, page.text
        html_authors, html_published, html_language, site = page.authors, page.published, page.language, page.site
    else:
        cleaned = clean_text(
            raw.content, boilerplate_lines=boilerplate_lines, banner_lines=banner_lines, given_title=raw.title
        )
        title, body, text = cleaned.title, cleaned.body, raw.content
        removed = cleaned.removed
        html_authors, html_published, html_language, site = (), None, None, None
    if not body.strip() and raw.kind != "html" and not raw.content.strip() and (raw.title or "").strip():
        body = raw.title.strip()  # a row that gives only its headline: the headline is the article
    if not body.strip():
        raise InputError(raw.source, "no article text found (empty page, or only navigation and boilerplate)")
    title = raw.title or title
    meta = extract_metadata(
        blank_runs_squeezed(text),
        blank_runs_squeezed(body),
        title=title,
        url=raw.url,
        outlet=raw.outlet,
        retrieved=raw.retrieved,
        site=site,
        authors=raw.authors or html_authors,
    )
    return Article(
        id=raw.id,
        body=body,
        title=title,
        outlet=meta.outlet,
        agency=meta.agency,
        via=meta.via,
        authors=raw.authors or html_authors or meta.authors,
        published=given_date(raw.published) or html_published or meta.published,
        language=html_language or meta.language,
        cites=meta.cites,
        url=raw.url,
        source=raw.source,
        content_hash=content_hash(body),
        removed=tuple(sorted((*removed, *invalid), key=lambda r: (r.start, r.end))),
    )


def blank_runs_squeezed(text: str) -> str:
    """``text`` with every run of over ``MAX_BLANK_RUN`` blanks (spaces, tabs, any white space that
    does not break a line) made one space: what the metadata pass reads (it returns values, never
    offsets into the text), so a 20,000-space line costs it linear time (7 s in an author pattern
    before)."""
    return _LONG_BLANK.sub(" ", text)


def _check_size(raw: RawDocument) -> None:
    """Refuse, before any work, a page too large to be one article."""
    limit = MAX_HTML_CHARS if raw.kind == "html" else MAX_TEXT_CHARS
    size = len(raw.content)
    if size > limit:
        raise InputError(
            raw.source,
            f"too large to clean as one article: {size:,} characters of {raw.kind} (the limit is {limit:,})",
            hint="split it into articles",
        )
    if raw.kind == "text":
        lines = sum(1 for line in raw.content.splitlines() if line.strip())
        if lines > MAX_TEXT_LINES:
            raise InputError(
                raw.source,
                f"too large to clean as one article: {lines:,} lines of text (the limit is {MAX_TEXT_LINES:,})",
                hint="split it into articles",
            )


def _invalid_characters(raw: RawDocument) -> tuple[Removed, ...]:
    """Where the raw text holds U+FFFD: characters lost before or while reading it."""
    runs = tuple(Removed(m.start(), m.end(), "invalid") for m in _LOST.finditer(raw.content))
    if len(runs) > MAX_INVALID_RUNS:
        raise InputError(raw.source, f"not readable text: {len(runs):,} stretches of invalid characters")
    return runs

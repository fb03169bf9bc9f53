"""HTML page → article parts, with trafilatura for the main text and htmldate for the date.

trafilatura is the field's best maintained extractor, but on pages without metadata it takes a
caption's date or a "© 2025" footer for the publication date, and leaves "Related" and newsletter
blocks that sit inside the article container. So the date comes from the page's structured
metadata only (htmldate without its text heuristics), falling back to the same header-line
reading as plain text; and the body gets the plain-text cleaner's end-of-article rules.

libxml2 keeps a tree at most 255 elements deep (2,048 with its "huge" option, and then loses the
whole page past that) and drops whatever lies deeper: 10,000 nested divs around an article lost
the article. A page that reaches that depth is read without a tree instead: its markup in one
pass (``markup_text``, the same lines a scraper saves), cleaned as plain text.
"""

from __future__ import annotations

import html as html_entities
import logging
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from parallax.ingest.metadata.site import SiteMeta, read_site
from parallax.ingest.text import clean_text, rules
from parallax.ingest.text.lines import normalise_line, split_lines

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    title: str | None
    body: str
    authors: tuple[str, ...]
    published: str | None
    language: str | None
    text: str  # the page's visible text, for metadata that trafilatura does not read
    site: SiteMeta  # what the markup says about the site (its names, its address)

    @property
    def outlet(self) -> str | None:
        """The site's name as the markup gives it; the article's outlet is decided with the page's
        text too (``parallax.ingest.metadata.outlet``)."""
        return self.site.names[0] if self.site.names else None


#: htmldate on the page's structured metadata only, never its text: the original date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "select", "textarea"})
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


def _flatten(tree: HtmlElement) -> str:
    """The page's visible text, one block element per line (what a scraper would have saved)."""
    parts: list[str] = []
    skipping = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else None  # comments and processing instructions
        if event == "start":
            if tag in _SKIP:
                skipping += 1
            elif tag in _BLOCK:
                parts.append("\n")
            if tag is not None and not skipping and el.text:
                parts.append(el.text)
        else:
            if tag in _SKIP:
                skipping -= 1
            elif tag in _BLOCK:
                parts.append("\n")
            if not skipping and el.tail:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def page_text(html: str | HtmlElement) -> str:
    """The visible text of a page, from its markup or its parsed tree."""
    if isinstance(html, HtmlElement):
        return _flatten(html)
    try:
        return _flatten(lxml.html.document_fromstring(html))
    except (etree.ParserError, ValueError):  # empty or unparseable markup has no visible text
        return ""


def _structured_date(html: str, url: str | None) -> str | None:
    """The date from the page's markup and the given URL (not the page's canonical URL, which on
    some sites is a section front with the day's date)."""
    from htmldate import find_date

    try:
        return find_date(html, url=url, **_DATE_PARAMS)
    except Exception:  # htmldate raises assorted errors on broken markup; a missing date is the answer
        return None


def _trim_tail(body: str) -> str:
    """Cut the body at an end-of-article marker ("Related articles", "Newsletter") near its end."""
    lines = split_lines(body)
    words = [len(line.words) for line in lines]
    total = sum(words) or 1
    so_far = 0
    for i, line in enumerate(lines):
        if (rules.is_end_marker(line) or rules.is_chrome(line)) and so_far >= 0.6 * total:
            return "\n\n".join(x.text for x in lines[:i])
        so_far += words[i]
    return "\n\n".join(x.text for x in lines)


#: libxml2 builds no deeper tree than this; what lies deeper is dropped.
PARSER_DEPTH = 255
#: An element's tag; possessive (nothing backtracks) and stopping at the next "<": linear.
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*+)[^<>]*+>")


def tree_depth(tree: HtmlElement) -> int:
    """How many elements deep the tree goes (the root is 1)."""
    deepest = level = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


def markup_text(html: str) -> str:
    """A page's visible text read from its markup in one pass, without a tree, so nesting of any
    depth costs nothing: one line per block element, scripts, styles and comments left out."""
    out: list[str] = []
    pos, size = 0, len(html)
    while pos < size:
        lt = html.find("<", pos)
        if lt < 0:
            out.append(html[pos:])
            break
        out.append(html[pos:lt])
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            pos = size if end < 0 else end + 3
            continue
        tag = _TAG.match(html, lt)
        if tag is None:  # a "<" that opens no tag is text
            out.append("<")
            pos = lt + 1
            continue
        name = tag[2].lower()
        pos = tag.end()
        if name in _SKIP and name not in ("head", "title") and not tag[1]:
            close = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(html, pos)
            pos = size if close is None else close.end()
        elif name in _BLOCK:
            out.append("\n")
    lines = (" ".join(line.split()) for line in html_entities.unescape("".join(out)).splitlines())
    return "\n".join(line for line in lines if line)


def _read_flat(html: str) -> tuple[str | None, str, str]:
    """Title, body and visible text of markup read without a tree (nested too deep for one, or a
    fragment the parser gives none for): its text cleaned as plain text."""
    text = markup_text(html)
    cleaned = clean_text(text)
    return cleaned.title, cleaned.body, text


def extract_html(html: str, *, url: str | None = None) -> HtmlArticle:
    """Body, title, authors, structured date, language and site metadata of one page.

    One lxml parse serves both the visible text and trafilatura's extraction (it works on a
    copy). htmldate reads the markup string itself for the date: from trafilatura's tree it
    finds no date on some pages where it finds the right one from the string."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except Exception:  # decoding and lxml raise assorted errors on hostile input; the caller reports it
        tree = None
    if tree is None:  # not parsed as a page (a bare fragment such as a feed entry's one <p>): read the markup
        title, body, text = _read_flat(html)
        return HtmlArticle(title, body, (), None, None, text, SiteMeta())
    if tree_depth(tree) >= PARSER_DEPTH:  # the parser dropped what lies deeper: read the markup itself
        title, body, text = _read_flat(html)
        return HtmlArticle(title, body, (), _structured_date(html, url), None, text, read_site(tree))
    text = page_text(tree)
    site = read_site(tree)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            with_metadata=True,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,  # its own date is not used: skip the costly search
        )
    except Exception:  # malformed or hostile markup: nothing extracted, the caller reports it
        doc = None
    if doc is None or not (doc.text or "").strip():
        # trafilatura keeps nothing shorter than a few sentences; a one-line wire brief is still an
        # article, so the page's visible text goes through the plain-text cleaner, which keeps a
        # real sentence and drops navigation
        cleaned = clean_text(text)
        return HtmlArticle(cleaned.title, cleaned.body, (), _structured_date(html, url), None, text, site)
    body = _trim_tail(doc.text or "")
    first, _, rest = body.partition("\n\n")
    if doc.title and rest.strip() and normalise_line(first) == normalise_line(doc.title):
        body = rest  # trafilatura keeps the headline as the first paragraph (unless it is all there is)
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return HtmlArticle(
        title=doc.title or None,
        body=body,
        authors=authors,
        published=_structured_date(html, url),
        language=doc.language or None,
        text=text,
        site=site,
    )

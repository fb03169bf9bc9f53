"""What the watch follows: feeds, sitemaps and folders, and the items each one lists.

A source is named on the command line or in a sources file, one per line with its own settings::

    # location                                   settings (all optional)
    https://example.org/world/rss.xml            every=5m pages=auto
    https://example.org/sitemap-news.xml         kind=sitemap limit=200
    ~/coverage/inbox                             every=1m

``every`` is how often it is polled (``30s``, ``10m``, ``2h``); ``pages`` whether a feed entry's
linked page is fetched (``auto``: when the entry carries only a teaser); ``limit`` the most items
taken from it in one round (newest first); ``kind`` is found from the answer when not given.

Listing an item never fetches it twice: the watch passes the versions it has stored, and only
new or edited items come back (an entry's version is a hash of what the feed says about it, a
sitemap URL's its ``lastmod``, a file's its size and modification time).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from parallax.errors import FetchError, InputError
from parallax.ingest.readers import MAX_DOCUMENT_BYTES, discover, read_file
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.feeds import is_feed, read_feed
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument
from parallax.watch.fetch import Fetched, PoliteFetcher

KINDS = ("feed", "sitemap", "folder")
PAGES = ("auto", "always", "never")
#: A feed entry with less text than this is a teaser: with ``pages=auto`` its page is fetched.
TEASER_CHARS = 400
DEFAULT_LIMIT = 1000
#: Child sitemaps of a sitemap index read per round (the most recently modified).
MAX_CHILD_SITEMAPS = 20
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_TAGS = re.compile(r"<[^>]+>")


def parse_duration(text: str) -> float:
    """``30s``, ``10m``, ``2h``, ``1d`` or plain seconds → seconds."""
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 10m, 2h)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


@dataclass(frozen=True, slots=True)
class Source:
    """One followed location and its settings; ``kind`` None until the first answer says."""

    location: str
    kind: str | None = None
    every: float | None = None
    pages: str = "auto"
    limit: int = DEFAULT_LIMIT

    @property
    def id(self) -> str:
        return hashlib.sha1(self.location.encode("utf-8")).hexdigest()[:16]

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    def settings(self) -> dict[str, object]:
        return {"every": self.every, "pages": self.pages, "limit": self.limit}


def _source(location: str, options: dict[str, str], where: str) -> Source:
    kind = options.pop("kind", None)
    if kind is not None and kind not in KINDS:
        raise InputError(where, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    pages = options.pop("pages", "auto")
    if pages not in PAGES:
        raise InputError(where, f"pages must be one of {', '.join(PAGES)}, not {pages!r}")
    try:
        every = parse_duration(options.pop("every")) if "every" in options else None
        limit = int(options.pop("limit", DEFAULT_LIMIT))
    except ValueError as e:
        raise InputError(where, str(e)) from None
    if options:
        raise InputError(where, f"unknown setting {', '.join(sorted(options))} (use every, kind, pages, limit)")
    if not location.startswith(("http://", "https://")):
        path = Path(location).expanduser()
        if not path.is_dir():
            raise InputError(where, f"{location}: not an http(s) URL or a folder")
        location, kind = str(path.resolve()), "folder"
    return Source(location, kind, every, pages, limit)


def parse_sources(args: list[str]) -> tuple[list[Source], list[InputError]]:
    """Sources named by the arguments: URLs and folders as they are, any other file as a list of
    sources (one per line, ``#`` comments). A bad line is one error; the others still count."""
    sources: list[Source] = []
    errors: list[InputError] = []
    for arg in args:
        path = Path(arg).expanduser()
        if arg.startswith(("http://", "https://")) or path.is_dir():
            try:
                sources.append(_source(arg, {}, arg))
            except InputError as e:
                errors.append(e)
            continue
        if not path.is_file():
            errors.append(InputError(arg, "not a URL, a folder or a file listing sources"))
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            errors.append(InputError(arg, f"cannot read the list of sources: {e}"))
            continue
        for number, line in enumerate(lines, 1):
            words = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
            if not words:
                continue
            options, bad = {}, [w for w in words[1:] if "=" not in w]
            for w in words[1:]:
                if "=" in w:
                    key, value = w.split("=", 1)
                    options[key] = value
            try:
                if bad:
                    raise InputError(f"{arg}:{number}", f"settings are key=value, not {' '.join(bad)!r}")
                location = words[0]
                if not location.startswith(("http://", "https://")) and not Path(location).expanduser().is_absolute():
                    location = str(path.parent / location)  # relative to the list
                sources.append(_source(location, options, f"{arg}:{number}"))
            except InputError as e:
                errors.append(e)
    unique = list({s.location: s for s in sources}.values())
    return unique, errors


@dataclass(frozen=True, slots=True)
class Item:
    """One entry, sitemap URL or file: its ``key``, its ``version``, and its documents (or the
    ``page`` still to fetch for them, with the entry's metadata in ``meta``)."""

    key: str
    version: str
    documents: tuple[RawDocument, ...] = ()
    page: str | None = None
    meta: RawDocument | None = None

    @property
    def key_hash(self) -> str:
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()


@dataclass
class Listing:
    """What one source gave this round."""

    source: Source
    kind: str | None = None
    items: list[Item] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    failure: InputError | None = None  # the source itself could not be read
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    #: Items left for a later round (a transient page failure): keep the old validators.
    incomplete: bool = False
    #: The stored version of each listed item seen before (``key_hash → version``): an item
    #: here with another version is an edit.
    seen: dict[str, str] = field(default_factory=dict)


def _version(*parts: str | None) -> str:
    return hashlib.sha1("\0".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:16]


def _hostile(data: bytes) -> bool:
    """Entity declarations: a feed or sitemap never needs them, and they are how an entity bomb
    ("billion laughs") or an external-entity read is built."""
    head = data[:200_000].lower()
    return b"<!entity" in head


def feed_items(data: bytes, url: str, pages: str) -> tuple[list[Item], list[InputError]]:
    """A feed's entries as items, read by the feed reader (``parallax.ingest.readers.feeds``)."""
    with tempfile.TemporaryDirectory(prefix="parallax-watch-") as tmp:
        path = Path(tmp) / "feed.xml"
        path.write_bytes(data)
        found = list(read_feed(path, url))
    items, errors = [], []
    for doc in found:
        if isinstance(doc, InputError):
            errors.append(doc)
            continue
        key = doc.url or doc.id
        version = _version(doc.title, doc.content, doc.published, doc.url)
        teaser = len(" ".join(_TAGS.sub(" ", doc.content).split())) < TEASER_CHARS
        if doc.url and (pages == "always" or (pages == "auto" and teaser)):
            items.append(Item(key, version, page=doc.url, meta=doc))
        else:
            items.append(Item(key, version, (doc,)))
    return items, errors


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(data: bytes, url: str) -> tuple[list[tuple[str, str | None, dict[str, str]]], list[tuple[str, str]]]:
    """``(pages, child sitemaps)``: each page as ``(loc, lastmod, news fields)``, each child as
    ``(loc, lastmod)``. Parsed without entities, DTDs or network access."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise InputError(url, f"not a readable sitemap: {e}") from None
    pages, children = [], []
    for entry in root:
        fields = {_local(child.tag): (child.text or "").strip() for child in entry}
        news = {}
        for child in entry.iter():
            name = _local(child.tag)
            if name in ("title", "publication_date", "name") and child.text:
                news[name] = child.text.strip()
        loc = fields.get("loc")
        if not loc or not loc.startswith(("http://", "https://")):
            continue
        if _local(root.tag) == "sitemapindex":
            children.append((loc, fields.get("lastmod")))
        else:
            pages.append((loc, fields.get("lastmod") or news.get("publication_date"), news))
    if _local(root.tag) not in ("urlset", "sitemapindex"):
        raise InputError(url, f"not a sitemap: its root element is <{_local(root.tag)}>")
    return pages, children


def sitemap_items(pages: list[tuple[str, str | None, dict[str, str]]]) -> list[Item]:
    items = []
    for loc, lastmod, news in pages:
        published = (news.get("publication_date") or lastmod or "")[:10] or None
        meta = RawDocument(
            id=url_id(loc), kind="html", content="", source=loc, url=loc,
            title=news.get("title"), outlet=news.get("name"), published=published,
        )  # fmt: skip
        items.append(Item(loc, _version(lastmod), page=loc, meta=meta))
    return items


def folder_items(source: Source) -> list[Item]:
    """Readable files under the folder (the ingest's own discovery and readers)."""
    items = []
    for path in discover(Path(source.location)):
        try:
            stat = path.stat()
        except OSError:
            continue
        version = _version(str(stat.st_size), str(stat.st_mtime_ns))
        items.append(Item(str(path), version))
    return items


def read_folder_item(item: Item) -> tuple[tuple[RawDocument, ...], list[InputError]]:
    docs, errors = [], []
    for doc in read_file(Path(item.key), item.key, MAX_DOCUMENT_BYTES):
        (errors if isinstance(doc, InputError) else docs).append(doc)
    return tuple(docs), errors


def _newest_first(items: list[Item], limit: int) -> list[Item]:
    if len(items) <= limit:
        return items
    dated = sorted(items, key=lambda i: (i.meta.published if i.meta and i.meta.published else ""), reverse=True)
    return dated[:limit]


def page_document(item: Item, fetched: Fetched) -> RawDocument:
    """A fetched page as a document carrying what the feed or sitemap said about it."""
    meta = item.meta
    kind = "text" if fetched.content_type.startswith("text/plain") else "html"
    text = decode(fetched.content, item.page or item.key, html=kind == "html")
    if not text.strip():
        raise InputError(item.page or item.key, "empty page")
    try:
        retrieved = parsedate_to_datetime(fetched.date).isoformat() if fetched.date else None
    except (TypeError, ValueError):
        retrieved = None
    base = meta or RawDocument(id=url_id(item.key), kind=kind, content="", source=item.key)
    return replace(
        base,
        kind=kind,
        content=text,
        source=item.page or item.key,
        url=fetched.url,
        retrieved=retrieved or datetime.now(UTC).isoformat(timespec="seconds"),
    )


Versions = Callable[[Sequence[str]], Awaitable[dict[str, str]]]
"""The stored versions of some of a source's items (``key_hash → version``, the unseen left out):
asked for the items a listing names only, so a round's cost follows the listing, not everything
the source ever listed."""


async def list_source(
    source: Source, fetcher: PoliteFetcher, seen: Versions, etag: str | None, last_modified: str | None
) -> Listing:
    """Everything new or edited in ``source`` since the versions ``seen`` gives, with pages
    fetched; never raises for a bad source, its problem is in ``failure``."""
    listing = Listing(source, kind=source.kind)
    try:
        if source.kind == "folder":
            items = folder_items(source)
        else:
            items = await _list_url(source, fetcher, listing, etag, last_modified)
        listing.seen = await seen([i.key_hash for i in items])
        fresh = [i for i in items if listing.seen.get(i.key_hash) != i.version]
        for item in _newest_first(fresh, source.limit):
            done = await _complete(item, fetcher, listing)
            if done is not None:
                listing.items.append(done)
    except InputError as e:
        listing.failure = e
    except Exception as e:  # a bug or a pathological answer must not stop the other sources
        listing.failure = InputError(source.location, f"could not be read: {type(e).__name__}: {e}")
    return listing


async def _list_url(
    source: Source, fetcher: PoliteFetcher, listing: Listing, etag: str | None, last_modified: str | None
) -> list[Item]:
    answer = await fetcher.get(source.location, etag=etag, last_modified=last_modified)
    listing.etag, listing.last_modified = answer.etag or etag, answer.last_modified or last_modified
    if answer.status == 304:
        listing.not_modified = True
        return []
    data = answer.content
    if _hostile(data):
        raise InputError(source.location, "refused: the XML declares entities (an entity bomb or an external read)")
    head = data.lstrip()[:2048].lower()
    kind = source.kind
    if kind is None:
        if is_feed(data):
            kind = "feed"
        elif b"<urlset" in head or b"<sitemapindex" in head:
            kind = "sitemap"
        else:
            what = "an HTML page" if b"<html" in head or b"<!doctype html" in head else "something else"
            ctype = f" ({answer.content_type.split(';')[0]})" if answer.content_type else ""
            raise InputError(source.location, f"not an RSS/Atom feed or a sitemap: {what}{ctype}")
    listing.kind = kind
    if kind == "feed":
        if not is_feed(data):
            raise InputError(source.location, "no longer an RSS/Atom feed (the answer is not a feed)")
        items, errors = feed_items(data, source.location, source.pages)
        if not items and errors:
            raise errors[0]
        listing.errors.extend(errors)
        return items
    pages, children = parse_sitemap(data, source.location)
    for child, _ in sorted(children, key=lambda c: c[1] or "", reverse=True)[:MAX_CHILD_SITEMAPS]:
        try:
            sub = await fetcher.get(child)
            if _hostile(sub.content):
                raise InputError(child, "refused: the XML declares entities")
            more, _ = parse_sitemap(sub.content, child)
            pages.extend(more)
        except InputError as e:
            listing.errors.append(e)
            listing.incomplete = True
    return sitemap_items(pages)


async def _complete(item: Item, fetcher: PoliteFetcher, listing: Listing) -> Item | None:
    """The item with its documents: read from disk, fetched, or as the feed gave them. A page
    that failed for a reason that may pass is left for the next round (``incomplete``)."""
    if listing.kind == "folder":
        docs, errors = read_folder_item(item)
        listing.errors.extend(errors)
        return replace(item, documents=docs)
    if item.page is None:
        return item
    try:
        fetched = await fetcher.get(item.page)
        return replace(item, documents=(page_document(item, fetched),))
    except FetchError as e:
        listing.errors.append(e)
        if e.transient:
            listing.incomplete = True
            return None
        return _teaser_only(item)  # refused for good (robots, too large): not asked again
    except InputError as e:
        listing.errors.append(e)
        return _teaser_only(item)


def _teaser_only(item: Item) -> Item:
    """An item whose page cannot be had: the feed's own text when it gave some, else nothing."""
    meta = item.meta
    return replace(item, documents=(meta,) if meta is not None and meta.content.strip() else ())

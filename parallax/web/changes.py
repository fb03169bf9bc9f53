"""What changed, on the web: a storyline's changes newest first (with what is new since the
reader's last visit marked in the browser), Atom feeds of changes for a storyline and for the
whole store, the JSON the pages poll to update without a reload, and ``/api/health``.

The changes are the records ``parallax watch`` kept (``parallax.watch.state``); they are keyed by
the online storyline, and a stored analysis's storyline id is resolved to it, so links keep
working whichever id a reader has.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from parallax.version import __version__
from parallax.watch.changes import Change
from parallax.watch.state import WatchState
from parallax.web.deps import DB_INT_MAX, render, store_of
from parallax.web.views import span_link

router = APIRouter()
ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100


def _state(request: Request) -> WatchState:
    return WatchState(store_of(request))


def _record(change_id: int, at: datetime, c: Change) -> dict[str, Any]:
    return {
        "id": change_id,
        "at": at.isoformat(),
        "round": c.round,
        "storyline": c.storyline,
        "kind": c.kind.value,
        "what": c.what,
        "conflict": c.is_conflict,
        "links": [span_link(s.article, s.start, s.end) for s in c.spans][:8]
        or [span_link(a) for a in c.articles][:8],
        **c.data(),
    }


def _lines(request: Request, storyline_id: str) -> list[str]:
    lines = _state(request).online_storylines(storyline_id)
    if not lines and store_of(request).storyline(storyline_id) is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return lines


@router.get("/api/storylines/{storyline_id}/changes", tags=["api"])
def storyline_changes(
    request: Request,
    storyline_id: str,
    after: Annotated[int, Query(ge=0, le=DB_INT_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> dict[str, Any]:
    """A storyline's recorded changes, newest first; ``after`` (a change id) returns only later ones,
    for a page that polls. ``follow`` lists the ids the changes are kept under."""
    lines = _lines(request, storyline_id)
    rows = _state(request).changes(lines, after_id=after, limit=limit) if lines else []
    return {
        "storyline": storyline_id,
        "follow": lines,
        "changes": [_record(*row) for row in rows],
        "last": max([after, *(i for i, _, _ in rows)]),
    }


@router.get("/api/changes", tags=["api"])
def all_changes(
    request: Request,
    after: Annotated[int, Query(ge=0, le=DB_INT_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    storyline: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    """Changes newest first, of every storyline or of the ``storyline`` ids given (as ``follow``
    names them, or any id of the same storyline: one renamed since the page named it is found);
    ``after``: only those after a change id. ``last`` is the newest change id, what a page polls
    to know when to refresh."""
    state = _state(request)
    lines = sorted({line for sid in storyline for line in state.online_storylines(sid)}) if storyline else None
    rows = state.changes(lines, after_id=after, limit=limit)
    return {"changes": [_record(*row) for row in rows], "last": max(after, state.last_change_id())}


@router.get("/api/health", tags=["api"])
def health(request: Request) -> dict[str, Any]:
    """The watch's health: the last round, each source's failures and last error, the queue."""
    return {"version": __version__, "articles": store_of(request).count(), **_state(request).health()}


@router.get("/storylines/{storyline_id}/changes", response_class=HTMLResponse, include_in_schema=False)
def changes_page(request: Request, storyline_id: str) -> HTMLResponse:
    lines = _lines(request, storyline_id)
    state = _state(request)
    rows = state.changes(lines, limit=500) if lines else []
    line = store_of(request).storyline(storyline_id)
    title = line.title if line else _title(state, lines) or storyline_id
    return render(
        request,
        "changes.html",
        {
            "storyline_id": storyline_id,
            "title": title,
            "changes": [_record(*row) for row in rows],
            "feed": f"/feeds/storylines/{quote(storyline_id, safe='')}/changes.atom",
        },
    )


def _title(state: WatchState, lines: list[str]) -> str | None:
    for sid in lines:
        snap = state.snapshot(sid)
        if snap and snap["lines"]:
            return max(snap["lines"], key=lambda line: len(line["articles"]))["title"]
    return None


def _atom(request: Request, title: str, self_path: str, rows: list[tuple[int, datetime, Change]]) -> Response:
    base = str(request.base_url).rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:parallax:changes:{self_path}"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + self_path)
    newest = rows[0][1] if rows else datetime.fromtimestamp(0, UTC)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "Parallax"
    ET.SubElement(feed, f"{{{ATOM}}}generator", version=__version__).text = "Parallax"
    for change_id, at, c in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:parallax:change:{change_id}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"[{c.kind.value}] {c.what}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = at.isoformat()
        page = f"{base}/storylines/{quote(c.storyline, safe='')}/changes"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=page)
        for link in _record(change_id, at, c)["links"]:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=base + link)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=c.kind.value)
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = c.what
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/feeds/changes.atom", include_in_schema=False)
def feed_all(request: Request) -> Response:
    rows = _state(request).changes(None, limit=FEED_SIZE)
    return _atom(request, "Parallax: what changed", "/feeds/changes.atom", rows)


@router.get("/feeds/storylines/{storyline_id}/changes.atom", include_in_schema=False)
def feed_storyline(request: Request, storyline_id: str) -> Response:
    lines = _lines(request, storyline_id)
    state = _state(request)
    rows = state.changes(lines, limit=FEED_SIZE) if lines else []
    line = store_of(request).storyline(storyline_id)
    title = (line.title if line else _title(state, lines)) or storyline_id
    path = f"/feeds/storylines/{quote(storyline_id, safe='')}/changes.atom"
    return _atom(request, f"Parallax: what changed in “{title}”", path, rows)

"""The HTML pages. Each has a JSON twin under /api with the same data."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parallax.export.ledger import ledger, outlet_labels
from parallax.model import Article, Status
from parallax.watch.state import WatchState
from parallax.web import entities as entity_views
from parallax.web import views
from parallax.web.api import read_upload
from parallax.web.deps import MAX_QUERY, render, store_of, token_ok
from parallax.web.highlight import paragraphs, segments
from parallax.web.upload import ingest_upload

router = APIRouter(include_in_schema=False)
PAGE = 50
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day_or_none(value: str | None) -> str | None:
    return value if value and _DAY.match(value) else None


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    outlet: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    since: str = "",
    until: str = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    store = store_of(request)
    searching = bool(q.strip() or outlet or since or until)
    results = (
        store.search(q, outlet=outlet or None, since=_day_or_none(since), until=_day_or_none(until), limit=PAGE)
        if searching
        else []
    )
    lines = store.storylines(limit=PAGE + 1, offset=(page - 1) * PAGE)
    return render(
        request,
        "index.html",
        {
            "storylines": lines[:PAGE],
            "page": page,
            "more": len(lines) > PAGE,
            "searching": searching,
            "results": results,
            "q": q,
            "outlet": outlet,
            "since": since,
            "until": until,
            "outlets": store.outlets(),
        },
    )


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline(request: Request, storyline_id: str) -> Response:
    store = store_of(request)
    line = store.storyline(storyline_id)
    if line is None:
        # a storyline renamed (an earlier article joined it) or merged since the link was made
        now = [sid for sid in WatchState(store).online_storylines(storyline_id) if sid != storyline_id]
        now = [sid for sid in now if store.storyline(sid) is not None]
        if now:
            return RedirectResponse(f"/storylines/{quote(now[0], safe='')}", status_code=307)
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    articles = store.analysed_articles(line.articles)
    missing = [a for a in line.articles if a not in articles]  # not analysed yet, or deleted since
    articles.update((a.id, a) for a in (store.article(i) for i in missing) if a is not None)
    outlet_of = outlet_labels(line, articles)
    placed = next((r for r in store.storylines_by_id([line.id])), None)
    return render(
        request,
        "storyline.html",
        {
            "line": line,
            "outlet_of": outlet_of,
            "ledger": ledger(line, articles),
            "axis": views.time_axis(line.timeline),
            "sources": views.sources(list(articles.values())),
            "statuses": {status: line.count(status) for status in Status},
            "entity_names": {e.canonical for e in line.entities},
            "newer": (placed.n_articles - len(line.articles))
            if placed and placed.n_articles > len(line.articles)
            else 0,
        },
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request,
    article_id: str,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    store = store_of(request)
    shown: Article | None = store.analysed_articles([article_id]).get(article_id) or store.article(article_id)
    if shown is None:
        raise HTTPException(404, f"no article {article_id!r}")
    focus = (start, end) if start is not None and end is not None and start < end else None
    pieces = segments(shown, focus)
    anchor = next((s.start for s in pieces if s.focus), None)
    raw = store.raw(article_id)
    stored = store.article(article_id)
    removed = []
    if (
        raw is not None and stored is not None and raw.kind == "text"
    ):  # offsets of removed lines point into the scraped text
        removed = [{"kind": r.kind, "text": raw.content[r.start : r.end]} for r in stored.removed]
    placement = store.placement(article_id)
    line = store.storyline(placement[0]) if placement else None
    return render(
        request,
        "article.html",
        {
            "a": shown,
            "paragraphs": paragraphs(pieces),
            "anchor": anchor,
            "removed": removed,
            "raw_kind": raw.kind if raw else None,
            "storyline": line,
        },
    )


@router.get("/entities/{name:path}", response_class=HTMLResponse)
def entity(request: Request, name: str) -> HTMLResponse:
    data = entity_views.entity(store_of(request), name)
    if data is None:
        raise HTTPException(404, f"no entity {name!r}")
    peak = max(data["mentions_by_day"].values(), default=1)
    return render(request, "entity.html", {"e": data, "peak": peak})


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> HTMLResponse:
    if not request.app.state.token:
        raise HTTPException(403, "this server is read-only (start it with PARALLAX_TOKEN set to allow ingest)")
    return render(request, "upload.html", {"result": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request) -> HTMLResponse:
    if not request.app.state.token:
        raise HTTPException(403, "this server is read-only")
    files, urls, token = await read_upload(request)
    if not token_ok(token, request.app.state.token):
        return render(request, "upload.html", {"result": None, "error": "That token is not valid."}, status=401)
    if not files and not urls:
        return render(request, "upload.html", {"result": None, "error": "Choose files or give URLs."}, status=422)
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(ingest_upload, store_of(request), files, urls)
    return render(request, "upload.html", {"result": result})

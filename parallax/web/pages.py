"""The HTML pages. Each has a JSON twin under /api with the same data."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from parallax.web import entities as entity_views
from parallax.web import views
from parallax.web.api import article_json, read_upload
from parallax.web.app import MAX_QUERY, render, store_of, token_ok
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
def storyline(request: Request, storyline_id: str) -> HTMLResponse:
    store = store_of(request)
    line = store.storyline(storyline_id)
    if line is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    analysed = store.article_records(line["articles"])
    missing = [a for a in line["articles"] if a not in analysed]  # only if an article was deleted since
    info = store.article_summaries(missing) if missing else {}
    records = [analysed.get(a) or {"id": a, **info.get(a, {})} for a in line["articles"]]
    outlet_of = views.outlets_by_article(records)
    return render(
        request,
        "storyline.html",
        {
            "line": line,
            "articles": {r["id"]: r for r in records},
            "outlet_of": outlet_of,
            "ledger": views.ledger(line["claims"], outlet_of),
            "axis": views.time_axis(line["timeline"]),
            "sources": views.sources(records),
            "statuses": _count_statuses(line["claims"]),
            "entity_names": {e["canonical"] for e in line["entities"]},
        },
    )


def _count_statuses(claims: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"agreed": 0, "compatible": 0, "conflict": 0, "single-source": 0}
    for c in claims:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
    return counts


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request,
    article_id: str,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    record = article_json(request, article_id)
    body = record["body"]
    focus = (start, end) if start is not None and end is not None and start < end else None
    pieces = segments(body, record, focus)
    anchor = next((s.start for s in pieces if s.focus), None)
    store = store_of(request)
    raw = store.raw(article_id)
    removed = []
    if raw is not None and raw.kind == "text":  # offsets of removed lines point into the scraped text
        removed = [{"kind": r["kind"], "text": raw.content[r["start"] : r["end"]]} for r in record["removed"]]
    line = store.storyline(record["storyline"]) if record.get("storyline") else None
    return render(
        request,
        "article.html",
        {
            "a": record,
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

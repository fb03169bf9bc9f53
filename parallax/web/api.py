"""The JSON API: the twin of every page, and ingest with a token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request

from parallax.export.dossier import article_to_json, storyline_to_json, to_json
from parallax.web import entities as entity_views
from parallax.web.deps import DB_INT_MAX, MAX_QUERY, bearer_token, store_of, token_ok
from parallax.web.upload import MAX_FILES, MAX_UPLOAD_BYTES, MAX_URLS, ingest_upload

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/storylines")
def list_storylines(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=DB_INT_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Storylines, newest first, with their counts of articles, outlets and contested facts;
    ``analysed`` is false for a storyline placed by ingest and not yet cross-checked."""
    return to_json(store_of(request).storylines(limit=limit, offset=offset))


@router.get("/storylines/{storyline_id}")
def get_storyline(request: Request, storyline_id: str) -> dict[str, Any]:
    """The dossier's storyline object: events, entities, quote groups, claims, timeline, framing, summary."""
    line = store_of(request).storyline(storyline_id)
    if line is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return storyline_to_json(line)


def article_json(request: Request, article_id: str) -> dict[str, Any]:
    """The article as its last analysis saw it (else as stored), with its storyline and event."""
    store = store_of(request)
    article = store.analysed_articles([article_id]).get(article_id) or store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    storyline, event = store.placement(article_id) or (None, None)
    return {**article_to_json(article), "storyline": storyline, "event": event}


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The article as the dossier shows it (with annotations once analysed), its storyline and event."""
    return article_json(request, article_id)


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    outlet: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
    since: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    until: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Full-text search over titles and bodies, filtered by outlet and publication dates."""
    found = store_of(request).search(q, outlet=outlet or None, since=since, until=until, limit=limit)
    return [{k: v for k, v in article_to_json(a, annotations=False).items() if k != "body"} for a in found]


@router.get("/entities/{name:path}")
def get_entity(request: Request, name: str) -> dict[str, Any]:
    """One canonical entity: its spellings by outlet and its mentions over time."""
    entity = entity_views.entity(store_of(request), name)
    if entity is None:
        raise HTTPException(404, f"no entity {name!r}")
    return entity


async def read_upload(request: Request) -> tuple[list[tuple[str, bytes]], list[str], str]:
    """Files, URLs and the form's token field from a multipart form, refusing anything over the size
    limit before parsing."""
    length = request.headers.get("content-length")
    if length is None:
        raise HTTPException(411, "a Content-Length is required")
    if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"uploads are limited to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    form = await request.form(max_files=MAX_FILES, max_fields=20)
    files = [(f.filename or "upload", await f.read()) for f in form.getlist("files") if hasattr(f, "read")]
    urls = [u.strip() for u in str(form.get("urls") or "").split() if u.strip()]
    if len(urls) > MAX_URLS:
        await form.close()
        raise HTTPException(422, f"at most {MAX_URLS} URLs at a time")
    token = str(form.get("token") or "")
    await form.close()
    return files, urls, token


@router.post("/articles", status_code=201)
async def post_articles(request: Request, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    """Ingest and analyse files (multipart field ``files``) and URLs (field ``urls``, one per line).

    Needs ``Authorization: Bearer <PARALLAX_TOKEN>``; without a configured token the app is read-only."""
    if not request.app.state.token:
        raise HTTPException(403, "this server is read-only (start it with PARALLAX_TOKEN set to allow ingest)")
    if not token_ok(bearer_token(authorization), request.app.state.token):
        raise HTTPException(401, "a valid token is required", headers={"WWW-Authenticate": "Bearer"})
    files, urls, _ = await read_upload(request)
    if not files and not urls:
        raise HTTPException(422, "nothing to ingest: send files or urls")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(ingest_upload, store_of(request), files, urls)

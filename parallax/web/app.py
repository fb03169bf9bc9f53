"""The web app: server-rendered pages over the store, and their JSON twins under ``/api``.

Everything shown comes from articles, so everything is untrusted: templates autoescape, a strict
Content-Security-Policy forbids inline script and style, article links are shown only when they
are plain http(s), and writing needs the ``PARALLAX_TOKEN`` compared in constant time.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from parallax import __version__
from parallax.store import Store
from parallax.web import views

HERE = Path(__file__).parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


#: The largest integer every supported database stores: paging parameters are bounded by it (422 past it).
DB_INT_MAX = 2**63 - 1
#: A search query longer than this is refused (422): each of its words is one more full-text term.
MAX_QUERY = 1000


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; any other header gives none."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def token_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time token check; with no token configured nothing may write."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def create_app(db: str | None = None, *, token: str | None = None) -> FastAPI:
    """The app over the store at ``db`` (URL or SQLite path; default ``$PARALLAX_DB``).

    ``token`` (default ``$PARALLAX_TOKEN``) enables ingest through the API and the upload form.
    """
    from parallax.web import api, changes, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Parallax",
        version=__version__,
        description="Storylines, cross-checked facts and annotated articles from a Parallax store.",
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = Store.open(db)
    app.state.token = token if token is not None else os.environ.get("PARALLAX_TOKEN") or None
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        span_link=views.span_link, entity_link=views.entity_link, safe_url=views.safe_url, marks=views.MARKS
    )
    app.state.templates = templates
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(changes.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail}, status_code=exc.status_code
        )

    return app


def store_of(request: Request) -> Store:
    return request.app.state.store


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    context = {"writable": bool(request.app.state.token), **context}
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)

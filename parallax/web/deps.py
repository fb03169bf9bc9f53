"""What every route needs from the app: its store, the write token check, and page rendering.

Routes import this module, and the app module imports the routes; nothing imports the app module
back, so the web package has no import circle.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from parallax.store import Store

#: The largest integer every supported database stores: paging parameters are bounded by it (422 past it).
DB_INT_MAX = 2**63 - 1
#: A search query longer than this is refused (422): each of its words is one more full-text term.
MAX_QUERY = 1000


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; any other header gives none."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def store_of(request: Request) -> Store:
    return request.app.state.store


def token_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time token check; with no token configured nothing may write."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    context = {"writable": bool(request.app.state.token), **context}
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)

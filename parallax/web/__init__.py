"""The web app (``parallax serve``): pages and a JSON API over the store. Needs the ``web`` extra."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db: str | None = None, *, token: str | None = None) -> FastAPI:
    """See ``parallax.web.app.create_app``; imported lazily so the core install needs no web packages."""
    try:
        from parallax.web.app import create_app as create
    except ImportError:
        from parallax.errors import MissingDependency

        raise MissingDependency("the web app", "web") from None
    return create(db, token=token)

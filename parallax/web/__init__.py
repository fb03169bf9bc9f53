"""The web app (``parallax serve``): pages and a JSON API over the store. Needs the ``web`` extra."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

_NEEDS = ("fastapi", "uvicorn", "jinja2", "multipart")


def create_app(db: str | None = None, *, token: str | None = None) -> FastAPI:
    """See ``parallax.web.app.create_app``; imported lazily so the core install needs no web packages."""
    if any(importlib.util.find_spec(name) is None for name in _NEEDS):
        from parallax.errors import MissingDependency

        raise MissingDependency("the web app", "web")
    from parallax.web.app import create_app as create

    return create(db, token=token)

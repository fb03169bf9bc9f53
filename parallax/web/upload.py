"""Ingest through the web: uploaded files and URLs, analysed as one set like `parallax analyze`.

Uploaded names are reduced to a safe base name inside a fresh temporary folder (no path
traversal); the total size is capped before anything is parsed. Submitted URLs are fetched only
from public addresses (``pipeline.analyze(public_only=True)``): the server's own loopback,
private and link-local networks stay out of reach of whoever holds the token, after redirects too.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parallax import pipeline
from parallax.store import Store

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FILES = 200
#: URLs per submission: each may take the fetch's whole time cap.
MAX_URLS = 50
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(name: str, index: int) -> str:
    """A base name with only word characters, dots and dashes; never empty, never hidden."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")
    return base[:120] or f"upload-{index}.txt"


def ingest_upload(store: Store, files: Sequence[tuple[str, bytes]], urls: Sequence[str]) -> dict[str, Any]:
    """Write the files to a temporary folder, analyse them with the URLs, and say what happened."""
    with tempfile.TemporaryDirectory(prefix="parallax-upload-") as tmp:
        paths: list[str] = []
        used: set[str] = set()
        for i, (name, content) in enumerate(files):
            target = safe_name(name, i)
            while target in used:
                target = f"{i}-{target}"
            used.add(target)
            (Path(tmp) / target).write_bytes(content)
            paths.append(str(Path(tmp) / target))
        dossier, report = pipeline.analyze([*paths, *urls], store, public_only=True)
    return {
        "counts": report.counts,
        "articles": report.article_ids,
        "storylines": [{"id": s.id, "title": s.title, "articles": list(s.articles)} for s in dossier.storylines],
        "errors": [_public_error(str(e)) for e in report.errors],
    }


def _public_error(message: str) -> str:
    """An error line without the server's temporary folder in it."""
    return re.sub(r"\S*parallax-upload-[^/\s]+/", "", message)

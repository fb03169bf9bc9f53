"""Article ids: a file's stem, a JSONL row's ``id``, or a short stable hash of a URL."""

from __future__ import annotations

import hashlib


def url_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]

"""Article ids: a file's stem, a JSONL row's ``id``, or a short stable hash of a URL.

An id shows in URLs, file names of exports and error lines, so it never holds a control
character (a newline in a file name), a lone surrogate, or more than ``MAX_ID`` characters.
"""

from __future__ import annotations

import hashlib
import re

from parallax.ingest.readers.valid import valid_text

MAX_ID = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def url_id(url: str) -> str:
    return short_hash(url, 16)


def short_hash(text: str, size: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:size]


def clean_id(text: str) -> str:
    """An id as given, with control characters turned into ``_``, white space at its ends
    dropped, and a long one cut, keeping it unique by a hash of the whole (``""`` stays empty)."""
    safe = valid_text(_UNSAFE.sub("_", text)).strip()
    if len(safe) > MAX_ID:
        safe = f"{safe[: MAX_ID - 17]}-{short_hash(text, 16)}"
    return safe

"""Text as the store can keep it: valid Unicode, whatever the input held.

JSON escapes (``"\\ud800"``), feed character references (``&#xd800;``) and file names that are not
UTF-8 (Python reads them as lone surrogates) carry characters that no UTF-8 encoder accepts; NUL
is valid Unicode but PostgreSQL refuses it in text. Each is replaced by U+FFFD, the character
Unicode reserves for "a character was lost here", so the article still reads and the loss stays
visible: ``build_article`` counts every U+FFFD of the raw text into ``Article.removed``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from parallax.model import RawDocument

REPLACEMENT = "\ufffd"
_INVALID = re.compile("[\x00\ud800-\udfff]")
_TEXT_FIELDS = ("content", "source", "url", "title", "outlet", "published", "retrieved")


def valid_text(text: str) -> str:
    """``text`` with every lone surrogate and NUL replaced by U+FFFD."""
    return _INVALID.sub(REPLACEMENT, text)


def valid_document(doc: RawDocument) -> RawDocument:
    """The document with every text field valid (the id is made safe by ``ids.clean_id``)."""
    changes: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(doc, name)
        if value is not None and _INVALID.search(value):
            changes[name] = valid_text(value)
    if any(_INVALID.search(a) for a in doc.authors):
        changes["authors"] = tuple(valid_text(a) for a in doc.authors)
    return replace(doc, **changes) if changes else doc

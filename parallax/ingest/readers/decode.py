"""Bytes → text: binary files refused, byte-order marks honoured, UTF-8 first, then the page's own
charset, then detection; never silent mojibake."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from parallax.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside a UTF-16 text) or many control characters: not text, not HTML."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Decode a document's bytes; raises ``InputError`` naming ``source`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if looks_binary(data):
        raise InputError(source, "binary file, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii"), errors="strict")
            except (LookupError, UnicodeDecodeError):
                pass
    high = sum(1 for b in data[:65536] if b >= 0x80) / max(1, min(len(data), 65536))
    if high < 0.1:  # mostly ASCII with a few accented letters: a single-byte Western encoding
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    return data.decode("cp1252", errors="replace")

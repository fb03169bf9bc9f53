"""Bytes → text: binary files refused, byte-order marks honoured, UTF-16 without one recognised by
its zero bytes, UTF-8 first, then the page's own charset, then detection; never silent mojibake."""

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


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 saved without a byte-order mark, told by where its zero bytes fall: in
    text mostly of Latin letters every other byte is zero (the second of each pair in little-endian,
    the first in big-endian), which no binary format shows. None when it is not such text."""
    head = data[:8192]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    first, second = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if second >= 0.3 * pairs and first <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif first >= 0.3 * pairs and second <= 0.02 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\f\r")
    return text if controls <= 0.01 * len(sample) else None


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Decode a document's bytes; raises ``InputError`` naming ``source`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if looks_binary(data):
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise InputError(
            source, "binary file, not text or HTML", hint="if it is UTF-16 text, save it with a byte-order mark"
        )
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

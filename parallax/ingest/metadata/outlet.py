"""The outlet: given by the input, else the URL's host, else the page's own copyright line.
Conservative: no outlet beats a wrong one."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<name>(?:The\s+)?[A-Z][\w&'’-]*"
    r"(?:\s+(?:(?:of|the|and|for|de|du|la|el)\s+)?[A-Z][\w&'’-]*){0,4})"
)


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    return host or None


def outlet_from_text(lines: list[str]) -> str | None:
    for line in reversed(lines[-15:]):
        m = _COPYRIGHT.search(line)
        if m and not re.match(r"(?i)all rights", m["name"]):
            return re.sub(r"\s+(?:Ltd|Limited|Inc|LLC|GmbH|plc|All|Public)$", "", m["name"]).strip()
    return None

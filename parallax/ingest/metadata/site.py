"""What an HTML page's markup says about the site that published it.

Site names come from the page's structured metadata: ``og:site_name``, the JSON-LD ``publisher``
(and ``isPartOf``/``sourceOrganization``), ``application-name`` and the ``publisher``/``cre`` meta
names. The page's address comes from its canonical link or ``og:url`` when the input gave none. The
``<title>`` element is kept whole: its non-headline segments ("... | PerthNow") name the site
too, but only when something else on the page confirms them (see ``outlet``). A handle
(``twitter:site``) is kept apart: it spells the site's name, it is not one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

#: Meta names and properties whose content is the site's own name, best first.
_NAME_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "cre", "apple-mobile-web-app-title")
_HANDLE_KEYS = ("twitter:site", "twitter:app:name:iphone", "twitter:app:name:googleplay")
_LD_PARTS = ("publisher", "sourceOrganization", "isPartOf", "provider")


@dataclass(frozen=True, slots=True)
class SiteMeta:
    names: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    title: str | None = None
    url: str | None = None


def _plausible(name: str) -> bool:
    """A site name, not a URL, a sentence, a copyright notice or a placeholder."""
    name = name.strip()
    if not 2 <= len(name) <= 60 or len(name.split()) > 7:
        return False
    if re.search(r"https?:|/|©|\bcopyright\b|\ball rights\b|\{\{|\bundefined\b|\bnull\b", name, re.IGNORECASE):
        return False
    return any(c.isalpha() for c in name)


def _ld_names(node: Any, depth: int = 0) -> list[str]:
    """Publisher names anywhere in a JSON-LD document (``@graph`` lists and nesting included)."""
    if depth > 6:
        return []
    out: list[str] = []
    if isinstance(node, list):
        for item in node:
            out += _ld_names(item, depth + 1)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(k in ("NewsMediaOrganization", "WebSite") for k in kinds if isinstance(k, str)):
            name = node.get("name")
            if isinstance(name, str):
                out.append(name)
        for key in _LD_PARTS:
            part = node.get(key)
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, dict) and isinstance(part.get("name"), str):
                out.append(part["name"])
            elif isinstance(part, list):
                out += [p["name"] for p in part if isinstance(p, dict) and isinstance(p.get("name"), str)]
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in node:
                out += _ld_names(node[key], depth + 1)
    return out


def read_site(tree: HtmlElement) -> SiteMeta:
    """Site names, handles, the ``<title>`` text and the canonical address of a parsed page."""
    metas: dict[str, list[str]] = {}
    url = None
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if key and content:
            metas.setdefault(key, []).append(content)
    names: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text, strict=False)
            except ValueError:
                continue
            names += _ld_names(data)
    for key in _NAME_KEYS:
        names += metas.get(key, [])
    names = [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if _plausible(n)]
    handles = tuple(dict.fromkeys(h.lstrip("@") for key in _HANDLE_KEYS for h in metas.get(key, []) if h.strip("@")))
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and (el.get("href") or "").startswith("http"):
            url = el.get("href")
            break
    if url is None:
        og = [u for u in metas.get("og:url", []) if u.startswith("http")]
        url = og[0] if og else None
    title_el = next(iter(tree.iter("title")), None)
    title = " ".join((title_el.text_content() if title_el is not None else "").split()) or None
    return SiteMeta(names=tuple(names), handles=handles, title=title, url=url)

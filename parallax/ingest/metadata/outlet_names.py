"""Outlet names: how a name or a domain is compared, looked up and told apart from other words.

One outlet shows under several forms on one page and across pages: "The Kyiv Independent" in a
signature, "kyivindependent.com" in the address, "Russia Today" on an aggregator's card and "RT"
on its own site. ``squash`` reduces a name to the letters that identify it, so a domain and a
masthead can be compared; the reference tables (``parallax.data.outlets``, the agencies) give the
display name of well-known outlets and merge their aliases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

from parallax.data.outlets import OUTLETS
from parallax.ingest.metadata.agencies import agency
from parallax.ingest.text.lines import STOPWORDS

#: Words that end the name of a product of the outlet, not the outlet ("Daily8 AI", "Herald App").
_PRODUCT_WORDS = frozenset(["ai", "app", "apps", "plus", "premium", "pro", "beta"])
#: Words that end a news outlet's name and little else ("The Lantern Dispatch", "Northgate Courier");
#: weaker ones ("Star", "Report", "Media", "Network") name too many other things.
_OUTLET_END_WORDS = frozenset(
    [
        "post",
        "times",
        "news",
        "herald",
        "journal",
        "telegraph",
        "tribune",
        "gazette",
        "chronicle",
        "courier",
        "independent",
        "guardian",
        "observer",
        "mirror",
        "express",
        "daily",
        "weekly",
        "magazine",
        "dispatch",
        "press",
        "radio",
        "tv",
        "television",
        "broadcasting",
        "broadcaster",
        "agency",
        "wire",
        "newswire",
        "today",
        "bulletin",
    ]
)
#: Navigation and section labels ("World News", "Entertainment", "Previous Post"): no outlet's name.
_SECTION_WORDS = frozenset(
    [
        "world",
        "local",
        "national",
        "international",
        "business",
        "sports",
        "sport",
        "politics",
        "political",
        "breaking",
        "latest",
        "top",
        "us",
        "uk",
        "tech",
        "technology",
        "entertainment",
        "health",
        "science",
        "environment",
        "opinion",
        "opinions",
        "more",
        "other",
        "related",
        "regional",
        "global",
        "financial",
        "finance",
        "money",
        "markets",
        "weather",
        "travel",
        "good",
        "fake",
        "our",
        "your",
        "their",
        "home",
        "news",
        "article",
        "articles",
        "story",
        "stories",
        "video",
        "videos",
        "photos",
        "life",
        "lifestyle",
        "culture",
        "arts",
        "art",
        "style",
        "fashion",
        "food",
        "music",
        "movies",
        "film",
        "books",
        "education",
        "cars",
        "autos",
        "motoring",
        "jobs",
        "careers",
        "classifieds",
        "obituaries",
        "community",
        "blogs",
        "blog",
        "radio",
        "tv",
        "podcasts",
        "podcast",
        "future",
        "recent",
        "popular",
        "previous",
        "next",
        "newer",
        "older",
        "archive",
        "archives",
        "section",
        "sections",
        "daily",
        "weekly",
        "features",
        "feature",
        "special",
        "reports",
        "report",
        "media",
        "press",
        "releases",
        "release",
        "today",
        "main",
        "front",
        "page",
        "pages",
        "edition",
        "editions",
        "print",
        "digital",
        "online",
        "contact",
        "about",
        "help",
        "web",
        "site",
        "website",
        "published",
        "updated",
        "posted",
        "rss",
        "feed",
        "feeds",
        "alerts",
        "updates",
        "comments",
        "posts",
        "email",
        "newsletter",
        "newsletters",
        "offers",
        "deals",
        "promotions",
        "contests",
    ]
)
_COMPANY_SUFFIX = re.compile(
    r"[\s,]+(?:Ltd\.?|Limited|Inc\.?|Incorporated|LLC|L\.L\.C\.|GmbH|AG|S\.A\.|SA|plc|PLC|Co\.|Corp\.?|Corporation"
    r"|Company|Group|Holdings|Media Group|Pty)$"
)
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", re.IGNORECASE)


def squash(name: str) -> str:
    """The letters and digits of a name, lower-cased and without accents or a leading "the", and a
    domain without its suffix: "The Kyiv Independent" and "kyivindependent.com" both give
    "kyivindependent"."""
    text = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode().lower()
    if _DOMAIN.match(text):
        text = domain_label(text) or text
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def registrable_domain(host_or_url: str | None) -> str | None:
    """The domain an organisation registered: "thecaucus.blogs.nytimes.com" → "nytimes.com",
    "www.bbc.co.uk" → "bbc.co.uk"; a blog host's own subdomain stays ("x.blogspot.com")."""
    if not host_or_url:
        return None
    url = host_or_url if "//" in host_or_url else "http://" + host_or_url
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host or "." not in host or re.fullmatch(r"[\d.]+", host):
        return None
    from tld import get_tld

    found = get_tld("http://" + host, as_object=True, fail_silently=True, search_private=True)
    if found is None:  # an unknown suffix ("cws.example"): the host less "www." and "m."
        return re.sub(r"^(?:www\d*|m|mobile|amp)\.", "", host)
    return found.fld


def domain_label(domain: str) -> str | None:
    """The name part of a domain: "kyivindependent" of "kyivindependent.com"."""
    fld = registrable_domain(domain)
    if not fld:
        return None
    from tld import get_tld

    found = get_tld("http://" + fld, as_object=True, fail_silently=True, search_private=True)
    return found.domain if found is not None else fld.split(".")[0]


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for display, aliases, domains in OUTLETS:
        for alias in (display, *aliases):
            by_name.setdefault(squash(alias), display)
        for domain in domains:
            by_domain[domain] = display
    return by_name, by_domain


def known_outlet(name: str) -> str | None:
    """The display name of a well-known outlet written as ``name`` ("Russia Today" → "RT")."""
    return _table()[0].get(squash(name)) if name.strip() else None


def outlet_of_domain(domain: str) -> str | None:
    """The display name of a well-known outlet at ``domain`` (any of its subdomains)."""
    host = domain.lower().removeprefix("www.")
    by_domain = _table()[1]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        hit = by_domain.get(".".join(parts[i:]))
        if hit:
            return hit
    return None


def is_domain(name: str) -> bool:
    return bool(_DOMAIN.match(name.strip()))


_COMPANY = re.compile(
    r"(?:^|[\s,])(?:Ltd|Limited|Inc|Incorporated|LLC|L\.L\.C|GmbH|AG|S\.A|plc|PLC|Co|Corp|Corporation|Company"
    r"|Group|Holdings|Pty|Newspapers?|Publishing|Publications|Interactive|Enterprises|Ventures|Communications"
    r"|Media|Digital|Networks?|Broadcasting|Systems|Properties|Printers|Ltée)\b"
)


def is_company(text: str) -> bool:
    """A company's name ("Globe Newspaper Company", "Michigan Live LLC"): the owner, not the title."""
    return bool(_COMPANY.search(text))


def tidy(name: str) -> str:
    """A name as a reader should see it: spaces collapsed, a company suffix, a product word and
    stray punctuation dropped, an all-caps masthead in title case ("THE LANTERN DISPATCH")."""
    name = " ".join(name.split()).strip(" .,;:|-–—·•*\"'“”‘’<>»«")
    name = re.sub(r"(?i)[\s.,;-]+all rights reserved\.?$", "", name)
    name = _COMPANY_SUFFIX.sub("", name).strip(" ,.")
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _PRODUCT_WORDS:
        words.pop()
    name = " ".join(words)
    if name.isupper() and len(name) > 4 and " " in name:
        name = " ".join(w if len(w) <= 3 and w != "THE" else w.title() for w in name.split())
    if name.startswith("the "):
        name = "The " + name[4:]
    return name


def looks_like_outlet(name: str) -> bool:
    """A name that can only be a news outlet or agency: a well-known one, or a run of capitalised
    words ending in a media word ("The Lantern Dispatch", "Northgate Courier") that is not a
    section label ("World News"), or a news domain."""
    name = name.strip()
    if not name:
        return False
    if known_outlet(name) or agency(name):
        return True
    words = name.split()
    if not 2 <= len(words) <= 6 or not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _JOINERS for w in words):
        return False
    if words[-1].lower() not in _OUTLET_END_WORDS:
        return False
    return not is_section_label(name)


def is_section_label(name: str) -> bool:
    """A label of the site's navigation or sections ("Top News", "Entertainment"), not a name."""
    words = [w.lower() for w in re.findall(r"[\w']+", name) if w.lower() not in _JOINERS]
    return bool(words) and all(w in _SECTION_WORDS for w in words)


_JOINERS = frozenset(["the", "of", "and", "&", "for", "de", "du", "la", "el", "le"])


_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def plain_name(name: str) -> bool:
    """A name and nothing else: up to four words, no sentence words ("Nothing Inside But Sport"),
    no date ("Published January 18th"), no section label ("Web Site"); a domain is one too."""
    if is_domain(name):
        return True
    words = [w.lower() for w in re.findall(r"[\w'’.&-]+", name)]
    if not 1 <= len(words) <= 4 or is_section_label(name) or any(c.isdigit() for c in name):
        return False
    if len(words) == 1 and not re.search(r"[a-z][A-Z]|^[A-Z]{2,}$", name):
        return False  # one plain word ("Prospects", "Challenge") is as likely a section as a site
    return not any(w in _MONTHS or (w in STOPWORDS and w not in _JOINERS) for w in words)


def display_name(name: str) -> str:
    """The name to show: a well-known outlet's or agency's own, else the name tidied."""
    return agency(name) or known_outlet(name) or tidy(name)


def outlet_key(name: str) -> str:
    """One key per outlet, for counting sources: aliases and domains of one outlet give one key."""
    name = name.strip()
    if is_domain(name):
        known = outlet_of_domain(name)
        if known:
            return squash(known)
    known = agency(name) or known_outlet(name)
    return squash(known or name) or name.lower()

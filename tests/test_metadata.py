"""Metadata from the page: authors, stated date (never a caption's), outlet, cites, language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parallax.ingest.metadata import extract_metadata
from parallax.ingest.text import clean_text


def meta(raw: str, **kw):
    return extract_metadata(raw, clean_text(raw).body, **kw)


def test_samples(seeds: Path) -> None:
    expected = yaml.safe_load((seeds / "expected.yaml").read_text(encoding="utf-8"))["articles"]
    for aid, e in expected.items():
        m = meta((seeds / f"{aid}.txt").read_text(encoding="utf-8"))
        assert m.published == (str(e["published"]) if e["published"] else None), aid
        for trap in e.get("not_published", []):
            assert m.published != str(trap)
        if "author" in e:
            assert e["author"] in m.authors
        for src in e.get("cites", []):
            assert any(src.lower() in c.lower() for c in m.cites), (aid, m.cites)
        assert m.language == "en"


BODY = (
    "Officials said on Friday that the river had risen three metres overnight and that hundreds of "
    "families had left their homes, according to Reuters."
)


@pytest.mark.parametrize(
    ("header", "authors", "published"),
    [
        ("By Jane Holm and Piet de Vries\nMarch 14, 2025 10:57 PM", ("Jane Holm", "Piet de Vries"), "2025-03-14"),
        ("Jane Holm | 14 March 2025", ("Jane Holm",), "2025-03-14"),
        ("Author: Jane Holm\nUpdated 2025-03-15", ("Jane Holm",), "2025-03-15"),
        ("By AFP - May 19,2025", (), "2025-05-19"),
        ("Home | News | Sport\nBy Staff Reporter", (), None),
        ("Rescuers on the bridge on March 3, 2024. Photo: AFP / Ann Berg", (), None),
        # numeric dates: a number above 12 says which is the day; otherwise unknown, never guessed
        ("Posted 14.03.2025 08:10", (), "2025-03-14"),
        ("UPDATED 06/13/2013 at 11:00 AM EDT", (), "2013-06-13"),
        ("UPDATED 05/03/2013 at 11:00 AM EDT", (), None),
        ("Posted 05/03/2013, updated May 3, 2013", (), "2013-05-03"),
    ],
)
def test_bylines_and_datelines(header: str, authors: tuple[str, ...], published: str | None) -> None:
    m = extract_metadata(header + "\n" + BODY, BODY)
    assert m.authors == authors
    assert m.published == published


def test_relative_dates_need_a_retrieval_time() -> None:
    raw = "Posted 6 hours ago\n" + BODY
    assert extract_metadata(raw, BODY).published is None
    assert extract_metadata(raw, BODY, retrieved="2025-03-14T20:00:00+00:00").published == "2025-03-14"


@pytest.mark.parametrize(
    ("body", "cites"),
    [
        ("The toll rose, according to state news agency TASS.", ("TASS",)),
        ("He said so, The Caspian Post reports, citing Anadolu.", ("Anadolu", "The Caspian Post")),
        ("The minister told the Associated Press on Monday that talks would go on.", ("AP",)),
        ("WASHINGTON (Reuters) - The Senate voted on Monday.", ("Reuters",)),
        ("Prices rose, according to Peskov, the Kremlin spokesman.", ()),
        ("The dam failed, the Daily Example reported.", ()),  # the outlet itself
    ],
)
def test_cited_sources(body: str, cites: tuple[str, ...]) -> None:
    assert extract_metadata(body, body, outlet="The Daily Example").cites == cites


def test_outlet_from_url_input_or_copyright() -> None:
    assert extract_metadata(BODY, BODY, url="https://www.example-news.org/a/1").outlet == "example-news.org"
    assert extract_metadata(BODY, BODY, outlet="Given Name", url="https://x.org").outlet == "Given Name"
    assert extract_metadata(BODY + "\n© 2025 Voice of Kestavia. All rights reserved.", BODY).outlet == (
        "Voice of Kestavia"
    )


def test_language() -> None:
    german = "Die Regierung hat am Freitag angekündigt, dass die Gespräche in der nächsten Woche fortgesetzt werden."
    assert extract_metadata(german, german).language == "de"
    assert extract_metadata("", "").language is None

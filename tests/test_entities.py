"""Entities: recognition corrections and corpus-wide linking, on hand-built inputs and the samples."""

from __future__ import annotations

import re

import pytest

from parallax.annotate.entities import find_mentions, link_entities
from parallax.annotate.entities.gazetteer import lookup
from parallax.annotate.entities.names import fold, name_tokens, split_glued, token_key
from parallax.model import Article, Mention


def article(aid: str, body: str, *names: tuple[str, str]) -> Article:
    """An article whose mentions are the given (surface, label) pairs at their first occurrence."""
    mentions = []
    for surface, label in names:
        start = body.index(surface)
        mentions.append(Mention(start, start + len(surface), surface, label, surface))
    return Article(id=aid, body=body, mentions=tuple(sorted(mentions, key=lambda m: m.start)))


def entity_of(entities, form: str):
    holders = [e for e in entities if form in e.variants]
    assert len(holders) == 1, (form, [e.canonical for e in holders])
    return holders[0]


def test_name_forms() -> None:
    assert fold("Erdoğan") == "erdogan"
    assert token_key("Zelenskyy") == token_key("Zelensky") == token_key("Zelenskiy")
    assert split_glued("RustemUmerov") == ("Rustem", "Umerov")
    assert split_glued("McDonald") is None
    assert name_tokens("Defence Minister RustemUmerov's") == ["Rustem", "Umerov"]


def test_gazetteer_knows_transliterations_and_country_names() -> None:
    assert lookup("Kiev").key == lookup("Kyiv").key
    assert lookup("Türkiye").key == lookup("Turkey").key
    assert lookup("MOSCOW").canonical == "Moscow"
    assert lookup("Agence France-Presse").canonical == "AFP"
    assert lookup("Tuesday") is None


def test_spellings_of_one_person_link_across_articles() -> None:
    arts = [
        article(
            "a",
            "President Volodymyr Zelensky spoke. Zelensky said more.",
            ("Volodymyr Zelensky", "PERSON"),
            ("Zelensky", "PERSON"),
        ),
        article("b", "Ukrainian president VolodymyrZelensky arrived.", ("VolodymyrZelensky", "PERSON")),
        article("c", "A meeting with (Volodymyr) Zelenskyy is possible.", ("Volodymyr", "ORG")),
    ]
    linked, entities = link_entities(arts)
    z = entity_of(entities, "Zelensky")
    assert z.canonical == "Volodymyr Zelensky"
    assert {"Volodymyr Zelensky", "VolodymyrZelensky", "Zelenskyy"} <= set(z.variants)
    assert z.variants["Zelenskyy"] == ("c",)
    assert all(m.canonical == "Volodymyr Zelensky" for a in linked for m in a.mentions if m.label == "PERSON")


def test_surname_alone_joins_the_full_name_and_titles_are_stripped() -> None:
    arts = [
        article("a", "Defence Minister Rustem Umerov said so.", ("Rustem Umerov", "PERSON")),
        article("b", "Umerov disagreed with Peskov.", ("Umerov", "PERSON"), ("Peskov", "PERSON")),
        article("c", "Kremlin spokesman Dmitry Peskov said.", ("Dmitry Peskov", "PERSON")),
    ]
    _, entities = link_entities(arts)
    assert entity_of(entities, "Umerov").canonical == "Rustem Umerov"
    assert entity_of(entities, "Peskov").canonical == "Dmitry Peskov"


def test_different_given_names_stay_apart() -> None:
    arts = [article("a", "Joe Biden met Hunter Biden.", ("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"))]
    _, entities = link_entities(arts)
    assert entity_of(entities, "Joe Biden") is not entity_of(entities, "Hunter Biden")


def test_places_link_by_gazetteer_and_keep_each_outlets_spelling() -> None:
    arts = [
        article("rt", "Talks with Kiev resumed.", ("Kiev", "GPE")),
        article("ki", "Talks with Kyiv resumed.", ("Kyiv", "PERSON")),
    ]
    _, entities = link_entities(arts)
    kyiv = entity_of(entities, "Kiev")
    assert kyiv.canonical == "Kyiv"
    assert kyiv.variants == {"Kiev": ("rt",), "Kyiv": ("ki",)}


@pytest.fixture(scope="module")
def nlp():
    from parallax.annotate.nlp import load_nlp

    return load_nlp()


def test_recognition_corrects_the_tagger(nlp) -> None:
    text = (
        "Trump spoke to Putin. Donald Trump later said Kiev and Kyiv are one city, "
        "and Defence Minister RustemUmerov agreed, according to AFP."
    )
    mentions = {m.text: m.label for m in find_mentions(text, nlp(text))}
    assert mentions["Trump"] == "PERSON"
    assert mentions["Kiev"] == "GPE" and mentions["Kyiv"] == "GPE"
    assert mentions["RustemUmerov"] == "PERSON"
    assert mentions["AFP"] == "ORG"
    assert all(text[m.start : m.end] == m.text for m in find_mentions(text, nlp(text)))


def test_samples_entities(nlp, seeds) -> None:
    """The samples' expected referents, each one entity holding all its spellings (bodies cut by hand
    at the first obvious boilerplate block, so this tests entities, not cleaning)."""
    import yaml

    expected = yaml.safe_load((seeds / "expected.yaml").read_text(encoding="utf-8"))["entities"]
    arts = []
    for path in sorted(seeds.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        for marker in ("\nHashtags", "\nRelated news"):
            body = body.split(marker)[0]
        arts.append(Article(id=path.stem, body=body, mentions=tuple(find_mentions(body, nlp(body)))))
    _, entities = link_entities(arts)
    bodies = "\n".join(a.body for a in arts)
    for canonical, variants in expected.items():
        present = [v for v in variants if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", bodies)]
        holders = [e for e in entities if any(v in e.variants for v in present)]
        assert len(holders) == 1, (canonical, [h.canonical for h in holders])
        assert set(present) <= set(holders[0].variants), (canonical, holders[0].variants)

"""Storylines cross-checked while articles are still being annotated (``analyze_as_annotated``): the
same analyses as one storyline at a time, handed on in the storylines' order whatever order the
articles arrive in."""

from __future__ import annotations

from parallax.analysis import analyze_as_annotated, analyze_storyline, in_storyline_order
from parallax.annotate.pipeline import annotate_each
from parallax.model import Article, Event, Storyline

TEXTS = {
    "a1": "Rain closed the Verlo bridge on Monday. The city said 40 workers would repair it within a week.",
    "a2": "The Verlo bridge was closed by rain on Monday, and the city sent 40 workers to repair it.",
    "b1": "The Kesta museum opened a hall of old maps. Director Ana Voss said the hall cost 2 million euros.",
    "b2": "A hall of old maps opened at the Kesta museum; it cost 3 million euros, director Ana Voss said.",
    "c1": "Snow is expected in the hills of Orla on Friday, the weather office said.",
}


def _storyline(sid: str, ids: tuple[str, ...]) -> Storyline:
    return Storyline(id=sid, title=sid, articles=ids, events=(Event(f"e-{sid}", sid, ids),))


LINES = [_storyline("b", ("b1", "b2")), _storyline("a", ("a1", "a2")), _storyline("c", ("c1",))]


def _annotated() -> dict[str, Article]:
    return {a.id: a for a in annotate_each([Article(id=k, body=v, title=k) for k, v in TEXTS.items()])}


def test_same_analyses_in_storyline_order_whatever_order_articles_arrive() -> None:
    annotated = _annotated()
    one_by_one = [analyze_storyline(line, [annotated[i] for i in line.articles]) for line in LINES]
    # the case is not trivial: outlets' reports meet in one fact
    assert any(len(c.articles) >= 2 for line, _ in one_by_one for c in line.claims)
    for order in (in_storyline_order(LINES, annotated.values()), sorted(annotated.values(), key=lambda a: a.id)[::-1]):
        assert list(analyze_as_annotated(LINES, iter(order))) == one_by_one


def test_an_article_that_never_arrives_leaves_its_storyline_to_the_others() -> None:
    annotated = _annotated()
    out = list(analyze_as_annotated(LINES, (a for a in annotated.values() if a.id != "a2")))
    assert [line.id for line, _ in out] == ["b", "a", "c"]
    assert [a.id for a in out[1][1]] == ["a1"]


def test_stemming_from_several_threads_gives_each_word_its_own_stem() -> None:
    """Storylines are cross-checked on threads; a stemmer shared by them mixed up their words."""
    import random
    import string
    from concurrent.futures import ThreadPoolExecutor

    from parallax.language.terms import stem

    rng = random.Random(0)
    words = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 12))) + "ings" for _ in range(60_000)
    ]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(stem, words, chunksize=50))
    stem.cache_clear()
    assert threaded == [stem(w) for w in words]

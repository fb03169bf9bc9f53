"""Wording framing on hand-built claims: a substitution in a shared frame between related words."""

from __future__ import annotations

from parallax.compare.framing import wording_framing
from parallax.model import Claim, Framing, Report, Status


def _claim(*texts: tuple[str, str]) -> Claim:
    reports = tuple(Report(aid, 0, len(text), text, None) for aid, text in texts)
    return Claim("c", texts[0][1], Status.AGREED, reports, independent_sources=len(texts))


OUTLETS = {"a": "Daily A", "b": "Daily B"}


def _referents(claims: list[Claim], *, meaning: bool) -> set[str]:
    from parallax.compare.embedding import Embedder

    return {f.referent for f in wording_framing(claims, OUTLETS, Embedder() if meaning else None)}


def test_a_substitution_in_a_shared_frame_is_framing() -> None:
    claims = [
        _claim(
            ("a", "The rebels agreed to a truce around the port."),
            ("b", "The rebels agreed to a ceasefire around the port."),
        )
    ]
    found = wording_framing(claims, OUTLETS)
    assert found == [Framing("ceasefire / truce", "wording", {"ceasefire": ("b",), "truce": ("a",)})]
    assert _referents(claims, meaning=True) == {"ceasefire / truce"}


def test_words_that_only_line_up_are_not_framing() -> None:
    # different sentence shapes: the diff lines up words at the edge of the sentence, with no frame after them
    edge = _claim(
        ("a", "The mayor opened the bridge on Friday, officials announced."),
        ("b", "The mayor opened the bridge on Friday, reporters heard."),
    )
    assert _referents([edge], meaning=False) == set()
    # a shared frame around unrelated words: their meanings are too far apart
    unrelated = _claim(("a", "The toll at the dam rose on Friday."), ("b", "The toll at the dam collapsed on Friday."))
    assert _referents([unrelated], meaning=False) == {"collapsed / rose"}
    assert _referents([unrelated], meaning=True) == set()


def test_one_outlet_is_not_contrasted_with_itself() -> None:
    claims = [
        _claim(
            ("a", "The rebels agreed to a truce around the port."),
            ("b", "The rebels agreed to a ceasefire around the port."),
        )
    ]
    assert wording_framing(claims, {"a": "Daily A", "b": "Daily A"}) == []


def test_grammar_is_not_wording() -> None:
    # tense and modality ("is expected to take" / "took") are the fact's hedging, not word choice
    tense = _claim(
        ("a", "The vote is expected to take place in the capital on Sunday."),
        ("b", "The vote took place in the capital on Sunday."),
    )
    plural = _claim(("a", "Rescuers found two children near the dam."), ("b", "Rescuers found two child near the dam."))
    assert _referents([tense, plural], meaning=False) == set()

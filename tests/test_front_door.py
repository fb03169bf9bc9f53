"""The Python front door (``import parallax``): paths, texts of real length and mappings in, one
typed dossier out; bad inputs are listed, not raised."""

from __future__ import annotations

from pathlib import Path

import parallax
from parallax.model import Status

WIRE = (
    "The two governments agreed on Monday to exchange 200 prisoners each after talks in Geneva that "
    "lasted nine hours, officials from both delegations said. The exchange is to take place at a "
    "border crossing next week, and a second round of talks is planned for the end of the month. "
    "Neither side would say whether a ceasefire had been discussed."
)
PAPER = (
    "Negotiators meeting in Geneva on Monday settled on a swap of 200 prisoners from each side, the "
    "two delegations said after nine hours of talks. The prisoners will be handed over at a border "
    "crossing next week. A ceasefire was not on the table, one negotiator said."
)


def test_a_folder_gives_typed_storylines_with_cross_checked_claims(example_corpus: Path) -> None:
    dossier = parallax.analyze([example_corpus])
    assert isinstance(dossier.storylines[0].claims[0].status, Status)
    assert len(dossier.articles) == 14 and not dossier.errors


def test_texts_of_real_length_are_texts_not_file_names() -> None:
    """A text longer than a file name may be (255 bytes) was tried as a path and raised OSError."""
    assert len(WIRE.encode()) > 255 and "/" not in WIRE
    dossier = parallax.analyze([WIRE, PAPER])
    assert not dossier.errors and len(dossier.articles) == 2
    claims = dossier.storylines[0].claims
    assert any(c.status is Status.AGREED and len(c.articles) == 2 and "200" in c.text for c in claims)


def test_mappings_carry_their_fields_and_a_missing_path_is_an_error(tmp_path: Path) -> None:
    dossier = parallax.analyze(
        [{"text": WIRE, "title": "Prisoner swap agreed in Geneva", "outlet": "Example Wire"}, tmp_path / "gone.txt"]
    )
    assert [(a.title, a.outlet) for a in dossier.articles] == [("Prisoner swap agreed in Geneva", "Example Wire")]
    assert len(dossier.errors) == 1 and "gone.txt" in str(dossier.errors[0])

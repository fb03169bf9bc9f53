"""Time expressions: normalisation against a publication date, without one, and the dev-set gate."""

from __future__ import annotations

from datetime import date

import pytest

from bench.shared import dev_set, read_jsonl, score
from parallax.annotate.timex import find_timex

#: value F1 on timex-dev (TimeBank + AQUAINT); measured 0.764 (halves 0.765 / 0.760).
DEV_FLOOR = 0.75
ANCHOR = date(2025, 6, 27)  # a Friday


def values(text: str, anchor: date | None = ANCHOR) -> dict[str, str]:
    found = find_timex(text, anchor)
    for t in found:
        assert text[t.start : t.end] == t.text
    return {t.text: t.value for t in found}


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Putin spoke on Friday in Minsk.", "Friday", "2025-06-27"),
        ("The talks were held on Monday.", "Monday", "2025-06-23"),
        ("The delegations will meet on Monday.", "Monday", "2025-06-30"),
        ("The first round took place on May 16.", "May 16", "2025-05-16"),
        ("He said so on June 27, 2025 in Minsk.", "June 27, 2025", "2025-06-27"),
        ("Turkey hosted talks in March 2022.", "March 2022", "2022-03"),
        ("A swap took place in late May.", "late May", "2025-05"),
        ("Officials met last week.", "last week", "2025-W25"),
        ("The round was held earlier this month.", "earlier this month", "2025-06"),
        ("Spending will fall for the next three years.", "the next three years", "P3Y"),
        ("Rebels shelled the town over the weekend.", "the weekend", "2025-W25-WE"),
        ("The envoys will meet again at the weekend.", "the weekend", "2025-W26-WE"),
        (
            "Second-quarter net income rose 12% to $5 million. Sales climbed to $40 million from $36 million a "
            "year earlier.",
            "a year earlier",
            "2024-Q2",
        ),
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("They waited five and a half hours at the border.", "five and a half hours", "PT5H30M"),
        ("They proposed a 30-day ceasefire.", "30-day", "P30D"),
        ("He arrived yesterday.", "yesterday", "2025-06-26"),
        ("The company will post results in the third quarter.", "the third quarter", "2025-Q3"),
        ("Profit fell in the third quarter.", "the third quarter", "2024-Q3"),
        ("Profit fell in the third quarter from a year earlier.", "a year earlier", "2023-Q3"),
        ("Profit fell in 2024 from a year earlier.", "a year earlier", "2024"),
        ("Talks were a well-planned affair on Friday, officials said.", "Friday", "2025-06-27"),
        ("The group might arrive as soon as Tuesday.", "Tuesday", "2025-07-01"),
        ("Prices are rising now.", "now", "PRESENT_REF"),
        ("Trains run daily.", "daily", "P1D"),
        ("It happened in the 1990s.", "the 1990s", "199"),
    ],
)
def test_normalised_against_the_publication_date(text: str, expr: str, value: str) -> None:
    assert values(text).get(expr) == value


def test_without_an_anchor_values_stay_relative() -> None:
    got = values("Peskov said on Friday that the May 16 talks went well.", None)
    assert got == {"Friday": "XXXX-WXX-5", "May 16": "XXXX-05-16"}


def test_intervals() -> None:
    (week,) = find_timex("It happened last week.", ANCHOR)
    assert (week.earliest, week.latest) == ("2025-06-16", "2025-06-22")


def test_normalising_again_changes_nothing() -> None:
    text = "On June 2 and on Friday, last week and in March 2022."
    first = find_timex(text, ANCHOR)
    again = [find_timex(t.text, ANCHOR) for t in first]
    assert [t.value for t in first] == [x[0].value for x in again]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no punctuation at all just words and more words " * 1000,
        "Le 14 mars, le gouvernement a annoncé",
        "Friday " * 300_000,
    ],
)
def test_bad_input_does_not_crash(text: str) -> None:
    find_timex(text, ANCHOR)


@pytest.mark.slow
def test_dev_set_quality_gate() -> None:
    gold = dev_set("timex-dev.jsonl")
    preds = [
        {
            "id": r["id"],
            "timex": [
                {"start": t.start, "end": t.end, "value": t.value}
                for t in find_timex(r["text"], date.fromisoformat(r["dct"][:10]))
            ],
        }
        for r in read_jsonl(gold)
    ]
    f1 = score("timex", gold, preds)["value_f1"]
    assert f1 >= DEV_FLOOR, f1

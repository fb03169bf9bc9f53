"""Time expressions: normalisation against a publication date, without one, and the dev-set gate."""

from __future__ import annotations

from datetime import date

import pytest

from bench.shared import dev_set, read_jsonl, score
from parallax.annotate.timex import find_timex

#: value F1 on timex-dev (TimeBank + AQUAINT); measured 0.815 (halves 0.829 / 0.785).
DEV_FLOOR = 0.80
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
        ("Prices fell in the late '80s.", "the late '80s", "198"),
        ("It was the bloodiest war of the 20th century.", "the 20th century", "19"),
        ("Rebels attacked the town on Friday night.", "Friday night", "2025-06-27"),
        ("Officials met this morning.", "this morning", "2025-06-27TMO"),
        ("Officials met yesterday morning.", "yesterday morning", "2025-06-26"),
        ("The truce starts at midnight on Friday.", "Friday", "2025-06-27"),
        ("Gunmen struck last night.", "last night", "2025-06-26TNI"),
        ("The ultimatum expires at 10 p.m. Wednesday, officials said.", "10 p.m. Wednesday", "2025-06-25T22:00"),
        ("The offer runs until 5 p.m. EST, July 9.", "5 p.m. EST, July 9", "2025-07-09T17:00"),
        ("The treaty was signed last May.", "last May", "2025-05"),
        ("The treaty was signed last August.", "last August", "2024-08"),
        ("The summit was held in May in Vilnius.", "May", "2025-05"),
        ("Talks resumed in mid-November.", "mid-November", "2024-11"),
        ("Fighting flared in January this year.", "January this year", "2025-01"),
        ("The accord expired in June last year.", "June last year", "2024-06"),
        ("In March, the company sold its stake.", "March", "2025-03"),
        ("Atlanta, nineteen ninety-six: a bomb shakes the games.", "nineteen ninety-six", "1996"),
        ("The promise was to halve it by the year two thousand.", "the year two thousand", "2000"),
        ("Women's Day was on Saturday, March eighth.", "Saturday, March eighth", "2025-03-08"),
        ("The boy was rescued on Thanksgiving Day.", "Thanksgiving Day", "2024-11-28"),
        ("He fled in June 2019 and returned later that year.", "later that year", "2019"),
        ("On May 22, 2020, he was promoted, and the following year he retired.", "the following year", "2021"),
        ("Flights leave each Thursday.", "each Thursday", "XXXX-WXX-4"),
        ("The company pays interest every quarter.", "every quarter", "P1Q"),
        ("Shares should recover in the near future.", "the near future", "FUTURE_REF"),
        ("Net income rose 5% in the first half of 2024.", "the first half of 2024", "2024-H1"),
        ("Revenue was $76 million for the year ended March 31.", "the year", "P1Y"),
        ("Results for Q1 2024 were weak.", "Q1 2024", "2024-Q1"),
        ("Stocks fell on Thursday, down 2% from the previous Friday.", "the previous Friday", "2025-06-20"),
        ("Hate groups grew over the past year.", "the past year", "2024"),
        ("Spending has grown over the past two years.", "the past two years", "P2Y"),
        ("The feud has run for decades.", "decades", "PXY"),
        ("The court will rule in two more weeks.", "two more weeks", "P2W"),
        ("The wait lasted a minute and a half.", "a minute and a half", "PT1M30S"),
        ("The crowd marched on Saturday and were planning to drive to the airport on Monday.", "Monday", "2025-06-30"),
    ],
)
def test_normalised_against_the_publication_date(text: str, expr: str, value: str) -> None:
    assert values(text).get(expr) == value


def test_an_earnings_report_keeps_its_quarter() -> None:
    """ "The quarter" and "a year earlier" refer to the quarter the report named, not to the
    calendar: said on 2 November, the report is about the third quarter."""
    text = (
        "Acme posted a third-quarter loss of $3 million, compared with a profit of $2 million a year earlier. "
        "Revenue in the quarter fell 8%. The year-ago results included a gain. "
        "In the 2023 third quarter, the company earned $1 million. "
        "This year's third quarter was hurt by a strike; the latest period also had charges."
    )
    got = values(text, date(2024, 11, 2))
    assert got["third-quarter"] == "2024-Q3"
    assert got["a year earlier"] == "2023-Q3"
    assert got["the quarter"] == "2024-Q3"
    assert got["year-ago"] == "2023-Q3"
    assert got["the 2023 third quarter"] == "2023-Q3"
    assert got["This year's third quarter"] == "2024-Q3"
    assert got["the latest period"] == "2024-Q3"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ('Baker spoke on ABC\'s "This Week" program.', "This Week"),
        ("He told CBS's 60 Minutes he would stay.", "60 Minutes"),
        ("A second group of directors resigned.", "second"),
        ("Inspectors searched the living quarters.", "quarters"),
        ("Thousands joined the March for Life in Washington.", "March"),
        ("Prices may march higher.", "march"),
        ("The quarter-to-quarter comparison improved.", "quarter"),
        ("Hollywood's classic High Noon was shown.", "Noon"),
    ],
)
def test_names_and_other_words_are_no_times(text: str, word: str) -> None:
    assert not any(word in t.text for t in find_timex(text, ANCHOR))


def test_without_an_anchor_values_stay_relative() -> None:
    got = values("Peskov said on Friday that the May 16 talks went well.", None)
    assert got == {"Friday": "XXXX-WXX-5", "May 16": "XXXX-05-16"}


def test_intervals() -> None:
    (week,) = find_timex("It happened last week.", ANCHOR)
    assert (week.earliest, week.latest) == ("2025-06-16", "2025-06-22")
    (half,) = find_timex("Profit rose in the second half of 2024.", ANCHOR)
    assert (half.value, half.earliest, half.latest) == ("2024-H2", "2024-07-01", "2024-12-31")
    (night,) = find_timex("Officials met last night.", ANCHOR)
    assert (night.earliest, night.latest) == ("2025-06-26", "2025-06-26")


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
        "Friday " * 50_000 + "the quarter ended. At 10 p.m. that year, the previous Friday. " * 5_000,
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

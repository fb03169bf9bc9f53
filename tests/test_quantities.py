"""Quantities: values, units and hedges on sentences written for the test."""

from __future__ import annotations

import pytest

from parallax.annotate.quantities import find_quantities
from parallax.model import TimeExpr


def only(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("text", "value", "unit", "hedge"),
    [
        ("The ministry is ready to return nearly 3,000 more bodies.", 3000, "bodies", "nearly"),
        ("a deal for up to 1,200 prisoners from each side", 1200, "prisoners", "up to"),
        ("despite more than 1 million casualties", 1e6, "casualties", "more than"),
        ("an unconditional 30-day ceasefire", 30, "day", None),
        ("Officials counted about 40 dead in the valley.", 40, "dead", "about"),
        ("Shares fell 12% on Monday.", 12, "percent", None),
        ("The plant will cost $4.5 billion to build.", 4.5e9, "USD", None),
        ("Crews handed over 6,000 sandbags.", 6000, "sandbags", None),
        ("at least twenty-five houses collapsed", 25, "houses", "at least"),
    ],
)
def test_value_unit_hedge(text: str, value: float, unit: str, hedge: str | None) -> None:
    q = only(text)
    assert (q.value, q.unit, q.hedge) == (value, unit, hedge)


def test_ranges_and_exchanges() -> None:
    q = only("Moscow offered a 2–3-day truce.")
    assert (q.low, q.high, q.unit) == (2, 3, "day")
    q = only("They agreed a 1,000-for-1,000 swap of prisoners.")
    assert (q.value, q.unit) == (1000, "swap")


def test_dates_and_times_are_not_quantities() -> None:
    assert find_quantities("On June 27, 2025 at 10:57 PM the talks began on 16 May.") == []
    text = "Talks resumed after three years."
    start = text.index("three years")
    timex = [TimeExpr(start, start + len("three years"), "three years", "P3Y", "DURATION")]
    assert find_quantities(text, timex=timex) == []


def test_bad_input_does_not_crash() -> None:
    assert find_quantities("") == []
    big = "1,000 people " * 200_000
    assert len(find_quantities(big)) == 200_000
    assert find_quantities("数字 ２０２５ 年 没有 标点") == []

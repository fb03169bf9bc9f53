"""Words of time: month and weekday names, number words, units, seasons, parts of day."""

from __future__ import annotations

from parallax.annotate.number_words import CARDINALS

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
NUMBERS: dict[str, int | str] = {
    "a": 1,
    "an": 1,
    **CARDINALS,
    "several": "X",
    "few": "X",
    "a few": "X",
    "many": "X",
    "some": "X",
    "couple": 2,
    "a couple of": 2,
}
UNITS = {
    "year": "Y",
    "years": "Y",
    "month": "M",
    "months": "M",
    "week": "W",
    "weeks": "W",
    "day": "D",
    "days": "D",
    "decade": "DE",
    "decades": "DE",
    "century": "CE",
    "centuries": "CE",
    "hour": "H",
    "hours": "H",
    "minute": "MIN",
    "minutes": "MIN",
    "second": "S",
    "seconds": "S",
    "quarter": "Q",
    "quarters": "Q",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

"""Resolved date expressions in words: no machine codes reach the analyst."""

from __future__ import annotations

import re
from datetime import date

import pytest

from db.dates import extract
from db.models import PartialDate
from db.temporal.wording import event_date, group, is_duration, offered_as_event, point_words, words

MON = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day")


def said(text: str, expr: str) -> str:
    """The words for the expression expr found in text."""
    found = [e for e in extract(text, MON) if e.text == expr]
    assert found, [e.text for e in extract(text, MON)]
    return words(found[0])


@pytest.mark.parametrize(
    ("text", "expr", "expected"),
    [
        ("Shelling goes on every day.", "every day", "every day"),
        ("Patrols run daily.", "daily", "every day"),
        ("The siege lasted 48 hours.", "48 hours", "for 48 hours"),
        ("They waited for years.", "years", "for several years"),
        ("In the past, the town was quiet.", "the past", "in the past"),
        ("Prices are high now.", "now", "the present"),
        ("Last week the talks failed.", "Last week", "the week of 17 June 2024"),
        ("Sales rose in Q3 2024.", "Q3 2024", "the 3rd quarter of 2024"),
        ("The operation ran from 2009 to 2017.", "from 2009 to 2017", "2009–2017"),
        ("Prices peaked in mid-2022.", "mid-2022", "mid-2022"),
        ("Talks stalled in early June.", "early June", "early June 2024"),
        ("Troops arrive by the end of the month.", "the end of the month", "the end of June 2024"),
        ("Prices have risen since March.", "March", "since March 2024 (to 24 June 2024)"),
        ("Over the past decade prices doubled.", "the past decade", "for 10 years (2014–2024)"),
        ("Rents fell in the 1990s.", "the 1990s", "the 1990s"),
        ("Fans gathered on Sunday evening.", "Sunday evening", "23 June 2024 (evening)"),
        ("It snowed over the weekend.", "the weekend", "the weekend of 22–23 June 2024"),
        ("Flights leave each Thursday from August 6.", "each Thursday", "every Thursday"),
        ("Marchers parade every July.", "every July", "every July"),
        ("The market is shut on Sundays.", "Sundays", "every Sunday"),
        ("He drives a cab Tuesday nights.", "Tuesday nights", "every Tuesday night"),
        ("Rent is due each July 1.", "each July 1", "every 1 July"),
        ("Crowds gathered as Easter week began.", "Easter week", "the week of 25 March 2024"),
        ("They broke the 8-month-old truce.", "8-month-old", "for 8 months"),
    ],
)
def test_words_an_analyst_reads(text: str, expr: str, expected: str) -> None:
    assert said(text, expr) == expected


def test_no_machine_codes_in_any_words() -> None:
    text = ("Every day, for 48 hours, recently, now, in the future, for years, in 2024, in Q1 2024, "
            "last week, this weekend, the 1990s, the 20th century, the past three months, since May, "
            "each Sunday, every March, Holy Week, a years-old feud.")
    for e in extract(text, MON):
        w = words(e)
        assert not re.search(r"\bP\d|\bPX|_REF|\d{4}-W\d|\d{4}-Q\d|XXXX|→", w), (e.text, w)


def test_a_span_of_one_year_reads_as_that_year() -> None:
    assert point_words("2024/2024") == "2024"
    assert point_words("2009/2017") == "2009–2017"


def test_durations_are_flagged_and_offered_only_when_anchored() -> None:
    found = {e.text: e for e in extract("It lasted three years, and over the past decade it grew.", MON)}
    bare, anchored = found["three years"], found["the past decade"]
    assert is_duration(bare) and not offered_as_event(bare) and event_date(bare) is None
    assert is_duration(anchored) and offered_as_event(anchored)
    when = event_date(anchored)
    assert when is not None and (when.start, when.end) == (date(2014, 1, 1), date(2024, 12, 31))


def test_identical_expressions_group_with_a_count_in_text_order() -> None:
    text = "In 2024 prices rose. Also in 2024 wages fell. Every day in 2024 there was news. In 2023 it rained."
    groups = group(extract(text, MON))
    assert [g.label for g in groups] == ["2024 — 3 mentions", "every day", "2023"]
    assert [x.start for x in groups[0].items] == sorted(x.start for x in groups[0].items)

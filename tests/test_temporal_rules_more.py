"""The extractor on unseen news: anaphora, `since`, spans ending at publication, modifiers,
`9/11`, forward-looking `until`, reported quarters. Each rule with hard negatives."""

from __future__ import annotations

from datetime import date

import pytest

from db.dates import TemporalExpression, extract
from db.models import PartialDate

D = date


def pub(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


JUNE = pub(2024, 6, 14)  # a Friday
AUG_FRI = pub(2024, 8, 2)  # Friday 2 August 2024


def find(text: str, published: PartialDate, expr: str) -> TemporalExpression | None:
    """The expression whose text is expr, or None."""
    return next((e for e in extract(text, published) if e.text == expr), None)


def value(text: str, published: PartialDate, expr: str) -> str | None:
    e = find(text, published, expr)
    return e.value if e else None


# --- anaphora: counted from the date last mentioned ------------------------------------------

ANAPHORA = [
    ("In 2019 the mill opened. The following year it was sold.", "The following year", "2020"),
    ("The plant opened on 3 May 2021. Three weeks later it closed.", "Three weeks later", "2021-W21"),
    ("The plant opened on 3 May 2021. That day, crowds gathered outside.", "That day", "2021-05-03"),
    ("The strike began in March 2018. Later that year the union split.", "Later that year", "2018"),
    ("The dam burst on 2 March 2020. The next day, rescuers arrived.", "The next day", "2020-03-03"),
    ("The talks began in January 2022. The previous month had been calm.", "The previous month", "2021-12"),
    ("Ships left port on 4 April 2023. They returned the day after.", "the day after", "2023-04-05"),
    ("In 2019 the mill opened. Two years later it was sold; the following year it closed.",
     "the following year", "2022"),
]


@pytest.mark.parametrize(("text", "expr", "expected"), ANAPHORA)
def test_anaphora_counts_from_the_last_date(text: str, expr: str, expected: str) -> None:
    assert value(text, JUNE, expr) == expected


def test_anaphora_without_an_earlier_date_is_not_guessed() -> None:
    # nothing to refer to: "that day" is no date, and "the day after" names nothing
    assert extract("Nobody who saw it will forget that day.", JUNE) == []
    assert extract("He left the day after.", JUNE) == []


def test_following_year_without_a_narrative_date_counts_from_publication() -> None:
    assert value("Elections are due the following year.", JUNE, "the following year") == "2025"


def test_next_year_as_a_duration_is_not_anchored() -> None:
    e = find("In 2019 it opened. Output will grow in the next year.", JUNE, "the next year")
    assert e is not None and e.value == "P1Y" and e.precision == "duration"


def test_a_finer_unit_after_a_year_keeps_the_year() -> None:
    # "In 2019 ... three weeks later": the month is unknown, the year is not
    assert value("In 2019 the mill opened. Three weeks later it burned.", JUNE, "Three weeks later") == "2019"


def test_a_date_far_back_no_longer_anchors() -> None:
    filler = "The council met and talked about roads and schools. " * 60
    text = f"The bridge opened on 3 May 2021. {filler}Three weeks later nobody remembered."
    assert find(text, JUNE, "Three weeks later") is None


# --- since X: from X to publication ----------------------------------------------------------

def test_since_runs_from_the_date_to_publication() -> None:
    e = find("Prices have risen since March.", JUNE, "March")
    assert e is not None and e.value == "2024-03"  # TimeML's value is the month
    assert e.interval == (D(2024, 3, 1), D(2024, 6, 14))
    e = find("The group has been banned since 2019.", JUNE, "2019")
    assert e is not None and e.interval == (D(2019, 1, 1), D(2024, 6, 14))


@pytest.mark.parametrize(
    ("text", "expr", "interval"),
    [
        ("Prices rose in March.", "March", (D(2024, 3, 1), D(2024, 3, 31))),
        ("Talks resume in March 2025, since both sides agreed.", "March 2025", (D(2025, 3, 1), D(2025, 3, 31))),
        ("Since March 2025 is too late, they moved the vote.", "March 2025", (D(2025, 3, 1), D(2025, 3, 31))),
    ],
)
def test_since_hard_negatives(text: str, expr: str, interval: tuple[date, date]) -> None:
    # no `since` before it, or `since` with a date after publication: the plain period
    e = find(text, JUNE, expr)
    assert e is not None and e.interval == interval


# --- spans ending at publication, decades, sub-periods ----------------------------------------

def test_past_decade_covers_the_ten_years_to_publication() -> None:
    e = find("Over the past decade, prices doubled.", JUNE, "the past decade")
    assert e is not None and e.value == "P10Y" and e.precision == "duration"
    assert e.interval == (D(2014, 1, 1), D(2024, 12, 31))
    e = find("In the past three months sales fell.", JUNE, "the past three months")
    assert e is not None and e.interval == (D(2024, 3, 1), D(2024, 6, 30))


def test_a_bare_duration_has_no_calendar_span() -> None:
    e = find("The siege lasted a decade.", JUNE, "a decade")
    assert e is not None and e.value == "P10Y" and e.interval is None


@pytest.mark.parametrize(
    ("text", "expr", "val", "mod", "interval"),
    [
        ("Prices peaked in mid-2022.", "mid-2022", "2022", "MID", (D(2022, 5, 1), D(2022, 8, 31))),
        ("The talks stalled in early June.", "early June", "2024-06", "START", (D(2024, 6, 1), D(2024, 6, 10))),
        ("Rents fell in the late 1980s.", "the late 1980s", "198", "END", (D(1987, 1, 1), D(1989, 12, 31))),
        ("Troops will arrive by the end of the month.", "the end of the month", "2024-06", "END",
         (D(2024, 6, 21), D(2024, 6, 30))),
        ("Rents fell in the 1990s.", "the 1990s", "199", "", (D(1990, 1, 1), D(1999, 12, 31))),
    ],
)
def test_modifiers_keep_their_sub_period(text: str, expr: str, val: str, mod: str,
                                         interval: tuple[date, date]) -> None:
    e = find(text, JUNE, expr)
    assert e is not None and (e.value, e.mod, e.interval) == (val, mod, interval)


# --- numeric month/day --------------------------------------------------------------------

def test_on_9_11_is_the_day_of_the_attacks() -> None:
    assert value("His brother died on 9/11.", JUNE, "9/11") == "2001-09-11"
    assert value("Bids are due by 7/15.", JUNE, "7/15") == "2024-07-15"
    assert value("The market will reopen on 25/12.", JUNE, "25/12") == "2024-12-25"


@pytest.mark.parametrize(
    "text",
    ["The 9/11 attacks changed air travel.", "The help desk is open 24/7.", "About 3/4 of voters agreed.",
     "The vote is on 3/4."],
)
def test_numeric_hard_negatives(text: str) -> None:
    assert extract(text, JUNE) == []


# --- tense: quarters, weekdays, until -----------------------------------------------------

def test_future_quarter_is_the_coming_one() -> None:
    assert value("The company expects growth in Q3.", JUNE, "Q3") == "2024-Q3"
    assert value("Sales fell in Q3.", JUNE, "Q3") == "2023-Q3"


def test_until_and_by_a_weekday_look_forward() -> None:
    assert value("The road is closed until Saturday.", AUG_FRI, "Saturday") == "2024-08-03"
    assert value("Replies are due by Monday.", AUG_FRI, "Monday") == "2024-08-05"
    # the clause is past: the Saturday that has gone
    assert value("The road was closed until Saturday.", AUG_FRI, "Saturday") == "2024-07-27"


def test_a_past_verb_right_before_a_weekday_wins_over_an_earlier_would() -> None:
    text = "They said they would appeal the ruling announced Wednesday."
    assert value(text, AUG_FRI, "Wednesday") == "2024-07-31"


# --- results: the reported quarter a year before ----------------------------------------

def test_a_year_earlier_in_results_is_the_reported_quarter() -> None:
    text = "Second-quarter profit rose to $5.1 million from $4.2 million a year earlier."
    assert value(text, pub(2024, 7, 25), "a year earlier") == "2023-Q2"
    text = "Sales fell in the second quarter. In the year-ago quarter, the firm lost money."
    assert value(text, pub(2024, 7, 25), "the year-ago quarter") == "2023-Q2"


def test_a_year_earlier_in_a_story_counts_from_its_date() -> None:
    text = "The dam opened in 2019. A year earlier, engineers had warned of cracks."
    assert value(text, JUNE, "A year earlier") == "2018"


# --- others --------------------------------------------------------------------------------

def test_spoken_years_and_the_week_of() -> None:
    assert value("In nineteen ninety-six the bomb went off.", JUNE, "nineteen ninety-six") == "1996"
    assert value("A hearing is set for the week of March 6.", pub(2000, 2, 24), "the week of March 6") == "2000-W10"
    assert extract("Two thousand people marched.", JUNE) == []


def test_ranges_keep_their_ends_for_timeml() -> None:
    e = find("Kopp crossed the border between 1994 and 1997.", JUNE, "between 1994 and 1997")
    assert e is not None and e.value == "1994/1997"
    assert [(p.text, p.value) for p in e.timeml()] == [("1994", "1994"), ("1997", "1997")]
    single = find("It happened in 1994.", JUNE, "1994")
    assert single is not None and single.timeml() == [single]

"""Quarters referred back to (`that quarter`), quarters named by the day they end (`the second
quarter ended Oct. 31`), days after `ended`, and a fronted weekday dated by the verb after its
subject (`On Tuesday, the union plans to ...`). Each with hard negatives."""

from __future__ import annotations

from datetime import date

import pytest

from db.dates import extract
from db.models import PartialDate


def pub(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


NOV = pub(2023, 11, 2)  # a Thursday
MON = pub(2023, 10, 23)  # a Monday


def values(text: str, published: PartialDate) -> dict[str, str]:
    return {e.text: e.value for e in extract(text, published)}


# --- `that quarter`: the quarter last named ------------------------------------------------------

def test_that_quarter_is_the_quarter_named_before_it() -> None:
    text = ("Brightwater lost $4 million in the second quarter of 2022. Costs for that quarter "
            "included a plant closure. Sales recovered in the third quarter.")
    v = values(text, NOV)
    assert v["that quarter"] == "2022-Q2"


def test_later_that_quarter_and_the_same_quarter_follow_the_last_quarter() -> None:
    v = values("Orders slumped in the first quarter. Later that quarter the mill shut.", NOV)
    assert v["Later that quarter"] == "2023-Q1"
    v = values("Margins widened in the fourth quarter of 2021 and again in the same quarter.", NOV)
    assert v["the same quarter"] == "2021-Q4"


def test_that_quarter_without_a_quarter_named_is_not_a_date() -> None:
    assert values("Results for that quarter included a write-down.", NOV) == {}


def test_the_same_quarter_of_another_year_is_not_taken_as_the_last_quarter() -> None:
    v = values("Profit rose in the third quarter; in the same quarter last year it fell.", NOV)
    assert v["the same quarter last year"] == "2022-Q3"
    v = values("Profit rose in the third quarter, and in the same quarter of 2019 it fell.", NOV)
    assert "the same quarter" not in v
    assert v["2019"] == "2019"


def test_a_quarter_century_is_not_that_quarter() -> None:
    assert "that quarter" not in values("In that quarter-century, prices doubled.", NOV)


# --- a quarter named by the day it ends ----------------------------------------------------------

def test_quarter_ended_a_day_after_publication_is_last_years() -> None:
    text = "In its second quarter ended Nov. 30, Fenwick had a loss of $2 million."
    v = values(text, NOV)
    assert v["Nov. 30"] == "2022-11-30"  # `ended`: already over, so a year back
    assert v["second quarter"] == "2022-Q2"  # the fiscal name, in the year it ended


def test_plain_quarter_ending_on_a_day_is_the_calendar_quarter_holding_it() -> None:
    v = values("Results for the quarter ending Dec. 31 will be released in February.", NOV)
    assert v["the quarter"] == "2023-Q4"
    assert v["Dec. 31"] == "2023-12-31"  # `ending`: still ahead


@pytest.mark.parametrize(
    ("end", "quarter"),
    [("July 31", "2023-Q2"), ("Oct. 1", "2023-Q3"), ("Aug. 31", "2023-Q3"), ("March 31", "2023-Q1")],
)
def test_plain_quarter_ended_off_the_calendar_is_the_one_holding_most_of_it(end: str, quarter: str) -> None:
    # a fiscal quarter ended July 31 ran May to July: mostly the calendar's second quarter
    v = values(f"In the quarter ended {end}, Larkspur had a loss.", NOV)
    assert v["the quarter"] == quarter


def test_quarter_ended_a_past_day_keeps_this_year() -> None:
    v = values("Net rose 4% in the quarter ended Sept. 30.", NOV)
    assert v["the quarter"] == "2023-Q3"
    assert v["Sept. 30"] == "2023-09-30"


def test_a_day_after_ended_that_is_not_a_quarter_end_is_left_alone() -> None:
    v = values("The strike ended Oct. 12 after a week of talks.", NOV)
    assert v["Oct. 12"] == "2023-10-12"
    v = values("The offer, which ended Nov. 1, drew few bids.", NOV)
    assert v["Nov. 1"] == "2023-11-01"


# --- a fronted weekday and the verb after its subject --------------------------------------------

def test_fronted_weekday_with_a_plan_after_a_long_subject_is_the_coming_one() -> None:
    text = "On Tuesday, the National Federation of Independent Retail Pharmacists plans to hold a rally."
    assert values(text, MON)["Tuesday"] == "2023-10-24"


def test_fronted_weekday_with_the_plan_in_a_relative_clause_is_past() -> None:
    text = ("On Tuesday, the National Federation of Independent Retail Pharmacists, which plans "
            "to expand, held a rally.")
    assert values(text, MON)["Tuesday"] == "2023-10-17"


def test_fronted_weekday_with_a_plan_inside_a_when_clause_is_past() -> None:
    text = ("On Friday, when the Secretary of State set aside her vacation for the hastily planned "
            "trip, aides flew ahead.")
    assert values(text, MON)["Friday"] == "2023-10-20"


def test_fronted_weekday_reported_speech_is_past() -> None:
    text = "Tuesday, the National Federation of Independent Retail Pharmacists said it plans to hold a rally."
    assert values(text, MON)["Tuesday"] == "2023-10-17"


# --- a relative clause set off by commas does not set the tense ---------------------------------

WED = pub(2023, 10, 25)


def test_by_month_after_a_past_relative_clause_looks_forward() -> None:
    text = "The sale, which had been expected, is part of a plan to repay the bridge loan by February."
    assert values(text, WED)["February"] == "2024-02"


def test_by_month_in_the_past_perfect_main_clause_stays_past() -> None:
    assert values("The lender had agreed to repay the loan by February.", WED)["February"] == "2023-02"


def test_until_month_after_a_past_relative_clause_looks_forward() -> None:
    v = values("The contract, which was signed in 2019, runs until March.", WED)
    assert v["March"] == "2024-03"


def test_a_plan_inside_a_relative_clause_does_not_make_the_main_verb_future() -> None:
    v = values("The mill, which is scheduled to close, shut its doors Friday.", WED)
    assert v["Friday"] == "2023-10-20"


def test_a_plan_in_the_main_clause_after_a_relative_clause_still_counts() -> None:
    v = values("The mill, which opened in 1990, is scheduled to close Friday.", WED)
    assert v["Friday"] == "2023-10-27"

"""Rules generalised from unseen news: fiscal quarter names carried through a results story, the
month after publication, a day list's second day, a month after a determiner, newspapers named
`daily`. Each with hard negatives."""

from __future__ import annotations

from datetime import date

import pytest

from db.dates import extract
from db.models import PartialDate


def pub(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


OCT = pub(2024, 10, 30)
DEC = pub(2024, 12, 5)


def values(text: str, published: PartialDate) -> dict[str, str]:
    return {e.text: e.value for e in extract(text, published)}


# --- fiscal quarters keep their fiscal name through the story ---------------------------------

def test_fiscal_quarter_named_first_is_the_reported_quarter() -> None:
    text = ("Acme said it earned $3 million in the fiscal second quarter. Acme reported sales of "
            "$90 million for the quarter ended Sept. 28, up from $80 million a year earlier. "
            "In the 2023 period, it earned $2 million. Acme shipped 4,000 units in the quarter.")
    v = values(text, OCT)
    assert v["second quarter"] == "2024-Q2"
    assert v["the quarter"] == "2024-Q2"  # both mentions: the fiscal quarter, not calendar Q3
    assert v["a year earlier"] == "2023-Q2"
    assert v["the 2023 period"] == "2023-Q2"


def test_fiscal_quarter_with_its_end_month_names_the_year_ago_quarter() -> None:
    text = ("Borealis earned C$5 million for the fiscal-first quarter ended Sept. 30. "
            "It had a loss of C$1 million a year ago.")
    assert values(text, OCT)["a year ago"] == "2023-Q1"


def test_calendar_quarter_without_fiscal_stays_calendar() -> None:
    text = ("Zenith earned $4 million in the third quarter, up from $3 million a year earlier. "
            "Sales for the quarter ended Sept. 30 rose 5%.")
    v = values(text, OCT)
    assert v["a year earlier"] == "2023-Q3"
    assert v["the quarter"] == "2024-Q3"


# --- the month after the publication month is the coming one ----------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Traders bought early to open the first trading day for November contracts.", "2024-11"),
    ("The ministry warned refiners of a cut in crude supply in November.", "2024-11"),
])
def test_next_month_is_ahead(text: str, expected: str) -> None:
    assert values(text, OCT)["November"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sales fell in November, the weakest month of the year.", "2023-11"),  # past verb right before
    ("The strike began in December and lasted a week.", "2023-12"),  # two months ahead: no change
])
def test_month_ahead_in_a_past_clause_or_further_ahead_stays_past(text: str, expected: str) -> None:
    v = values(text, OCT)
    assert next(iter(v.values())) == expected


def test_planning_for_points_ahead() -> None:
    assert values("Members are planning for the summit in April.", DEC)["April"] == "2025-04"
    assert values("The summit was held in April.", DEC)["April"] == "2024-04"


# --- a day list: `April 24 and 25` ---------------------------------------------------------------

def test_second_day_of_a_list_is_a_day() -> None:
    v = values("The ceremony will be held at the summit on April 24 and 25.", DEC)
    assert v["April 24"] == "2025-04-24"
    assert v["25"] == "2025-04-25"
    v = values("Talks ran on May 3 and 4, 2022 in Geneva.", DEC)
    assert v["4"] == "2022-05-04"


@pytest.mark.parametrize("text", [
    "On March 5 and 6 people were hurt in the blast.",  # a count after the day
    "Prices rose on March 5 and 6 percent overall.",
    "Markets fell on April 30 and 31 traders were fined.",  # no 31 April
    "They met on May 9 and 3 others joined later.",  # not after the first day
])
def test_number_after_a_day_and_and_is_not_always_a_day(text: str) -> None:
    days = [e for e in extract(text, DEC) if e.text.isdigit()]
    assert days == []


# --- a month after a determiner ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("The bank is selling itself under a June agreement with shareholders.", "June", "2024-06"),
    ("Its March report showed a loss.", "March", "2024-03"),
])
def test_month_as_modifier_after_a_determiner(text: str, expr: str, expected: str) -> None:
    assert values(text, DEC)[expr] == expected


@pytest.mark.parametrize("text", [
    "They joined a March for peace in the capital.",
    "Crowds gathered for a March on the capital.",
    "She sang a June Carter song.",
    "He may attend a May Day rally.",
])
def test_name_or_noun_after_a_determiner_is_not_a_month(text: str) -> None:
    assert not [e for e in extract(text, DEC) if e.text in ("March", "June", "May")]


# --- a newspaper called `daily` -----------------------------------------------------------------

def test_newspaper_daily_is_not_a_set() -> None:
    assert extract("The Communist Party daily Granma printed the letter.", DEC) == []
    assert extract("An editorial in the business weekly Barron's disagreed.", DEC) == []


def test_daily_before_a_weekday_or_a_noun_stays_a_set() -> None:
    assert values("Buses run daily Monday to Friday.", DEC)["daily"] == "P1D"
    assert values("They hold daily rallies outside.", DEC)["daily"] == "P1D"


# --- the quarter being reported ------------------------------------------------------------------

NOV = pub(2024, 11, 1)


def test_earlier_quarter_named_in_passing_does_not_replace_the_reported_one() -> None:
    text = ("Acme posted a 20% gain in third-quarter net income, from $90 million a year ago. "
            "After a flat second quarter, prices recovered. The comparison was helped by charges "
            "taken in the year-earlier period. In the 2024 period, taxes were lower than a year ago.")
    v = values(text, NOV)
    assert v["second quarter"] == "2024-Q2"
    assert v["the year-earlier period"] == "2023-Q3"
    assert v["the 2024 period"] == "2024-Q3"
    assert v["a year ago"] == "2023-Q3"


def test_later_quarter_named_does_replace_the_reported_one() -> None:
    text = ("Acme's second-quarter profit rose 3%. In the third quarter, profit fell to $5 million "
            "from $6 million a year earlier.")
    assert values(text, NOV)["a year earlier"] == "2023-Q3"


def test_results_for_an_unfinished_quarter_lead_the_story_as_a_fiscal_quarter() -> None:
    text = ("Ralston reported a 47% decline in fourth-quarter earnings. It earned $45 million, "
            "compared with $84 million a year earlier. Sales in the latest period were $1.7 billion.")
    v = values(text, NOV)
    assert v["fourth-quarter"] == "2024-Q4"
    assert v["a year earlier"] == "2023-Q4"
    assert v["the latest period"] == "2024-Q4"


def test_forecast_for_the_next_quarter_after_the_reported_one_is_not_reported() -> None:
    text = ("Aetna's third-quarter net income fell 22%. The company has no estimate of the impact "
            "on fourth-quarter results. In the latest quarter, it lost $23 million.")
    assert values(text, NOV)["the latest quarter"] == "2024-Q3"


def test_this_quarters_results_early_in_a_quarter_are_the_quarter_just_closed() -> None:
    text = "Net fell in the third quarter ended Sept. 30. This quarter's loss includes charges."
    assert values(text, NOV)["This quarter"] == "2024-Q3"


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("This quarter's sales are running ahead of plan.", pub(2024, 12, 15), "2024-Q4"),  # well into Q4
    ("This quarter will be difficult for retailers.", NOV, "2024-Q4"),  # no results named
])
def test_this_quarter_otherwise_is_the_current_one(text: str, published: PartialDate, expected: str) -> None:
    assert values(text, published)["This quarter"] == expected


# --- a bare `a week` / `one day` given or measured -------------------------------------------------

@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("He offered the rebels a week to withdraw from the town.", "a week", "P1W"),
    ("The appeal could take as long as a month or two.", "a month", "P1M"),
    ("The vote was delayed by a week.", "a week", "P1W"),
    ("The announcement was followed by one day of heavy selling.", "one day", "P1D"),
])
def test_time_given_or_measured_is_a_duration(text: str, expr: str, expected: str) -> None:
    assert values(text, DEC)[expr] == expected


@pytest.mark.parametrize("text", [
    "Prices rose a week to the day after the vote.",  # `to the`: no time allowed for anything
    "He works a week in Paris and a week in Rome.",
    "One day the river will flood again.",
    "She wrote a week of columns.",
])
def test_bare_a_week_or_one_day_otherwise_is_not_extracted(text: str) -> None:
    assert not [e for e in extract(text, DEC) if e.text.lower() in ("a week", "one day")]


# --- Easter ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "published", "expr", "expected"), [
    ("Pilgrims prayed as Easter week began.", pub(2000, 4, 17), "Easter week", "2000-W16"),
    ("Shops close on Good Friday.", pub(2025, 4, 1), "Good Friday", "2025-04-18"),
    ("The march was held on Easter Monday.", pub(2024, 6, 1), "Easter Monday", "2024-04-01"),
    ("The ceasefire will hold until Easter.", pub(2024, 12, 5), "Easter", "2025-04-20"),
    ("Talks collapsed at Easter.", pub(2024, 12, 5), "Easter", "2024-03-31"),
])
def test_easter_feasts(text: str, published: PartialDate, expr: str, expected: str) -> None:
    assert values(text, published)[expr] == expected


def test_easter_as_part_of_a_name_is_not_a_date() -> None:
    assert extract("The Easter-egg hunt drew crowds.", DEC) == []
    assert not [e for e in extract("He was born on Easter Island.", DEC) if "Easter" in e.text]
    assert extract("The Good Friday Agreement ended the conflict.", DEC) == []


# --- the age of a truce, a ban, an alliance -----------------------------------------------------------

@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("Extremists tried to wreck the 8-month-old truce.", "8-month-old", "P8M"),
    ("They marked their entry into the 50-year-old alliance.", "50-year-old", "P50Y"),
    ("Protesters denounced the two-year-old economic embargo.", "two-year-old", "P2Y"),
    ("Tourism hoped for an end to a years-old slump.", "years-old", "PXY"),
])
def test_age_of_a_thing_is_a_duration(text: str, expr: str, expected: str) -> None:
    assert values(text, DEC)[expr] == expected


@pytest.mark.parametrize("text", [
    "The 6-year-old boy was found clinging to an inner tube.",
    "A 44-year-old protester was charged.",
    "Her 52-year-old husband survived the crash.",
])
def test_a_persons_age_is_not_a_duration(text: str) -> None:
    assert extract(text, DEC) == []


# --- sets of named days ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("The third flight departs each Thursday from August 6.", "each Thursday", "XXXX-WXX-4"),
    ("Orangemen march every July through the town.", "every July", "XXXX-07"),
    ("Every Sunday, the market opens early.", "Every Sunday", "XXXX-WXX-7"),
])
def test_every_named_day_is_a_set(text: str, expr: str, expected: str) -> None:
    found = [e for e in extract(text, DEC) if e.text == expr]
    assert found and found[0].value == expected and found[0].precision == "vague"
    assert found[0].interval is None  # no one date to offer for an event


def test_each_with_a_day_of_month_is_a_set_of_days_and_a_possessive_is_no_set() -> None:
    assert values("Rent is due each July 1 by noon.", DEC)["each July 1"] == "XXXX-07-01"
    assert not [e for e in extract("Every Monday's paper carried it.", DEC) if e.value.startswith("XXXX")]


# --- `the previous Friday`, `the following Monday`: from the day last named -------------------------

MON_OCT = pub(2024, 10, 28)  # a Monday


@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("Shares closed lower Friday, down 4.5% from the previous Friday.", "the previous Friday", "2024-10-18"),
    ("He landed on Tuesday, March 5, 2024. The following Monday he flew home.", "The following Monday",
     "2024-03-11"),
    ("The vote was on June 3, 2024; the preceding Sunday was quiet.", "the preceding Sunday", "2024-06-02"),
])
def test_relative_weekday_counts_from_the_day_last_named(text: str, expr: str, expected: str) -> None:
    assert values(text, MON_OCT)[expr] == expected


def test_relative_weekday_without_a_named_day_counts_from_publication() -> None:
    assert values("Prices were lower than the previous Friday.", MON_OCT)["the previous Friday"] == "2024-10-25"
    assert values("In 2019 the plant closed; the following Monday was calm.", MON_OCT)[
        "the following Monday"] == "2024-11-04"  # a year is no day to count from


def test_a_named_weekday_after_previous_is_not_relative() -> None:
    v = values("The previous Friday's Club met on Tuesday.", MON_OCT)
    assert "The previous Friday" not in v


# --- the present tense of a scheduled event looks ahead -------------------------------------------

FRI = pub(1998, 5, 1)  # a Friday


@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("He and Arafat meet separately Monday with the secretary of state.", "Monday", "1998-05-04"),
    ("The council meets on Tuesday to vote on the budget.", "Tuesday", "1998-05-05"),
    ("Talks resume Wednesday in Geneva.", "Wednesday", "1998-05-06"),
])
def test_present_tense_schedule_is_ahead(text: str, expr: str, expected: str) -> None:
    assert values(text, FRI)[expr] == expected


@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("He and Arafat met separately Monday with the secretary of state.", "Monday", "1998-04-27"),
    ("The council meeting on Tuesday approved the budget.", "Tuesday", "1998-04-28"),
    ("Talks resumed Wednesday in Geneva.", "Wednesday", "1998-04-29"),
])
def test_past_tense_or_a_noun_stays_past(text: str, expr: str, expected: str) -> None:
    assert values(text, FRI)[expr] == expected


# --- a rate or an amount measured in time is no stretch of time -------------------------------------

@pytest.mark.parametrize("text", [
    "Guards stand outside the clinic 24 hours a day.",
    "The plant runs three shifts, seven days a week.",
    "Workers get a bonus equal to six months of base pay.",
    "The reserve holds two years of imports.",
])
def test_rate_or_amount_is_not_a_duration(text: str) -> None:
    assert [e for e in extract(text, DEC) if e.precision == "duration"] == []


@pytest.mark.parametrize(("text", "expr"), [
    ("The siege lasted 24 hours and ended at dawn.", "24 hours"),
    ("Sales fell over the past two years of recession.", "the past two years"),
    ("She spent six months of the year abroad.", "six months"),
])
def test_stretches_of_time_stay_durations(text: str, expr: str) -> None:
    assert expr in values(text, DEC)


def test_quoted_title_is_not_a_duration() -> None:
    assert extract("Gonzalez said on CBS's \"60 Minutes\" that he wanted his son back.", DEC) == []
    assert extract("He said on CBS's ''60 Minutes.'' that he would stay.", DEC) == []


def test_quoted_speech_with_a_duration_stays_one() -> None:
    assert values('"60 minutes is all we need," he said.', DEC)["60 minutes"] == "PT60M"
    assert values("He said: \"Talks lasted 60 Minutes\" in his memo.", DEC)["60 Minutes"] == "PT60M"


def test_year_ago_opening_the_sentence_after_a_nine_month_figure_is_the_year() -> None:
    text = ("Travelers posted third-quarter earnings of $24 million. In the first nine months, net was "
            "$306 million, compared with a loss of $195 million in the 2023 period. The year-ago results "
            "included a charge.")
    assert values(text, NOV)["year-ago"] == "2023"


def test_year_ago_after_a_quarter_figure_stays_the_quarter() -> None:
    text = ("Travelers posted third-quarter earnings of $24 million, up from $20 million. "
            "The year-ago results included a charge.")
    assert values(text, NOV)["year-ago"] == "2023-Q3"


# --- a present-tense `when` clause points ahead --------------------------------------------------------

MAR = pub(2024, 3, 29)


@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("The family may lose custody when the case is heard in May.", "May", "2024-05"),
    ("The plant reopens once the repairs are finished in August.", "August", "2024-08"),
])
def test_present_when_clause_is_ahead(text: str, expr: str, expected: str) -> None:
    assert values(text, MAR)[expr] == expected


@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("The family lost custody when the case was heard in May.", "May", "2023-05"),
    ("When prices are rising, as they were in August, buyers wait.", "August", "2023-08"),
])
def test_past_or_progressive_when_clause_is_not_ahead(text: str, expr: str, expected: str) -> None:
    assert values(text, MAR)[expr] == expected


def test_the_year_before_a_figure_is_this_year() -> None:
    assert values("Shares rose to a high for the year of $42.875 in June.", DEC)["the year"] == "2024"
    assert "the year" not in values("It was the year of the flood.", DEC)


def test_so_far_this_year_is_valued_as_the_year_and_covers_it_to_publication() -> None:
    found = [e for e in extract("Over 300 deaths so far this year.", DEC) if e.text == "so far this year"]
    assert found[0].value == "2024"
    assert found[0].interval == (date(2024, 1, 1), date(2024, 12, 5))
    month = [e for e in extract("Sales this month so far are flat.", DEC) if e.text == "this month so far"]
    assert month[0].value == "2024-12" and month[0].interval == (date(2024, 12, 1), date(2024, 12, 5))


# --- `in five years` after a future verb is a date --------------------------------------------------

@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("The preferred stock would be redeemed in five years.", "five years", "2029"),
    ("The new line will open in three months.", "three months", "2025-03"),
    ("Talks will resume in 10 days.", "10 days", "2024-12-15"),
])
def test_in_n_units_in_a_future_clause_is_a_date(text: str, expr: str, expected: str) -> None:
    assert values(text, DEC)[expr] == expected


@pytest.mark.parametrize(("text", "expr", "expected"), [
    ("His second letter in two weeks was published Tuesday.", "two weeks", "P2W"),
    ("It will be the first rise in five years.", "five years", "P5Y"),
    ("Prices will be the highest in 10 years.", "10 years", "P10Y"),
    ("The plant was built in three months.", "three months", "P3M"),
])
def test_in_n_units_otherwise_stays_a_duration(text: str, expr: str, expected: str) -> None:
    assert values(text, DEC)[expr] == expected


# --- `today is the eighth day of ...` -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expr"), [
    ("In Saudi Arabia, today is the eighth day of the operation.", "the eighth day"),
    ("It's the second day of an offensive against the villages.", "the second day"),
    ("It is the 12th straight day of protests in the capital.", "the 12th straight day"),
])
def test_nth_day_of_a_run_said_in_the_present_is_today(text: str, expr: str) -> None:
    assert values(text, DEC)[expr] == "2024-12-05"


@pytest.mark.parametrize("text", [
    "It was the second day of the offensive.",  # past: not the publication day
    "The second day of the trial was calm.",
    "It is the first day he has missed.",
])
def test_nth_day_otherwise_is_not_today(text: str) -> None:
    assert "2024-12-05" not in values(text, DEC).values()

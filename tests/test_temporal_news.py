"""The extractor on news phrasings added from the TimeML study: spoken month-years, `July last
year`, `next year's first quarter`, half units, trading days, fiscal years, quarters as
durations, `noon Thursday`, `a week or so ago`, results compared over nine months, the
reported quarter, and past verbs. Each rule with hard negatives (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from db.dates import extract
from db.models import PartialDate
from db.temporal.wording import duration_words


def pub(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


NOV = pub(2023, 11, 2)  # a Thursday, early in the fourth quarter


def found(text: str, published: PartialDate = NOV) -> dict[str, str]:
    """Expression text -> value."""
    return {e.text: e.value for e in extract(text, published)}


POSITIVE = [
    ("Harbour works began in March twenty twenty-one, the minister recalled.", "March twenty twenty-one", "2021-03"),
    ("The winter of nineteen eighty-seven was the coldest on record.", "The winter of nineteen eighty-seven", "1987-WI"),
    ("The ferry line closed in July last year after a strike.", "July last year", "2022-07"),
    ("The vote is planned for March of next year.", "March of next year", "2024-03"),
    ("The chain expects to return to profit in next year's second quarter.", "next year's second quarter", "2024-Q2"),
    ("Repairs took 3 1/2 years, far longer than planned.", "3 1/2 years", "P3Y6M"),
    ("The hearing lasted two and a half hours.", "two and a half hours", "PT2H30M"),
    ("The siege lasted a year and a half.", "a year and a half", "P1Y6M"),
    ("The shares fell for nine trading days in a row.", "nine trading days", "P9D"),
    ("Refunds are paid within 10 business days.", "10 business days", "P10D"),
    ("The retailer expects higher sales in the current fiscal year.", "the current fiscal year", "2023"),
    ("Revenue reached $4 billion in the latest fiscal year.", "the latest fiscal year", "2022"),
    ("Hiring slows this fiscal year.", "this fiscal year", "2023"),
    ("Margins shrank over the past two quarters.", "the past two quarters", "P6M"),
    ("The charge will be spread over the next three quarters.", "the next three quarters", "P9M"),
    ("Prices should stay high over the next couple of years.", "the next couple of years", "P2Y"),
    ("Negotiations broke off at noon Wednesday.", "noon Wednesday", "2023-11-01T12:00"),
    ("The suspect is due in court by midday.", "midday", "2023-11-02T12:00"),
    ("In Paris at mid-afternoon yesterday, the index was flat.", "mid-afternoon yesterday", "2023-11-01TAF"),
    ("The mayor resigned a week or so ago.", "a week or so ago", "2023-W43"),
]


@pytest.mark.parametrize(("text", "expr", "value"), POSITIVE)
def test_news_phrasing(text: str, expr: str, value: str) -> None:
    assert found(text).get(expr) == value


NEGATIVE = [
    ("Trading days are shorter in summer.", "Trading days"),
    ("Each dose is 2 1/2 tablets.", "1/2"),
    ("Three quarters of voters backed the plan.", "Three quarters"),
    ("About three quarters of the staff left.", "three quarters"),
    ("The film High Noon was shown again.", "Noon"),
    ("Lunch is served from a noon-time kitchen.", "noon"),
    ("She wrote about the fiscal year-end rules.", "the fiscal year"),
    ("The company changed from a fiscal year to a calendar year.", "fiscal year"),
    ("Cuts come in the last fiscal year of the plan.", "fiscal year"),
    ("The 21/2 split was approved.", "21/2"),
]


@pytest.mark.parametrize(("text", "absent"), NEGATIVE)
def test_not_these(text: str, absent: str) -> None:
    assert not any(absent.lower() in t.lower() for t in found(text))


def test_in_the_fiscal_year_ended_stays_a_reporting_period() -> None:
    assert found("In the fiscal year ended Jan. 31, the chain earned $2 million.")["the fiscal year"] == "P1Y"


def test_nine_month_results_compare_with_the_year_before() -> None:
    text = ("Harbor Steel reported third-quarter net of $5 million, up from $4 million a year earlier. "
            "For the nine months, net was $12 million, up from $9 million a year earlier.")
    values = [e.value for e in extract(text, NOV) if e.text == "a year earlier"]
    assert values == ["2022-Q3", "2022"]


def test_the_latest_quarter_is_one_already_over_not_the_forecast_one() -> None:
    text = ("Harbor Steel reported third-quarter net of $5 million. It expects fourth-quarter sales to fall. "
            "Revenue in the latest quarter rose 4%.")
    assert found(text)["the latest quarter"] == "2023-Q3"


def test_succeed_is_not_a_past_verb() -> None:
    """`will succeed him Feb. 1`: a future clause, so February is the coming one."""
    text = "Ms. Ortiz, 52 years old, will succeed him Feb. 1, the bank said."
    assert found(text)["Feb. 1"] == "2024-02-01"


def test_agreed_is_still_a_past_verb() -> None:
    text = "The buyers agreed Feb. 1 to the terms."
    assert found(text)["Feb. 1"] == "2023-02-01"


@pytest.mark.parametrize(("value", "words"), [("P2Y6M", "2 years 6 months"), ("PT1H30M", "1 hour 30 minutes"),
                                               ("P3DT12H", "3 days 12 hours"), ("P10Y", "10 years")])
def test_compound_durations_in_words(value: str, words: str) -> None:
    assert duration_words(value) == words


# --- clause and sentence reading -------------------------------------------------------------

def test_abbreviations_do_not_end_the_sentence() -> None:
    """`Gen. R. Diaz will visit Feb. 3`: the `will` before the initials still makes it future."""
    assert found("Gen. R. Diaz will visit the base Feb. 3, aides said.")["Feb. 3"] == "2024-02-03"


def test_a_decimal_point_does_not_end_the_sentence() -> None:
    assert found("The bank will pay 4.5 cents a share Jan. 15.")["Jan. 15"] == "2024-01-15"


def test_next_to_is_a_place_not_the_future() -> None:
    text = "A car bomb exploded next to the U.S. consulate in Lagos on Tuesday."
    assert found(text)["Tuesday"] == "2023-10-31"


def test_a_past_verb_joined_after_will_is_past() -> None:
    text = "Harbor Steel will sell its wire unit, and took a $9 million charge in the third quarter."
    assert found(text)["the third quarter"] == "2023-Q3"


def test_a_quarter_still_to_be_reported_is_the_one_just_over() -> None:
    text = "Harbor Steel expects to post a one-time charge of $8 million, resulting in a net loss for the third quarter."
    assert found(text)["the third quarter"] == "2023-Q3"


def test_a_future_quarter_in_a_plan_is_next_years() -> None:
    assert found("Production will start in the third quarter.")["the third quarter"] == "2024-Q3"


def test_that_day_needs_a_day_to_refer_to() -> None:
    """`that day` after a mere year or month names no day: no suggestion (a day works)."""
    assert "that day" not in found("Trading in 2019 was thin, and losses on trades made that day were huge.")
    assert found("The strike began on 3 May 2021; that day nobody worked.")["that day"] == "2021-05-03"


# --- weekdays (published Thursday 2 November 2023) -------------------------------------------

def test_a_weekday_with_an_event_noun_is_past() -> None:
    text = "The owners said they would look for ways to get around Tuesday's ruling."
    assert found(text)["Tuesday"] == "2023-10-31"


def test_ahead_of_a_weekdays_event_is_future() -> None:
    assert found("Parties campaigned hard ahead of Sunday's vote.")["Sunday"] == "2023-11-05"


def test_until_a_clock_time_and_weekday_looks_forward() -> None:
    text = "The agency gave the tenants until 9 a.m. Monday to sign the agreement."
    assert found(text)["9 a.m. Monday"] == "2023-11-06T09:00"


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("Bids close at 5 p.m. EST, Nov. 9.", "5 p.m. EST, Nov. 9", "2023-11-09T17:00"),
    ("The blast came shortly before 7 a.m. on Oct. 28.", "7 a.m. on Oct. 28", "2023-10-28T07:00"),
    ("Police arrived on Tuesday at 10 p.m.", "Tuesday at 10 p.m.", "2023-10-31T22:00"),
])
def test_a_clock_time_and_its_day_are_one_expression(text: str, expr: str, value: str) -> None:
    assert found(text) == {expr: value}


def test_a_statement_issued_on_a_weekday_saying_what_will_happen_is_past() -> None:
    text = "The three envoys issued a joint statement Tuesday saying their entry will strengthen the alliance."
    assert found(text)["Tuesday"] == "2023-10-31"


def test_a_cue_right_after_the_weekday_is_still_future() -> None:
    assert found("On Monday the board will vote on the merger.")["Monday"] == "2023-11-06"


def test_a_plan_reported_as_cancelled_is_past() -> None:
    text = "A vigil planned for Saturday was cancelled after threats."
    assert found(text)["Saturday"] == "2023-10-28"


def test_a_plan_still_standing_is_future() -> None:
    assert found("A vigil is planned for Saturday.")["Saturday"] == "2023-11-04"


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("Shipments resume within two to three weeks.", "two to three weeks", "P2W"),
    ("The repairs take 10-12 days.", "10-12 days", "P10D"),
    ("Sentences range between two and four years.", "between two and four years", "P2Y"),
])
def test_duration_ranges_take_the_lower_bound(text: str, expr: str, value: str) -> None:
    assert found(text).get(expr) == value


def test_year_ranges_and_ages_are_not_duration_ranges() -> None:
    for text in ("From 1990 to 1995 prices doubled.", "Children aged 5 to 7 years old attend."):
        assert not any(v.startswith("P") for v in found(text).values())


# --- seasons, parts of the day, prefixed years, Election Day ---------------------------------

def test_early_summer_keeps_its_modifier() -> None:
    e = next(x for x in extract("Orders recovered from the lows of the early summer.", NOV) if "summer" in x.text)
    assert (e.text, e.value, e.mod) == ("the early summer", "2023-SU", "START")


def test_into_the_summer() -> None:
    assert found("Shortages could last well into the summer.")["the summer"] == "2023-SU"


def test_early_summer_as_an_adjective_is_not_a_date() -> None:
    assert found("Early summer rains flooded the valley.") == {}


def test_in_the_morning_is_the_morning_of_the_day_just_named() -> None:
    text = "Shares slid on Friday. Dealers placed heavy buy orders in the morning to open the session."
    assert found(text)["the morning"] == "2023-10-27TMO"


def test_in_the_morning_without_a_day_is_no_date() -> None:
    assert found("She likes to swim in the morning.") == {}


def test_an_hour_in_the_morning() -> None:
    assert found("The convoy leaves at 4 in the morning.")["4 in the morning"] == "2023-11-02T04:00"


def test_post_and_pre_years() -> None:
    assert found("Post-2008 rules and pre-1990 levels were compared.") == {"Post-2008": "2008", "pre-1990": "1990"}
    assert found("He walked to the post-office.") == {}


def test_election_day() -> None:
    assert found("The campaign runs until Election Day.", pub(2024, 9, 1))["Election Day"] == "2024-11-05"
    assert found("He was an election day volunteer.") == {}


def test_a_figure_stated_for_a_year_ago_is_the_reported_quarter_then() -> None:
    text = ("The thrift reported a third-quarter loss of $70 million. "
            "It had net income of $132,000, or three cents a share, a year ago.")
    assert found(text)["a year ago"] == "2022-Q3"


def test_a_year_ago_without_figures_is_last_year() -> None:
    text = "The thrift reported a third-quarter loss. A year ago, the founder retired."
    assert found(text)["A year ago"] == "2022"


@pytest.mark.parametrize("text", ["Officials have said in the past that the port could close.",
                                  "In the past it weighed a bid for the rival."])
def test_in_the_past_before_any_clause(text: str) -> None:
    assert list(found(text).values()) == ["PAST_REF"]


def test_in_the_past_tense_is_grammar() -> None:
    assert found("The verb is in the past tense.") == {}


@pytest.mark.parametrize("text", ["Jobs matter to today's youth.", "In today's world, news travels fast.",
                                  "These are the leaders of tomorrow.", "The poll appeared in USA Today."])
def test_generic_today_and_tomorrow_and_titles_are_not_days(text: str) -> None:
    assert found(text) == {}


@pytest.mark.parametrize(("text", "expr"), [("Today's meeting was tense.", "Today"),
                                            ("The vote of tomorrow morning is close.", "tomorrow morning")])
def test_today_and_tomorrow_as_days(text: str, expr: str) -> None:
    assert expr in found(text)


@pytest.mark.parametrize(("text", "expr", "value"), [
    ("A few days later, the board resigned.", "A few days", "PXD"),
    ("The chips will lead for at least several years.", "several years", "PXY"),
    ("Prices rose steadily over the years.", "the years", "PXY"),
    ("Selling may pick up in the weeks ahead.", "the weeks", "PXW"),
])
def test_unspecified_stretches(text: str, expr: str, value: str) -> None:
    assert found(text).get(expr) == value


@pytest.mark.parametrize("text", ["He bought several years of supplies.", "The car was seen in the weeks before the fire.",
                                  "They spoke of the years of plenty."])
def test_not_unspecified_stretches(text: str) -> None:
    assert not any(v.startswith("PX") for v in found(text).values())


@pytest.mark.parametrize(("text", "expr"), [
    ("Margins will stay thin in the near term.", "the near term"),
    ("The bank will raise capital at a later date.", "a later date"),
    ("Tax credits will lift profit in future quarters.", "future quarters"),
])
def test_the_future_in_business_words(text: str, expr: str) -> None:
    assert found(text).get(expr) == "FUTURE_REF"


@pytest.mark.parametrize("text", ["A later date was never set.", "It is a long-term bet.", "Future growth is unclear."])
def test_not_the_future_in_business_words(text: str) -> None:
    assert "FUTURE_REF" not in found(text).values()


def test_midnight_in_words() -> None:
    from db.temporal.wording import words

    e = extract("Police arrived at midnight Friday.", NOV)[0]
    assert (e.text, e.value, words(e)) == ("midnight Friday", "2023-10-27T24:00", "27 October 2023, midnight")


def test_mid_quarter_the_quarter_is_the_one_under_way() -> None:
    text = "Sales in the second quarter should rise 5%, the retailer said. The quarter has started strongly."
    assert found(text, pub(2024, 5, 20))["The quarter"] == "2024-Q2"


def test_a_weekdays_election_in_a_future_clause_is_ahead() -> None:
    assert found("Voters will go to the polls in Sunday's election.")["Sunday"] == "2023-11-05"
    assert found("The fund will miss Friday's deadline.")["Friday"] == "2023-11-03"

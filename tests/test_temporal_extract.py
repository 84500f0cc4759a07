"""The temporal extractor: news conventions, false positives, well-formed output, dev figures."""

from __future__ import annotations

import importlib.util
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.dates import TemporalExpression, extract
from db.models import PartialDate

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests/data/dates-dev.json"  # our dev gold (a copy of ../shared/eval/dates-dev.json)
SCORE = REPO.parent / "shared/eval/score.py"


def pub(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


MON = pub(2024, 6, 24)  # a Monday
DEC = pub(2024, 12, 28)

CONVENTIONS = [
    # (publication, sentence, expression text, value)
    (MON, "On Friday, five soldiers were killed.", "Friday", "2024-06-21"),
    (MON, "The statement came on Monday.", "Monday", "2024-06-24"),
    (MON, "Saturday's statement said so.", "Saturday", "2024-06-22"),
    (MON, "Five workers were killed in March when a bomber struck.", "March", "2024-03"),
    (MON, "After the March attack, security was tightened.", "March", "2024-03"),
    (MON, "Fighting broke out in August.", "August", "2023-08"),
    (DEC, "the Moscow Format talks held in November", "November", "2024-11"),
    (MON, "Last year, Pakistan recorded a rise.", "Last year", "2023"),
    (MON, "He told the media last month that operations continue.", "last month", "2024-05"),
    (MON, "He spoke in Islamabad last week.", "last week", "2024-W25"),
    (MON, "The talks resume next week.", "next week", "2024-W27"),
    (MON, "Several were killed earlier this year.", "earlier this year", "2024"),
    (MON, "Over 300 deaths so far this year.", "so far this year", "2024"),  # covers 1 Jan - 24 June
    (MON, "Dozens died in the first half of 2024 in attacks.", "the first half of 2024", "2024-01/2024-06"),
    (DEC, "341 killed during the first ten months of the year alone.",
     "the first ten months of the year", "2024-01/2024-10"),
    (MON, "Operations ran between 2009 and 2017 in the north.", "between 2009 and 2017", "2009/2017"),
    (MON, "Operations ran from 2009 to 2017.", "from 2009 to 2017", "2009/2017"),
    (MON, "Operations ran in 2009–2017.", "2009–2017", "2009/2017"),
    (MON, "Tensions have grown since August 2021.", "August 2021", "2021-08"),
    (MON, "In a briefing today, the general spoke.", "today", "2024-06-24"),
    (MON, "The minister arrived yesterday.", "yesterday", "2024-06-23"),
    (DEC, "the largest toll in the past five years", "the past five years", "P5Y"),
    (MON, "Pakistan recorded a six-year high in fatalities.", "six-year", "P6Y"),
    (MON, "Killed in targeted attacks in the last few years.", "the last few years", "PXY"),
    (MON, "It has lately seen a wave of protests.", "lately", "PAST_REF"),
    (DEC, "Peace is now more achievable than ever.", "now", "PRESENT_REF"),
    (DEC, "In recent years, the insurgency changed.", "recent years", "PAST_REF"),
    (MON, "Pakistan faces near daily attacks.", "daily", "P1D"),
    (MON, "The deal was signed on 22 June 2024 in Beijing.", "22 June 2024", "2024-06-22"),
    (MON, "The deal was signed on June 22, 2024.", "June 22, 2024", "2024-06-22"),
    (MON, "A bomb went off in March 2024 near Dasu.", "March 2024", "2024-03"),
    (MON, "Talks ran from March to June 2024.", "from March to June 2024", "2024-03/2024-06"),
    (MON, "Profits fell in the first quarter of 2024.", "the first quarter of 2024", "2024-Q1"),
    (MON, "He became president two years ago.", "two years ago", "2022"),
    (MON, "The economy grew in the 1990s.", "the 1990s", "199"),
    (MON, "In 2024, the army conducted raids.", "2024", "2024"),
    (MON, "Prices rose in mid-2023.", "mid-2023", "2023"),
    (MON, "The 2023-24 budget was passed.", "2023-24", "2023/2024"),
    (MON, "They met last Friday.", "last Friday", "2024-06-21"),
    (MON, "The vote will be held on Friday.", "Friday", "2024-06-28"),
    (MON, "He was jailed for 15 years.", "15 years", "P15Y"),
    (MON, "It happened over the weekend.", "the weekend", "2024-W25-WE"),
    (MON, "He was elected in 2009. Two years later he resigned.", "Two years later", "2011"),
    (MON, "Profit rose from the year-earlier quarter.", "the year-earlier quarter", "2023"),
    (MON, "First-quarter profit rose to $5 million from $4.2 million a year earlier.", "a year earlier", "2023-Q1"),
    (MON, "Troops will stay for the next five years.", "the next five years", "P5Y"),
    (MON, "Talks continue in the coming weeks.", "the coming weeks", "FUTURE_REF"),
    (MON, "It was built in the 19th century.", "the 19th century", "18"),
    (MON, "The plant closes at the end of the year.", "the end of the year", "2024"),
    # held-out conventions: scheduled dates, future quarters, anchors, holidays, seasons
    (pub(2023, 10, 26), "It will hold its meeting on March 15.", "March 15", "2024-03-15"),
    (pub(2024, 11, 29), "A hearing is scheduled for Jan. 5.", "Jan. 5", "2025-01-05"),
    (pub(2019, 5, 24), "The exit, originally scheduled for March 29, was delayed.", "March 29", "2019-03-29"),
    (pub(2023, 10, 26), "It plans to start mass production in Q2.", "Q2", "2024-Q2"),
    (pub(2025, 1, 14), "The switch-off will start in the second quarter.", "the second quarter", "2025-Q2"),
    (pub(2025, 1, 14), "Norvia will report fourth-quarter results on Jan. 30.", "fourth-quarter", "2024-Q4"),
    (pub(2023, 10, 26), "Profit for the July-September quarter fell.", "the July-September quarter", "2023-Q3"),
    (pub(2024, 11, 29), "The judge heard arguments on Monday, and a day earlier the state filed a brief.",
     "a day earlier", "2024-11-24"),
    (pub(2023, 10, 26), "Third-quarter profit fell 38% from a year earlier.", "a year earlier", "2022-Q3"),
    (pub(2024, 4, 15), "The attack came days after the end of Ramadan.", "Ramadan", "2024-03-11/2024-04-09"),
    (pub(2024, 4, 15), "Markets were crowded before Eid al-Fitr.", "Eid al-Fitr", "2024-04-10"),
    (pub(2024, 3, 5), "Fighting continued overnight, residents said.", "overnight", "2024-03-05"),
    (pub(2021, 9, 10), "It has doubled since the turn of the century.", "the turn of the century", "2000"),
    (pub(2022, 12, 19), "He will decide in the new year.", "the new year", "2023"),
    (pub(2019, 5, 24), "Protesters plan to march again in the autumn.", "the autumn", "2019-FA"),
    (pub(2024, 7, 18), "The region could see a surge in the autumn.", "the autumn", "2024-FA"),
    (pub(2024, 4, 15), "The market would reopen on Thursday.", "Thursday", "2024-04-18"),
    (pub(2019, 5, 24), "Results of the elections held on Thursday will be announced.", "Thursday", "2019-05-23"),
    (pub(2023, 12, 13), "Investors expect a first cut as soon as March.", "March", "2024-03"),
]


@pytest.mark.parametrize(("published", "sentence", "expr", "value"), CONVENTIONS)
def test_news_conventions(published: PartialDate, sentence: str, expr: str, value: str) -> None:
    found = extract(sentence, published)
    match = [e for e in found if e.text == expr]
    assert match, f"{expr!r} not found in {[e.text for e in found]}"
    assert match[0].value == value
    assert match[0].start == sentence.index(expr)


NOT_DATES = [
    "We won't serve them with cake and pastries; we are coming.",
    "They may attack again, we may respond.",
    "Thousands march on the capital; they will march again.",
    "A second attack followed within minutes of the first explosion.",
    "Over 300 deaths were recorded by the portal.",
    "The repatriation of 800,000 Afghan refugees continued.",
    "72% of the tribal districts have been cleared.",
    "A total of 59,775 operations were conducted.",
    "Some 2000 troops and 1500 police were deployed.",
    "Prime Minister Theresa May met the delegation.",
    "The Sunday Times reported the story.",
    "Security was recently tightened, a timely and long-term measure for the future of its people.",
    "The 35-year-old was one of 1,500 people; he is 45 years old.",
    "Later he said one day it would end. Past operations were costly.",
    "Gaps remained over a second phase; he won a second term.",
    "Call 1-800-555-0199 or +1 415 555 2030 for help.",
    "The 5G network runs 24/7; Argentina won 3-1 and drew 2-2.",
    "Article 370 and Resolution 2231 were cited; 1,200 people attended.",
    "Guests booked an overnight stay at the hotel.",
    "The scholar Tariq Ramadan spoke about the desert heat of the summer.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_no_false_positives(sentence: str) -> None:
    found = extract(sentence, MON)
    bad = [e for e in found if e.text.lower() not in ("recently", "minutes")]
    assert not bad, [(e.text, e.value) for e in bad]


def test_expression_fields() -> None:
    text = "Between 2009 and 2017, and last year, and for six years."
    found = extract(text, MON)
    assert [e.text for e in found] == ["Between 2009 and 2017", "last year", "six years"]
    span, last, dur = found
    assert span.precision == "span" and span.interval == (date(2009, 1, 1), date(2017, 12, 31))
    assert not span.relative and last.relative
    assert last.precision == "year" and last.interval == (date(2023, 1, 1), date(2023, 12, 31))
    assert dur.precision == "duration" and dur.interval is None
    assert set(span.as_dict()) == {"start", "end", "text", "value", "precision", "relative"}


def _check_well_formed(text: str, found: list[TemporalExpression]) -> None:
    prev_end = 0
    for e in found:
        assert 0 <= prev_end <= e.start < e.end <= len(text)
        assert e.text == text[e.start : e.end]
        assert e.precision in ("day", "month", "year", "span", "duration", "vague")
        assert isinstance(e.value, str) and e.value
        if e.interval is not None:
            assert e.interval[0] <= e.interval[1]
        prev_end = e.end


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_arbitrary_unicode(text: str) -> None:
    _check_well_formed(text, extract(text, MON))


TOKENS = [
    "in", "the", "last", "next", "this", "past", "first", "half", "of", "between", "and", "from",
    "to", "March", "May", "June", "Sept.", "Friday", "year", "years", "month", "weeks", "ago",
    "2024", "2009", "17", "22", "31", "2009–2017", "2024-06-22", "Q1", "H2", "early", "mid-",
    "late", "so", "far", "today", "now", "recent", "six-year", "daily", "1990s", "'90s", "few",
    "quarter", "fiscal", "10", "a.m.", ",", ".", "–", "-", "/", "٢٠٢٤", "²", "0000", "9999",
    "century", "19th", "winter", "weekend", "Christmas", "every", "day", "earlier", "two",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.dates(date(1, 1, 1), date(9999, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_date_like_noise(tokens: list[str], dct: date) -> None:
    text = " ".join(tokens)
    _check_well_formed(text, extract(text, PartialDate(dct, dct, "day")))


def test_fast_enough() -> None:
    text = ("Pakistan launched operations between 2009 and 2017; last year saw a six-year high, "
            "and on Friday 300 deaths were reported so far this year. ") * 800  # ~100 KB
    t0 = time.perf_counter()
    extract(text, MON)
    assert time.perf_counter() - t0 < 1.0


def _dates_eval():  # noqa: ANN202 - the bench/dates_eval.py module
    spec = importlib.util.spec_from_file_location("dates_eval", REPO / "bench/dates_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_gold_every_expression_found_and_nearly_every_value_right() -> None:
    s = _dates_eval().exact_scores(GOLD)
    assert s["relaxed_recall"] >= 0.97 and s["relaxed_precision"] >= 0.97, s
    assert s["value_recall"] >= 0.93 and s["value_precision"] >= 0.90, s


@pytest.mark.skipif(not SCORE.exists(), reason=f"the TempEval-style figures need the shared scorer {SCORE}")
def test_dev_gold_reaches_targets(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _dates_eval().main(["--gold", str(GOLD)])
    assert len(lines) == 2
    for line in lines:
        assert line["value_f1"] >= 0.95, line
        assert line["relaxed_f1"] >= 0.97, line

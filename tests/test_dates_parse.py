"""parse_date, partial_from_value and format_partial: every accepted form, every refusal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.dates import describe_partial, format_partial, parse_date, partial_from_value
from db.errors import DateError

TODAY = date(2024, 6, 24)
D = date

ACCEPTED = [
    ("2024-06-22", D(2024, 6, 22), D(2024, 6, 22), "day"),
    ("22 June 2024", D(2024, 6, 22), D(2024, 6, 22), "day"),
    ("June 22, 2024", D(2024, 6, 22), D(2024, 6, 22), "day"),
    ("Saturday 22 June 2024", D(2024, 6, 22), D(2024, 6, 22), "day"),
    ("22/06/2024", D(2024, 6, 22), D(2024, 6, 22), "day"),
    ("22-Jun-2024", D(2024, 6, 22), D(2024, 6, 22), "day"),
    ("June 2024", D(2024, 6, 1), D(2024, 6, 30), "month"),
    ("2024-06", D(2024, 6, 1), D(2024, 6, 30), "month"),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("March–June 2024", D(2024, 3, 1), D(2024, 6, 30), "span"),
    ("March-June 2024", D(2024, 3, 1), D(2024, 6, 30), "span"),
    ("March to June 2024", D(2024, 3, 1), D(2024, 6, 30), "span"),
    ("between March and June 2024", D(2024, 3, 1), D(2024, 6, 30), "span"),
    ("2009–2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("2009-2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("2009 - 2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("2009-17", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("between 2009 and 2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("from 2009 to 2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("Q1 2024", D(2024, 1, 1), D(2024, 3, 31), "span"),
    ("2024 Q3", D(2024, 7, 1), D(2024, 9, 30), "span"),
    ("early 2024", D(2024, 1, 1), D(2024, 4, 30), "span"),
    ("mid 2024", D(2024, 5, 1), D(2024, 8, 31), "span"),
    ("mid-2024", D(2024, 5, 1), D(2024, 8, 31), "span"),
    ("late 2024", D(2024, 9, 1), D(2024, 12, 31), "span"),
    ("first half of 2024", D(2024, 1, 1), D(2024, 6, 30), "span"),
    ("the second half of 2024", D(2024, 7, 1), D(2024, 12, 31), "span"),
    ("H1 2024", D(2024, 1, 1), D(2024, 6, 30), "span"),
    ("2024-01-01/2024-06-24", D(2024, 1, 1), D(2024, 6, 24), "span"),
    ("2009/2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
    ("2024-01/2024-06", D(2024, 1, 1), D(2024, 6, 30), "span"),
    ("2024-W25", D(2024, 6, 17), D(2024, 6, 23), "span"),
    ("June 21–23, 2024", D(2024, 6, 21), D(2024, 6, 23), "span"),
    ("21–23 June 2024", D(2024, 6, 21), D(2024, 6, 23), "span"),
    ("summer 2023", D(2023, 6, 1), D(2023, 8, 31), "span"),
    ("the 1990s", D(1990, 1, 1), D(1999, 12, 31), "span"),
    ("since August 2021", D(2021, 8, 1), D(2021, 8, 31), "month"),
    ("last year", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("yesterday", D(2024, 6, 23), D(2024, 6, 23), "day"),
    ("March", D(2024, 3, 1), D(2024, 3, 31), "month"),
    ("Friday", D(2024, 6, 21), D(2024, 6, 21), "day"),
    ("so far this year", D(2024, 1, 1), D(2024, 6, 24), "span"),
    ("800", D(800, 1, 1), D(800, 12, 31), "year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), ACCEPTED)
def test_parse_accepts(text: str, start: date, end: date, precision: str) -> None:
    p = parse_date(text, TODAY)
    assert (p.start, p.end, p.precision) == (start, end, precision)
    assert p.text == text


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("foo", "not a date"),
        ("2024-13-45", "month 13"),
        ("June 31, 2024", "no day 31"),
        ("2017–2009", "before the start"),
        ("2017/2009", "before the start"),
        ("0000", "1–9999"),
        ("10000", "1–9999"),
        ("😀🗓", "not a date"),
        ("Monday 22 June 2024", "Saturday"),
        ("x" * 500, "too long"),
    ],
)
def test_parse_refuses_with_reason_and_example(text: str, needle: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text, TODAY)
    msg = str(info.value)
    assert needle in msg
    assert "2024-06-22" in msg  # an example of what works


def test_circa_marks_an_estimate() -> None:
    p = parse_date("c. 2020", TODAY)
    assert p.estimate and p.precision == "year"


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None)
def test_parse_raises_only_date_error(text: str) -> None:
    try:
        p = parse_date(text, TODAY)
    except DateError:
        return
    assert p.start <= p.end


@given(st.from_regex(r"[0-9 /.\-–a-zA-Z,]{0,20}", fullmatch=True))
@settings(max_examples=150, deadline=None)
def test_parse_raises_only_date_error_on_date_like_noise(text: str) -> None:
    # either a well-formed date or one sentence saying what was wrong, with examples
    try:
        p = parse_date(text, TODAY)
    except DateError as exc:
        msg = str(exc)
        assert msg.startswith("Can't read") and "Try e.g." in msg and "\n" not in msg
        return
    assert p.start <= p.end
    assert p.precision in ("day", "month", "year", "span")
    assert p.text == text


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("2024-03", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("2024-06-21", D(2024, 6, 21), D(2024, 6, 21), "day"),
        ("2024-W25", D(2024, 6, 17), D(2024, 6, 23), "span"),
        ("2009/2017", D(2009, 1, 1), D(2017, 12, 31), "span"),
        ("2024-01-01/2024-06-24", D(2024, 1, 1), D(2024, 6, 24), "span"),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "span"),
        ("2024-06-21TNI", D(2024, 6, 21), D(2024, 6, 21), "day"),
    ],
)
def test_partial_from_value(value: str, start: date, end: date, precision: str) -> None:
    p = partial_from_value(value)
    assert (p.start, p.end, p.precision) == (start, end, precision)


@pytest.mark.parametrize("value", ["P6Y", "PXY", "P1D", "PAST_REF", "PRESENT_REF", "", "nonsense"])
def test_partial_from_value_refuses_durations_and_vague(value: str) -> None:
    with pytest.raises(DateError):
        partial_from_value(value)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2024-06-22", "22 June 2024"),
        ("June 2024", "June 2024"),
        ("2024", "2024"),
        ("March–June 2024", "March–June 2024"),
        ("2009–2017", "2009–2017"),
    ],
)
def test_format_partial(text: str, label: str) -> None:
    p = parse_date(text, TODAY)
    assert format_partial(p) == label
    assert describe_partial(p) == f"{label} ({p.precision})"

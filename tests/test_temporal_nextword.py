"""The next-word filter skips only rules that cannot match: extraction finds the same dates."""

from __future__ import annotations

from db.temporal.extract import _digit_start, _index, _next_words
from db.temporal.nextword import ALWAYS, after_word

TEXT = (
    "The strikes began last week. The past decade saw the worst of it; the year-ago quarter and "
    "the first half of 2023 were calm. The fiscal year ended June 30. THE SUMMER OF 2021 was hot. "
    "A couple of weeks later, a year ago, the 1990s, the week of March 4, the day before yesterday, "
    "the following month, the  next\tthree years, the\nsame period last year, the past 18 months. "
    "In the first quarter, this year, last spring, March 2024, the mid-1990s, the early 2000s."
)


def test_filtered_rules_include_every_rule_that_matches() -> None:
    index, trigger = _index()
    words = _next_words()
    for tok in trigger.finditer(TEXT):
        key = tok.group().lower()
        if key not in words:
            continue
        kept = {rank for rank, _, _ in words[key].at(TEXT, tok.end())}
        matching = {rank for rank, rx, _ in index[key] if rx.match(TEXT, tok.start())}
        assert matching <= kept, (key, TEXT[tok.start() : tok.start() + 30])


def test_next_word_read_from_the_pattern() -> None:
    assert after_word(r"(?i:the)\s+(?i:past|last)\s+decade", "the") == {("past", True), ("last", True)}
    assert after_word(r"(?i:the)\s+\w+", "the") is ALWAYS
    assert after_word(r"[A-Za-z]+-year", "the") is ALWAYS
    assert after_word(r"\d{4}", "the") == frozenset()


NUMBERS = (
    "On 2024-06-24 and 24/06/2024, at 10:30 a.m. EST, 3 days after the 1990s ended, Q3 2023, "
    "FY2024, 12 March 2024, 2009–2017, between 1994 and 1997, 5 p.m., 18 months, 2 1/2 years, "
    "6.5%, 1,200 troops, 30th anniversary, 21st century, 2023 second quarter, 9/11, 24/7, 3 ½ hours, "
    "4\u00a0June, 7 \u212aelvin-days, 1st half, 2 in the morning, 10-year plan."
)


def test_number_rules_kept_whenever_they_match() -> None:
    index, trigger = _index()
    starts = _digit_start()
    for tok in trigger.finditer(NUMBERS):
        if not tok.group()[0].isdigit():
            continue
        kept = {rank for rank, _, _ in starts.at(NUMBERS, tok.start())}
        matching = {rank for rank, rx, _ in index["#digit"] if rx.match(NUMBERS, tok.start())}
        assert matching <= kept, NUMBERS[tok.start() : tok.start() + 30]
        assert len(kept) < len(index["#digit"])

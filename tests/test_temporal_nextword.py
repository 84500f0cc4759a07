"""The next-word filter skips only rules that cannot match: extraction finds the same dates."""

from __future__ import annotations

from db.temporal.extract import _index, _next_words
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

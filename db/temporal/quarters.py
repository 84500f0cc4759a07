"""A quarter named by the day it ends: `the quarter ended Sept. 30`, `the second quarter ended Oct. 31`."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from db.temporal.context import Cand

_QUARTER_WORDS = re.compile(
    r"(?i)(?:the\s+)?(?:(?:latest|most\s+recent|fiscal|just-ended|recent)\s+)?"
    r"(?:(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?)?quarter"
)
_ENDED = re.compile(r"(?i)\s*,?\s+(?:that\s+)?end(?:ed|ing|s)\s+(?:on\s+)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def quarters_by_end(text: str, cands: list[Cand]) -> list[Cand]:
    """Give a quarter followed by `ended <day>` that day's year (and, unnamed, the calendar
    quarter holding most of the three months up to the day): a company's second quarter ended
    Oct. 31 in a November story is last year's when the day is."""
    out = list(cands)
    for i, c in enumerate(out[:-1]):
        q = _QUARTER_WORDS.fullmatch(text, c.start, c.end)
        nxt = out[i + 1]
        if q is None or nxt.precision != "day" or not _ENDED.fullmatch(text, c.end, nxt.start):
            continue
        if _DAY.match(nxt.value) is None:
            continue
        end = date.fromisoformat(nxt.value[:10])
        if q["o"]:
            year, number = end.year, _ORD[q["o"].lower()]
        else:
            # the three months up to the day: the calendar quarter holding most of them (their
            # middle), so a quarter ended July 31 is the second and one ended Oct. 1 the third
            mid = end - timedelta(days=45)
            year, number = mid.year, (mid.month - 1) // 3 + 1
        out[i] = replace(c, value=f"{year:04d}-Q{number}", precision="span")
    return out

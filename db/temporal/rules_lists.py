"""Rules for the later days of a day list (`on April 24 and 25`): TimeML tags each day."""

from __future__ import annotations

import re
from datetime import date

from db.temporal.calendar import month_end
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import COUNT_NOUNS, DAY, MONTH, YEAR
from db.temporal.rules_abs import mon, num, rule

# words after `March 5 and 6` that make the 6 a count (`6 people`, `6 percent`), not a day
_NOT_DAY_AFTER = COUNT_NOUNS | frozenset("others more of percent per points other".split())


@rule(
    rf"(?<![\w,.])(?P<m>{MONTH})\s+(?P<d>{DAY})\s+(?:and|&)\s+(?P<f>{DAY})(?:,?\s+(?P<y>{YEAR}))?(?![\w:.,]\d|\s*%)",
    "@month",
)
def _second_day(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`April 24 and 25`: the second day, in the first one's month (the first is its own rule's)."""
    mo, d, f = mon(m["m"]), num(m["d"]), num(m["f"])
    if m["y"] is None and ctx.word_after(m.end("f")).lower() in _NOT_DAY_AFTER:
        return None
    y = int(m["y"]) if m["y"] else ctx.day_year(mo, d, m.start())
    if y is None or not d < f <= month_end(y, mo).day:
        return None
    return Cand(m.start("f"), m.end("f"), date(y, mo, f).isoformat(), "day", not m["y"])

"""Recurring weekdays: `on Sundays`, `Tuesday nights`, `Monday and Tuesday nights` are TimeML
sets (XXXX-WXX-7, XXXX-WXX-2TNI), not one date."""

from __future__ import annotations

import re

from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import PART_OF_DAY
from db.temporal.rules_abs import rule

_STEM = r"(?i:mon|tues|wednes|thurs|fri|satur|sun)"
_NUMBER = {s: i for i, s in enumerate("mon tues wednes thurs fri satur sun".split(), 1)}
_PARTS = r"(?i:mornings|afternoons|evenings|nights)"
# `Monday and Tuesday nights`, `Saturdays and Sundays`: the first weekday shares the plural after it
_SHARED = re.compile(rf"\s+(?i:and|or)\s+{_STEM}(?:days\b|day\s+(?P<p>{_PARTS})\b)")


def _value(stem: str, part: str | None) -> str:
    """TimeML's set value for a weekday (and a part of the day)."""
    code = PART_OF_DAY[part.lower()[:-1]] if part else ""
    return f"XXXX-WXX-{_NUMBER[stem.lower()]}{code}"


@rule(rf"(?P<s>{_STEM})(?:days\b|day\s+(?P<p>{_PARTS})\b)(?![’']\s*\w)", "@weekday mondays tuesdays wednesdays thursdays fridays saturdays sundays")
def _weekdays(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`on Sundays`, `Tuesday nights`: every such day (every such night); not a name (`the Sundays`)."""
    if ctx.word_before(m.start()) == "the" and not m["p"]:
        return None
    return Cand(m.start(), m.end(), _value(m["s"], m["p"]), "vague", False)


@rule(rf"(?P<s>{_STEM})day(?=\s+(?i:and|or)\s)", "@weekday", first=True)
def _weekday_sharing(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`Monday` in `Monday and Tuesday nights`: every Monday night, like the day after it."""
    shared = _SHARED.match(ctx.text, m.end())
    if shared is None:
        return None
    return Cand(m.start(), m.end(), _value(m["s"], shared["p"]), "vague", False)

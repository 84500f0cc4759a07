"""What a rule sees while matching: the text, the publication date and small look-arounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from db.temporal.calendar import month_end
from db.temporal.lexicon import (
    AND_PAST,
    BE_BEFORE,
    FORWARD_WORDS,
    FUTURE_CUE,
    HAD,
    PAST_AUX,
    PAST_VERB,
    PAST_WORD,
    PLAN_UNDONE,
    REPORTED,
    SENTENCE_STOP,
    WORD_AFTER,
    WORD_BEFORE,
    sentence_tail,
)

# WORD_BEFORE's match found in one pass (its word starts at the first ASCII letter of the run of word
# characters and . ’ ' - the window ends with; the window is sliced, nothing before it counts); used
# only while WORD_BEFORE is the pattern it was written for
_ONE_PASS = {r"([A-Za-z][\w.’'-]*)\W{0,3}$": r"(?<![\w.’'-])(?:[^\WA-Za-z]|[.’'-])*+([A-Za-z][\w.’'-]*+)\W{0,3}$"}
_WORD_BEFORE = re.compile(_ONE_PASS[WORD_BEFORE.pattern]) if WORD_BEFORE.pattern in _ONE_PASS and WORD_BEFORE.flags == re.U else None


@dataclass(frozen=True)
class Cand:
    """A candidate expression found by one rule.

    mod is TimeML's MOD (START, MID, END: a part of the period the value names); span is the
    calendar value the expression covers when that differs from its TimeML value (`since March`
    is valued `2024-03` but covers `2024-03/2024-08-02`; `the past decade` is `P10Y` over
    `2014/2024`).
    """

    start: int
    end: int
    value: str
    precision: str
    relative: bool
    rank: int = 0
    mod: str = ""
    span: str = ""


class Ctx:
    """Text plus document creation time (DCT), with helpers for context checks."""

    def __init__(self, text: str, dct: date) -> None:
        """Remember the text and the anchor date."""
        self.text = text
        self.dct = dct
        self._before: dict[int, str] = {}

    def word_before(self, pos: int) -> str:
        """The word just before pos (lower case), or ''."""
        return self.raw_word_before(pos).lower()

    def raw_word_before(self, pos: int) -> str:
        """The word just before pos as written, or ''."""
        word = self._before.get(pos)
        if word is None:
            if _WORD_BEFORE is not None:
                m = _WORD_BEFORE.search(self.text[max(0, pos - 30) : pos])
            else:
                m = WORD_BEFORE.search(self.text, max(0, pos - 30), pos)
            word = self._before[pos] = m.group(1) if m else ""
        return word

    def word_after(self, pos: int) -> str:
        """The word (or `%`) just after pos, as written, or ''."""
        m = WORD_AFTER.match(self.text[pos : pos + 30])
        return m.group(1) if m else ""

    def before(self, pos: int, n: int = 40) -> str:
        """Up to n characters before pos."""
        return self.text[max(0, pos - n) : pos]

    def after(self, pos: int, n: int = 40) -> str:
        """Up to n characters after pos."""
        return self.text[pos : pos + n]

    def sentence_start(self, pos: int) -> bool:
        """True when only spaces/quotes separate pos from a sentence or line start."""
        i = pos - 1
        while i >= 0 and self.text[i] in " \t\"'“‘(«":
            i -= 1
        return i < 0 or self.text[i] in ".!?\n:;"

    def future(self, pos: int, ahead_ok: bool = True) -> bool:
        """True when the clause around pos speaks of the future (will, scheduled, due to...).

        A past verb right before the expression wins (`the ruling announced Wednesday`, even
        after `they said they would appeal`), unless a `be` makes it passive-future (`will be
        held on Thursday`). A cue after the expression does not count when a past verb stands
        before it (`In September, it announced plans to ...`), nor when ahead_ok is false.
        """
        window = _RELATIVE.sub(",", sentence_tail(self.before(pos, 120)))
        if self._past_verb_before(window) or HAD.search(window):
            return False
        cues = list(FUTURE_CUE.finditer(window))
        if cues and PLAN_UNDONE.match(self.text, pos, pos + 60):
            return False  # `a rally planned for Saturday was cancelled`: the plan is reported past
        if cues:
            # `will sell the unit, and took a charge in the third quarter`: a past verb joined
            # after the cue is the clause the date belongs to
            return not AND_PAST.search(window, cues[-1].end())
        if not ahead_ok:
            return False
        fronted = _FRONTED.fullmatch(window) is not None
        ahead = self.after(pos, 120 if fronted else 60)
        stop = SENTENCE_STOP.search(ahead)
        if stop:
            ahead = ahead[: stop.start()]
        cue = FUTURE_CUE.search(ahead)
        if cue and cue.start() > 60 and _CLAUSE_BREAK.search(ahead, 0, cue.start()):
            return False  # `On Tuesday, the group, which plans to ...`: the cue is in a relative clause
        if cue is None or PAST_WORD.search(ahead, 0, cue.start()):
            return False
        # `issued a statement Friday saying the entry will ...`: the cue is in a reported clause
        return not (REPORTED.search(ahead, 0, cue.start()) and PAST_WORD.search(window))

    @staticmethod
    def _past_verb_before(window: str) -> bool:
        """True when the clause ends in a past verb (`announced`, `met on`) not made future or
        passive by a `be` or a modal just before it."""
        tail = window[-40:]
        pv = PAST_VERB.search(tail)
        if pv is None:
            return False
        head = window[: len(window) - len(tail) + pv.start()]
        return not BE_BEFORE.search(head)

    def forward(self, pos: int) -> bool:
        """True after `until`, `by`, `before`, `payable`, `effective`, `starting`: the next one,
        unless the clause is in the past perfect or passive past (`had been due to expire`)."""
        if self.word_before(pos) not in FORWARD_WORDS:
            return False
        # a relative clause set off by commas tells of something else (`The sale, which had been
        # expected, is part of a plan to repay the loan by February`)
        window = _RELATIVE.sub(",", sentence_tail(self.before(pos, 120)))
        ahead = self.after(pos, 60)
        stop = SENTENCE_STOP.search(ahead)
        return not PAST_AUX.search(window) and not PAST_AUX.search(ahead[: stop.start() if stop else None])

    def month_year(self, month: int, pos: int) -> int:
        """Year of a bare month: the most recent at or before the DCT (next one if future)."""
        y = self.dct.year
        if self.word_before(pos) == "since":
            return y if month <= self.dct.month else y - 1
        if self.forward(pos) or self.future(pos) or self._next_month(month, pos):
            return y if month >= self.dct.month else y + 1
        return y if month <= self.dct.month else y - 1

    def _next_month(self, month: int, pos: int) -> bool:
        """True for the month after the DCT's, unless a past verb ends the clause before it: news
        names last year's month eleven months back as `last November`, so `November` in a late
        October article is the coming one."""
        if month != self.dct.month % 12 + 1:
            return False
        return not self._past_verb_before(sentence_tail(self.before(pos, 120)))

    def day_year(self, month: int, day: int, pos: int) -> int | None:
        """Year of a day-and-month without year, by the same convention (None if invalid)."""
        y = self.dct.year
        if day > month_end(2024, month).day:
            return None
        if month == 2 and day == 29:
            return y if _leap(y) else None
        cand = date(y, month, day)
        if self.word_before(pos) in ("since", "ended"):
            # `the quarter ended Oct. 31` (past participle): the last one at or before publication
            return y if cand <= self.dct else y - 1
        if (self.dct - cand).days > 60 and self.forward(pos):
            return y + 1  # `payable Jan. 2` in November; `by Jan. 14` on the 15th has passed
        if cand <= self.dct:
            # a date scheduled in the clause before it (`will be held on March 15`) and long gone
            # this year is next year's
            if (self.dct - cand).days > 150 and self.future(pos, ahead_ok=False):
                return y + 1
            return y
        if self.future(pos) or self.forward(pos) or (cand - self.dct).days <= 90:
            return y
        return y - 1


# an expression opening its sentence (`On Tuesday, the league plans to ...`): the verb it dates
# comes after a subject, so the look-ahead for a future cue reaches further
_FRONTED = re.compile(r"[\s\"'“‘(«]*(?:(?i:on|by|and|but|then|so)\s+)?")
_CLAUSE_BREAK = re.compile(r"(?i)\b(?:which|who|whose|that|said|says|saying|when|while|after|before|as|because|since|though|although)\b|\(|--|—")


_RELATIVE = re.compile(r"(?i),\s+(?:which|who|whom|whose)\b[^,;]*,")


def _leap(y: int) -> bool:
    """Leap year test."""
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)

"""Regex fragments for English news dates: months, weekdays, numbers, units, modifiers."""

from __future__ import annotations

import re


def _caps(words: str) -> str:
    """Alternation of Capitalised and UPPER forms of words (names of months and days)."""
    return "|".join(f"{w.capitalize()}|{w.upper()}" for w in words.split())


MONTH_NAMES = "January February March April May June July August September October November December"
MONTH_FULL = rf"(?:{_caps(MONTH_NAMES)})\b"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
MONTH = rf"(?:{MONTH_FULL}|{MONTH_ABBR})"
WEEKDAY_FULL = rf"(?:{_caps('Monday Tuesday Wednesday Thursday Friday Saturday Sunday')})\b"
WEEKDAY_ANY = rf"(?:{WEEKDAY_FULL}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?:1\d{3}|20\d{2})(?![\d])"
SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUM_WORD = rf"(?i:(?:{TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b|(?:{SMALL})\b|a\s+hundred\b|a\s+dozen\b|a\s+couple\s+of\b|an?\b)"
NUM = rf"(?:(?<![\d,.])\d{{1,3}}(?![\d,]\d|\.\d)|{NUM_WORD})"
VAGUE_Q = r"(?i:a\s+few|few|several|many|a\s+couple\s+of|the\s+last\s+several)"
UNIT = r"(?i:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)\b"
UNIT_PL = r"(?i:days|weeks|months|years|decades|centuries|hours)\b"
MOD = (
    r"(?:(?i:about|around|some|nearly|almost|roughly|approximately|over|more\s+than|less\s+than|"
    r"fewer\s+than|at\s+least|just|only|barely|under|up\s+to|well\s+over|close\s+to)\s+)?"
)
RANGE_SEP = r"(?:\s*[-–—‒]\s*|\s+(?i:to|through|thru|until|till)\s+)"
PART_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}

UNIT_CODE = {
    "second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"),
    "week": ("", "W"), "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"),
    "century": ("", "CE"),
}
UNIT_YEARS = {"decade": 10, "century": 100}


def unit_of(word: str) -> str:
    """Singular unit name of a unit word (`years` -> `year`, `centuries` -> `century`)."""
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


def duration_value(n: int | None, unit: str) -> str:
    """ISO-8601 duration `P6Y`, `PT48H`, `PXY` (n None = unspecified)."""
    t, code = UNIT_CODE[unit]
    if n is not None and unit in UNIT_YEARS:
        return f"P{n * UNIT_YEARS[unit]}Y"
    return f"P{t}{'X' if n is None else n}{code}"


TEMPORAL_PREPS = frozenset(
    "in since during until till by from to through throughout before after of between and or "
    "around circa c. early mid late fiscal year spring summer autumn fall winter the this "
    "last next year-end ending beginning starting dated as".split()
)
QUANTIFIERS = frozenset(
    "about some nearly over than least around approximately roughly almost only just killed "
    "killing total with additional another extra estimated nearly some".split()
)
COUNT_NOUNS = frozenset(
    "people persons men women children soldiers troops militants terrorists deaths dead "
    "civilians refugees cases votes units families houses homes vehicles times km kilometres "
    "kilometers miles metres meters feet tons tonnes dollars rupees euros pounds percent points "
    "members workers students jobs operations attacks incidents acres hectares cars shares "
    "barrels casualties wounded injured fighters prisoners police policemen officers residents "
    "visitors pilgrims pages words rounds bombs rockets missiles villages schools "
    "calories lakh crore million billion hours days weeks months years".split()
)
NON_NOUN_S = frozenset(
    "was has is as its his this thus plus versus across always perhaps towards afterwards "
    "besides unless less whereas does goes says sees marks remains saw its sets makes "
    "brings begins ends comes looks seems proves represents becomes".split()
)
WORD_BEFORE = re.compile(r"([A-Za-z][\w.’'-]*)\W{0,3}$")
WORD_AFTER = re.compile(r"^\W{0,3}([A-Za-z][\w’'-]*|%)")
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|going\s+to|scheduled|slated|due\s+to|expected\s+to|plans?\s+to|planned|"
    r"planning\s+(?:to|for)|intends?\s+to|upcoming|as\s+(?:early|soon)\s+as|likely\s+to|(?:is|are)\s+to|to\s+be\s+held|would(?!\s+have\b)|set\s+to|expects?|hopes?\s+to|aims?\s+to|"
    r"due\s+(?:by|in|on|for|next|this)|next(?!\s+(?:to|door)\b)"
    r"|(?:when|once|until|unless|if)\s+(?:\w+\s+){1,4}?(?:is|are)\s+(?!\w+ing\b)\w+)\b|['’]ll\b",
    re.IGNORECASE,
)
PAST_VERB = re.compile(
    r"\b(?:\w{3,}(?<!e)ed|\w*(?:agre|fre|decre|guarante|refere)ed|held|was|were|had|met|said|began|took|made|came|went|left|won|lost|fell|rose|"
    r"struck|hit|shot|saw|told|gave|sent|spoke|broke|found|ran|led|paid|sold|built|flew|fought)"
    r"(?:\s+(?:on|in|at|last|early|late|by))?\s*$",
    re.IGNORECASE,
)
# a past verb after one of these is passive-future or infinitive: `will be held`, `to be completed`
BE_BEFORE = re.compile(r"(?i)\b(?:be|is|are|been|being|to|will|would|shall|'s|’s)\s+(?:\w+ly\s+)?$")
PAST_WORD = re.compile(
    r"(?i)\b(?:\w{3,}(?<!e)ed|\w*(?:agre|fre|decre|guarante|refere)ed|said|says|was|were|had|met|began|took|made|came|went|told|gave|sent|spoke|"
    r"broke|found|won|lost|fell|rose)\b"
)
AND_PAST = re.compile(
    r"(?i)(?:\band|\bbut|,)\s+(?:(?:it|he|she|they|we)\s+)?(?:\w{3,}(?<!e)ed|said|took|made|came|went|told|gave|sent|won|lost|fell|rose|paid|sold)\b"
)
REPORTED = re.compile(r"(?i)\b(?:saying|that|which|who|warning|adding)\b")
PLAN_UNDONE = re.compile(r"[\w.' ]{0,25}?\b(?:was|were|had\s+been)\s+(?:\w+ly\s+)?(?:\w+ed|\w+en)\b", re.IGNORECASE)
HAD = re.compile(r"(?i)\bhad\s+been\s+(?:\w+\s+)?(?:due|scheduled|expected|set|slated|planned)\b")  # past perfect: `had been due to expire Friday` is over
PAST_AUX = re.compile(r"(?i)\b(?:was|were|had|did)\b")
FORWARD_WORDS = frozenset("until till by before payable effective starting".split())
# a sentence end: not the dot of `Mr.`, `Daniel P.`, `Inc.` or `4.5`
SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bJr|\bSr|\bSt|\bCo|\bNo|\bvs|\bLt)(?<!\bMrs|\bInc|\bGen|\bGov|\bSen|\bRep|\bLtd|\bCol)"
    r"(?<!\bCorp|\bSept)[.!?](?!\d)|\n"
)


def sentence_tail(window: str) -> str:
    """The part of window after its last sentence end (all of it when there is none)."""
    end = -1
    for m in SENTENCE_END.finditer(window):
        end = m.end()
    return window if end < 0 else window[end:]
SENTENCE_STOP = re.compile(r"[.!?\n;]")

_NUM_WORDS = f"{SMALL}|{TENS}".replace("|", " ") + " a an"
_MOD_WORDS = "about around some nearly almost roughly approximately over more less fewer at just only barely under up well close"
_MONTH_KEYS = (
    "january jan february feb march mar april apr may june jun july jul august aug september "
    "sep sept october oct november nov december dec"
)
_WD_KEYS = "monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun"
MACROS: dict[str, tuple[str, ...]] = {
    "@month": tuple(_MONTH_KEYS.split()),
    "@weekday": tuple(_WD_KEYS.split()),
    "@num": tuple(_NUM_WORDS.split()),
    "@mod": tuple(_MOD_WORDS.split()),
}
TOKEN = re.compile(r"['’]\d0s\b|\w+")

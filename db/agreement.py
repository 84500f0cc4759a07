"""Do the sources agree? Each source passage's own date for its event, compared with the event's date.

A source's date is what its passage says: the date expressions inside the passage, or else in its
sentence, resolved against its article's publication date. A rejected suggestion is not a date; an
accepted one that made an event takes that event's date (the analyst's correction wins). Dates are
compared by the calendar days they cover, so precision is respected: "March 2024" agrees with
"26 March 2024", "19 March" and "26 March" conflict. A passage without a date is "undated".

This module holds the records and the pure comparison; `db.agreement_index.AgreementIndex` keeps
the results current change by change.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from db.agreement_extract import (
    expressions_upto,
    keep,
    needed,
    published_key,
    recall,
    sentence_breaks,
    text_key,
)
from db.models import PartialDate

if TYPE_CHECKING:
    from db.dates import TemporalExpression


AGREE, CONFLICT, UNDATED, NO_SOURCES = "agree", "conflict", "undated", "no sources"
STATUSES = (AGREE, CONFLICT, UNDATED, NO_SOURCES)
MARKS = {AGREE: "✓", CONFLICT: "≠", UNDATED: "?", NO_SOURCES: "–"}  # a mark beside the word, never colour alone


class SourceDate(NamedTuple):
    """One source passage of an event with the date it gives (None: undated) and how it compares.

    A named tuple, not a dataclass: 30,000 of them are made per full computation.
    """

    annotation_id: str
    article_id: str
    date: PartialDate | None
    status: str  # agree | conflict | undated
    value: str = ""  # TimeML-like value of `date` (`2024-03-26`, `2024-03`, `2024-W12`)
    decided: bool = False  # the date is an accepted suggestion's event date

    @property
    def label(self) -> str:
        """The date in words (`26 March 2024`), or `no date`."""
        return self.date.label() if self.date is not None else "no date"


class EventAgreement(NamedTuple):
    """Whether an event's sources agree with its date, and each source's own date."""

    event_id: str
    status: str  # agree | conflict | undated | no sources
    sources: tuple[SourceDate, ...] = ()

    @property
    def text(self) -> str:
        """`conflict` etc. with a mark in front, for tables."""
        return f"{MARKS[self.status]} {self.status}"

    def source_dates(self) -> str:
        """`annotation_id=value` per source, `;`-separated (empty value: undated)."""
        return ";".join(f"{s.annotation_id}={s.value}" for s in self.sources)

    def describe(self, titles: dict[str, str] | None = None) -> str:
        """One line per source: `≠ 19 March 2024 — Dawn (“on Tuesday”)`, for tooltips and the CLI."""
        titles = titles or {}
        lines = []
        for s in self.sources:
            where = titles.get(s.article_id, "")
            lines.append(f"{MARKS[s.status]} {s.label}{' — ' + where if where else ''}")
        return "\n".join(lines)


EventRow = tuple[str, str, str, str, str, tuple[str, ...]]
Cand = tuple[str, str, PartialDate, str, bool]  # first day, last day (ISO), date, value, decided


class Found(NamedTuple):
    """The candidate dates of one passage and the events whose dates they borrowed (a named tuple:
    one is made per source passage)."""

    dates: tuple[Cand, ...]
    borrowed: frozenset[str] = frozenset()


NOTHING = Found(())


@dataclass
class ArticleDates:
    """An article's datable expressions in text order, its sentence breaks and its decisions."""

    expressions: list[TemporalExpression]
    cands: tuple[Cand, ...]  # a slice of a tuple is a tuple: a passage's dates are one object
    starts: list[int]
    ends: list[int]
    breaks: list[tuple[int, int]]  # sentence separators (start, end)
    break_starts: list[int]
    length: int
    decisions: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    covered: int = -1  # dates are exact up to here (the whole text unless extraction stopped early)

    def __post_init__(self) -> None:
        if self.covered < 0:
            self.covered = self.length

    def reads_past(self, start: int, end: int) -> bool:
        """Whether the passage start..end (with its sentence) reaches past the extracted text."""
        return self.covered < self.length and (end > self.covered or self.sentence(start, end)[1] > self.covered)

    def within(self, lo: int, hi: int) -> range:
        """Positions of the expressions overlapping lo..hi."""
        i = bisect_right(self.ends, lo)
        j = bisect_left(self.starts, hi, i)
        return range(i, j)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence(s) around start..end: from after the last break before it to the next break."""
        i = bisect_right(self.break_starts, start) - 1
        while i >= 0 and self.breaks[i][1] > start:
            i -= 1
        lo = self.breaks[i][1] if i >= 0 else 0
        j = bisect_left(self.break_starts, end)
        hi = self.breaks[j][0] if j < len(self.breaks) else self.length
        return lo, max(hi, end)


class Dated(NamedTuple):
    """What agreement keeps of an article's text: its dated expressions and sentence breaks."""

    expressions: list[TemporalExpression]
    cands: tuple[Cand, ...]
    starts: list[int]
    ends: list[int]
    breaks: list[tuple[int, int]]
    break_starts: list[int]
    length: int
    covered: int


def article_dates(text: str, published: PartialDate | None,
                  decisions: dict[tuple[int, int], tuple[str, str]] | None = None,
                  expressions: list[TemporalExpression] | None = None, upto: int | None = None,
                  key: str | None = None) -> ArticleDates:
    """What agreement needs of one article (its expressions are extracted unless given).

    With `upto` (the end of the last passage asked about) only the text up to the end of that
    passage's sentence plus `db.agreement_extract.LOOKAHEAD` is extracted: the dates of passages
    before it are the same. Extractions are kept per text (`key`: its SHA-256, computed when not
    given) and publication date, and reused while they reach far enough.
    """
    if expressions is not None:
        breaks = sentence_breaks(text)
        return _with_decisions(_dated(text, expressions, breaks, len(text)), decisions)
    key = key or text_key(text)
    found = recalled(key, published, upto, decisions)
    if found is not None:
        return found
    breaks = sentence_breaks(text)
    cut, exact = needed(len(text), upto, [b[0] for b in breaks])
    dated = _dated(text, expressions_upto(text, published, cut, exact), breaks, exact)
    keep((key, published_key(published)), dated)
    return _with_decisions(dated, decisions)


def recalled(key: str, published: PartialDate | None, upto: int | None,
             decisions: dict[tuple[int, int], tuple[str, str]] | None = None) -> ArticleDates | None:
    """The article's dates from a kept extraction of the text with SHA-256 `key`, if one reaches
    far enough for passages ending by `upto` (None when the text must be read and extracted)."""
    dated = recall((key, published_key(published)))
    if not isinstance(dated, Dated) or dated.covered < needed(dated.length, upto, dated.break_starts)[1]:
        return None
    return _with_decisions(dated, decisions)


def _dated(text: str, expressions: list[TemporalExpression], breaks: list[tuple[int, int]], covered: int) -> Dated:
    xs, cands, starts, ends = [], [], [], []
    top = -1  # ends made non-decreasing (expressions do not overlap, so this is only a safeguard)
    for x in expressions:  # one pass: ~15 expressions per article, 1,000 articles in a full computation
        iv = x.interval
        if iv is None:
            continue
        lo, hi = iv
        when = PartialDate(lo, hi, x.precision if x.precision in _PRECISE else "span", x.text)
        xs.append(x)
        cands.append((lo.isoformat(), hi.isoformat(), when, x.value, False))
        starts.append(x.start)
        top = x.end if x.end > top else top
        ends.append(top)
    return Dated(xs, tuple(cands), starts, ends, breaks, [b[0] for b in breaks], len(text), covered)


def _with_decisions(d: Dated, decisions: dict[tuple[int, int], tuple[str, str]] | None) -> ArticleDates:
    return ArticleDates(d.expressions, d.cands, d.starts, d.ends, d.breaks, d.break_starts, d.length,
                        dict(decisions or {}), d.covered)


_PRECISE = frozenset(("day", "month", "year"))  # an expression of another precision is a span of days


def passage_dates(art: ArticleDates, start: int, end: int,
                  event_date: Callable[[str], PartialDate | None]) -> Found:
    """The dates a passage gives: its own expressions, else its sentence's; decisions applied."""
    found = art.within(start, end)
    if not found:
        found = art.within(*art.sentence(start, end))
        if not found:
            return NOTHING
    if not art.decisions:
        return Found(art.cands[found.start:found.stop])
    dates: list[Cand] = []
    borrowed: set[str] = set()
    for i in found:
        x = art.expressions[i]
        decision, event_id = art.decisions.get((x.start, x.end), ("", ""))
        if decision == "rejected":
            continue
        if decision == "accepted" and event_id:
            borrowed.add(event_id)
            when = event_date(event_id)
            if when is not None:
                dates.append((when.start.isoformat(), when.end.isoformat(), when, when.value, True))
                continue
        dates.append(art.cands[i])
    return Found(tuple(dates), frozenset(borrowed))


def judge(first: str, last: str, dates: Sequence[Cand]) -> Cand | None:
    """The first of a passage's dates that can name a day between `first` and `last` (ISO), or None."""
    for c in dates:
        if c[0] <= last and first <= c[1]:
            return c
    return None


def status_for(when: PartialDate, dates: Sequence[Cand]) -> tuple[str, Cand | None]:
    """How a passage's dates compare with `when`: (agree|conflict|undated, the date shown)."""
    if not dates:
        return UNDATED, None
    hit = judge(when.start.isoformat(), when.end.isoformat(), dates)
    return (AGREE, hit) if hit else (CONFLICT, dates[0])


_new = tuple.__new__  # SourceDate(...) through its Python-level __new__ costs twice as much


def compare(event_id: str, first: str, last: str, source_ids: Sequence[str],
            found: Callable[[str], Sequence[Cand]], spans: dict[str, tuple[str, int, int]]) -> EventAgreement:
    """The agreement of one event (its days `first`..`last`, ISO) given the dates its sources' passages
    give (`found`: annotation id → candidate dates)."""
    return compare_rows([(event_id, first, last, "", "", tuple(source_ids))], found, spans)[event_id]


def compare_rows(rows: Iterable[EventRow], found: Callable[[str], Sequence[Cand]],
                 spans: dict[str, tuple[str, int, int]]) -> dict[str, EventAgreement]:
    """event id → agreement for each event row, as `compare` (one loop: 10,000 events, 30,000 sources)."""
    out = {}
    new = tuple.__new__  # SourceDate(...) through its Python-level __new__ costs twice as much
    get = spans.get
    for row in rows:
        eid, first, last = row[0], row[1], row[2]
        sources = []
        conflict = agree = False
        for aid in row[5]:
            dates = found(aid)
            span = get(aid)
            article_id = span[0] if span is not None else ""
            if not dates:
                sources.append(new(SourceDate, (aid, article_id, None, UNDATED, "", False)))
                continue
            for c in dates:  # judge() inlined
                if c[0] <= last and first <= c[1]:
                    agree = True
                    sources.append(new(SourceDate, (aid, article_id, c[2], AGREE, c[3], c[4])))
                    break
            else:
                conflict = True
                c = dates[0]
                sources.append(new(SourceDate, (aid, article_id, c[2], CONFLICT, c[3], c[4])))
        status = NO_SOURCES if not sources else CONFLICT if conflict else AGREE if agree else UNDATED
        out[eid] = new(EventAgreement, (eid, status, tuple(sources)))
    return out

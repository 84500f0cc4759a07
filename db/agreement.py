"""Do the sources agree? Each source passage's own date for its event, compared with the event's date.

A source's date is what its passage says: the date expressions inside the passage, or else in its
sentence, resolved against its article's publication date. A rejected suggestion is not a date; an
accepted one that made an event takes that event's date (the analyst's correction wins). Dates are
compared by the calendar days they cover, so precision is respected: "March 2024" agrees with
"26 March 2024", "19 March" and "26 March" conflict. A passage without a date is "undated".

`AgreementIndex` keeps what it found per source passage (which depends only on the article's text,
publication date and decisions and on the passage's place), so a change to one source or one event's
date recomputes only that.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from db import errors
from db.dates import TemporalExpression, extract
from db.models import PartialDate

AGREE, CONFLICT, UNDATED, NO_SOURCES = "agree", "conflict", "undated", "no sources"
STATUSES = (AGREE, CONFLICT, UNDATED, NO_SOURCES)
MARKS = {AGREE: "✓", CONFLICT: "≠", UNDATED: "?", NO_SOURCES: "–"}  # a mark beside the word, never colour alone

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")


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


@dataclass(frozen=True)
class _Found:
    """The candidate dates of one passage and the events whose dates they borrowed."""

    dates: tuple[Cand, ...]
    borrowed: frozenset[str] = frozenset()


_NOTHING = _Found(())


@dataclass
class _ArticleDates:
    """An article's datable expressions in text order, its sentence breaks and its decisions."""

    expressions: list[TemporalExpression]
    cands: list[Cand]
    starts: list[int]
    ends: list[int]
    breaks: list[tuple[int, int]]  # sentence separators (start, end)
    break_starts: list[int]
    length: int
    decisions: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)

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


def article_dates(text: str, published: PartialDate | None,
                  decisions: dict[tuple[int, int], tuple[str, str]] | None = None,
                  expressions: list[TemporalExpression] | None = None) -> _ArticleDates:
    """What agreement needs of one article (its expressions are extracted unless given)."""
    if expressions is None:
        expressions = extract(text, published) if published is not None else []
    xs = [x for x in expressions if x.interval is not None]
    cands = []
    for x in xs:
        when = _partial(x)
        cands.append((when.start.isoformat(), when.end.isoformat(), when, x.value, False))
    breaks = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    return _ArticleDates(xs, cands, [x.start for x in xs], _running_max([x.end for x in xs]), breaks,
                         [b[0] for b in breaks], len(text), dict(decisions or {}))


def _running_max(values: list[int]) -> list[int]:
    """values made non-decreasing (expressions do not overlap, so this is only a safeguard)."""
    out, top = [], -1
    for v in values:
        top = v if v > top else top
        out.append(top)
    return out


def _partial(x: TemporalExpression) -> PartialDate:
    lo, hi = x.interval  # type: ignore[misc]
    precision = x.precision if x.precision in ("day", "month", "year") else "span"
    return PartialDate(lo, hi, precision, x.text)  # type: ignore[arg-type]


def passage_dates(art: _ArticleDates, start: int, end: int,
                  event_date: Callable[[str], PartialDate | None]) -> _Found:
    """The dates a passage gives: its own expressions, else its sentence's; decisions applied."""
    found = art.within(start, end)
    if not found:
        found = art.within(*art.sentence(start, end))
        if not found:
            return _NOTHING
    if not art.decisions:
        return _Found(tuple(art.cands[i] for i in found))
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
    return _Found(tuple(dates), frozenset(borrowed))


def overlaps(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates can name the same day (the days they cover overlap)."""
    return a.start <= b.end and b.start <= a.end


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


def compare(event_id: str, first: str, last: str, source_ids: Sequence[str], found: Callable[[str], _Found],
            spans: dict[str, tuple[str, int, int]]) -> EventAgreement:
    """The agreement of one event (its days `first`..`last`, ISO) given what its sources' passages say."""
    sources = []
    conflict = agree = False
    for aid in source_ids:
        f = found(aid)
        article_id = spans[aid][0] if aid in spans else ""
        if not f.dates:
            sources.append(SourceDate(aid, article_id, None, UNDATED))
            continue
        hit = judge(first, last, f.dates)
        c = hit or f.dates[0]
        if hit is None:
            conflict = True
        else:
            agree = True
        sources.append(SourceDate(aid, article_id, c[2], AGREE if hit else CONFLICT, c[3], c[4]))
    status = NO_SOURCES if not sources else CONFLICT if conflict else AGREE if agree else UNDATED
    return EventAgreement(event_id, status, tuple(sources))


class AgreementIndex:
    """Agreement of every event, kept current change by change (Qt-free; the desk and CLI share it)."""

    def __init__(self, store, expressions: Callable[[str], list[TemporalExpression] | None] | None = None) -> None:
        self.store = store
        self.expressions = expressions  # a cache of extracted expressions per article id, if the caller has one
        self.results: dict[str, EventAgreement] = {}
        self._events: dict[str, EventRow] = {}  # id → (id, first, last, precision, date text, sources)
        self._spans: dict[str, tuple[str, int, int]] = {}
        self._found: dict[str, _Found] = {}
        self._articles: dict[str, _ArticleDates | None] = {}
        self._by_source: dict[str, set[str]] = {}  # annotation → events it is a source of
        self._by_article: dict[str, set[str]] = {}  # article → its source annotations
        self._borrowers: dict[str, set[str]] = {}  # event → annotations whose date is that event's
        self.loaded = False

    # --- reading ------------------------------------------------------------------------------
    def get(self, event_id: str) -> EventAgreement | None:
        """The agreement of one event (None when it is unknown)."""
        if not self.loaded:
            self.load()
        return self.results.get(event_id)

    def load(self) -> dict[str, EventAgreement]:
        """Compute the agreement of every event from scratch."""
        self._events = {r[0]: r for r in self.store.event_date_rows()}
        self._spans = self.store.annotation_spans()
        self._found.clear()
        self._articles.clear()
        self._by_source.clear()
        self._by_article.clear()
        self._borrowers.clear()
        for row in self._events.values():
            self._link(row)
        for aid, (article_id, _s, _e) in self._spans.items():
            self._by_article.setdefault(article_id, set()).add(aid)
        self.results = {eid: self._compute(row) for eid, row in self._events.items()}
        self.loaded = True
        return self.results

    def conflicts(self) -> list[str]:
        """Ids of the events whose sources disagree with their date."""
        if not self.loaded:
            self.load()
        return [eid for eid, r in self.results.items() if r.status == CONFLICT]

    # --- keeping current -----------------------------------------------------------------------
    def update(self, *, events: Iterable[str] = (), annotations: Iterable[str] = (),
               articles: Iterable[str] = (), article_text_changed: bool = True) -> set[str]:
        """Take in a change (ids of events, annotations, articles that changed; `*` means all) and
        return the ids of the events whose agreement was recomputed.

        A named article is re-read (publication date, text, decisions) when `article_text_changed`.
        """
        events, annotations, articles = set(events), set(annotations), set(articles)
        if not self.loaded or "*" in events or "*" in annotations or "*" in articles:
            return set(self.load())
        dirty: set[str] = set()
        if events:
            fresh = {r[0]: r for r in self.store.event_date_rows(sorted(events))}
            for eid in events:
                self._unlink(eid)
                if eid in fresh:
                    self._events[eid] = fresh[eid]
                    self._link(fresh[eid])
                else:
                    self._events.pop(eid, None)
                    self.results.pop(eid, None)
                dirty.add(eid)
                for aid in self._borrowers.get(eid, ()):
                    self._found.pop(aid, None)
                    dirty |= self._by_source.get(aid, set())
            missing = [a for eid in events if eid in self._events for a in self._events[eid][5]
                       if a not in self._spans]
            annotations |= set(missing)
        if annotations:
            spans = self.store.annotation_spans(sorted(annotations))
            for aid in annotations:
                old = self._spans.pop(aid, None)
                if old is not None:
                    self._by_article.get(old[0], set()).discard(aid)
                self._forget_found(aid)
                if aid in spans:
                    self._spans[aid] = spans[aid]
                    self._by_article.setdefault(spans[aid][0], set()).add(aid)
                dirty |= self._by_source.get(aid, set())
        if articles and article_text_changed:
            for art in articles:
                self._articles.pop(art, None)
                for aid in self._by_article.get(art, ()):
                    self._forget_found(aid)
                    dirty |= self._by_source.get(aid, set())
        touched = set(annotations) | {a for eid in events if eid in self._events for a in self._events[eid][5]}
        dirty |= self._refresh_decisions({self._spans[a][0] for a in touched if a in self._spans})
        for eid in dirty:
            ev = self._events.get(eid)
            if ev is not None:
                self.results[eid] = self._compute(ev)
        return {e for e in dirty if e in self._events} | (events - set(self._events))

    def refresh_decisions(self, article_ids: Iterable[str]) -> set[str]:
        """Re-read the suggestion decisions of these articles; returns the events recomputed."""
        dirty = self._refresh_decisions(set(article_ids))
        for eid in dirty:
            if eid in self._events:
                self.results[eid] = self._compute(self._events[eid])
        return dirty

    def _refresh_decisions(self, article_ids: set[str]) -> set[str]:
        dirty: set[str] = set()
        for art in article_ids:
            cached = self._articles.get(art)
            if cached is None:
                continue
            now = self._decisions(art)
            if now != cached.decisions:
                cached.decisions = now
                for aid in self._by_article.get(art, ()):
                    self._forget_found(aid)
                    dirty |= self._by_source.get(aid, set())
        return dirty

    def passage(self, annotation_id: str, *, fresh_decisions: bool = False) -> tuple[Cand, ...]:
        """The dates one passage gives (whether or not it is a source yet): (first day, last day,
        date, value, decided) each. `fresh_decisions` re-reads its article's decisions first."""
        if not self.loaded:
            self.load()
        if annotation_id not in self._spans:
            spans = self.store.annotation_spans([annotation_id])
            if annotation_id not in spans:
                return ()
            self._spans[annotation_id] = spans[annotation_id]
            self._by_article.setdefault(spans[annotation_id][0], set()).add(annotation_id)
        if fresh_decisions:
            self.refresh_decisions([self._spans[annotation_id][0]])
        return self._passage(annotation_id).dates

    # --- internals -----------------------------------------------------------------------------
    def _link(self, row: EventRow) -> None:
        for aid in row[5]:
            self._by_source.setdefault(aid, set()).add(row[0])

    def _unlink(self, event_id: str) -> None:
        old = self._events.get(event_id)
        if old is not None:
            for aid in old[5]:
                self._by_source.get(aid, set()).discard(event_id)

    def _forget_found(self, aid: str) -> None:
        f = self._found.pop(aid, None)
        if f is not None:
            for eid in f.borrowed:
                self._borrowers.get(eid, set()).discard(aid)

    def _decisions(self, article_id: str) -> dict[tuple[int, int], tuple[str, str]]:
        try:
            return self.store.suggestion_decisions(article_id)
        except errors.ChronolineError:
            return {}

    def _article(self, article_id: str) -> _ArticleDates | None:
        if article_id not in self._articles:
            try:
                art = self.store.article(article_id)
            except errors.ChronolineError:
                self._articles[article_id] = None
                return None
            given = self.expressions(article_id) if self.expressions is not None else None
            self._articles[article_id] = article_dates(art.text, art.published, self._decisions(article_id), given)
        return self._articles[article_id]

    def _passage(self, aid: str) -> _Found:
        f = self._found.get(aid)
        if f is None:
            span = self._spans.get(aid)
            art = self._article(span[0]) if span else None
            if span is None or art is None:
                f = _NOTHING
            else:
                f = passage_dates(art, span[1], span[2], self._event_date)
            self._found[aid] = f
            for eid in f.borrowed:
                self._borrowers.setdefault(eid, set()).add(aid)
        return f

    def _event_date(self, event_id: str) -> PartialDate | None:
        row = self._events.get(event_id)
        if row is None:
            return None
        return PartialDate(date.fromisoformat(row[1]), date.fromisoformat(row[2]), row[3], row[4])  # type: ignore[arg-type]

    def _compute(self, row: EventRow) -> EventAgreement:
        return compare(row[0], row[1], row[2], row[5], self._passage, self._spans)


def agreement_of(store, event_ids: Sequence[str] | None = None) -> dict[str, EventAgreement]:
    """Agreement of every event (or of `event_ids`) computed once, for the CLI and exports."""
    index = AgreementIndex(store)
    results = index.load()
    if event_ids is None:
        return results
    return {e: results[e] for e in event_ids if e in results}

"""AgreementIndex: the agreement of every event, kept current change by change.

It keeps what it found per source passage (which depends only on the article's text, publication
date and decisions and on the passage's place), so a change to one source or one event's date
recomputes only that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from db import errors
from db.agreement import (
    CONFLICT,
    ArticleDates,
    Cand,
    EventAgreement,
    EventRow,
    article_dates,
    compare,
    passage_dates,
    recalled,
)
from db.agreement_bulk import (
    PassageDates,
    by_article,
    compare_all,
    no_cyclic_gc,
    passages,
    sources_of,
)
from db.models import PartialDate

if TYPE_CHECKING:
    from db.dates import TemporalExpression


class AgreementIndex:
    """Agreement of every event, kept current change by change (Qt-free; the desk and CLI share it)."""

    def __init__(self, store, expressions: Callable[[str], list[TemporalExpression] | None] | None = None) -> None:
        self.store = store
        self.expressions = expressions  # a cache of extracted expressions per article id, if the caller has one
        self.results: dict[str, EventAgreement] = {}
        self._events: dict[str, EventRow] = {}  # id → (id, first, last, precision, date text, sources)
        self._spans: dict[str, tuple[str, int, int]] = {}
        self._found: dict[str, tuple[Cand, ...]] = PassageDates()  # annotation → the dates its passage gives
        self._borrowed: dict[str, frozenset[str]] = {}  # annotation → events whose dates its passage took
        self._articles: dict[str, ArticleDates | None] = {}
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
        with no_cyclic_gc():
            return self._load()

    def _load(self) -> dict[str, EventAgreement]:
        self._events = {r[0]: r for r in self.store.agreement.event_date_rows()}
        self._spans = spans = self.store.agreement.annotation_spans()
        self._articles.clear()
        self._by_source = sources_of(self._events)
        self._borrowers.clear()
        groups = by_article(spans)
        self._by_article = {article_id: set(aids) for article_id, aids in groups.items()}
        self._read_articles(list(groups))  # article by article: each is read and extracted once
        self._found, self._borrowed = passages(self._articles, groups, spans, self._event_date)
        for aid, eids in self._borrowed.items():
            for eid in eids:
                self._borrowers.setdefault(eid, set()).add(aid)
        self.results = compare_all(self._events, self._found, spans)
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
        """Take in a change (ids of events, annotations, articles that changed) and return the ids of
        the events whose agreement was recomputed (after a change of unknown scope, call `load`).

        A named article is re-read (publication date, text, decisions) when `article_text_changed`.
        """
        events, annotations, articles = set(events), set(annotations), set(articles)
        if not self.loaded:
            return set(self.load())
        by_source = self._by_source
        dirty: set[str] = set()
        if events:
            fresh = {r[0]: r for r in self.store.agreement.event_date_rows(sorted(events))}
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
                    dirty |= by_source.get(aid, set())
            missing = [a for eid in events if eid in self._events for a in self._events[eid][5]
                       if a not in self._spans]
            annotations |= set(missing)
        if annotations:
            spans = self.store.agreement.annotation_spans(sorted(annotations))
            for aid in annotations:
                old = self._spans.pop(aid, None)
                if old is not None:
                    self._by_article.get(old[0], set()).discard(aid)
                self._forget_found(aid)
                if aid in spans:
                    self._spans[aid] = spans[aid]
                    self._by_article.setdefault(spans[aid][0], set()).add(aid)
                dirty |= by_source.get(aid, set())
        if articles and article_text_changed:
            for art in articles:
                self._articles.pop(art, None)
                for aid in self._by_article.get(art, ()):
                    self._forget_found(aid)
                    dirty |= by_source.get(aid, set())
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
                by_source = self._by_source
                for aid in self._by_article.get(art, ()):
                    self._forget_found(aid)
                    dirty |= by_source.get(aid, set())
        return dirty

    def passage(self, annotation_id: str, *, fresh_decisions: bool = False) -> tuple[Cand, ...]:
        """The dates one passage gives (whether or not it is a source yet): (first day, last day,
        date, value, decided) each. `fresh_decisions` re-reads its article's decisions first."""
        if not self.loaded:
            self.load()
        if annotation_id not in self._spans:
            spans = self.store.agreement.annotation_spans([annotation_id])
            if annotation_id not in spans:
                return ()
            self._spans[annotation_id] = spans[annotation_id]
            self._by_article.setdefault(spans[annotation_id][0], set()).add(annotation_id)
        if fresh_decisions:
            self.refresh_decisions([self._spans[annotation_id][0]])
        return self._passage(annotation_id)

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
        self._found.pop(aid, None)
        for eid in self._borrowed.pop(aid, ()):
            self._borrowers.get(eid, set()).discard(aid)

    def _decisions(self, article_id: str) -> dict[tuple[int, int], tuple[str, str]]:
        try:
            return self.store.decisions.of_article(article_id)
        except errors.ChronolineError:
            return {}

    def _read_articles(self, article_ids: list[str]) -> None:
        """Date these articles in bulk, each extracted up to its last source passage: an extraction
        kept from before is reused without reading the text; the others' texts are read in one query."""
        try:
            keys = self.store.agreement.article_keys(article_ids)
            decisions = self.store.agreement.decisions_by_article(article_ids)
        except errors.ChronolineError:
            for article_id in article_ids:
                self._articles.pop(article_id, None)
                self._article(article_id)
            return
        last: dict[str, int] = {}
        for article_id, _start, end in self._spans.values():
            if end > last.get(article_id, -1):
                last[article_id] = end
        missing = []
        for article_id in article_ids:
            if article_id not in keys:
                self._articles[article_id] = None
                continue
            key, published = keys[article_id]
            found = None if self.expressions is not None or not key else recalled(
                key, published, last.get(article_id, 0), decisions.get(article_id))
            if found is None:
                missing.append(article_id)
            self._articles[article_id] = found
        texts = self.store.agreement.article_texts(missing) if missing else {}
        for article_id in missing:
            if article_id not in texts:
                continue
            key, published = keys[article_id]
            given = self.expressions(article_id) if self.expressions is not None else None
            self._articles[article_id] = article_dates(texts[article_id], published, decisions.get(article_id),
                                                       given, upto=last.get(article_id, 0), key=key)

    def _article(self, article_id: str, upto: int = -1) -> ArticleDates | None:
        """The article's dates, extracted up to its last source passage (or `upto`, if later)."""
        cached = self._articles.get(article_id, False)
        if cached is False or (cached is not None and upto >= 0 and cached.reads_past(upto, upto)):
            try:
                art = self.store.articles.get(article_id)
            except errors.ChronolineError:
                self._articles[article_id] = None
                return None
            given = self.expressions(article_id) if self.expressions is not None else None
            last = max((self._spans[a][2] for a in self._by_article.get(article_id, ()) if a in self._spans),
                       default=0)
            self._articles[article_id] = article_dates(art.text, art.published, self._decisions(article_id),
                                                       given, upto=max(last, upto), key=art.sha256)
        return self._articles[article_id]

    def _passage(self, aid: str) -> tuple[Cand, ...]:
        f = self._found.get(aid)
        if f is None:
            span = self._spans.get(aid)
            art = self._article(span[0]) if span else None
            if art is not None and art.reads_past(span[1], span[2]):  # a passage past what was extracted
                art = self._article(span[0], span[2])
            if span is None or art is None:
                f = ()
            else:
                got = passage_dates(art, span[1], span[2], self._event_date)
                f = got.dates
                if got.borrowed:
                    self._borrowed[aid] = got.borrowed
                    for eid in got.borrowed:
                        self._borrowers.setdefault(eid, set()).add(aid)
            self._found[aid] = f
        return f

    def _event_date(self, event_id: str) -> PartialDate | None:
        row = self._events.get(event_id)
        if row is None:
            return None
        return PartialDate(date.fromisoformat(row[1]), date.fromisoformat(row[2]), row[3], row[4])  # type: ignore[arg-type]

    def _compute(self, row: EventRow) -> EventAgreement:
        return compare(row[0], row[1], row[2], row[5], self._passage, self._spans)

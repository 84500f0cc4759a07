"""Agreement in the desk: one AgreementIndex per workspace, kept current from its change sets."""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import QObject, Signal

from db import errors
from db.agreement import MARKS, Cand, EventAgreement
from db.changes import Changes

log = logging.getLogger(__name__)

EXPLAIN = "Do the sources' own dates agree with the event's date? ✓ agree · ≠ conflict · ? undated"


class AgreementTracker(QObject):
    """Agreement of every event for the views of one workspace; recomputes only what a change names."""

    agreementChanged = Signal(object)  # noqa: N815 - frozenset of event ids whose agreement was recomputed

    def __init__(self, workspace) -> None:  # noqa: ANN001
        super().__init__(workspace)
        self.ws = workspace
        self.index = workspace.agreement_index()
        self._titles: dict[str, str] | None = None
        workspace.changed.connect(self._changed)

    @classmethod
    def of(cls, workspace) -> AgreementTracker:  # noqa: ANN001
        """The workspace's tracker, made on first use (every view of one workspace shares it)."""
        if workspace.agreement_tracker is None:
            workspace.agreement_tracker = cls(workspace)
        return workspace.agreement_tracker

    # --- reading ------------------------------------------------------------------------------
    def get(self, event_id: str) -> EventAgreement | None:
        """The agreement of an event (computed for every event on first use)."""
        try:
            return self.index.get(event_id)
        except errors.ChronolineError as exc:
            log.warning("agreement could not be computed: %s", exc)
            return None

    def conflicts(self) -> set[str]:
        """Ids of the events whose sources disagree with their date."""
        try:
            return set(self.index.conflicts())
        except errors.ChronolineError:
            return set()

    def passage(self, annotation_id: str) -> tuple[Cand, ...]:
        """The dates one passage gives (its article's decisions re-read first)."""
        try:
            return self.index.passage(annotation_id, fresh_decisions=True)
        except errors.ChronolineError:
            return ()

    def titles(self) -> dict[str, str]:
        """Article titles by id (for tooltips), read once per article change."""
        if self._titles is None:
            try:
                self._titles = {a.id: a.title for a in self.ws.articles()}
            except errors.ChronolineError:
                self._titles = {}
        return self._titles

    def tooltip(self, event_id: str) -> str:
        """Rich-text tooltip: what agreement means for this event, and each source's own date."""
        r = self.get(event_id)
        if r is None:
            return ""
        head = {"agree": "The sources agree with the event's date.",
                "conflict": "At least one source gives another date.",
                "undated": "No source passage gives a date.",
                "no sources": "This event has no source passage."}[r.status]
        titles = self.titles()
        lines = [f"<b>{escape(MARKS[r.status])} {escape(r.status)}</b> — {escape(head)}"]
        for s in r.sources:
            where = titles.get(s.article_id, "an article")
            verdict = {"agree": "agrees", "conflict": "conflicts", "undated": "no date"}[s.status]
            date_text = escape(s.label) if s.date is not None else "<i>no date in the passage</i>"
            lines.append(f"{escape(MARKS[s.status])} {date_text} — {escape(where)} ({verdict})")
        return "<br>".join(lines)

    # --- keeping current -----------------------------------------------------------------------
    def _changed(self, cs: Changes) -> None:
        if cs.everything or cs.articles_added or cs.article_meta:
            self._titles = None
        if not self.index.loaded:  # nothing computed yet: the first read computes everything
            if cs.everything or cs.events or cs.annotations:
                self.agreementChanged.emit(frozenset(cs.events))
            return
        try:
            if cs.everything:
                ids = set(self.index.load())
            else:  # an edited article's publication date anchors its passages' dates
                ids = self.index.update(events=cs.events, annotations=cs.annotations, articles=cs.article_meta)
                ids |= self.index.refresh_decisions(cs.decisions)
        except errors.ChronolineError as exc:
            log.warning("agreement could not be updated: %s", exc)
            return
        if ids:
            self.agreementChanged.emit(frozenset(ids))


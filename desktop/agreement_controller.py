"""Agreement on the timeline: conflicting events marked, each source's own date as a faint tick
(View → Show source dates on the timeline), and the sources' dates in the status bar on selection."""

from __future__ import annotations

from db.agreement import CONFLICT
from desktop.actions import Action, action
from desktop.agreement import AgreementTracker
from desktop.first_paint import after_first_paint
from desktop.timeline.scale import to_days


class AgreementController:
    """Feeds the timeline widget the events whose sources disagree, and the sources' own dates."""

    def __init__(self, win) -> None:  # noqa: ANN001
        self.win = win
        self.tracker = AgreementTracker.of(win.ws)
        self.timeline = win.timeline_ctl.timeline if win.timeline_ctl is not None else None
        self.ticks = win.action_registry.declare(self)[Action.SOURCE_DATE_TICKS]
        self.tracker.agreementChanged.connect(self._agreement_changed)
        win.selection.event_selected.connect(self.event_selected)
        self._conflicts: set[str] | None = None  # what the timeline was last handed, ticks off
        # after the first paint: computing every event's agreement reads every source article
        after_first_paint(win, self.refresh)

    @action(Action.SOURCE_DATE_TICKS, "Show source &dates on the timeline", shortcut="Ctrl+Alt+G", checkable=True,
            tip="Draw each source passage's own date as a faint tick on its event's row")
    def _ticks_toggled(self, _on: bool) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Hand the timeline the conflicting events and (when shown) every source's date."""
        if self.timeline is None:
            return
        results = self.tracker.index.results if self.tracker.index.loaded else None
        if results is None:
            self.tracker.conflicts()  # computes everything once
            results = self.tracker.index.results
        conflicts = [eid for eid, r in results.items() if r.status == CONFLICT]
        self._conflicts = None if self.ticks.isChecked() else set(conflicts)
        ticks: dict[str, list[tuple[float, float]]] = {}
        if self.ticks.isChecked():
            for eid, r in results.items():
                spans = [(to_days(s.date.start), to_days(s.date.end) + 1)
                         for s in r.sources if s.date is not None]
                if spans:
                    ticks[eid] = spans
        self.timeline.set_agreement(conflicts, ticks, self.tracker.tooltip)

    def _agreement_changed(self, ids: frozenset[str]) -> None:
        """Recomputed events: when none of them changed between agreeing and disagreeing (and no
        source dates are drawn), the timeline already shows the right marks."""
        known = self._conflicts
        index = self.tracker.index
        if known is None or self.ticks.isChecked() or not index.loaded or not known <= index.results.keys():
            self.refresh()
            return
        now = {eid for eid in ids if (r := index.results.get(eid)) is not None and r.status == CONFLICT}
        if now == known & ids:
            return
        self.refresh()

    def event_selected(self, event_id: str | None) -> None:
        """An event picked anywhere: when its sources disagree, say which dates they give."""
        r = self.tracker.get(event_id) if event_id else None
        if r is None or r.status != CONFLICT:
            return
        titles = self.tracker.titles()
        dates = "; ".join(f"{s.label} ({titles.get(s.article_id, 'an article')})" for s in r.sources
                          if s.date is not None)
        self.win.statusBar().showMessage(f"≠ The sources disagree: {dates}", 8000)

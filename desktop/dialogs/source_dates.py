"""The event editor's sources with their own dates: each marked against the date typed, and
"Use its date" to take the selected source's date for the event."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db import errors
from db.agreement import MARKS, status_for
from db.models import PartialDate

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1


class SourceDatesMixin:
    """Methods of `EventEditor` about its sources' own dates (needs sources_list, date_edit,
    use_date_button, agreement and _source_dates)."""

    # --- each source's own date --------------------------------------------------------------
    def source_date(self, annotation_id: str) -> PartialDate | None:
        """The date the source passage gives that is shown for it (agreeing first), or None."""
        dates = self._source_dates.get(annotation_id, ())
        if not dates:
            return None
        try:
            when = _understand(self.date_edit.text())
        except errors.DateError:
            return dates[0][2]
        return status_for(when, dates)[1][2]  # type: ignore[index]

    def _show_source_dates(self) -> None:
        """Under each source: its own date, and whether it agrees with the date typed above."""
        try:
            when = _understand(self.date_edit.text())
        except errors.DateError:
            when = None
        for i in range(self.sources_list.count()):
            item = self.sources_list.item(i)
            aid = item.data(Qt.ItemDataRole.UserRole)
            if aid not in self._source_dates:
                self._source_dates[aid] = self.agreement.passage(aid) if isinstance(aid, str) else ()
            dates = self._source_dates[aid]
            if not dates and not isinstance(aid, str):
                line = "new passage: annotated when you save"
            elif not dates:
                line = f"{MARKS['undated']} no date in this passage"
            elif when is None:
                line = f"· {dates[0][2].label()}"
            else:
                status, shown = status_for(when, dates)
                line = f"{MARKS[status]} {shown[2].label()} — {'agrees' if status == 'agree' else 'another date'}"
            item.setText(f"{item.data(QUOTE_ROLE)}\n    {line}")
        self._update_remove_button()

    def use_source_date(self) -> None:
        """Take the selected source's own date for the event (saved with the event)."""
        item = self.sources_list.currentItem()
        when = self.source_date(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        if when is None:
            return
        self.date_edit.setText(when.label())
        self.date_edit.setFocus()

    def _update_sources_label(self) -> None:
        n = self.sources_list.count()
        self.sources_label.setText("&Sources:" if n < 2 else f"&Sources ({n}):")



def _understand(text: str) -> PartialDate:
    from desktop.dialogs.event_editor import understand_date

    return understand_date(text)

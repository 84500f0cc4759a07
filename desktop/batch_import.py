"""Import many files or whole folders from the window: read off the GUI thread, store on it, show progress."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from db import errors
from db.folder_import import Candidate, ImportSummary, collect, describe, read_candidate

log = logging.getLogger(__name__)
LABEL_EVERY_MS = 100
IN_FLIGHT = 2  # files read ahead of the one being stored: overlap without holding many texts in memory


class _Reader(QObject):
    """Lives on the worker thread: reads one file per request (no database access here)."""

    done = Signal(int, object)  # index, ImportedText or the refusal's one-line reason

    @Slot(int, object)
    def read(self, index: int, candidate: Candidate) -> None:
        self.done.emit(index, read_candidate(candidate))


class BatchImport(QObject):
    """One batch: files are read on a worker thread and stored one article per transaction here.

    The progress dialog's Cancel stops after the article being stored: what is in the database is
    only whole articles. `finished(summary)` is emitted once, after the summary box is shown.
    """

    finished = Signal(object)  # ImportSummary
    _request = Signal(int, object)

    def __init__(self, win, paths: Sequence[str], parent: QObject | None = None) -> None:  # noqa: ANN001
        super().__init__(parent or win)
        self.win = win
        self.candidates, refused = collect(paths, short_labels=True)
        self.summary = ImportSummary(total=len(self.candidates) + len(refused), refused=list(refused))
        self.article_ids: list[str] = []
        self.summary_box: QMessageBox | None = None
        self._next = 0
        self._pending: deque[tuple[int, object]] = deque()
        self._draining = False
        self._over = False
        self._stored = -1
        # the label says which file is being read; refreshed by a timer, since relaying it out for
        # every file would cost more than the file, and a slow file must still show its name
        self._label_timer = QTimer(self)
        self._label_timer.setInterval(LABEL_EVERY_MS)
        self._label_timer.timeout.connect(self._update_label)
        self.progress = QProgressDialog("Reading files…", "Cancel", 0, max(self.summary.total, 1), win)
        self.progress.setWindowTitle("Import")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.thread = QThread()
        self.thread.setObjectName("chronoline-import")
        self.reader = _Reader()
        self.reader.moveToThread(self.thread)
        self._request.connect(self.reader.read, Qt.ConnectionType.QueuedConnection)
        self.reader.done.connect(self._on_read, Qt.ConnectionType.QueuedConnection)
        QCoreApplication.instance().aboutToQuit.connect(self.join)

    def join(self) -> None:
        """Wait for the reader to finish its file (on quit: a running QThread must not be destroyed)."""
        self.thread.quit()
        self.thread.wait()

    def start(self) -> BatchImport:
        """Begin reading; returns self (the import runs while the event loop does)."""
        self.progress.setValue(self.summary.done)
        if not self.candidates:
            self._finish()
            return self
        self.thread.start()
        for _ in range(IN_FLIGHT):
            self._ask()
        self._update_label()
        self._label_timer.start()
        return self

    def _update_label(self) -> None:
        reading = self._stored + 1
        name = _elide(self.candidates[reading].label) if reading < len(self.candidates) else ""
        self.progress.setLabelText(f"{self.summary.done:,} of {self.summary.total:,} files done, "
                                   f"{len(self.summary.imported):,} imported…\nReading {name}")

    def _ask(self) -> None:
        if self._next < len(self.candidates) and not self._over:
            self._request.emit(self._next, self.candidates[self._next])
            self._next += 1

    @Slot(int, object)
    def _on_read(self, index: int, got: object) -> None:
        if self._over:
            return
        self._pending.append((index, got))
        if self._draining:  # QProgressDialog.setValue runs the event loop: no re-entry
            return
        self._draining = True
        try:
            while self._pending and not self._over:
                self._store(*self._pending.popleft())
        finally:
            self._draining = False

    def _store(self, index: int, got: object) -> None:
        c = self.candidates[index]
        try:
            art = self.win.ws.record_import(self.summary, c, got)  # type: ignore[arg-type]
        except errors.StoreError as exc:
            self.summary.stopped = str(exc)
            self._finish()
            return
        if art is not None:
            self.article_ids.append(art.id)
        self._ask()
        done = self.summary.done
        self._stored = index
        self.progress.setValue(done)
        if done >= self.summary.total and not self._over:
            self._finish()

    def cancel(self) -> None:
        """Stop after the article being stored; files not yet stored are left out."""
        if not self._over:
            self.summary.cancelled = True
            self._finish()

    def _finish(self) -> None:
        self._over = True
        self._label_timer.stop()
        self._pending.clear()
        self.thread.quit()  # the reader stops after the file it is reading; that result is dropped
        self.progress.canceled.disconnect(self.cancel)
        self.progress.close()
        if self.article_ids:
            self.win.ws.articles_added(self.article_ids)
            if self.win.panes.current is not None and self.win.panes.current.article is None:
                self.win.open_article(self.article_ids[0])
        self.win.statusBar().showMessage(self.summary.line(), 10000)
        self.summary_box = summary_box(self.win, self.summary)
        self.summary_box.open()
        self.finished.emit(self.summary)


def _elide(label: str, width: int = 70) -> str:
    """A long path shortened in the middle, so the dialog keeps its size."""
    return label if len(label) <= width else label[:20] + "…" + label[-(width - 21):]


def summary_box(parent, summary: ImportSummary) -> QMessageBox:  # noqa: ANN001
    """The end-of-import message: one summary line; refused and skipped files with reasons in Details."""
    box = QMessageBox(parent)
    box.setWindowTitle("Import")
    box.setIcon(QMessageBox.Icon.Warning if summary.refused or summary.stopped else QMessageBox.Icon.Information)
    box.setText(summary.line())
    lines = [f"Refused: {describe(label, reason)}" for label, reason in summary.refused]
    lines += [f"Skipped: {describe(label, reason)}" for label, reason in summary.skipped]
    if summary.refused:
        shown = "\n".join(f"• {describe(label, reason)}" for label, reason in summary.refused[:5])
        more = f"\n… and {len(summary.refused) - 5:,} more (see Show Details)." if len(summary.refused) > 5 else ""
        box.setInformativeText(shown + more)
    if lines:
        box.setDetailedText("\n".join(lines))
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 560px; }")  # one line per file
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def import_batch(win, paths: Sequence[str]) -> BatchImport:  # noqa: ANN001
    """Import files and folders with a progress dialog and a summary; returns the running batch."""
    return BatchImport(win, list(paths)).start()

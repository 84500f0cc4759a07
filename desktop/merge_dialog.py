"""File → Merge database…: pick another analyst's database, merge it, show the Merge report."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from db.merge_report import KINDS
from db.wording import count
from desktop.actions import Action, action

log = logging.getLogger(__name__)
FILE_FILTER = "Chronoline database (*.sqlite3 *.sqlite *.db);;All files (*)"


@action(Action.MERGE_DATABASE, "&Merge database…",
        tip="Merge another analyst's Chronoline database into this one and show what changed")
def merge_database(win, path: str | None = None):  # noqa: ANN001, ANN201
    """Ask for a database, merge it through the Workspace (busy indicator), then show the report."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(win, "Merge database", "", FILE_FILTER)
        if not path:
            return None
    busy = QProgressDialog("Merging the other database…", "", 0, 0, win)  # range 0..0: a busy bar
    busy.setWindowTitle("Merge database")
    busy.setCancelButton(None)
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(0)
    busy.show()
    QApplication.processEvents()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = win.ws.run_quietly(lambda: win.ws.merge_database(path))
    finally:
        QGuiApplication.restoreOverrideCursor()
        busy.close()
    if report is None:  # the Workspace showed the error; nothing was written
        return None
    win.statusBar().showMessage(f"Merged {path}: {report.summary()}.", 8000)
    dialog = MergeReportDialog(report, win)
    win.merge_report_dialog = dialog
    dialog.open()
    return report


class MergeReportDialog(QDialog):
    """The Merge report: counts per kind, each conflict with both versions, items kept despite a deletion."""

    def __init__(self, report, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Merge report")
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel(f"<b>{report.summary()}</b><br>from {report.source}")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        layout.addWidget(self.tree, 1)
        self._fill()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("&Copy report")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText("\n".join(report.lines())))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _fill(self) -> None:
        r = self.report
        for title, counter in (("Added", r.added), ("Updated", r.updated), ("Deleted", r.deleted)):
            top = QTreeWidgetItem([f"{title}: {sum(counter.values())}"])
            for kind in KINDS:
                if counter[kind]:
                    top.addChild(QTreeWidgetItem([count(counter[kind], kind)]))
            if title == "Added" and r.added_by:
                for who, n in sorted(r.added_by.items()):
                    top.addChild(QTreeWidgetItem([f"{count(n, 'annotation')} by {who or 'unknown'}"]))
            self.tree.addTopLevelItem(top)
        top = QTreeWidgetItem([f"Conflicts: {len(r.conflicts)} (both edited; the newer is current)"])
        for c in r.conflicts:
            item = QTreeWidgetItem([f"{c.kind} “{c.current.summary[:60]}”"])
            other = "theirs" if c.current_side == "mine" else "mine"
            item.addChild(QTreeWidgetItem([f"current ({c.current_side}): {c.current.line()}"]))
            item.addChild(QTreeWidgetItem([f"kept ({other}): {c.other.line()}"]))
            top.addChild(item)
        self.tree.addTopLevelItem(top)
        top = QTreeWidgetItem([f"Kept despite a deletion: {len(r.kept)}"])
        for k in r.kept:
            side = "here" if k.deleted_by == "mine" else "there"
            who = f" by {k.author}" if k.author else ""
            top.addChild(QTreeWidgetItem([f"{k.kind} “{k.summary[:60]}”{who}: deleted {side} {k.deleted_at}, "
                                          f"edited {k.modified}"]))
        self.tree.addTopLevelItem(top)
        self.tree.expandAll()

    def texts(self) -> list[str]:
        """Every line the tree shows, depth first (for tests and the clipboard)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            out.append(item.text(0))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out

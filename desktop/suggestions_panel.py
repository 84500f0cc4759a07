"""The Dates dock: each date an article mentions, in words, identical ones grouped
(`2024 — 8 mentions`) with a way to step through the mentions; accept, reject or undecide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import dates
from db.wording import count as count_words

if TYPE_CHECKING:
    from db.dates import Group, TemporalExpression
    from desktop.suggestions_controller import SuggestionsController

GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


class SuggestionsPanel(QWidget):
    """The current article's expressions with their values: accept (make event) or reject."""

    def __init__(self, controller: SuggestionsController) -> None:
        super().__init__()
        self.ctl = controller
        self.header = QLabel("Open an article to see the dates it mentions.")
        self.header.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.itemDoubleClicked.connect(lambda item: self.ctl.reveal(item.data(Qt.ItemDataRole.UserRole)))
        self.list.currentItemChanged.connect(lambda item, _prev: item and self.ctl.reveal(
            item.data(Qt.ItemDataRole.UserRole), flash=False))
        accept = QPushButton("Make event")
        accept.setToolTip("Turn the sentence around this date into an event (Enter)")
        accept.clicked.connect(lambda: self._act("accept"))
        reject = QPushButton("Reject")
        reject.setToolTip("Not a useful date; it stays rejected")
        reject.clicked.connect(lambda: self._act("reject"))
        reset = QPushButton("Undecide")
        reset.clicked.connect(lambda: self._act("reset"))
        row = QHBoxLayout()
        for b in (accept, reject, reset):
            row.addWidget(b)
        self.prev_button = QPushButton("◀ Previous mention")
        self.prev_button.setToolTip("Show the previous mention of this date in the article (Shift+F3)")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("Next mention ▶")
        self.next_button.setToolTip("Show the next mention of this date in the article (F3)")
        self.next_button.clicked.connect(lambda: self.step(1))
        steps = QHBoxLayout()
        steps.addWidget(self.prev_button)
        steps.addWidget(self.next_button)
        for key, n in (("F3", 1), ("Shift+F3", -1)):
            act = QAction(self)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, n=n: self.step(n))
            self.addAction(act)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.header)
        lay.addWidget(self.list, 1)
        lay.addLayout(steps)
        lay.addLayout(row)
        self.list.itemActivated.connect(lambda _i: self._act("accept"))
        self.list.currentItemChanged.connect(lambda _i, _p: self._update_steps())
        self.decisions: dict = {}

    def _act(self, what: str) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        x = item.data(Qt.ItemDataRole.UserRole)
        {"accept": self.ctl.make_event, "reject": self.ctl.reject, "reset": self.ctl.undecide}[what](x)

    def show_article(self, title: str | None, found: list[TemporalExpression], decisions: dict) -> None:
        """One row per date as it reads (`2024 — 8 mentions`), holding its current mention."""
        current = self.list.currentRow()
        self.list.clear()
        self.decisions = decisions
        if title is None:
            self.header.setText("Open an article to see the dates it mentions.")
            self._update_steps()
            return
        groups = dates.group(found)
        self.header.setText(f"{count_words(len(found), 'date expression')} in “{title}”"
                            + (f", {len(groups)} different" if len(groups) != len(found) else ""))
        for g in groups:
            item = QListWidgetItem()
            item.setData(GROUP_ROLE, g)
            self._set_mention(item, g.items[0])
            self.list.addItem(item)
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        self._update_steps()

    def _set_mention(self, item: QListWidgetItem, x: TemporalExpression) -> None:
        """Show one mention of the row's group: its decision mark, words and position."""
        g: Group = item.data(GROUP_ROLE)
        state = self.decisions.get((x.start, x.end), ("", ""))[0]
        mark = {"accepted": "✓ ", "rejected": "✗ "}.get(state, "")
        n = len(g.items)
        where = f"  ({g.items.index(x) + 1} of {n}: “{x.text}”)" if n > 1 else f"  (“{x.text}”)"
        kind = "  · duration" if dates.is_duration(x) else ""
        item.setText(f"{mark}{g.label}{where}{kind}")
        item.setToolTip(f"{x.text} → {dates.expression_words(x)}"
                        + ("" if x.interval else " — not a date an event can have"))
        item.setData(Qt.ItemDataRole.UserRole, x)
        item.setForeground(QColor("#888888") if state == "rejected" else self.list.palette().text().color())

    def step(self, n: int) -> None:
        """Move the current row to its next (n=1) or previous (n=-1) mention and show it."""
        item = self.list.currentItem()
        if item is None:
            return
        g: Group = item.data(GROUP_ROLE)
        if len(g.items) < 2:
            return
        i = g.items.index(item.data(Qt.ItemDataRole.UserRole))
        x = g.items[(i + n) % len(g.items)]
        self._set_mention(item, x)
        self.ctl.reveal(x)

    def _update_steps(self) -> None:
        item = self.list.currentItem()
        many = item is not None and len(item.data(GROUP_ROLE).items) > 1
        self.prev_button.setEnabled(many)
        self.next_button.setEnabled(many)

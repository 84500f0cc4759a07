"""Event editor: a non-modal dialog that creates or edits one dated event with its source passages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db import dates, errors
from db.models import Event, PartialDate
from desktop.agreement import AgreementTracker
from desktop.dialogs.category_combo import CategoryCombo
from desktop.dialogs.source_dates import QUOTE_ROLE, SourceDatesMixin
from desktop.workspace import Passage

# Okabe–Ito: vermillion for errors, bluish green for "understood", grey for hints.
ERROR_COLOR = "#D55E00"
OK_COLOR = "#009E73"
HINT_COLOR = "#6E6E6E"

DATE_HINT = "e.g. 22 June 2024 · June 2024 · 2024 · March–June 2024 · 2009–2017 · Q1 2024"

def date_label(when: PartialDate) -> str:
    """Spell a partial date out in full: `22 June 2024`, `June 2024`, `March–June 2024`, `2009–2017`."""
    return when.label()


def describe_date(when: PartialDate) -> str:
    """What the date field understood, with its precision: `22 June 2024 · day precision`."""
    precision = "span" if when.precision == "span" else f"{when.precision} precision"
    return f"{date_label(when)} · {precision}"


def editable_date_text(when: PartialDate) -> str:
    """Text for the date field that the editor itself reads back as `when` (`2023`, `July 2024`)."""
    for text in (when.label(), when.value):
        try:
            back = understand_date(text)
        except errors.DateError:
            continue
        if (back.start, back.end) == (when.start, when.end):
            return text
    return when.value


def _readable(text: str, when: PartialDate) -> str:
    """A stored date text if the editor reads it back (older versions stored `Last year (2023)`)."""
    try:
        understand_date(text)
    except errors.DateError:
        return editable_date_text(when)
    return text


def understand_date(text: str) -> PartialDate:
    """Parse what the analyst typed and keep it as the date's text; raises DateError with a reason."""
    text = " ".join(text.split())
    if not text:
        raise errors.DateError("Type a date, e.g. 22 June 2024, June 2024 or 2009–2017.")
    when = dates.parse_date(text)
    return when if when.text else replace(when, text=text)


class EventEditor(SourceDatesMixin, QDialog):
    """Create an event from a passage, or edit one; non-modal, shows live what the date means.

    With a parent (the main window) the dialog deletes itself when closed; without one the caller
    owns it.
    """

    saved = Signal(str)  # event id

    def __init__(self, workspace, parent: QWidget | None = None, *, title: str = "",
                 source_ids: Sequence[str | Passage] = (), event: Event | None = None, date_text: str = "",
                 expression: str = "", decision: tuple[str, int, int] | None = None,
                 date_from: str = "") -> None:
        """`source_ids` may hold Passages not annotated yet: they are annotated on Save, with the
        event, in one undo step; `decision` is the date suggestion the event accepts on Save;
        `date_from` is the wording the date was read from (shown beside the date)."""
        super().__init__(parent)
        self.ws = workspace
        self.current_event = event
        self.expression = expression
        self.decision = decision
        self.date_from = date_from
        self.setModal(False)
        if parent is not None:
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Edit event" if event else "New event")
        self.setMinimumWidth(460)

        if event is not None:
            title = title or event.title
            date_text = date_text or _readable(event.date.text, event.date)
            source_ids = source_ids or event.source_ids

        self.title_edit = QLineEdit(title.strip(), placeholderText="What happened")
        self.title_edit.setCursorPosition(0)
        self.date_edit = QLineEdit(date_text, placeholderText="22 June 2024, June 2024, 2009–2017…")
        self.date_hint = QLabel()
        self.date_hint.setWordWrap(True)
        self.date_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        small = self.date_hint.font()
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.date_hint.setFont(small)
        self.description_edit = QPlainTextEdit(event.description if event else "")
        self.description_edit.setPlaceholderText("Optional: context, who, where")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.description_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.category_combo = CategoryCombo(self.ws.categories(), event.category if event else "Other")
        self.category_combo.setMinimumContentsLength(16)

        self.sources_list = QListWidget()
        self.sources_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.sources_list.setWordWrap(True)
        self.sources_list.setAlternatingRowColors(True)
        self.sources_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5 + 10)
        self.sources_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 8 + 12)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected passages from this event's sources")
        self.remove_button.clicked.connect(self.remove_selected_sources)
        self.use_date_button = QPushButton("&Use its date")
        self.use_date_button.setToolTip("Take the selected source's own date for the event (Alt+U)")
        self.use_date_button.clicked.connect(self.use_source_date)
        self.agreement = AgreementTracker.of(self.ws)
        self._source_dates: dict[str, tuple] = {}
        self.sources_list.itemSelectionChanged.connect(self._update_remove_button)
        self.sources_list.currentItemChanged.connect(lambda _c, _p: self._update_remove_button())
        self.sources_label = QLabel("&Sources:")
        self.sources_label.setBuddy(self.sources_list)
        for aid in dict.fromkeys(source_ids):
            self.add_source(aid)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        date_box = QVBoxLayout()
        date_box.setSpacing(2)
        date_box.addWidget(self.date_edit)
        date_box.addWidget(self.date_hint)
        date_label_widget = QLabel("&Date:")
        date_label_widget.setBuddy(self.date_edit)
        form.addRow("&Title:", self.title_edit)
        form.addRow(date_label_widget, date_box)
        form.addRow("&Category:", self.category_combo)
        form.addRow("D&escription:", self.description_edit)
        sources_box = QHBoxLayout()
        sources_box.addWidget(self.sources_list, 1)
        remove_box = QVBoxLayout()
        remove_box.addWidget(self.remove_button)
        remove_box.addWidget(self.use_date_button)
        remove_box.addStretch(1)
        sources_box.addLayout(remove_box)
        form.addRow(self.sources_label, sources_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save the event (Ctrl+Return)")
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)

        self.title_edit.textChanged.connect(lambda _t: self._clear_error())
        self.date_edit.textChanged.connect(self.update_date_hint)
        self.date_edit.textChanged.connect(lambda _t: self._show_source_dates())
        self._show_source_dates()
        self.update_date_hint()
        self._update_remove_button()
        self.resize(540, self.minimumSizeHint().height() + 2 * self.fontMetrics().lineSpacing())
        first_empty = next((w for w in (self.title_edit, self.date_edit) if not w.text().strip()), None)
        (first_empty or self.title_edit).setFocus()
        self.title_edit.setCursorPosition(0)

    # --- sources -----------------------------------------------------------------------------
    def add_source(self, annotation_id: str | Passage) -> None:
        """Add a source passage (by annotation id, or a Passage to annotate on Save), shown by its quote."""
        if annotation_id in self.sources():
            return
        try:
            if isinstance(annotation_id, Passage):
                p = annotation_id
                exact, article_id = self.ws.article(p.article_id).text[p.start:p.end], p.article_id
            else:
                ann = self.ws.annotation(annotation_id)
                exact, article_id = ann.exact, ann.article_id
        except errors.ChronolineError:
            text, tip = "(passage no longer exists)", str(annotation_id)
        else:
            quote = " ".join(exact.split())
            text = f"“{quote if len(quote) <= 200 else quote[:199] + '…'}”"
            tip = self._article_title(article_id)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, annotation_id)
        item.setData(QUOTE_ROLE, text)
        item.setToolTip(tip)
        self.sources_list.addItem(item)
        self._update_sources_label()
        self._show_source_dates()

    def _article_title(self, article_id: str) -> str:
        try:
            return self.ws.article(article_id).title
        except errors.ChronolineError:
            return ""

    def sources(self) -> tuple[str | Passage, ...]:
        """The sources listed, in order: annotation ids, and Passages to annotate on Save."""
        return tuple(self.sources_list.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.sources_list.count()))

    def source_ids(self) -> tuple[str, ...]:
        """The annotation ids listed as sources, in order (passages not annotated yet left out)."""
        return tuple(s for s in self.sources() if isinstance(s, str))

    def remove_selected_sources(self) -> None:
        """Drop the selected passages from the sources."""
        for item in self.sources_list.selectedItems():
            self.sources_list.takeItem(self.sources_list.row(item))
        self._update_sources_label()
        self._update_remove_button()

    def _update_remove_button(self) -> None:
        self.remove_button.setEnabled(bool(self.sources_list.selectedItems()))
        item = self.sources_list.currentItem()
        dated = item is not None and bool(self._source_dates.get(item.data(Qt.ItemDataRole.UserRole)))
        self.use_date_button.setEnabled(dated)

    # --- date feedback -----------------------------------------------------------------------
    def update_date_hint(self) -> None:
        """Show live what the date field means, or why it cannot be understood."""
        text = self.date_edit.text()
        self._clear_error()
        if not text.strip():
            self._set_hint(DATE_HINT, HINT_COLOR)
            return
        try:
            when = understand_date(text)
        except errors.DateError as exc:
            self._set_hint(str(exc), ERROR_COLOR)
        else:
            said = f"“{self.date_from}” in the text → " if self.date_from else ""
            self._set_hint(said + describe_date(when), OK_COLOR)

    def _set_hint(self, text: str, color: str) -> None:
        self.date_hint.setText(text)
        self.date_hint.setStyleSheet(f"color: {color};")
        self.date_hint.setProperty("state", "error" if color == ERROR_COLOR else "ok")

    def date_is_valid(self) -> bool:
        """Whether the date field currently parses."""
        return self.date_hint.property("state") == "ok" and bool(self.date_edit.text().strip())

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        if self.error_label.isVisible() or self.error_label.text():
            self.error_label.clear()
            self.error_label.hide()

    # --- saving ------------------------------------------------------------------------------
    def save(self) -> Event | None:
        """Create or update the event; on a bad title or date stay open and say why."""
        title = " ".join(self.title_edit.text().split())
        if not title:
            self._show_error("An event needs a title.")
            self.title_edit.setFocus()
            return None
        try:
            when = understand_date(self.date_edit.text())
        except errors.DateError as exc:
            self._set_hint(str(exc), ERROR_COLOR)
            self._show_error("Date: not understood yet (see under the date field); nothing was saved.")
            self.date_edit.setFocus()
            return None
        category = self.category_combo.category()
        description = self.description_edit.toPlainText().strip()
        failures: list[str] = []
        on_error = failures.append
        self.ws.errorOccurred.connect(on_error)
        try:
            if self.current_event is None:
                ev = self.ws.create_event(title, when, description=description, category=category,
                                          sources=self.sources(), expression=self.expression,
                                          decision=self.decision)
            else:
                ev = self.ws.edit_event(self.current_event.id, title=title, date=when, description=description,
                                        category=category, source_ids=self.source_ids())
        finally:
            self.ws.errorOccurred.disconnect(on_error)
        if ev is None:
            self._show_error(failures[-1] if failures else "The event could not be saved.")
            return None
        self.current_event = ev
        self.saved.emit(ev.id)
        self.accept()
        return ev

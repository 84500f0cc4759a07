"""Metadata dialog shown before an imported file becomes an article, pre-filled from the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db import errors
from db.importing import ImportedText


class ImportDialog(QDialog):
    """Title, source, author, URL and publication date (with precision) of one file.

    For a web page, "Keep the whole page" re-reads the file through `reread(whole_page)` and
    imports the whole page's text instead of the article's; `self.imported` is what will be stored.
    """

    def __init__(self, imported: ImportedText, parent: QWidget | None = None,
                 reread: Callable[[bool], ImportedText] | None = None) -> None:
        super().__init__(parent)
        self._reread = reread
        self.setWindowTitle(f"Import {imported.filename}")
        self.imported = imported
        self.title = QLineEdit(imported.title)
        self.source = QLineEdit(imported.source)
        self.author = QLineEdit(imported.author)
        self.url = QLineEdit(imported.url)
        self.published = QLineEdit(imported.published.text if imported.published else "")
        self.published.setPlaceholderText("e.g. 2024-06-24, June 2024, 2024")
        self.estimate = QCheckBox("The date is an estimate")
        self.understood = QLabel("")
        self.published.textChanged.connect(self._date_changed)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Source", self.source)
        form.addRow("Author", self.author)
        form.addRow("URL", self.url)
        form.addRow("Published", self.published)
        form.addRow("", self.understood)
        form.addRow("", self.estimate)
        self.whole_page = QCheckBox("Keep the whole page (menus, links and footers too)")
        self.whole_page.setToolTip("For pages that are not articles: import all of the page's text.")
        self.whole_page.setVisible(reread is not None and imported.format in ("html", "mhtml"))
        self.whole_page.toggled.connect(self._whole_page_toggled)
        form.addRow("", self.whole_page)
        self.info = info = QLabel("")
        info.setWordWrap(True)
        info.setEnabled(False)
        self._show_info()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(info)
        lay.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        self._date_changed(self.published.text())

    def _show_info(self) -> None:
        got = self.imported
        what = "whole page" if self.whole_page.isChecked() else "article" if got.format in ("html", "mhtml") else ""
        parts = [f"{len(got.text):,} characters" + (f" of the {what}" if what else ""), f"read as {got.encoding}"]
        self.info.setText(" · ".join(parts) + "".join(f"\n{w}" for w in got.warnings))

    def _whole_page_toggled(self, on: bool) -> None:
        """Re-read the page in the other mode; the metadata typed so far stays."""
        if self._reread is None:
            return
        try:
            self.imported = self._reread(on)
        except errors.ChronolineError as exc:
            self.info.setText(str(exc))
            return
        self._show_info()

    def _date_changed(self, text: str) -> None:
        from db.dates import parse_date

        if not text.strip():
            self.understood.setText("No publication date")
            return
        try:
            d = parse_date(text)
            self.understood.setText(f"{d.label()} · {d.precision} precision")
            self.understood.setStyleSheet("")
        except errors.DateError as exc:
            self.understood.setText(str(exc))
            self.understood.setStyleSheet("color: #D55E00;")

    def accept(self) -> None:
        from db.dates import parse_date

        text = self.published.text().strip()
        published = None
        if text:
            try:
                published = replace(parse_date(text), estimate=self.estimate.isChecked())
            except errors.DateError:
                self.published.setFocus()
                return
        if not self.title.text().strip():
            self.title.setFocus()
            return
        self.result_fields = {"title": self.title.text().strip(), "source": self.source.text().strip(),
                              "author": self.author.text().strip(), "url": self.url.text().strip(),
                              "published": published}
        super().accept()

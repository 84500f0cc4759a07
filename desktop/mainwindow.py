"""MainWindow: the reading desk — library, panes side by side, annotations, note editor, search."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from db import errors
from db.changes import Changes
from db.wording import count
from desktop import interchange, merge_dialog
from desktop.actions import PANE_CONTEXT, Action, ActionRegistry, Menu, fill
from desktop.annotation_rows import FEW, update_annotation_rows
from desktop.bulk import without_gc
from desktop.docks.annotations import AnnotationsPanel
from desktop.docks.library import ARTICLE_MIME, LibraryPanel
from desktop.docks.note_editor import NoteEditor
from desktop.docks.search import SearchPanel
from desktop.reader.pane import PaneContainer, ReadingPane
from desktop.selection import Selection
from desktop.window_actions import build_actions

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the parts desktop.extensions attaches
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QToolBar

    from db.models import Annotation
    from desktop.agreement_controller import AgreementController
    from desktop.events_controller import EventsController
    from desktop.files_controller import FilesController
    from desktop.suggestions_controller import SuggestionsController
    from desktop.timeline_controller import TimelineController


class MainWindow(QMainWindow):
    """Wires the docks and panes to the workspace and to the shared Selection (`self.selection`)."""

    def __init__(self, workspace, settings: QSettings, db_path: str = "") -> None:
        super().__init__()
        self.ws = workspace
        self.settings = settings
        self.db_path = db_path
        # the selected annotation and event: views emit into it and listen to it (desktop/selection.py)
        self.selection = Selection(self)
        self.selection.annotation_selected.connect(self._show_selected_annotation)
        self.selection.event_selected.connect(self._show_selected_event)
        # the platform adds the application's display name ("… — Chronoline") itself
        self.setWindowTitle(Path(db_path).name if db_path else "in memory")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.setAcceptDrops(True)

        self.panes = PaneContainer()
        self.setCentralWidget(self.panes)
        self.panes.paneAdded.connect(self._wire_pane)
        self.panes.paneRemoved.connect(lambda _p: self._reload_annotation_table())

        self.library = LibraryPanel()
        self.library.openRequested.connect(self.open_article)
        self.annotations = AnnotationsPanel()
        self.annotations.annotationSelected.connect(lambda aid: self.select_annotation(aid, reveal=True))
        self.annotations.scopeChanged.connect(self._reload_annotation_table)
        self.editor = NoteEditor()
        self.editor.noteEdited.connect(lambda aid, note: self.ws.edit_annotation(aid, note=note))
        self.editor.tagsEdited.connect(lambda aid, tags: self.ws.edit_annotation(aid, tags=tags))
        self.editor.colorEdited.connect(lambda aid, c: self.ws.edit_annotation(aid, color=c))
        self.editor.escapePressed.connect(self.focus_text)
        self.search = SearchPanel(self._safe_search)
        self.search.hitActivated.connect(self._open_hit)

        self.docks: dict[str, QDockWidget] = {}
        self._dock("library", "Library", self.library, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("notes", "Note", self.editor, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("search", "Search", self.search, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("annotations", "Annotations", self.annotations, Qt.DockWidgetArea.BottomDockWidgetArea)
        # the parts desktop.extensions attaches, as typed fields: a renamed method fails loudly
        self.events_ctl: EventsController | None = None
        self.timeline_ctl: TimelineController | None = None
        self.suggestions_ctl: SuggestionsController | None = None
        self.agreement_ctl: AgreementController | None = None
        self.files_ctl: FilesController | None = None
        self.data_dir: Path | None = None  # where File → New database… proposes to save
        self.switched_to: MainWindow | None = None  # the window that replaced this one (File → Open database…)

        self.counts = QLabel("")
        self.statusBar().addPermanentWidget(self.counts)
        # every action by desktop.actions.Action; the menus and toolbar are built from its table once the
        # parts have registered theirs (desktop.app.build_window → desktop.actions.build_menus)
        self.action_registry = ActionRegistry(self)
        self.menus: dict[Menu, QMenu] = {}
        self.toolbar: QToolBar | None = None
        build_actions(self)
        self.action_registry.declare(interchange, self)
        self.action_registry.declare(merge_dialog, self)
        self.ws.changed.connect(self.on_changed)
        self.ws.errorOccurred.connect(self.show_error)
        self.ws.undo_stack.indexChanged.connect(self._undo_status)

        self.panes.add_pane()
        self.reload_all()

    # --- building --------------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea,
                 tabify_with: str | None = None) -> QDockWidget:
        """Used by extensions (events, timeline, suggestions) to add their docks; `desktop.layout`
        arranges them all at once when every dock is in place (`tabify_with` is for docks it does not know)."""
        dock = self._dock(key, title, widget, area)
        if tabify_with:
            dock.setProperty("tabify_with", tabify_with)
        return dock

    def _wire_pane(self, pane: ReadingPane) -> None:
        pane.view.annotationClicked.connect(lambda aid: self.select_annotation(aid, reveal=False))
        pane.view.contextMenuRequested.connect(self._fill_context_menu)
        pane.setAcceptDrops(True)
        pane.view.viewport().setAcceptDrops(True)
        pane.view.viewport().installEventFilter(self)

    def action(self, member: Action) -> QAction:
        """The window's QAction for `member` (desktop.actions.Action)."""
        return self.action_registry[member]

    def _fill_context_menu(self, menu) -> None:  # noqa: ANN001
        fill(menu, PANE_CONTEXT, self.action_registry)

    # --- data → views ---------------------------------------------------------------------------
    def reload_all(self) -> None:
        self.library.set_articles(self.ws.articles())
        self._show_tags()
        for pane in self.panes.panes:
            if pane.article:
                self._refresh_pane_annotations(pane)
        self._reload_annotation_table()
        self._update_counts()

    def on_changed(self, cs: Changes) -> None:
        """Redraw what a write changed, and nothing else."""
        if cs.everything:
            self.reload_all()
            return
        if cs.tags:
            self._show_tags()
        if cs.annotations or cs.tags:
            recolored = cs.tags_updated or cs.tags_removed  # colours of annotations already painted may change
            for pane in self.panes.panes:
                if pane.article and cs.tags_added and not recolored:
                    pane.view.add_tag_colors(self.ws.tag_colors())  # a new tag colours only what names it
                if pane.article and (recolored or pane.article.id in cs.annotated_articles):
                    self._refresh_pane_annotations(pane, None if recolored else cs.annotations)
            if self.selection.annotation in cs.annotations:
                try:
                    self.editor.set_annotation(self.ws.annotation(self.selection.annotation))
                except errors.NotFound:
                    self.select_annotation(None)
        if (cs.annotations or cs.event_dates) and not update_annotation_rows(self, cs):
            self._reload_annotation_table()
        if cs.articles_added or cs.article_meta:
            self.library.set_articles(self.ws.articles())  # titles, dates, annotation counts
        elif cs.annotations_added or cs.annotations_removed:
            self._recount_library(cs)
        if cs.article_meta:
            self._reload_annotation_table()  # its Article column
        if cs.counts:
            self._update_counts()

    def _recount_library(self, cs: Changes) -> None:
        """Annotations came or went in one article: its count in the Library moves by as many (else re-read all)."""
        rows = self.library.model.rows
        (article_id,) = cs.annotated_articles if len(cs.annotated_articles) == 1 else (None,)
        if article_id is None or not any(r.id == article_id for r in rows):
            self.library.set_articles(self.ws.articles())
            return
        delta = len(cs.annotations_added) - len(cs.annotations_removed)
        self.library.set_articles([replace(r, annotation_count=r.annotation_count + delta) if r.id == article_id
                                   else r for r in rows])

    def _show_tags(self) -> None:
        """The tag names offered and the colours the Annotations list paints with."""
        colors = self.ws.tag_colors()
        names = sorted(colors, key=str.lower)
        self.annotations.set_tags(names)
        self.editor.set_tag_names(names)
        self.annotations.model.tag_colors = colors

    def _refresh_pane_annotations(self, pane: ReadingPane, ids: frozenset[str] | None = None) -> None:
        """Repaint a pane's annotations: only those `ids` names when a change names a few, else all."""
        if ids and len(ids) <= FEW and pane.view.annotations:
            named = self.ws.annotations_named(pane.article.id, ids)
            placed = self.ws.place(pane.article.text, named)
            pane.view.update_annotations(placed, set(ids) - {a.id for a in placed})
        else:
            anns = self.ws.place(pane.article.text, self.ws.annotations([pane.article.id]), pane.view.annotations)
            pane.view.set_annotations(anns, self.ws.tag_colors())
        pane.view.set_selected(self.selection.annotation)

    def _reload_annotation_table(self) -> None:
        if self.annotations.all_articles.isChecked():
            anns = self.ws.annotations()
        else:
            ids = list(dict.fromkeys(p.article.id for p in self.panes.panes if p.article))
            anns = self.ws.annotations(ids)
        self.annotations.model.article_titles = {a.id: a.title for a in self.library.model.rows}
        by_ann = self.ws.events_by_annotation()
        if by_ann:
            events = {e.id: e for e in self.ws.events()}
            self.annotations.model.event_dates = {
                aid: "; ".join(events[e].date.label() for e in eids if e in events) for aid, eids in by_ann.items()}
        else:
            self.annotations.model.event_dates = {}
        self.annotations.model.set_rows(anns)
        self.annotations.select(self.selection.annotation)

    def _update_counts(self) -> None:
        articles, annotations, events = self.ws.counts()
        self.counts.setText(f"{count(articles, 'article')} · {count(annotations, 'annotation')}"
                            f" · {count(events, 'event')}")

    # --- opening and selecting -----------------------------------------------------------------
    @without_gc
    def open_article(self, article_id: str, pane: ReadingPane | None = None) -> ReadingPane | None:
        """Show an article in a pane (the given one, the one already showing it, or the current)."""
        existing = self.panes.pane_for(article_id)
        if existing and pane is None:
            self.panes.set_current(existing)
            return existing
        pane = pane or self.panes.current or self.panes.add_pane()
        try:
            article = self.ws.article(article_id)
        except errors.ChronolineError as exc:
            self.show_error(str(exc))
            return None
        placed = self.ws.open_placements(article)
        pane.view.set_article(article, list(placed.shown), self.ws.tag_colors())
        pane.show_header(article)
        self.panes.set_current(pane)
        self._reload_annotation_table()
        if self.suggestions_ctl is not None:
            self.suggestions_ctl.article_opened(pane)
        attention = len(placed.attention)
        if attention:
            self.statusBar().showMessage(
                f"{count(attention, 'annotation')} of this article {'needs' if attention == 1 else 'need'} attention: "
                "the text changed. "
                "See Annotations → Needs attention.", 8000)
        return pane

    def select_annotation(self, annotation_id: str | None, reveal: bool = False) -> None:
        """Select an annotation everywhere (through `self.selection`); `reveal` scrolls a pane to it,
        opening its article when no pane shows it."""
        ann = self._stored(annotation_id)
        self.selection.select_annotation(ann.id if ann else None)
        if ann is not None and reveal:
            pane = self.panes.pane_for(ann.article_id) or self.open_article(ann.article_id)
            if pane is not None:
                start, end = self.ws.found_at(ann.id) or (ann.start, ann.end)
                pane.view.reveal(start, end)

    def _stored(self, annotation_id: str | None) -> Annotation | None:
        """The annotation with this id, or None when there is none (any more)."""
        try:
            return self.ws.annotation(annotation_id) if annotation_id else None
        except errors.NotFound:
            return None

    def _show_selected_annotation(self, annotation_id: str | None) -> None:
        """The Selection changed: the note editor, the Annotations row and the outline in the panes follow."""
        ann = self._stored(annotation_id)
        annotation_id = ann.id if ann else None
        self.editor.set_annotation(ann)
        self.annotations.select(annotation_id)
        for pane in self.panes.panes:
            pane.view.set_selected(annotation_id)

    def _show_selected_event(self, event_id: str | None) -> None:
        """The Selection changed: the event's source passages are emphasised in the panes."""
        ids: set[str] = set()
        if event_id:
            try:
                ids = set(self.ws.event_by_id(event_id).source_ids)
            except errors.NotFound:
                pass
        for pane in self.panes.panes:
            pane.view.set_emphasised(ids)

    def current_view(self):  # noqa: ANN201
        return self.panes.current.view if self.panes.current else None

    def focus_text(self) -> None:
        view = self.current_view()
        if view is not None:
            view.setFocus()

    # --- search ---------------------------------------------------------------------------------
    def _safe_search(self, text: str):  # noqa: ANN202
        try:
            return self.ws.search_hits(text)
        except errors.ChronolineError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return []

    def _open_hit(self, hit) -> None:  # noqa: ANN001
        """Open a search hit in a pane the user can predict, scrolled to it and outlined (desktop.open_in_pane)."""
        from desktop.open_in_pane import open_search_hit

        open_search_hit(self, hit, self.search.spans_in(hit.article_id))

    # --- messages and state -------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """A clear message box; the window keeps working."""
        log.info("user-facing error: %s", message)
        QMessageBox.warning(self, "Chronoline", message)

    def _undo_status(self, _index: int = 0) -> None:
        self._update_counts()

    def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802 - drops of library rows on panes
        if ev.type() in (ev.Type.DragEnter, ev.Type.DragMove) and ev.mimeData().hasFormat(ARTICLE_MIME):
            ev.acceptProposedAction()
            return True
        if ev.type() == ev.Type.Drop and ev.mimeData().hasFormat(ARTICLE_MIME):
            article_id = bytes(ev.mimeData().data(ARTICLE_MIME)).decode()
            pane = next((p for p in self.panes.panes if p.view.viewport() is obj), None)
            self.open_article(article_id, pane=pane)
            ev.acceptProposedAction()
            return True
        return super().eventFilter(obj, ev)

    def dragEnterEvent(self, ev) -> None:  # noqa: ANN001, N802 - files dropped on the window
        if ev.mimeData().hasUrls():
            ev.acceptProposedAction()

    def dropEvent(self, ev) -> None:  # noqa: ANN001, N802
        paths = [u.toLocalFile() for u in ev.mimeData().urls() if u.isLocalFile()]
        for project in [p for p in paths if p.lower().endswith(".qdpx")]:  # REFI-QDA projects
            from desktop.interchange import import_project

            import_project(self, project)
            paths.remove(project)
            ev.acceptProposedAction()
        if len(paths) > 1 or any(Path(p).is_dir() for p in paths):  # a folder or many files: one batch
            from desktop.batch_import import import_batch

            ev.acceptProposedAction()
            import_batch(self, paths)
        elif paths:
            from desktop.window_actions import import_files

            import_files(self, paths)
            ev.acceptProposedAction()

    def restore_state(self) -> None:
        """Geometry, dock layout, splitter sizes and open articles from QSettings."""
        from desktop.layout import restore_layout

        restore_layout(self, self.settings.value("window/geometry"), self.settings.value("window/state"))
        ids = self.settings.value("panes/articles") or []
        if isinstance(ids, str):
            ids = [ids]
        known = {a.id for a in self.library.model.rows}
        ids = [i for i in ids if i in known][:4] or [a.id for a in self.library.model.rows[:2]]
        for i, article_id in enumerate(ids):
            pane = self.panes.panes[i] if i < len(self.panes.panes) else self.panes.add_pane()
            self.open_article(article_id, pane=pane)
        sizes = self.settings.value("panes/sizes")
        if isinstance(sizes, list) and len(sizes) == len(self.panes.panes):
            self.panes.setSizes([int(s) for s in sizes])
        self.action(Action.SYNC_SCROLLING).setChecked(self.settings.value("panes/sync", False, type=bool))

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        from desktop.layout import LAYOUT_VERSION

        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self.settings.setValue("panes/articles", [p.article.id for p in self.panes.panes if p.article])
        self.settings.setValue("panes/sizes", self.panes.sizes())
        self.settings.setValue("panes/sync", self.panes.sync)
        self.settings.sync()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """On getting focus, reload when another window or program wrote to the database."""
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and self.ws.changed_by_others()):
            self.ws.refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.editor.flush()
        self.save_state()
        super().closeEvent(event)

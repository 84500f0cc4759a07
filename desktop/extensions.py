"""Features that attach to the main window (events, timeline, date suggestions…) as its typed fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.mainwindow import MainWindow


def attach_extensions(win: MainWindow) -> None:
    """Attach every extension, in the order their docks should appear."""
    from desktop.events_controller import EventsController
    from desktop.suggestions_controller import SuggestionsController
    from desktop.timeline_controller import TimelineController

    win.events_ctl = EventsController(win)
    win.timeline_ctl = TimelineController(win)
    win.suggestions_ctl = SuggestionsController(win)
    from desktop.agreement_controller import AgreementController

    win.agreement_ctl = AgreementController(win)
    from desktop.files_controller import FilesController

    win.files_ctl = FilesController(win)

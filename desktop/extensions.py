"""Features that attach to the main window: events, timeline, date suggestions."""

from __future__ import annotations


def attach_extensions(win) -> None:  # noqa: ANN001
    """Attach every extension, in the order their docks should appear."""
    from desktop.events_controller import EventsController
    from desktop.suggestions_controller import SuggestionsController
    from desktop.timeline_controller import TimelineController

    for cls in (EventsController, TimelineController, SuggestionsController):
        win.extensions.append(cls(win))
    from desktop.agreement_controller import AgreementController

    win.extensions.append(AgreementController(win))
    from desktop.files_controller import FilesController

    win.extensions.append(FilesController(win))

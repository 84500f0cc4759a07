"""Features that attach to the main window (events, timeline, date suggestions…): its typed fields and `extensions`."""

from __future__ import annotations


def attach_extensions(win) -> None:  # noqa: ANN001
    """Attach every extension, in the order their docks should appear."""
    from desktop.events_controller import EventsController
    from desktop.suggestions_controller import SuggestionsController
    from desktop.timeline_controller import TimelineController

    win.events_ctl = EventsController(win)
    win.extensions.append(win.events_ctl)
    win.timeline_ctl = TimelineController(win)
    win.extensions.append(win.timeline_ctl)
    win.suggestions_ctl = SuggestionsController(win)
    win.extensions.append(win.suggestions_ctl)
    from desktop.agreement_controller import AgreementController

    win.agreement_ctl = AgreementController(win)
    win.extensions.append(win.agreement_ctl)
    from desktop.files_controller import FilesController

    win.files_ctl = FilesController(win)
    win.extensions.append(win.files_ctl)

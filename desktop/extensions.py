"""Features that attach to the main window: events, timeline, date suggestions."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def attach_extensions(win) -> None:  # noqa: ANN001
    """Attach every available extension; one that fails to load is logged, not fatal."""
    for module_name, cls_name in (("desktop.events_controller", "EventsController"),
                                  ("desktop.timeline_controller", "TimelineController"),
                                  ("desktop.suggestions_controller", "SuggestionsController")):
        try:
            module = __import__(module_name, fromlist=[cls_name])
        except ImportError as exc:
            if exc.name != module_name:
                raise
            continue
        win.extensions.append(getattr(module, cls_name)(win))

"""Dates for Chronoline: parse what users type, and find temporal expressions in articles.

The work happens in `db.temporal`; this module is the stable public surface. Each name is loaded
from its submodule on first use, so importing `db.dates` costs nothing until dates are read (the
extractor's rules take ~80 ms to compile: the window is painted first).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from db.temporal.calendar import precision_of, value_interval
    from db.temporal.extract import TemporalExpression, extract
    from db.temporal.parse import describe_partial, format_partial, parse_date, partial_from_value
    from db.temporal.wording import Group, event_date, group, is_duration, offered_as_event
    from db.temporal.wording import words as expression_words

_WHERE = {
    "precision_of": ("db.temporal.calendar", "precision_of"),
    "value_interval": ("db.temporal.calendar", "value_interval"),
    "TemporalExpression": ("db.temporal.extract", "TemporalExpression"),
    "extract": ("db.temporal.extract", "extract"),
    "describe_partial": ("db.temporal.parse", "describe_partial"),
    "format_partial": ("db.temporal.parse", "format_partial"),
    "parse_date": ("db.temporal.parse", "parse_date"),
    "partial_from_value": ("db.temporal.parse", "partial_from_value"),
    "Group": ("db.temporal.wording", "Group"),
    "event_date": ("db.temporal.wording", "event_date"),
    "group": ("db.temporal.wording", "group"),
    "is_duration": ("db.temporal.wording", "is_duration"),
    "offered_as_event": ("db.temporal.wording", "offered_as_event"),
    "expression_words": ("db.temporal.wording", "words"),
}

__all__ = [  # noqa: RUF022 - the names of _WHERE, readable
    "Group", "TemporalExpression", "describe_partial", "event_date", "expression_words", "extract",
    "format_partial", "group", "is_duration", "offered_as_event", "parse_date", "partial_from_value",
    "precision_of", "value_interval",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule the first time it is asked for."""
    try:
        module, attr = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'db.dates' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value

"""Dates for Chronoline: parse what users type, and find temporal expressions in articles.

The work happens in `db.temporal`; this module is the stable public surface.
"""

from __future__ import annotations

from db.temporal.calendar import precision_of, value_interval
from db.temporal.extract import TemporalExpression, extract
from db.temporal.parse import describe_partial, format_partial, parse_date, partial_from_value
from db.temporal.wording import Group, event_date, group, is_duration, offered_as_event
from db.temporal.wording import words as expression_words

__all__ = [
    "Group",
    "TemporalExpression",
    "describe_partial",
    "event_date",
    "expression_words",
    "extract",
    "group",
    "is_duration",
    "offered_as_event",
    "format_partial",
    "parse_date",
    "partial_from_value",
    "precision_of",
    "value_interval",
]

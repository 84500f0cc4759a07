"""A passage being dragged out of a reading pane: which article, which code points.

The reading pane adds this to the text it drags; the timeline accepts it over an event and makes
the passage one of that event's sources (corroboration by drag and drop).
"""

from __future__ import annotations

import json
from typing import NamedTuple

from PySide6.QtCore import QByteArray, QMimeData

PASSAGE_MIME = "application/x-chronoline-passage"


class Passage(NamedTuple):
    article_id: str
    start: int
    end: int


def add_passage(data: QMimeData, passage: Passage) -> None:
    """Put `passage` into `data` beside the plain text."""
    data.setData(PASSAGE_MIME, QByteArray(json.dumps(passage._asdict()).encode("utf-8")))


def passage_of(data: QMimeData | None) -> Passage | None:
    """The passage carried by `data`, or None (other drags, or a payload that does not make sense)."""
    if data is None or not data.hasFormat(PASSAGE_MIME):
        return None
    try:
        raw = json.loads(bytes(data.data(PASSAGE_MIME).data()).decode("utf-8"))
        passage = Passage(str(raw["article_id"]), int(raw["start"]), int(raw["end"]))
    except (ValueError, KeyError, TypeError):
        return None
    return passage if 0 <= passage.start < passage.end else None

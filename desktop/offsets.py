"""The one place that converts between store offsets (code points) and Qt offsets (UTF-16 units)."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import repeat
from operator import add

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts positions in one text; identity (and free) when the text has no non-BMP characters."""

    def __init__(self, text: str) -> None:
        # code point index of each astral character (a surrogate pair in UTF-16), found by the
        # regex engine rather than a Python loop: a 1 MB text with emoji maps in a few ms
        self._astral_cp: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        # the UTF-16 position just after each pair
        self._astral_u16_end: list[int] = [cp + k + 2 for k, cp in enumerate(self._astral_cp)]
        self.trivial = not self._astral_cp

    def to_qt(self, cp: int) -> int:
        """Code point offset → UTF-16 offset."""
        if self.trivial:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def many_to_qt(self, cps: list[int]) -> list[int]:
        """Code point offsets → UTF-16 offsets, all at once (C-level maps: no Python call each)."""
        if self.trivial:
            return cps
        return list(map(add, cps, map(bisect_left, repeat(self._astral_cp), cps)))

    def from_qt(self, u16: int) -> int:
        """UTF-16 offset → code point offset (a position inside a surrogate pair rounds down)."""
        if self.trivial:
            return u16
        # astral chars whose pair ends at or before u16 each add one extra unit
        n = bisect_left(self._astral_u16_end, u16 + 1)
        cp = u16 - n
        # inside a pair: u16 == start of pair + 1 → belongs to the char that starts there
        if n < len(self._astral_cp) and self.to_qt(self._astral_cp[n]) < u16:
            cp = self._astral_cp[n]
        return cp

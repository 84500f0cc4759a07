"""The one place that converts between store offsets (code points) and Qt offsets (UTF-16 units)."""

from __future__ import annotations

from bisect import bisect_left


class OffsetMap:
    """Converts positions in one text; identity (and free) when the text has no non-BMP characters."""

    def __init__(self, text: str) -> None:
        self._astral_cp: list[int] = []
        self._astral_u16_end: list[int] = []
        if len(text.encode("utf-16-le", "surrogatepass")) // 2 != len(text):
            extra = 0
            for i, ch in enumerate(text):
                if ord(ch) > 0xFFFF:
                    self._astral_cp.append(i)
                    extra += 1
                    self._astral_u16_end.append(i + extra)  # u16 position just after the pair
        self.trivial = not self._astral_cp

    def to_qt(self, cp: int) -> int:
        """Code point offset → UTF-16 offset."""
        if self.trivial:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

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

"""Which rules can match at a number, judged by the characters that follow it (`2024 in`, `10:30`).

The starts of each rule's matches (nextword.starts, their first 8 characters) go into one
trie; a token's text is walked down it, so a rule is tried only when its match could begin there.
Digits are one class, runs of spaces one space, letters lower-cased; a character the reading does
not follow (a non-ASCII letter) keeps every rule below it.
"""

from __future__ import annotations

import re

from db.temporal.nextword import _BOUND, _DIGIT, _ENDED, _OTHER, starts

_READ = 8  # characters of each start read
_DIGITS = str.maketrans({str(d): _DIGIT for d in range(10)})
_WINDOW = 24
# ASCII text in the trie's terms: digits one class, every space character a space
_CANON = str.maketrans({**{str(d): _DIGIT for d in range(10)},
                        **{chr(c): " " for c in range(128) if chr(c).isspace()}})
_SPACES = re.compile(" {2,}")


class _Node:
    """One trie node: children by character, the rules whose start ends here, all rules below."""

    __slots__ = ("kids", "ends", "below")

    def __init__(self) -> None:
        """An empty node."""
        self.kids: dict[str, _Node] = {}
        self.ends: set[int] = set()
        self.below: set[int] = set()


class DigitStart:
    """The rules of number tokens that can match, by the text that follows."""

    def __init__(self, rules: tuple) -> None:
        """Read each rule's starts into the trie."""
        self.rules = rules
        self.root = _Node()
        for i, (_, rx, _) in enumerate(rules):
            paths = starts(rx.pattern, short=_READ)
            for p in paths if paths is not None else ("",):
                self._insert(p.rstrip(_ENDED).replace(_BOUND, "").translate(_DIGITS), i)
        self.cache: dict[frozenset[int], tuple] = {}
        self.seen: dict[str, tuple] = {}

    def _insert(self, path: str, i: int) -> None:
        """Add one start of rule i."""
        node = self.root
        node.below.add(i)
        for ch in path:
            node = node.kids.setdefault(ch, _Node())
            node.below.add(i)
        node.ends.add(i)

    def at(self, text: str, pos: int) -> tuple:
        """The rules worth trying at pos (remembered by the text's first characters there, in
        the trie's terms, when they are ASCII)."""
        w = text[pos : pos + _WINDOW]
        if w.isascii():
            key = w.lower().translate(_CANON)
            if "  " in key:
                key = _SPACES.sub(" ", key)
            if len(key) >= _READ or pos + _WINDOW >= len(text):
                key = key[:_READ]
                hit = self.seen.get(key)
                if hit is None:
                    if len(self.seen) > 50_000:
                        self.seen.clear()
                    hit = self.seen[key] = self._walk(key, 0)
                return hit
        return self._walk(text, pos)

    def _walk(self, text: str, pos: int) -> tuple:
        """The rules whose starts fit text at pos."""
        found: set[int] = set()
        n = len(text)
        todo = [(self.root, pos)]
        while todo:
            node, i = todo.pop()
            found |= node.ends
            if not node.kids:
                continue
            if i >= n:
                continue
            ch = text[i]
            if ch.isdecimal():
                c, j = _DIGIT, i + 1
            elif ch.isspace():
                c, j = " ", i + 1
                while j < n and text[j].isspace():
                    j += 1
            else:
                c, j = ch.lower(), i + 1
                if ch.isalpha() and not (ch.isascii() and len(c) == 1):
                    found |= node.below  # a letter the reading does not follow: keep them all
                    continue
            kid = node.kids.get(c)
            if kid is not None:
                todo.append((kid, j))
            if c != " " and not ch.isalpha():
                other = node.kids.get(_OTHER)
                if other is not None:
                    todo.append((other, j))
        key = frozenset(found)
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = tuple(self.rules[i] for i in sorted(key))
        return hit

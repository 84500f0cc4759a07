"""Which rules can match after a word, judged by the word that follows it (`the` + `strikes`: none).

Each rule's pattern is read once (re._parser) for the texts its matches can start with, lower-cased
and with every run of spaces as one: `the past `, `the fiscal`, `the` + anything. From those, a
rule is kept for a token only when the next word agrees; this is a necessary condition for a
match, so skipping the other rules changes no result. Anything the reading cannot follow (`.`,
`\\w`, a back-reference, a long alternation) leaves the rule always tried.
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as C  # noqa: N812
from re import _parser

_CAP = 40  # characters of a match's start worth reading
_MAX_PATHS = 3000
_CLASS_MAX = 4
_MAXREP = 3
_ENDED = "\x01"  # the path stops here: what follows is not known
_BOUND = "\x00"  # a word boundary after a letter: the word ends here
_OTHER = "\x02"  # some character that is neither a letter nor a space
_DIGIT = "\x03"  # some decimal digit
_NEXT = re.compile(r"\s+([^\W\d_]*)")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

ALWAYS = object()
_KEEP_OTHERS = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz" + _BOUND)  # drops letters and boundaries


def _space_only(item: tuple) -> bool:
    """True when a parsed element matches only white space."""
    op, av = item
    if op is C.LITERAL:
        return chr(av).isspace()
    if op is C.IN:
        ok = False
        for o, a in av:
            if o is C.CATEGORY and a is C.CATEGORY_SPACE:
                ok = True
            elif o is C.LITERAL and chr(a).isspace():
                ok = True
            else:
                return False
        return ok
    return False


def _digit_only(item: tuple) -> bool:
    """True when a one-character element matches only decimal digits (`\\d`, `[0-9]`)."""
    op, av = item
    if op is not C.IN:
        return False
    for o, a in av:
        if o is C.CATEGORY and a is C.CATEGORY_DIGIT:
            continue
        if o is C.RANGE and 48 <= a[0] <= a[1] <= 57:
            continue
        if o is C.LITERAL and 48 <= a <= 57:
            continue
        return False
    return True


def _no_letter(item: tuple) -> bool:
    """True when a one-character element matches neither a letter nor a space (`\\d`, `[-–]`)."""
    op, av = item
    if op is not C.IN:
        return False
    for o, a in av:
        if o is C.CATEGORY:
            if a is not C.CATEGORY_DIGIT:
                return False
        elif o is C.LITERAL:
            if chr(a).isalpha() or chr(a).isspace():
                return False
        elif o is C.RANGE:
            if a[1] - a[0] > 1000 or any(chr(x).isalpha() or chr(x).isspace() for x in range(a[0], a[1] + 1)):
                return False
        else:
            return False
    return True


def _chars(item: tuple) -> set[str] | None:
    """The lower-cased characters a one-character element matches, or None when not a few."""
    op, av = item
    if op is C.LITERAL:
        ch = chr(av).lower()
        return {ch} if len(ch) == 1 and (ch.isascii() or not ch.isalpha()) else None
    if op is C.IN:
        out: set[str] = set()
        for o, a in av:
            if o is C.LITERAL:
                ch = chr(a).lower()
                if len(ch) != 1 or (ch.isalpha() and not ch.isascii()):
                    return None
                out.add(ch)
            elif o is C.RANGE and a[1] - a[0] < _CLASS_MAX and chr(a[1]).isascii():
                out.update(chr(x).lower() for x in range(a[0], a[1] + 1))
            else:
                return None
        if len(out) > _CLASS_MAX or any(x.isspace() or len(x) != 1 for x in out):
            return None
        return out
    return None


def _add(s: str, ch: str, short: int) -> str:
    """s extended by ch (runs of spaces kept as one); a path ends past its second word's end
    (short == 0) or at short characters."""
    if s.endswith(_ENDED):
        return s
    if ch == " " and s.endswith(" "):
        return s
    s += ch
    if len(s) >= (short or _CAP) or (not short and ch not in _LETTERS and len(s.translate(_KEEP_OTHERS)) >= 2):
        return s + _ENDED
    return s


def _walk(items: list, states: set[str], short: int) -> set[str]:
    """The paths after reading a sequence of parsed elements, from each of states."""
    for item in items:
        live = {s for s in states if not s.endswith(_ENDED)}
        if not live:
            return states
        done = states - live
        states = done | _step(item, live, short)
        if len(states) > _MAX_PATHS:
            raise OverflowError
    return states


def _step(item: tuple, states: set[str], short: int) -> set[str]:
    """The paths after reading one parsed element."""
    op, av = item
    if _space_only(item):
        return {_add(s, " ", short) for s in states}
    if op in (C.LITERAL, C.IN):
        chars = _chars(item)
        if chars is None:
            if _digit_only(item):
                return {_add(s, _DIGIT, short) for s in states}
            if _no_letter(item):
                return {_add(s, _OTHER, short) for s in states}
            return {s + _ENDED for s in states}
        return {_add(s, ch, short) for s in states for ch in chars}
    if op is C.AT:
        if av is C.AT_BOUNDARY:
            return {s + _BOUND if s[-1:] in _LETTERS else s for s in states}
        return states
    if op in (C.ASSERT, C.ASSERT_NOT):
        return states
    if op is C.SUBPATTERN:
        return _walk(list(av[3]), states, short)
    if op is C.ATOMIC_GROUP:
        return _walk(list(av), states, short)
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            out |= _walk(list(alt), states, short)
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        sub = list(sub)
        if len(sub) == 1 and _space_only(sub[0]):
            spaced = {_add(s, " ", short) for s in states}
            return spaced if lo >= 1 else spaced | states
        out = set(states) if lo == 0 else set()
        cur = states
        for n in range(1, min(hi, _MAXREP) + 1):
            cur = _walk(sub, cur, short)
            if n >= lo:
                out |= cur
        if hi > _MAXREP:
            out |= {s + _ENDED for s in cur}
        return out
    return {s + _ENDED for s in states}


@cache
def starts(pattern: str, short: int = 0) -> frozenset[str] | None:
    """The lower-cased starts a pattern's matches can have (see the module doc), or None: up to
    the end of the second word, or the first short characters."""
    try:
        return frozenset(_walk(list(_parser.parse(pattern)), {""}, short))
    except (OverflowError, RecursionError):
        return None


@cache
def _table(pattern: str) -> tuple[frozenset[str], dict[str, object]]:
    """A pattern's starts by first word: the word starts after which anything may come (the path
    ends inside the first word), and for each whole first word followed by spaces, ALWAYS or the
    set of (next word, exact) it may be followed by."""
    paths = starts(pattern)
    if paths is None:
        return frozenset([""]), {}
    prefixes: set[str] = set()
    table: dict[str, object] = {}
    for s in paths:
        s = s.rstrip(_ENDED)
        bound = s.endswith(_BOUND)
        s = s.replace(_BOUND, "") + (_BOUND if bound else "")
        n1 = _letters(s, 0)
        w1, rest = s[:n1], s[n1:]
        if not rest:
            prefixes.add(w1)  # the path ends (or may end) inside or right after the word
        elif rest == _BOUND or rest == " ":
            table[w1] = ALWAYS
        elif rest[0] == " " and table.get(w1) is not ALWAYS:
            rest = rest[1:]
            n2 = _letters(rest, 0)
            need = table.setdefault(w1, set())
            need.add((rest[:n2], n2 < len(rest)))  # type: ignore[attr-defined]
    return frozenset(prefixes), table


def _letters(s: str, i: int) -> int:
    """How many of s's characters from i on are letters a-z."""
    n = i
    while n < len(s) and s[n] in _LETTERS:
        n += 1
    return n - i


def after_word(pattern: str, word: str) -> object:
    """What the word after `word` must be for pattern to match at `word` followed by spaces: a
    set of (next word, exact) — exact: the next word is that, else it starts with that; empty
    when no match can start so — or ALWAYS when anything may follow."""
    prefixes, table = _table(pattern)
    if not word.isascii() or not word.isalpha() or any(word[:i] in prefixes for i in range(len(word) + 1)):
        return ALWAYS
    return table.get(word, frozenset())


class NextWord:
    """The rules of one trigger word that can match, by the word that follows it."""

    def __init__(self, word: str, rules: tuple) -> None:
        """Read what each rule needs after word."""
        self.rules = rules
        self.needs = [after_word(rx.pattern, word) for _, rx, _ in rules]
        self.cache: dict[str, tuple] = {}

    def at(self, text: str, end: int) -> tuple:
        """The rules worth trying for the token ending at end."""
        m = _NEXT.match(text, end)
        if m is None:
            return self.rules
        nxt = m.group(1)
        if not nxt.isascii():
            return self.rules
        nxt = nxt.lower()
        hit = self.cache.get(nxt)
        if hit is None:
            if len(self.cache) > 20_000:
                self.cache.clear()
            hit = self.cache[nxt] = tuple(r for r, need in zip(self.rules, self.needs, strict=True) if _fits(need, nxt))
        return hit


def _fits(need: object, nxt: str) -> bool:
    """True when a rule's need (from after_word) allows nxt as the next word."""
    if need is ALWAYS:
        return True
    return any(nxt == w if exact else nxt.startswith(w) for w, exact in need)  # type: ignore[union-attr]

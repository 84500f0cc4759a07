"""A title that reads as a title, from a first line that may be a whole paragraph."""

from __future__ import annotations

import re

SHORT = 120  # a first line up to this long is taken whole
TARGET = 100  # a longer one is cut near this many characters
_SENTENCE_END = re.compile(r"""[.!?]['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9À-ÖØ-Þ])""")
_MIN_SENTENCE = 20  # a full stop this early ends a dateline or an initial, not a sentence
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt maj capt sgt adm gov sen rep pres jr sr no vs etc inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())


def _is_abbreviation(line: str, end: int) -> bool:
    """Whether the full stop at `end` closes an abbreviation (`Mr.`, `Gen.`, `U.S.`, `J.`)."""
    word = line[:end].rsplit(None, 1)[-1].rstrip(".").strip("'\"‘“(")
    return len(word) <= 1 or "." in word or word.lower() in _ABBREVIATIONS


def title_from_line(line: str) -> str:
    """The line itself when short; else its first sentence, cut at a word near TARGET characters with `…`."""
    line = " ".join(line.split())
    if len(line) <= SHORT:
        return line
    sentence = line
    for m in _SENTENCE_END.finditer(line):
        if m.start() >= _MIN_SENTENCE and not (line[m.start()] == "." and _is_abbreviation(line, m.start())):
            sentence = line[:m.end()]
            break
    if len(sentence) <= SHORT:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence.rfind(" ", 0, TARGET + 1)
    if cut < TARGET * 0.6:  # one very long word: cut inside it rather than leave a stub
        cut = TARGET
    return sentence[:cut].rstrip(" ,;:–—-") + "…"

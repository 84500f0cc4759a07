"""Paragraphs from the lines of laid-out PDF blocks: breaks by spacing, indents and short lines;
line-end hyphens that split a word removed; a sentence carried over a page or column break kept whole.

Pure Python, fed by `db.pdf_layout`.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from db.pdf_layout import Line, Seg, is_rtl, lines

_SENTENCE_END = ".!?:;…\"”’»)]\u06d4\u061f。！？"  # also the Urdu full stop, the Arabic question mark, CJK stops
_HYPHENS = "-\u2010\xad"
_LIST_ITEM = re.compile(r"^\s*(?:[•◦▪▫●○■□►▸✓✔]|\(?\d{1,2}[.)]|\(?[a-z][)])\s")  # bullets, 1. 2) (a)


def _breaks_before(prev: Line, line: Line, left: float, right: float, pitch: float, rtl: bool) -> bool:
    """Whether `line` starts a new paragraph after `prev` in a block spanning `left`..`right`."""
    if rtl:  # mirror: indents at the right, short last lines end at the left
        prev, line = (Line(-prev.r, prev.b, -prev.l, prev.t, prev.text),
                      Line(-line.r, line.b, -line.l, line.t, line.text))
        left, right = -right, -left
    if abs(line.h - prev.h) > 0.15 * max(line.h, prev.h):
        return True  # a heading or a caption: another size
    if prev.b - line.b > 1.4 * pitch:
        return True  # extra space between the lines
    if line.l - left > 1.2 * line.h and prev.l - left < 0.5 * line.h and not _LIST_ITEM.match(prev.text):
        return True  # first-line indent (not the hanging indent of a list item)
    short = right - prev.r > 0.15 * (right - left)
    if short and prev.text.rstrip().endswith(tuple(_SENTENCE_END)):
        return True
    if right - prev.r > 0.35 * (right - left) and line.l - left > 1.2 * line.h and abs(line.l - prev.l) < 0.5 * line.h:
        return True  # list items: indented alike, the one before ends far short
    if short and prev.l - left > 1.2 * line.h and line.l - left < 0.5 * line.h:
        return True  # the end of a list or an indented quote
    return bool(_LIST_ITEM.match(line.text))


def paragraphs(pages: list[list[list[Seg]]]) -> list[list[str]]:
    """Each page's blocks become paragraphs (lists of lines); a paragraph may run across blocks."""
    out: list[list[str]] = []
    laid = [[lines(block) for block in page] for page in pages]
    every = [_pitches(ls) for page in laid for ls in page]
    common = [p for ps in every for p in ps]
    usual = median(common) if common else 0.0
    for page in laid:
        for ls in page:
            if not ls:
                continue
            pitches = _pitches(ls)
            pitch = median(pitches) if len(pitches) >= 3 else usual if len(common) >= 3 else 1.2 * ls[0].h
            left, right = min(x.l for x in ls), max(x.r for x in ls)
            rtl = is_rtl(" ".join(x.text for x in ls[:20]))
            first = ls[0].text.lstrip()
            caseless = first[:1].isalpha() and not first[:1].isupper() and not first[:1].islower()
            continues = (out and out[-1] and (first[:1].islower() or caseless)
                         and not out[-1][-1].rstrip().endswith(tuple(_SENTENCE_END)))
            if not continues:
                out.append([])
            out[-1].append(ls[0].text)
            table = [x.cells > 1 and any(y.cells > 1 for y in ls[max(0, k - 1):k + 2] if y is not x)
                     for k, x in enumerate(ls)]
            for k, (prev, line) in enumerate(zip(ls, ls[1:], strict=False)):
                if table[k] or table[k + 1] or _breaks_before(prev, line, left, right, min(pitch, 2.5 * line.h), rtl):
                    out.append([])
                out[-1].append(line.text)
    return [p for p in out if any(x.strip() for x in p)]


def _pitches(ls: list[Line]) -> list[float]:
    """Baseline-to-baseline distances between consecutive lines of a block."""
    return [a.b - b.b for a, b in zip(ls, ls[1:], strict=False) if 0 < a.b - b.b < 3 * a.h]


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def join_lines(paras: list[list[str]]) -> str:
    """Paragraphs separated by blank lines; line-end hyphens that split a word are removed.

    A line-end hyphen is kept when the hyphenated form occurs elsewhere in the document and the
    joined one does not, or when the next line starts with a capital or a digit ("Indo-Pakistani").
    """
    vocab = Counter(w.lower() for p in paras for line in p for w in _WORD.findall(line))
    texts = []
    for p in paras:
        text = ""
        for line in p:
            line = line.strip()
            line = line[:-1].replace("\xad", "") + line[-1:]
            if not line:
                continue
            if not text:
                text = line
            elif text[-1] in _HYPHENS and len(text) > 1 and text[-2].isalnum() and line[:1].isalnum():
                text = _join_hyphen(text, line, vocab) if line[0].isalpha() else text + line
            elif text[-1] in "—–/" and len(text) > 1 and text[-2].isalnum() and line[:1].isalnum():
                text += line  # "2009–" / "2017", "army—" / "police", "and/" / "or"
            else:
                text += " " + line
        texts.append(text.replace("\xad", "").translate(_LIGATURES))
    return "\n\n".join(t for t in texts if t) + "\n" if texts else ""


def _join_hyphen(text: str, line: str, vocab: Counter[str]) -> str:
    head = re.search(r"([^\W\d_]+)[-\u2010\xad]$", text)
    tail = re.match(r"[^\W\d_]+", line)
    if text.endswith("\xad"):
        return text[:-1] + line
    if head is None or tail is None:
        return text + line
    joined = (head.group(1) + tail.group(0)).lower()
    hyphenated = f"{head.group(1)}-{tail.group(0)}".lower()
    keep = line[0].isupper() or (vocab[hyphenated] > 0 and vocab[joined] == 0)
    return text + line if keep else text[:-1] + line

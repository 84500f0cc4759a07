"""Wording for messages: counted nouns ("1 annotation", "1,204 annotations") and shortened quotes."""

from __future__ import annotations


def count(n: int, noun: str, plural: str = "") -> str:
    """`n` with thousands separators and `noun` (given in the singular) made plural unless n is 1
    (`plural` for nouns that do not just take an "s": count(14, "match", "matches"))."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def shorten(text: str | None, limit: int, *, one_line: bool = True) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut (runs of whitespace made one space first
    unless `one_line` is False); for labels and messages, not for Qt's pixel-width elision."""
    text = " ".join((text or "").split()) if one_line else text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"

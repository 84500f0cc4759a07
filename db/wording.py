"""Counted nouns for messages: "1 annotation", "1,204 annotations"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str = "") -> str:
    """`n` with thousands separators and `noun` (given in the singular) made plural unless n is 1
    (`plural` for nouns that do not just take an "s": count(14, "match", "matches"))."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"

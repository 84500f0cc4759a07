"""Event categories: one spelling per category, whatever the case it is typed in ("operation" is "Operation")."""

from __future__ import annotations

from collections.abc import Iterable

from db.models import CATEGORIES


def clean_category(name: str) -> str:
    """White space collapsed; empty means "Other"."""
    return " ".join((name or "").split()) or "Other"


def match_category(name: str, known: Iterable[str]) -> str | None:
    """The known category `name` names, ignoring case and extra spaces, or None for a new one."""
    key = clean_category(name).casefold()
    return next((k for k in known if clean_category(k).casefold() == key), None)


def canonical_category(name: str, used: Iterable[str] = ()) -> str:
    """The spelling to store: a default or an existing category when one matches, else the cleaned name."""
    return match_category(name, CATEGORIES) or match_category(name, used) or clean_category(name)

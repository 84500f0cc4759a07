"""The Merge report: what a merge added, updated, deleted, kept and which conflicts it found. No Qt."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from db.wording import count, shorten

KINDS = ("article", "tag", "annotation", "event", "decision")


@dataclass(frozen=True)
class Version:
    """One side's version of a conflicting annotation or event, as the report shows it."""

    summary: str  # the annotation's quote, or the event's title
    detail: str  # the note, or the event's date
    author: str
    modified: str

    def line(self) -> str:
        who = f" by {self.author}" if self.author else ""
        detail = f" — {self.detail}" if self.detail else ""
        return f"“{shorten(self.summary, 80)}”{detail}{who}, modified {self.modified}"


@dataclass(frozen=True)
class Conflict:
    """Both sides edited the same item since they last agreed: the newer is current, the other kept."""

    kind: str
    item_id: str
    current: Version
    other: Version
    current_side: str  # "mine" | "theirs": whose version is current now


@dataclass(frozen=True)
class Kept:
    """An item one side deleted and the other edited afterwards: it was kept."""

    kind: str
    item_id: str
    summary: str
    author: str
    modified: str
    deleted_at: str
    deleted_by: str  # "mine" | "theirs"


@dataclass
class MergeReport:
    """Counts per kind, each conflict with both versions, each item kept despite a deletion."""

    source: str
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    added_by: Counter = field(default_factory=Counter)  # annotations added, per author

    @property
    def changed(self) -> bool:
        """True when the merge wrote anything a user would see."""
        return bool(sum(self.added.values()) + sum(self.updated.values()) + sum(self.deleted.values())
                    + len(self.conflicts) + len(self.kept))

    def summary(self) -> str:
        """One line: added / updated / deleted / conflicts."""
        return (f"{sum(self.added.values())} added, {sum(self.updated.values())} updated, "
                f"{sum(self.deleted.values())} deleted, {count(len(self.conflicts), 'conflict')}, "
                f"{len(self.kept)} kept despite a deletion")

    def lines(self) -> list[str]:
        """The whole report as text lines (the CLI prints them; the window shows them)."""
        out = [f"Merge report: {self.source}", self.summary()]
        for title, counter in (("added", self.added), ("updated", self.updated), ("deleted", self.deleted)):
            parts = [count(counter[k], k) for k in KINDS if counter[k]]
            if parts:
                out.append(f"  {title}: {', '.join(parts)}")
        if self.added_by:
            out.append("  annotations added by: " + ", ".join(
                f"{who or 'unknown'} ({n})" for who, n in sorted(self.added_by.items())))
        for c in self.conflicts:
            out.append(f"Conflict ({c.kind} {c.item_id}):")
            out.append(f"  current ({c.current_side}): {c.current.line()}")
            other = "theirs" if c.current_side == "mine" else "mine"
            out.append(f"  kept    ({other}): {c.other.line()}")
        for k in self.kept:
            who = f" by {k.author}" if k.author else ""
            side = "here" if k.deleted_by == "mine" else "in the other database"
            out.append(f"Kept ({k.kind} {k.item_id}): “{shorten(k.summary, 80)}”{who} was deleted {side} on "
                       f"{k.deleted_at} but edited on {k.modified}, after the deletion")
        return out

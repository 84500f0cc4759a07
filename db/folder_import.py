"""Import many files and whole folders: which files, one article each, and a summary of what happened."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from db import errors
from db.importing import SUFFIXES, ImportedText, read_file
from db.wording import count

log = logging.getLogger(__name__)

IMPORTABLE_SUFFIXES = SUFFIXES  # every suffix db.importing.read_file has a reader for


@dataclass(frozen=True)
class Candidate:
    """One file to import, with the name to show for it (relative to the folder it was found in)."""

    path: Path
    label: str


@dataclass
class ImportSummary:
    """What a batch import did: imported, skipped as already present, refused (with reasons)."""

    imported: list[tuple[str, str]] = field(default_factory=list)  # (label, article id)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    total: int = 0
    cancelled: bool = False
    stopped: str = ""  # why the batch stopped early (the database cannot be written), if it did

    @property
    def done(self) -> int:
        """How many files were dealt with (imported, skipped or refused)."""
        return len(self.imported) + len(self.skipped) + len(self.refused)

    def line(self) -> str:
        """One sentence: `3 articles imported, 1 skipped as already present, 2 refused.`"""
        parts = [f"{count(len(self.imported), 'article')} imported",
                 f"{len(self.skipped):,} skipped as already present", f"{len(self.refused):,} refused"]
        tail = ""
        if self.cancelled:
            tail = f" Cancelled after {self.done:,} of {self.total:,} files; the rest were not imported."
        elif self.stopped:
            tail = f" Stopped after {self.done:,} of {self.total:,} files: {self.stopped}"
        return ", ".join(parts) + "." + tail


def is_importable(path: Path) -> bool:
    """A file a folder import takes: a known extension, not hidden."""
    return path.suffix.lower() in IMPORTABLE_SUFFIXES and not path.name.startswith(".")


def collect(paths: Iterable[str | os.PathLike[str]], *,
            short_labels: bool = False) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """Expand folders (recursively, known extensions, sorted) and keep files as given.

    Returns the files to import and the refusals found on the way (a folder with nothing to import).
    Files named explicitly are kept whatever their extension: the reader decides about them.
    Labels are the paths as given, or with `short_labels` relative to the chosen folder's parent.
    """
    out: list[Candidate] = []
    refused: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(p: Path, label: str) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(Candidate(p, label))

    for raw in paths:
        p = Path(raw)

        def label_of(f: Path, p: Path = p) -> str:
            if not short_labels:
                return str(f)
            try:
                return Path(f).relative_to(p.parent).as_posix()
            except ValueError:
                return str(f)

        if not p.is_dir():
            add(p, label_of(p))
            continue
        found = 0
        unreadable: list[OSError] = []
        for root, dirs, files in os.walk(p, onerror=unreadable.append):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                f = Path(root) / name
                if is_importable(f) and not f.is_dir():
                    found += 1
                    add(f, label_of(f))
        for exc in unreadable:
            if exc.filename and Path(exc.filename) != p:
                refused.append((label_of(Path(exc.filename)), f"is a folder that cannot be read ({exc.strerror})."))
        if not found and not any(Path(e.filename or "") != p for e in unreadable):
            kinds = ", ".join(sorted(IMPORTABLE_SUFFIXES))
            reason = ("is a folder that cannot be read (permission denied)." if unreadable
                      else f"is a folder with no files Chronoline imports ({kinds}).")
            refused.append((label_of(p), reason))
    return out, refused


def describe(label: str, reason: str) -> str:
    """One line for a refused file: the reason with its file name replaced by the label, else `label: reason`."""
    name = PurePath(label).name
    if reason.startswith(label):
        return reason
    if name and reason.startswith(name + " "):
        return label + reason[len(name):]
    return f"{label}: {reason}"


def read_candidate(c: Candidate, whole_page: bool = False) -> ImportedText | str:
    """Read one file; a refusal is returned as its one-line reason (never raised, never a traceback)."""
    try:
        return read_file(c.path, whole_page=whole_page)
    except errors.ChronolineError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        log.exception("unexpected error reading %s", c.path)
        return f"{c.path.name} could not be read ({type(exc).__name__}); details are in the log."


def store_one(store, got: ImportedText, overrides: dict[str, object] | None = None):  # noqa: ANN001, ANN201
    """Store one read file as an article (one transaction: whole or not at all)."""
    o = overrides or {}
    return store.articles.add(
        title=o.get("title") or got.title, text=got.text,
        author=o["author"] if o.get("author") is not None else got.author,
        source=o["source"] if o.get("source") is not None else got.source,
        url=got.url, published=o.get("published") or got.published, encoding=got.encoding,
        filename=got.filename)


def record(summary: ImportSummary, store, c: Candidate, got: ImportedText | str,  # noqa: ANN001
           overrides: dict[str, object] | None = None):  # noqa: ANN201
    """Store what was read and note the outcome; returns the article, or None if skipped or refused.

    A database that cannot be written (read-only, disk full) raises StoreError: that is no bad file.
    """
    if isinstance(got, str):
        summary.refused.append((c.label, got))
        return None
    try:
        art = store_one(store, got, overrides)
    except errors.DuplicateArticle as exc:
        summary.skipped.append((c.label, str(exc)))
        return None
    except errors.StoreError:
        raise
    except errors.ChronolineError as exc:
        summary.refused.append((c.label, str(exc)))
        return None
    summary.imported.append((c.label, art.id))
    return art


def import_paths(store, paths: Sequence[str | os.PathLike[str]], *,  # noqa: ANN001
                 overrides: dict[str, object] | None = None,
                 on_article: Callable[[str, object], None] | None = None,
                 on_refused: Callable[[str, str, bool], None] | None = None,
                 on_warning: Callable[[str], None] | None = None,
                 whole_page: bool = False) -> ImportSummary:
    """Import files and folders one article at a time; one bad file never stops the others.

    `on_article(label, article)`, `on_refused(label, reason, duplicate)` and `on_warning(text)` (a
    file imported with a caveat, e.g. a page too large to tell its article apart) report as it goes.
    """
    candidates, refused = collect(paths)
    summary = ImportSummary(total=len(candidates) + len(refused))
    for label, reason in refused:
        summary.refused.append((label, reason))
        if on_refused:
            on_refused(label, reason, False)
    for c in candidates:
        try:
            got = read_candidate(c, whole_page)
            for warning in () if isinstance(got, str) or on_warning is None else got.warnings:
                on_warning(f"{c.label}: {warning}")
            art = record(summary, store, c, got, overrides)
        except errors.StoreError as exc:
            summary.stopped = str(exc)
            break
        except KeyboardInterrupt:  # Ctrl+C: the article being stored was rolled back whole
            summary.cancelled = True
            break
        if art is not None and on_article:
            on_article(c.label, art)
        elif art is None and on_refused:
            dup = bool(summary.skipped) and summary.skipped[-1][0] == c.label
            label, reason = (summary.skipped if dup else summary.refused)[-1]
            on_refused(label, reason, dup)
    return summary


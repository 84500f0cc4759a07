"""The core's own exceptions: each carries a message fit to show a user."""

from __future__ import annotations


class ChronolineError(Exception):
    """Base class: a data error with a user-facing message (CLI exit code 1)."""


class ImportFailed(ChronolineError):
    """A file could not be imported (empty, binary, undecodable, too large, missing)."""


class DuplicateArticle(ImportFailed):
    """The same text (same SHA-256) is already in the database."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class DateError(ChronolineError, ValueError):
    """A date string could not be understood; the message says why."""


class NotFound(ChronolineError):
    """An article, annotation, tag or event does not exist (or a title prefix is ambiguous)."""


class QuoteError(ChronolineError):
    """A quote does not occur in the article, or occurs several times without --occurrence."""


class StoreError(ChronolineError):
    """The database cannot be used: not SQLite, newer schema, read-only, disk full, locked."""


class ReadOnlyDatabase(StoreError):
    """A write was attempted on a database opened read-only or on a read-only file."""


class NewerDatabase(StoreError):
    """The database was written by a newer Chronoline."""


class CsvImportError(ChronolineError):
    """An annotations CSV has a missing column or a bad row; nothing was imported."""

"""The `merge` command: merge another analyst's database into this one and print the Merge report. No Qt."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # noqa: SLF001
    """Add `merge THEIRS.sqlite3` to the command tree."""
    m = sub.add_parser("merge", parents=[common],
                       help="merge another analyst's database into this one and print the Merge report")
    m.add_argument("theirs", metavar="THEIRS.sqlite3", help="the other database (only read, never written)")


def run(args: argparse.Namespace, open_store: Callable[..., object]) -> int:
    """Merge, then print the report on stdout; errors reach the caller as ChronolineError (exit 1)."""
    from db.merge import check_source, merge
    from db.paths import database_path

    theirs = args.theirs
    check_source(database_path(args.db), theirs)  # before this database is opened (and maybe created)
    with open_store(args) as store:
        report = merge(store, theirs)
    print("\n".join(report.lines()))
    return 0

"""The headless commands: import, list, annotate, export, import-annotations, dates. No Qt here.

Exit codes: 0 success, 1 data error (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from db import errors
from db.cli_interchange import EXPORT_FORMATS
from db.paths import database_path
from db.wording import count

COMMANDS = ("import", "list", "annotate", "export", "import-annotations", "dates", "text", "event", "merge")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"chronoline: {message}. See `{self.prog} --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree of every headless command."""
    db_help = "database file (default: $CHRONOLINE_DB, else the data directory)"
    # `--db` is accepted before and after the command. The copy on each command must not have a
    # default of its own: argparse would let it overwrite a `--db` given before the command.
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    p = _Parser(prog="chronoline", description="Chronoline: annotate news reports, date events, export them.")
    p.add_argument("--db", metavar="PATH", default=None, help=db_help)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser("import", parents=[common],
                         help="import .txt .md .html .mhtml .pdf .docx .odt files, or whole folders, as articles, "
                              "or a REFI-QDA project (.qdpx)")
    imp.add_argument("files", nargs="+", metavar="FILE|FOLDER")
    imp.add_argument("--title")
    imp.add_argument("--author")
    imp.add_argument("--source")
    imp.add_argument("--published", metavar="DATE", help="publication date, e.g. 2024-06-24 or June 2024")
    imp.add_argument("--estimate", action="store_true", help="mark the publication date as an estimate")
    imp.add_argument("--whole-page", action="store_true", help=WHOLE_PAGE_HELP)

    sub.add_parser("list", parents=[common], help="list articles: id, title, published, annotations")

    ann = sub.add_parser("annotate", parents=[common], help="annotate a quote in an article")
    ann.add_argument("article", metavar="ARTICLE", help="article id or unambiguous title prefix")
    ann.add_argument("--quote", required=True)
    ann.add_argument("--occurrence", type=int, metavar="N", help="which occurrence (1-based) when it repeats")
    ann.add_argument("--note", default="")
    ann.add_argument("--tag", action="append", default=[], metavar="NAME")

    exp = sub.add_parser("export", parents=[common],
                         help="export annotations or events (CSV, XLSX, W3C JSON-LD, TimelineJS) or the project (.qdpx)")
    exp.add_argument("what", choices=("annotations", "events", "project"))
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--excel", action="store_true", help="add a UTF-8 BOM for Excel")
    exp.add_argument("--format", choices=EXPORT_FORMATS, default=None,
                     help="csv (default), xlsx, w3c (annotations, JSON-LD), timelinejs (events, JSON) or qdpx "
                          "(project, REFI-QDA); by default taken from the file's extension")

    ia = sub.add_parser("import-annotations", parents=[common], help="import an annotations CSV export")
    ia.add_argument("file", metavar="FILE.csv")

    dates = sub.add_parser("dates", parents=[common], help="find dates in a file or stored article")
    dates.add_argument("target", metavar="FILE|ARTICLE")
    dates.add_argument("--published", metavar="YYYY-MM-DD", help="publication date to resolve against")
    dates.add_argument("--json", action="store_true", help="print a JSON list")

    txt = sub.add_parser("text", parents=[common], help="print what import would store for a file, storing nothing")
    txt.add_argument("file", metavar="FILE")
    txt.add_argument("--json", action="store_true",
                     help="print JSON: text, title, author, published, source, url, format, warnings")
    txt.add_argument("--whole-page", action="store_true", help=WHOLE_PAGE_HELP)
    from db import cli_events

    cli_events.add_parser(sub, common)
    from db import cli_merge

    cli_merge.add_parser(sub, common)
    return p


WHOLE_PAGE_HELP = "web pages: keep the whole page (menus, footers) instead of the article's text"


def _options(parser: argparse.ArgumentParser, *, with_value: bool) -> set[str]:
    """Option strings of the parser and its subcommands (only those taking one value, if asked)."""
    found: set[str] = set()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk over its actions
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                found |= _options(sub, with_value=with_value)
        elif not with_value or (action.nargs is None and action.const is None and action.option_strings):
            found.update(action.option_strings)
    return found


def join_dash_values(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """`--note -2+3` → `--note=-2+3`: argparse takes a value that starts with `-` for an option.

    A value that is itself one of our options (`--note --tag x`) is left alone, so that mistake still
    reads as a missing value.
    """
    takes_value = {s for s in _options(parser, with_value=True) if s.startswith("--")}
    known = _options(parser, with_value=False)
    out: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            out.extend(args[i:])
            break
        nxt = args[i + 1] if i + 1 < len(args) else None
        if a in takes_value and nxt is not None and nxt.startswith("-") and nxt != "--" \
                and nxt.split("=", 1)[0] not in known:
            out.append(f"{a}={nxt}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (also used as the console script)."""
    parser = build_parser()
    try:
        args = parser.parse_args(join_dash_values(parser, sys.argv[1:] if argv is None else list(argv)))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _run(args)
    except errors.ChronolineError as exc:
        print(f"chronoline: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chronoline: interrupted", file=sys.stderr)
        return 1
    except OSError as exc:  # a file system problem the commands did not foresee: still one line
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"chronoline: {exc.strerror or exc}{where}. Nothing more was changed.", file=sys.stderr)
        return 1


def _open(args: argparse.Namespace, *, write: bool = True):
    from db.store import Store

    path = database_path(args.db)
    if not path.exists() and not path.parent.exists() and args.db is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return Store(path, readonly=not write and path.exists() and not _writable(path))


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)


def _run(args: argparse.Namespace) -> int:
    if args.command == "event":
        from db import cli_events

        return cli_events.run(args, _open)
    if args.command == "merge":
        from db import cli_merge

        return cli_merge.run(args, _open)
    handler = {"import": _cmd_import, "list": _cmd_list, "annotate": _cmd_annotate, "export": _cmd_export,
               "import-annotations": _cmd_import_annotations, "dates": _cmd_dates, "text": _cmd_text}[args.command]
    return handler(args)


def _cmd_import(args: argparse.Namespace) -> int:
    """Import files and folders: one line per imported article (stdout), per refused file (stderr)."""
    from db.folder_import import describe, import_paths

    projects = [f for f in args.files if f.lower().endswith(".qdpx")]
    if projects:
        if len(args.files) > 1:
            raise errors.ChronolineError("Import a REFI-QDA project (.qdpx) on its own, one per command.")
        return _import_project(args, projects[0])
    if args.title and (len(args.files) > 1 or any(Path(f).is_dir() for f in args.files)):
        print("chronoline: --title names one article; give one file, or leave --title out when importing "
              "several files or a folder.", file=sys.stderr)
        return 2
    published = _parse_published(args.published, args.estimate) if args.published else None
    overrides = {"title": args.title, "author": args.author, "source": args.source, "published": published}

    def imported(_label: str, art) -> None:  # noqa: ANN001
        print(f"{art.id}\t{art.title}", flush=True)

    def refused(label: str, reason: str, duplicate: bool) -> None:
        print(f"chronoline: {'skipped ' if duplicate else ''}{describe(label, reason)}", file=sys.stderr, flush=True)

    with _open(args) as store:
        summary = import_paths(store, args.files, overrides=overrides, on_article=imported, on_refused=refused,
                               whole_page=args.whole_page,
                               on_warning=lambda w: print(f"chronoline: {w}", file=sys.stderr))
    if summary.total > 1 or len(args.files) > 1 or any(Path(f).is_dir() for f in args.files):
        print(f"chronoline: {summary.line()}", file=sys.stderr)
    elif summary.stopped:
        print(f"chronoline: {summary.stopped}", file=sys.stderr)
    return 1 if summary.refused or summary.stopped or summary.cancelled else 0


def _parse_published(text: str, estimate: bool = False):
    from dataclasses import replace

    from db.dates import parse_date

    d = parse_date(text)
    if d.precision == "span":
        raise errors.DateError(f"“{text}” is a span; a publication date is a day, a month or a year.")
    return replace(d, estimate=estimate)


def _cmd_list(args: argparse.Namespace) -> int:
    with _open(args, write=False) as store:
        out = [f"{a.id}\t{a.title}\t{a.published.label(short=True) if a.published else '—'}\t{a.annotation_count}"
               for a in store.articles.all()]
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0


def _cmd_annotate(args: argparse.Namespace) -> int:
    with _open(args) as store:
        art = store.articles.find(args.article)
        start = _find_quote(art.text, args.quote, args.occurrence)
        ann = store.annotations.add(art.id, start, start + len(args.quote), note=args.note, tags=args.tag)
    print(ann.id)
    return 0


def _find_quote(text: str, quote: str, occurrence: int | None) -> int:
    """Offset of the chosen occurrence of `quote`, or a QuoteError that says what to do."""
    if not quote:
        raise errors.QuoteError("--quote is empty.")
    hits, i = [], text.find(quote)
    while i != -1:
        hits.append(i)
        i = text.find(quote, i + 1)
    if not hits:
        raise errors.QuoteError(f"The quote “{quote[:60]}” does not occur in the article.")
    if occurrence is None:
        if len(hits) > 1:
            raise errors.QuoteError(f"The quote occurs {len(hits)} times; choose one with --occurrence 1..{len(hits)}.")
        return hits[0]
    if not 1 <= occurrence <= len(hits):
        raise errors.QuoteError(f"--occurrence {occurrence} is out of range; the quote occurs {len(hits)} time(s).")
    return hits[occurrence - 1]


def _import_project(args: argparse.Namespace, path: str) -> int:
    from db.cli_interchange import import_project

    with _open(args) as store:
        return import_project(store, path)


def _cmd_export(args: argparse.Namespace) -> int:
    from db import export
    from db.cli_interchange import export_format, export_more

    fmt = export_format(args.what, args.file, args.format)
    with _open(args, write=False) as store:
        if fmt in ("xlsx", "w3c", "qdpx"):
            return export_more(store, args.what, args.file, fmt)
        if fmt == "timelinejs":
            if args.what != "events":
                raise errors.ChronolineError("--format timelinejs exports events only.")
            from db.timelinejs import export_timelinejs

            n = export_timelinejs(store, args.file)
        elif args.what == "annotations":
            n = export.export_annotations(store, args.file, excel=args.excel)
        else:
            n = export.export_events(store, args.file, excel=args.excel)
    print(f"{count(n, args.what.removesuffix('s'))} written to {args.file}", file=sys.stderr)
    return 0


def _cmd_import_annotations(args: argparse.Namespace) -> int:
    from db.csv_import import import_annotations_csv

    with _open(args) as store:
        res = import_annotations_csv(store, args.file)
    events = (f", {count(res.events_added, 'event')} recreated, {res.events_linked} matched by id"
              if res.events_added or res.events_linked else "")
    print(f"{count(res.added, 'annotation')} imported, {res.skipped} already present, {res.moved} re-anchored"
          f"{events}", file=sys.stderr)
    return 0


def _cmd_dates(args: argparse.Namespace) -> int:
    from db.dates import extract

    path = Path(args.target)
    published = _parse_published(args.published) if args.published else None
    if path.is_file():
        from db.importing import read_file

        try:
            text = path.read_text(encoding="utf-8") if path.suffix.lower() in (".txt", ".md") else read_file(path).text
        except (UnicodeDecodeError, OSError) as exc:
            raise errors.ImportFailed(f"{path.name} cannot be read as UTF-8 text ({exc}).") from exc
        if published is None:
            raise errors.DateError("Give the file's publication date with --published YYYY-MM-DD.")
    else:
        with _open(args, write=False) as store:
            art = store.articles.find(args.target)
        text = art.text
        published = published or art.published
        if published is None:
            raise errors.DateError("The article has no publication date; give one with --published YYYY-MM-DD.")
    found = extract(text, published)
    if args.json:
        keys = ("start", "end", "text", "value", "precision", "relative")
        print(json.dumps([{k: getattr(x, k) for k in keys} for x in found], ensure_ascii=False, indent=1))
    else:
        for x in found:
            print(f"{x.start}\t{x.end}\t{x.value}\t{x.precision}\t{'relative' if x.relative else ''}\t{x.text}")
    return 0


def _cmd_text(args: argparse.Namespace) -> int:
    """What `import` would store for one file (the same reader), printed instead of stored."""
    from db.importing import read_file

    got = read_file(args.file, whole_page=args.whole_page)
    if args.json:
        out = {"text": got.text, "title": got.title, "author": got.author,
               "published": got.published.text if got.published else None, "source": got.source,
               "url": got.url, "format": got.format, "warnings": list(got.warnings)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(got.text)
    for w in got.warnings:
        print(f"chronoline: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `chronoline` command: a headless subcommand runs without Qt, anything else opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def _value_options() -> set[str]:
    """The window's options that take a value (`--db PATH`, …), read from its own parser."""
    from desktop.app import build_parser

    ours = {o for a in build_parser()._actions if a.nargs != 0 for o in a.option_strings}
    return ours | _QT_VALUE_OPTIONS


# Qt's own options that take a value (`chronoline -platform xcb`), passed on to QApplication
_QT_VALUE_OPTIONS = {"-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-style", "-stylesheet",
                     "-qwindowgeometry", "-qwindowtitle", "-qwindowicon", "-display", "-geometry", "-session",
                     "-title", "-name"}


def first_word(args: Sequence[str]) -> str | None:
    """The first argument that is not an option or an option's value: where a command goes."""
    takes_value = _value_options()
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return args[i + 1] if i + 1 < len(args) else None
        if a in takes_value:
            i += 2
            continue
        if not a.startswith("-") or a == "-":
            return a
        i += 1
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI for `chronoline import|list|…`, refuse an unknown command, else open the window."""
    args = list(sys.argv[1:] if argv is None else argv)
    from db.cli import COMMANDS

    word = first_word(args)
    called_as_cli = Path(sys.argv[0]).name.startswith("chronoline-cli")  # the bundle's link to this program
    if called_as_cli or word in COMMANDS or (args and args[0] in ("-h", "--help")):
        from db.cli import main as cli_main

        return cli_main(args)
    if word is not None:
        print(f"chronoline: unknown command '{word}'; the commands are {', '.join(COMMANDS)} "
              "(without a command Chronoline opens its window). See `chronoline --help`.", file=sys.stderr)
        return 2
    from desktop.xcb_check import check_before_start

    problem = check_before_start()  # a missing X11 library: say which package, not a Qt abort
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from desktop.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())

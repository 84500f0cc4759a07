"""The `chronoline` command: a headless subcommand runs without Qt, anything else opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI for `chronoline import|list|…`, else start the desktop app."""
    args = list(sys.argv[1:] if argv is None else argv)
    from db.cli import COMMANDS

    if any(a in COMMANDS for a in args) or (args and args[0] in ("-h", "--help")):
        from db.cli import main as cli_main

        return cli_main(args)
    from desktop.xcb_check import check_before_start

    problem = check_before_start()  # a missing X11 library: say which package, not a Qt abort
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from desktop.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())

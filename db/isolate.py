"""Run a risky file reader in a child process, so a file built to stall or crash a parser cannot.

PDF parsers can be made to loop for hours (nested form objects) or to crash on damaged files; the
child is stopped after a time limit and whatever it did dies with it. On Linux the child is forked
(cheap, nothing to re-import); elsewhere it is spawned, which needs `multiprocessing.freeze_support()`
in a frozen app's entry scripts.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time
from collections.abc import Callable
from typing import Any

from db import errors

log = logging.getLogger(__name__)


def _child(fn: Callable[..., Any], args: tuple, conn) -> None:  # noqa: ANN001
    try:
        conn.send(("ok", fn(*args, tick=lambda: conn.send(("tick", None)))))
    except errors.ChronolineError as exc:
        conn.send(("refused", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which logs it
        import traceback

        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def run_isolated(fn: Callable[..., Any], args: tuple, *, seconds: float, name: str,
                 total: float = 600.0) -> Any:
    """Return `fn(*args, tick=…)` computed in a child process, or raise `ImportFailed`.

    `fn` calls `tick()` as it makes progress (a PDF page read); the child is stopped when `seconds`
    pass without a tick (a page built to stall the parser), after `total` seconds in all, or when it
    crashes. A `ChronolineError` raised in the child is raised again here with its message.
    """
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    for stream in (sys.stdout, sys.stderr):  # a forked child flushes its copy of unwritten output
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    try:
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(fn, args, sender), daemon=True)
        proc.start()
    except OSError as exc:  # no process or pipe left (limits, memory)
        log.info("cannot start a reader for %s", name, exc_info=True)
        raise errors.ImportFailed(f"{name} could not be read: the system refused to start a reader "
                                  f"({exc.strerror or exc}). Close some programs and try again.") from exc
    sender.close()
    started, ticks, status, value = time.monotonic(), 0, "tick", None
    try:
        while True:
            if not receiver.poll(min(seconds, max(0.0, started + total - time.monotonic()))):
                what = (f"took more than {total:.0f} seconds in all" if time.monotonic() - started >= total
                        else f"was stuck on page {ticks + 1} for {seconds:.0f} seconds")
                raise errors.ImportFailed(
                    f"{name} {what} and was stopped; it may be damaged or built to stall readers. "
                    "Open it in a PDF viewer and save a copy (or export the text), then import that.")
            try:
                status, value = receiver.recv()
            except (EOFError, OSError) as exc:
                proc.join(5)
                log.info("reader for %s died (exit code %s)", name, proc.exitcode)
                raise errors.ImportFailed(
                    f"{name} could not be read: the reader stopped on it (the file may be damaged). "
                    "Open it in a PDF viewer and save a copy, then import that.") from exc
            if status != "tick":
                break
            ticks += 1
    finally:
        receiver.close()
        if proc.is_alive() and status != "tick":  # answered: give it a moment to exit
            proc.join(2)
        if proc.is_alive():
            proc.kill()
            proc.join()
    if status == "ok":
        return value
    if status == "refused":
        raise errors.ImportFailed(value)
    log.info("reading %s failed: %s", name, value)  # INFO: the app's log, never the terminal
    raise errors.ImportFailed(f"{name} could not be read (the file may be damaged); "
                              "open it in its application and save a copy, then import that.")

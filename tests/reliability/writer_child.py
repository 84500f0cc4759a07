"""A child process for the reliability tests: annotate one database as fast as it can.

    python writer_child.py DB LOG MODE SECONDS [LABEL]
    python writer_child.py --serve        # fork server: one request per stdin line, TAB-separated

MODE is `store` (the real Store) or `workspace` (the GUI's Workspace over a Store, offscreen Qt).
Each annotation id is appended to LOG (and fsynced) only after its commit returned, so every id in
LOG is a promise the database must keep. SECONDS = 0 means "until killed". `ready PID` is printed
once the store is open; on a normal end `writes=N errors=M` and the first error messages.

The fork server imports the core once and forks a fresh writer per request (it prints `pid PID`),
so the crash test can kill 50 writers in seconds instead of paying the interpreter start each time.
"""

from __future__ import annotations

import os
import signal
import sys
import time

TEXT = ("The army said on Monday that the operation began in North Waziristan. Officials said the "
        "strikes targeted hideouts near the border, and the minister defended them in parliament.\n")


def say(line: str) -> None:
    """One line to stdout in one write(2), so lines of concurrent writers never interleave."""
    os.write(1, f"{line}\n".encode())


def run(db_path: str, log_path: str, mode: str, seconds: float, label: str = "w") -> int:
    """Annotate until killed (or for `seconds`); returns the exit code."""
    from db import errors
    from db.store import Store

    store = Store(db_path)
    if not store.articles.all():  # a brand-new file: some writers are killed while they create it
        store.articles.add("Crash test", TEXT)
    article = store.articles.all()[0].id
    length = len(store.articles.get(article).text)
    errors_seen: list[str] = []
    if mode == "workspace":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from desktop.workspace import Workspace

        app = QApplication.instance() or QApplication([])
        ws = Workspace(store)
        ws.errorOccurred.connect(errors_seen.append)

        def add(i: int):  # noqa: ANN202
            return ws.add_annotation(article, i % (length - 10), i % (length - 10) + 7,
                                     note=f"{label}-{i}", tags=[f"{label}-t{i % 3}", "crash"])
    else:
        app = None

        def add(i: int):  # noqa: ANN202
            try:
                return store.annotations.add(article, i % (length - 10), i % (length - 10) + 7,
                                            note=f"{label}-{i}", tags=[f"{label}-t{i % 3}", "crash"])
            except errors.ChronolineError as exc:
                errors_seen.append(str(exc))
                return None

    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    say(f"ready {os.getpid()}")
    parent = os.getppid()
    deadline = time.monotonic() + (seconds if seconds > 0 else 120)  # "until killed", but never forever
    i = writes = 0
    while time.monotonic() < deadline:
        i += 1
        if i % 64 == 0 and os.getppid() != parent:  # the test (or fork server) died: stop
            break
        ann = add(i)
        if ann is None:
            continue
        os.write(fd, f"{ann.id}\n".encode())
        os.fsync(fd)
        writes += 1
    os.close(fd)
    print(f"writes={writes} errors={len(errors_seen)}", flush=True)
    for msg in errors_seen[:3]:
        print(f"error: {msg}", flush=True)
    if app is not None:
        ws.undo_stack.clear()
    store.close()
    return 0


def serve() -> int:
    """Fork one writer per request line `DB<TAB>LOG<TAB>MODE<TAB>SECONDS<TAB>LABEL`."""
    import db.store  # noqa: F401 - imported once, before forking

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped at once
    for line in sys.stdin:
        db_path, log_path, mode, seconds, label = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = run(db_path, log_path, mode, float(seconds), label)
            finally:
                os._exit(code)
        say(f"pid {pid}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(serve())
    sys.exit(run(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), *sys.argv[5:6]))

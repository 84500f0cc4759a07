"""Helpers of the reliability tests: child writer processes (and their fork server), database checks."""

from __future__ import annotations

import contextlib
import os
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("writer_child.py")
ROOT = Path(__file__).resolve().parents[2]
TEXT = ("The army said on Monday that the operation began in North Waziristan. Officials said the "
        "strikes targeted hideouts near the border, and the minister defended them in parliament.\n")


def spawn_writer(db: Path, log: Path, mode: str = "store", seconds: float = 0, label: str = "w"
                 ) -> subprocess.Popen:
    """Start `writer_child.py` on `db` (see its docstring)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(CHILD), str(db), str(log), mode, str(seconds), label],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env, text=True)


def read_line(proc: subprocess.Popen, timeout: float = 20.0) -> str:
    """The child's next stdout line (read from the raw pipe: select and buffered text do not mix)."""
    import time

    buf = _buffers.setdefault(proc.pid, bytearray())
    deadline = time.monotonic() + timeout
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([proc.stdout], [], [], max(left, 0))
        assert ready, "child writer did not answer in time"
        chunk = os.read(proc.stdout.fileno(), 65536)
        assert chunk, "child writer closed its output"
        buf += chunk
    line, _, rest = bytes(buf).partition(b"\n")
    buf[:] = rest
    return line.decode().strip()


_buffers: dict[int, bytearray] = {}


def wait_ready(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Block until the child printed `ready PID` (its store is open)."""
    line = read_line(proc, timeout)
    assert line.startswith("ready"), f"child said {line!r}"


class ForkServer:
    """`writer_child.py --serve`: forks writers that can be SIGKILLed, without interpreter start-up."""

    def __init__(self) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, str(CHILD), "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=None, cwd=ROOT, env=env)
        self.ready: set[int] = set()
        self.alive: set[int] = set()

    def start(self, db: Path, log: Path, mode: str = "store", label: str = "w") -> int:
        """Fork a writer; returns its pid."""
        self.proc.stdin.write(f"{db}\t{log}\t{mode}\t0\t{label}\n".encode())
        self.proc.stdin.flush()
        while True:
            kind, _, pid = read_line(self.proc).partition(" ")
            if kind == "ready":
                self.ready.add(int(pid))
            elif kind == "pid":
                self.alive.add(int(pid))
                return int(pid)

    def wait_ready(self, pid: int, timeout: float = 20.0) -> None:
        while pid not in self.ready:
            kind, _, got = read_line(self.proc, timeout).partition(" ")
            if kind == "ready":
                self.ready.add(int(got))

    def kill(self, pid: int) -> None:
        """SIGKILL a writer and wait until it is gone."""
        import signal
        import time

        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        self.alive.discard(pid)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.002)
        raise AssertionError(f"writer {pid} survived SIGKILL")

    def close(self) -> None:
        """Kill writers still running, then stop the server."""
        for pid in list(self.alive):
            self.kill(pid)
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        finally:
            self.proc.stdout.close()
            _buffers.pop(self.proc.pid, None)


def logged_ids(log: Path) -> list[str]:
    """Ids a child logged after their commit returned (a torn last line is ignored)."""
    if not log.exists():
        return []
    return [ln for ln in log.read_text().split("\n")[:-1] if ln]  # the part after the last newline may be torn


def check_database(db: Path, promised: list[str]) -> dict[str, int]:
    """Integrity, promised ids present, nothing half-written; returns counts (raises AssertionError)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        present = {r[0] for r in conn.execute("SELECT id FROM annotations")}
        lost = [i for i in promised if i not in present]
        # written in one transaction with their two tags: an annotation without both is half-written
        half = conn.execute(
            "SELECT count(*) FROM annotations n WHERE (SELECT count(*) FROM annotation_tags x "
            "WHERE x.annotation_id = n.id) != 2").fetchone()[0]
        fts_rows = conn.execute("SELECT count(*) FROM annotations_fts").fetchone()[0]
        conn.execute("INSERT INTO annotations_fts(annotations_fts) VALUES ('integrity-check')")
        return {"present": len(present), "lost": len(lost), "half": half, "fts": fts_rows}
    finally:
        conn.close()


def new_database(path: Path) -> str:
    """A database file with one article to annotate; returns the article id."""
    from db.store import Store

    with Store(path) as store:
        return store.articles.add("Crash test", TEXT).id

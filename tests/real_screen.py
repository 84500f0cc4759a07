"""Start the real app on its own X server (Xvfb) under a window manager (openbox) and read its layout.

`start(...)` runs `python -m desktop --layout-report FILE` as openbox's start-up command, so the app
starts once the window manager is up; the report (JSON, logical pixels) says what a person sees.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MISSING = [t for t in ("Xvfb", "openbox") if shutil.which(t) is None]


class XServer:
    """An Xvfb display of the given size, with openbox started on it for each app run."""

    def __init__(self, size: str) -> None:
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                                     pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            number = f.readline().strip()  # written once the server accepts clients
        if not number:
            raise RuntimeError(f"Xvfb did not start for {size}")
        self.display = f":{number}"

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def app_env(home: Path, display: str, scale: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "CHRONOLINE_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_RUNTIME_DIR=str(home / "run"), DISPLAY=display, QT_QPA_PLATFORM="xcb",
               QT_SCALE_FACTOR=str(scale), PYTHONPATH=str(ROOT), CHRONOLINE_NO_DIALOGS="1")
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def run_under_wm(server: XServer, home: Path, args: list[str], scale: float = 1, timeout: float = 40,
                 extra_env: dict[str, str] | None = None) -> str:
    """Run `python ARGS` as openbox's start-up program on `server` until it exits; its exit code."""
    done, log = home / "exit-code", home / "run.log"
    done.unlink(missing_ok=True)
    app = " ".join(shlex.quote(a) for a in [sys.executable, *args])
    cmd = f"sh -c {shlex.quote(f'{app}; echo $? > {shlex.quote(str(done))}')}"
    env = app_env(home, server.display, scale)
    env.update(extra_env or {})
    with open(log, "ab") as out:
        wm = subprocess.Popen(["openbox", "--sm-disable", "--startup", cmd], env=env, stdout=out, stderr=out, cwd=ROOT)
        try:
            for _ in range(int(timeout * 10)):  # the program does its work and exits by itself
                if done.exists() and done.read_text().strip():
                    break
                try:
                    wm.wait(0.1)
                    break  # openbox itself stopped
                except subprocess.TimeoutExpired:
                    pass
        finally:
            wm.kill()
            wm.wait()
    return done.read_text().strip() if done.exists() else "none (timed out)"


def start(server: XServer, home: Path, scale: float = 1, timeout: float = 40) -> dict:
    """One start of the app in `home` on `server`, until it quits by itself; returns its layout report."""
    report, log = home / "report.json", home / "run.log"
    report.unlink(missing_ok=True)
    code = run_under_wm(server, home, ["-m", "desktop", "--layout-report", str(report)], scale, timeout)
    if code != "0" or not report.exists():
        raise AssertionError(f"the app exited with {code}; log:\n{log.read_text(errors='replace')[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))

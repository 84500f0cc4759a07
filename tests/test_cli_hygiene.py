"""The `chronoline` command line: unknown commands are usage errors, values may start with `-`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.cli import COMMANDS, main
from db.store import Store
from desktop.launcher import first_word

ROOT = Path(__file__).resolve().parents[1]


def test_an_unknown_command_is_a_usage_error_naming_the_commands_in_a_real_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["CHRONOLINE_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.run([sys.executable, "-m", "desktop", "frobnicate"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().split("\n")
    assert len(lines) == 1 and "frobnicate" in lines[0]
    assert all(c in lines[0] for c in COMMANDS)
    assert proc.stdout == "" and not (tmp_path / "data").exists()  # no window, no data folder
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / "x.sqlite3"), "list"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout == ""


@pytest.mark.parametrize("argv,word", [
    ([], None), (["--db", "x.sqlite3"], None), (["--db", "list"], None), (["--portable", "--reset-layout"], None),
    (["--db=x", "list"], "list"), (["frobnicate"], "frobnicate"), (["--db", "x", "import", "a"], "import"),
])
def test_the_command_is_the_first_word_that_is_no_option_value(argv, word):
    assert first_word(argv) == word


def test_values_that_start_with_a_dash_are_accepted(tmp_path, capsys):
    db = tmp_path / "d.sqlite3"
    with Store(db) as s:
        art = s.articles.add("Markets", "Stocks fell -2+3 points. Protests hit -Pakistan border towns.\n")
    assert main(["--db", str(db), "annotate", art.id, "--quote", "-Pakistan", "--note", "-2+3",
                 "--tag", "-fringe"]) == 0
    ann_id = capsys.readouterr().out.strip()
    with Store(db) as s:
        ann = s.annotations.get(ann_id)
    assert ann.exact == "-Pakistan" and ann.note == "-2+3" and ann.tags == ("-fringe",)


def test_an_option_followed_by_another_option_still_reads_as_a_missing_value(tmp_path, capsys):
    code = main(["--db", str(tmp_path / "d.sqlite3"), "annotate", "x", "--quote", "--note", "n"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--quote" in err

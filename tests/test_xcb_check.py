"""A fresh desktop without an X11 helper library: the exact install line, not a Qt abort."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop import launcher, xcb_check

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => /lib/x86_64-linux-gnu/libxcb-icccm.so.4 (0x00007f)
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-cursor.so.0 => not found
"""


def test_ldd_output_names_each_missing_library_once():
    assert xcb_check.missing_from_ldd(LDD_MISSING) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]


def test_the_advice_gives_the_install_line_for_apt_dnf_and_pacman():
    text = xcb_check.advice(["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"])
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in text
    assert "sudo dnf install xcb-util-cursor libxkbcommon-x11" in text
    assert "sudo pacman -S xcb-util-cursor libxkbcommon-x11" in text
    assert "libxcb-cursor.so.0" in text.splitlines()[0]


def test_an_unknown_library_is_named_too():
    assert "libfoo.so.9" in xcb_check.advice(["libfoo.so.9"])


@pytest.mark.parametrize(("env", "expected"), [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "xcb"}, False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
])
def test_only_an_x11_start_is_checked(env, expected):
    assert xcb_check.should_check(env) is (expected and sys.platform.startswith("linux"))


def test_a_missing_library_stops_the_start_with_advice_before_any_window(monkeypatch, capsys):
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    real = xcb_check.ctypes.CDLL

    def cdll(name, *a, **k):  # noqa: ANN001, ANN202 - libxcb-cursor0 is not installed here
        if name == "libxcb-cursor.so.0":
            raise OSError(f"{name}: cannot open shared object file")
        return real(name, *a, **k)

    monkeypatch.setattr(xcb_check.ctypes, "CDLL", cdll)
    monkeypatch.setattr(xcb_check, "missing_libraries", lambda plugin=None: ["libxcb-cursor.so.0"])
    started = []
    monkeypatch.setattr("desktop.app.main", lambda args: started.append(args) or 0)
    assert launcher.main([]) == 1
    assert started == []
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-cursor0" in err
    assert err.count("libxcb-cursor.so.0") == 1


def test_this_machine_has_every_library_the_xcb_plugin_needs():
    """What `make run` checks first (and .ci/run installs): the real plugin's libraries all load."""
    if xcb_check.plugin_path() is None:
        pytest.skip("PySide6 has no xcb plugin on this platform")
    assert xcb_check.missing_libraries() == []
    code = subprocess.run([sys.executable, "-m", "desktop.xcb_check"], env={"PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, cwd=str(launcher.__file__).rsplit("/desktop/", 1)[0])
    assert code.returncode == 0, code.stderr


def test_the_start_up_check_passes_on_this_machine(monkeypatch):
    """The fast check dlopens only what the plugin links against: nothing here is reported missing."""
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert xcb_check.quick_missing() == []
    assert xcb_check.check_before_start() is None

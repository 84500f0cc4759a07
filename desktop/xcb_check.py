"""Before the first window on Linux/X11: do the libraries of Qt's xcb platform plugin load?

Without one of them (often libxcb-cursor0 on a stock desktop) Qt aborts with "Could not load the Qt
platform plugin "xcb"" and a core dump. This check names the missing library and the package to
install (apt, dnf, pacman) instead. No Qt import: it runs before QApplication exists.

`python -m desktop.xcb_check` (used by `make run`) checks every library with ldd and exits 1 with the
install line when one is missing.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package, Arch package)
PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libSM.so.6": ("libsm6", "libSM", "libsm"),
    "libICE.so.6": ("libice6", "libICE", "libice"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}
# the X11 libraries Qt 6's xcb plugin links against (ldd of libqxcb.so and libQt6XcbQpa.so.6):
# dlopen'ed by the fast check at start-up
XCB_SONAMES = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
               "libxcb-render-util.so.0", "libxcb-util.so.1", "libxcb-shape.so.0", "libxcb-xkb.so.1",
               "libxcb-randr.so.0", "libxcb-render.so.0", "libxcb-shm.so.0", "libxcb-sync.so.1",
               "libxcb-xfixes.so.0", "libxcb.so.1", "libxkbcommon-x11.so.0", "libxkbcommon.so.0",
               "libX11-xcb.so.1", "libX11.so.6"]


def plugin_path() -> Path | None:
    """PySide6's libqxcb.so (in a checkout, a venv or the bundle), or None."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        for rel in ("Qt/plugins/platforms/libqxcb.so", "plugins/platforms/libqxcb.so"):
            path = Path(base) / rel
            if path.exists():
                return path
    return None


def missing_from_ldd(text: str) -> list[str]:
    """Sonames that ldd reports as 'not found', in order, once each."""
    return list(dict.fromkeys(re.findall(r"^\s*(\S+)\s+=>\s+not found", text, re.MULTILINE)))


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """Every library the xcb plugin (and the Qt XCB library it loads) cannot find, by ldd."""
    plugin = plugin or plugin_path()
    if plugin is None or shutil.which("ldd") is None:
        return []
    found: list[str] = []
    targets = [plugin] + sorted((plugin.parent.parent.parent / "lib").glob("libQt6XcbQpa.so*"))[:1]
    for target in targets:
        try:
            out = subprocess.run(["ldd", str(target)], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        found += [s for s in missing_from_ldd(out) if s not in found]
    return found


def quick_missing() -> list[str]:
    """The X11 helper libraries that do not load (dlopen; a few milliseconds, no subprocess)."""
    out = []
    for soname in XCB_SONAMES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            out.append(soname)
    return out


def advice(missing: list[str]) -> str:
    """What to tell the person: the missing libraries and the exact install command."""
    known = [PACKAGES[s] for s in missing if s in PACKAGES]
    deb = " ".join(dict.fromkeys(p[0] for p in known))
    rpm = " ".join(dict.fromkeys(p[1] for p in known))
    arch = " ".join(dict.fromkeys(p[2] for p in known))
    lines = [f"chronoline: the window cannot open: Qt's X11 (xcb) platform needs {', '.join(missing)}, "
             f"which {'is' if len(missing) == 1 else 'are'} not installed."]
    if deb:
        lines += ["Install it, then start Chronoline again:",
                  f"  Debian/Ubuntu:  sudo apt-get install {deb}",
                  f"  Fedora:         sudo dnf install {rpm}",
                  f"  Arch:           sudo pacman -S {arch}"]
    unknown = [s for s in missing if s not in PACKAGES]
    if unknown:
        lines.append(f"Your distribution's package manager can tell which package provides {', '.join(unknown)}.")
    return "\n".join(lines)


def should_check(environ: os._Environ | dict[str, str] | None = None, need_display: bool = True) -> bool:
    """Linux with an X display, and Qt left to pick xcb (or told to)."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (need_display and not env.get("DISPLAY")):
        return False
    if platform:
        return platform.split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")  # on Wayland, Qt uses its wayland plugin first


def check_before_start() -> str | None:
    """At start-up: the advice to print when the xcb plugin would fail, else None."""
    if not should_check():
        return None
    missing = quick_missing()
    if missing:
        return advice(missing + [s for s in missing_libraries() if s not in missing])
    return None


def main() -> int:
    """`python -m desktop.xcb_check`: exit 0 when the xcb plugin's libraries load, else 1 with advice."""
    if not should_check(need_display=False):
        return 0
    missing = missing_libraries()
    if missing:
        print(advice(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

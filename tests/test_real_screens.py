"""The desk on real screens: Xvfb + openbox at five screen sizes, first start and restart.

Each start runs the real app in its own process on its own X server with a window manager, and
checks what a person sees (from the app's --layout-report): the window and its frame inside the
screen's available area and using it, the reading panes taking most of the height, the timeline
shown and tall enough, every dock ticked in View shown or on a visible tab, the Library wide
enough to read, and Ctrl+Alt+L bringing a closed timeline back with the keyboard. A restart reuses
the settings saved on another screen size (a big monitor's layout must still fit a laptop).
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.real_screen import MISSING, XServer, start

pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs {' and '.join(MISSING)} "
                                "(apt-get install xvfb openbox) to start the app on a real X server")

# (name, Xvfb size, Qt scale factor)
SCREENS = [("1280x720", "1280x720", 1), ("1366x768", "1366x768", 1), ("1920x1080", "1920x1080", 1),
           ("2560x1440", "2560x1440", 1), ("2560x1440@2x", "2560x1440", 2)]
# a restart on each screen reuses the settings a first start saved on another one
RESTART_FROM = {"1280x720": "2560x1440", "1366x768": "1920x1080", "1920x1080": "1366x768",
                "2560x1440": "1280x720", "2560x1440@2x": "1920x1080"}
STARTS = [(name, "first start") for name, _s, _f in SCREENS] + [(name, "restart") for name, _s, _f in SCREENS]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict | Exception]:
    """Every start of the matrix, the five screens side by side (each on its own X server)."""
    base = tmp_path_factory.mktemp("screens")
    servers = {name: XServer(size) for name, size, _f in SCREENS}
    scale = {name: f for name, _s, f in SCREENS}
    out: dict[tuple[str, str], dict | Exception] = {}

    def run(name: str, kind: str) -> None:
        home = base / f"{name}-{kind.replace(' ', '-')}"
        if kind == "restart":
            shutil.copytree(base / f"{RESTART_FROM[name]}-first-start", home)
        home.mkdir(exist_ok=True)
        try:
            out[(name, kind)] = start(servers[name], home, scale[name])
        except Exception as exc:  # noqa: BLE001 - reported by the test of that start
            out[(name, kind)] = exc

    try:
        with ThreadPoolExecutor(len(SCREENS)) as pool:
            list(pool.map(lambda n: run(n, "first start"), servers))
        with ThreadPoolExecutor(len(SCREENS)) as pool:
            list(pool.map(lambda n: run(n, "restart"), servers))
    finally:
        for server in servers.values():
            server.close()
    return out


def problems(r: dict) -> list[str]:
    """What would stop a person from working with this window, in words."""
    found = []
    ax, ay, aw, ah = r["screen"]["available"]
    fx, fy, fw, fh = r["window"]["frame"]
    wx, wy, ww, wh = r["window"]["geometry"]
    slack = 0 if r["screen"]["dpr"] == 1 else 1  # frame margins in device pixels round to half a logical one
    if fx < ax - slack or fy < ay - slack or fx + fw > ax + aw + slack or fy + fh > ay + ah + slack:
        found.append(f"window frame {r['window']['frame']} is not inside the screen's available area {[ax, ay, aw, ah]}")
    if aw >= 1920 and not r["window"]["maximized"] and fw < 0.8 * aw:
        found.append(f"window uses {fw} of {aw} px width on a large screen")
    panes_h = r["panes"]["geometry"][3]
    if panes_h < 0.5 * wh:
        found.append(f"reading panes are {panes_h} px high in a {wh} px window")
    if not r["timeline"]["shown"] or r["timeline"]["size"][1] < 150:
        found.append(f"timeline shown={r['timeline']['shown']} size={r['timeline']['size']}")
    for d in r["docks"].values():
        if d["checked"] and not (d["shown"] or d["on_tab"]):
            found.append(f"{d['title']} is ticked in View but neither shown nor on a visible tab")
    drawn = sorted(b["tabs"] for b in r["tab_bars"])
    if drawn != r["tab_groups"]:
        found.append(f"tab bars drawn {drawn} but the tab groups are {r['tab_groups']} (a stale bar)")
    library = r["docks"]["library"]
    if library["shown"] and library["geometry"][2] < 200:
        found.append(f"Library is {library['geometry'][2]} px wide")
    widths = r["new_pane"]["pane_widths"]
    if max(widths) - min(widths) > 2 or r["new_pane"]["library_width"] < 200:
        found.append(f"after Ctrl+T: panes {widths} px wide, Library {r['new_pane']['library_width']} px")
    if not r["panes"]["status_bar_visible"]:
        found.append("status bar not visible")
    if not (r["shortcut"]["timeline_shown"] and r["shortcut"]["timeline_focused"]):
        found.append(f"Ctrl+Alt+L on a closed timeline: {r['shortcut']}")
    if "Chronoline" in r["window"]["title"]:
        found.append(f"window title {r['window']['title']!r} repeats the application name")
    return found


@pytest.mark.parametrize(("screen", "kind"), STARTS, ids=[f"{s}-{k.replace(' ', '-')}" for s, k in STARTS])
def test_the_desk_is_usable_on_a_real_screen(reports, screen: str, kind: str) -> None:
    report = reports[(screen, kind)]
    if isinstance(report, Exception):
        raise report
    assert problems(report) == [], f"{screen} {kind}"


def test_a_layout_saved_on_a_big_monitor_keeps_what_the_user_left(reports) -> None:
    """The restart on the laptop shows the same docks and panes as the big monitor left."""
    before, after = reports[("2560x1440", "first start")], reports[("1280x720", "restart")]
    if isinstance(before, Exception) or isinstance(after, Exception):
        pytest.fail("a start failed (see the per-screen tests)")
    assert after["panes"]["count"] == before["panes"]["count"]
    assert {k: d["checked"] for k, d in after["docks"].items()} == {k: d["checked"] for k, d in before["docks"].items()}

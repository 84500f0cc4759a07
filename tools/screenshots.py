"""Make the README screenshots as a person sees them: the real app on Xvfb under openbox.

    python tools/screenshots.py            # docs/screenshot.png (1366×768), docs/screenshot-dark.png
                                           # (1920×1080, dark palette), docs/timeline.png
Needs Xvfb and openbox (apt-get install xvfb openbox). Each shot runs this script again (`--child`)
as openbox's start-up program on its own X server, on the sample corpus with a few annotations and
events, waits for the window to settle at its first-start size, and grabs the window with its frame.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# (file name, screen, palette, also the timeline dock)
SHOTS = [("screenshot.png", "1366x768", "light", True), ("screenshot-dark.png", "1920x1080", "dark", False)]


NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Torkham crossing reopens after four-day closure | The Khyber Ledger</title>
<meta property="og:title" content="Torkham crossing reopens after four-day closure | The Khyber Ledger">
<meta property="og:site_name" content="The Khyber Ledger"><meta name="author" content="Sana Yousafzai">
<meta property="article:published_time" content="2024-08-02T09:30:00+05:00"></head>
<body><div class="cookie-banner">We use cookies to understand how our site is read. <button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/pakistan">Pakistan</a> <a href="/region">Region</a>
<a href="/opinion">Opinion</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>Torkham crossing reopens after four-day closure</h1>
<p class="byline">By Sana Yousafzai · 2 August 2024</p>
<p>The Torkham border crossing between Pakistan and Afghanistan reopened on Friday morning, four days
after it was closed following an exchange of fire between border guards on Monday, officials on both
sides said.</p>
<p>A customs official at Landi Kotal said that more than 600 lorries had crossed by noon. Traders
estimated that the closure had cost them several million dollars, with perishable goods left to rot
on the highway since the weekend.</p>
<p>The foreign office said in a statement on Thursday that both governments had agreed to form a joint
committee on border management, which would meet in Kabul within two weeks. The interior minister told
parliament that security forces would remain on high alert along the frontier.</p>
<p>The crossing was last closed for nine days in February 2024, when a dispute over the construction of
a checkpoint led to clashes that wounded several guards.</p></article>
<aside><h2>Most read</h2><ul><li><a href="/a">Flood warning issued for Swat valley</a></li>
<li><a href="/b">Cricket: series squad announced</a></li></ul>
<div class="newsletter">Get the morning briefing in your inbox</div></aside></main>
<footer>© 2024 The Khyber Ledger. All rights reserved. <a href="/contact">Contact us</a></footer>
</body></html>"""


def imported_news_page(store):  # noqa: ANN001, ANN201
    """A saved news page (written here, no third-party content) imported the way File → Import… does."""
    from db.importing import read_file

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "torkham-crossing-reopens.html"
        page.write_text(NEWS_PAGE, encoding="utf-8")
        got = read_file(page)
    return store.articles.add(got.title, got.text, source=got.source, author=got.author, url=got.url,
                             published=got.published, encoding=got.encoding, filename=got.filename)


def main() -> int:
    """Run one child per shot, each on its own X server with a window manager."""
    sys.path.insert(0, str(ROOT))
    from tests.real_screen import MISSING, XServer, run_under_wm

    if MISSING:
        print(f"screenshots need {' and '.join(MISSING)}: apt-get install xvfb openbox", file=sys.stderr)
        return 1
    DOCS.mkdir(exist_ok=True)
    for name, size, theme, timeline in SHOTS:
        server = XServer(size)
        home = Path(tempfile.mkdtemp(prefix="chronoline-shot-"))
        try:
            args = [str(Path(__file__).resolve()), "--child", name] + (["--timeline"] if timeline else [])
            code = run_under_wm(server, home, args, extra_env={"CHRONOLINE_THEME": theme})
        finally:
            server.close()
        if code != "0":
            print(f"{name}: failed ({code}); log:\n{(home / 'run.log').read_text(errors='replace')[-2000:]}",
                  file=sys.stderr)
            return 1
        print(f"wrote {DOCS / name}" + (f" and {DOCS / 'timeline.png'}" if timeline else ""))
    return 0


def sample_store():  # noqa: ANN201
    """The sample corpus with four annotations and five events."""
    from db.models import PartialDate
    from db.store import Store

    store = Store(":memory:", seed=True)
    a1 = store.articles.find("Pakistan approves")
    a2 = store.articles.find("Pakistan’s Defence")

    def note(article, quote: str, text: str, tags: list[str]):  # noqa: ANN001, ANN202
        i = article.text.index(quote)
        return store.annotations.add(article.id, i, i + len(quote), note=text, tags=tags)

    n1 = note(a1, "gave the go ahead for operation “Azm-e-Istehkam,” or Resolve for Stability",
              "The operation is named here; approval by the Apex Committee.", ["Operation"])
    note(a1, "Several Chinese nationals were killed in an attack earlier this year",
         "The Dasu attack, March 2024.", ["Attack", "China"])
    n3 = note(a2, "Pakistan will persist in its military operations across the border in Afghanistan",
              "Compare with the ISPR briefing.", ["Policy"])
    note(a2, "The Taliban government in Afghanistan has condemned these strikes", "", ["Diplomacy"])

    def day(y: int, m: int, d: int) -> PartialDate:
        return PartialDate(date(y, m, d), date(y, m, d), "day")

    store.events.add("Operation Azm-e-Istehkam approved", day(2024, 6, 22), category="Operation", source_ids=[n1.id])
    store.events.add("Strikes in Afghanistan to continue", PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month",
                                                                      "June 2024"), category="Policy",
                    source_ids=[n3.id])
    store.events.add("Dasu attack on Chinese engineers", day(2024, 3, 26), category="Attack")
    store.events.add("Military operations in the tribal areas",
                    PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span", "2009–2017"), category="Operation")
    store.events.add("Taliban return to Kabul", PartialDate(date(2021, 8, 1), date(2021, 8, 31), "month", "August 2021"),
                    category="Diplomacy")
    news = imported_news_page(store)
    note(news, "both governments had agreed to form a joint committee on border management",
         "First joint committee since the February closure.", ["Diplomacy"])
    return store, n1, news


def child(name: str, timeline: bool) -> int:
    """On the X server: the window at its first-start size, the first annotation selected, grabbed."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(ROOT))
    from desktop.app import build_window
    from desktop.style import apply_style

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Chronoline")
    app.setApplicationDisplayName("Chronoline")
    apply_style(app)
    store, first, news = sample_store()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    win = build_window(store, settings, "chronoline.sqlite3")
    win.restore_state()
    win.show()

    def settled() -> None:
        watch = win._layout
        if not watch.applied or watch.timer.isActive():
            QTimer.singleShot(100, settled)
            return
        if len(win.panes.panes) > 1:  # the second pane: a saved news page, imported without its furniture
            win.open_article(news.id, pane=win.panes.panes[1])
        win.select_annotation(first.id, reveal=False)  # selected, not flashing
        win.annotations.all_articles.setChecked(True)
        QTimer.singleShot(500, grab)

    def grab() -> None:
        frame = win.frameGeometry()
        shot = win.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        shot.save(str(DOCS / name))
        if timeline:
            tl = win.timeline_ctl
            tl.dock.grab().save(str(DOCS / "timeline.png"))
        win.close()
        app.quit()

    QTimer.singleShot(300, settled)
    code = app.exec()
    store.close()
    return code


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2], "--timeline" in sys.argv))
    sys.exit(main())

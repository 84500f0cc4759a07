"""Render the README screenshots offscreen: docs/screenshot.png (desk) and docs/timeline.png."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    return store.add_article(got.title, got.text, source=got.source, author=got.author, url=got.url,
                             published=got.published, encoding=got.encoding, filename=got.filename)


def main() -> int:
    """Build a window on the sample corpus with a few annotations and events, and grab it."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from db.models import PartialDate
    from db.store import Store
    from desktop.app import build_window
    from desktop.style import apply_style

    app = QApplication(sys.argv[:1])
    apply_style(app)
    out = Path(__file__).resolve().parents[1] / "docs"
    out.mkdir(exist_ok=True)
    store = Store(":memory:", seed=True)
    a1 = store.find_article("Pakistan approves")
    a2 = store.find_article("Pakistan’s Defence")

    def note(article, quote: str, text: str, tags: list[str]):  # noqa: ANN001, ANN202
        i = article.text.index(quote)
        return store.add_annotation(article.id, i, i + len(quote), note=text, tags=tags)

    n1 = note(a1, "gave the go ahead for operation “Azm-e-Istehkam,” or Resolve for Stability",
              "The operation is named here; approval by the Apex Committee.", ["Operation"])
    note(a1, "Several Chinese nationals were killed in an attack earlier this year",
         "The Dasu attack, March 2024.", ["Attack", "China"])
    n3 = note(a2, "Pakistan will persist in its military operations across the border in Afghanistan",
              "Compare with the ISPR briefing.", ["Policy"])
    note(a2, "The Taliban government in Afghanistan has condemned these strikes", "", ["Diplomacy"])

    def day(y: int, m: int, d: int) -> PartialDate:
        return PartialDate(date(y, m, d), date(y, m, d), "day")

    store.add_event("Operation Azm-e-Istehkam approved", day(2024, 6, 22), category="Operation", source_ids=[n1.id])
    store.add_event("Strikes in Afghanistan to continue", PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month",
                                                                      "June 2024"), category="Policy",
                    source_ids=[n3.id])
    store.add_event("Dasu attack on Chinese engineers", day(2024, 3, 26), category="Attack")
    store.add_event("Military operations in the tribal areas",
                    PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span", "2009–2017"), category="Operation")
    store.add_event("Taliban return to Kabul", PartialDate(date(2021, 8, 1), date(2021, 8, 31), "month", "August 2021"),
                    category="Diplomacy")
    news = imported_news_page(store)
    note(news, "both governments had agreed to form a joint committee on border management",
         "First joint committee since the February closure.", ["Diplomacy"])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    win = build_window(store, settings, "chronoline.sqlite3")
    win.restore_state()
    win.resize(1366, 768)
    win.show()
    win.select_annotation(n1.id, reveal=False)
    if len(win.panes.panes) > 1:  # the second pane shows the imported news page, without its furniture
        win.open_article(news.id, pane=win.panes.panes[1])
        win.select_annotation(n1.id, reveal=False)
    for _ in range(3):
        app.processEvents()
    win.grab().save(str(out / "screenshot.png"))
    timeline = next(e for e in win.extensions if hasattr(e, "extra_items"))
    timeline.timeline.fit_all()
    app.processEvents()
    timeline.dock.grab().save(str(out / "timeline.png"))
    print(f"wrote {out / 'screenshot.png'} and {out / 'timeline.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Security: HTML import never touches the network; user text never becomes SQL; exported CSV cells
never start a formula (raw cells always; LibreOffice's own reading when it is installed)."""

from __future__ import annotations

import csv
import http.server
import shutil
import sqlite3
import subprocess
import threading
import time
import tomllib
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from db import cli, errors
from db.export import FORMULA_PREFIXES, export_annotations, export_events
from db.importing import import_file, read_file
from db.models import PartialDate
from db.store import Store

ROOT = Path(__file__).resolve().parents[2]
EVIL = "'; DROP TABLE annotations; --"
TABLES = {"articles", "annotations", "tags", "annotation_tags", "events", "event_sources",
          "suggestion_decisions", "articles_fts", "annotations_fts", "_sqlite_migrations"}


# --- no network ----------------------------------------------------------------------------------

class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *_args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 (ephemeral port) that records every request path."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.hits
    server.shutdown()
    server.server_close()


def _page(base: str) -> str:
    return f"""<?xml version="1.0"?>
<?xml-stylesheet href="{base}/pi.xsl" type="text/xsl"?>
<!DOCTYPE html SYSTEM "{base}/doctype.dtd">
<html xmlns:xi="http://www.w3.org/2001/XInclude"><head>
<base href="{base}/base/">
<title>Offline page</title>
<meta http-equiv="refresh" content="0; url={base}/refresh">
<meta property="og:image" content="{base}/og.png">
<link rel="stylesheet" href="{base}/style.css"><link rel="preload" href="{base}/preload.js" as="script">
<link rel="icon" href="{base}/favicon.ico">
<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}</style>
<script src="{base}/script.js"></script><script>fetch("{base}/fetch")</script>
</head><body background="{base}/body-bg.png">
<h1>Operation begins</h1>
<p>The army said on Monday that the operation began.<img src="{base}/img.png" srcset="{base}/2x.png 2x"></p>
<picture><source srcset="{base}/source.webp"><img src="relative.png"></picture>
<iframe src="{base}/iframe.html"></iframe><object data="{base}/object.swf"></object><embed src="{base}/embed">
<video poster="{base}/poster.jpg" src="{base}/video.mp4"><track src="{base}/track.vtt"></video>
<svg><image xlink:href="{base}/svg.png" href="{base}/svg2.png"/><use href="{base}/sprite.svg#a"/></svg>
<xi:include href="{base}/xinclude.xml"/>
<input type="image" src="{base}/input.png"><form action="{base}/form"></form>
<a href="{base}/link">a link is only text</a> &ent;
</body></html>"""


def test_html_import_makes_no_network_request(local_server, tmp_path: Path) -> None:
    base, hits = local_server
    assert urllib.request.urlopen(f"{base}/control", timeout=5).read() == b"x"  # the server does count
    assert hits == ["/control"]
    hits.clear()
    page = tmp_path / "page.html"
    page.write_text(_page(base), encoding="utf-8")
    got = read_file(page)
    assert "operation began" in got.text and "fetch(" not in got.text
    assert "operation began" in read_file(page, whole_page=True).text
    with Store(tmp_path / "net.sqlite3") as store:
        art = import_file(store, page)
        assert store.articles.get(art.id).text == got.text
    # the same page saved as a single file (.mhtml): its HTML part goes the same way
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Snapshot-Content-Location"] = f"{base}/saved"
    msg.set_content(_page(base), subtype="html", cte="quoted-printable")
    msg.add_attachment(b"x", maintype="image", subtype="png", filename="og.png")
    archive = tmp_path / "page.mhtml"
    archive.write_bytes(msg.as_bytes())
    assert "operation began" in read_file(archive).text
    assert cli.main(["text", str(page), "--json"]) == 0
    assert cli.main(["text", str(archive), "--whole-page"]) == 0
    assert cli.main(["--db", str(tmp_path / "cli.sqlite3"), "import", str(page)]) == 0
    assert cli.main(["--db", str(tmp_path / "cli.sqlite3"), "dates", str(page), "--published", "2014-06-16"]) == 0
    time.sleep(0.3)  # anything in flight would have arrived
    print(f"\nsecurity/network: references={_page(base).count(base)} requests={len(hits)}")
    assert hits == []


# --- SQL injection -------------------------------------------------------------------------------

def test_ruff_bandit_rule_s608_is_on_and_db_is_clean() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "S608" in config["tool"]["ruff"]["lint"]["select"]
    assert not any("db" in k for k in config["tool"]["ruff"]["lint"].get("per-file-ignores", {}))
    ruff = shutil.which("ruff") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    done = subprocess.run([ruff, "check", "--select", "S608", "--no-cache", "db"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")
                if not r[0].startswith(("articles_fts_", "annotations_fts_", "sqlite_"))}
    finally:
        conn.close()


def test_sql_metacharacters_in_every_text_field_are_only_text(tmp_path: Path, capsys) -> None:
    db = tmp_path / "evil.sqlite3"
    text = f"Body with {EVIL} inside, on 12 June 2024.\n"
    fields = 0
    with Store(db) as store:
        art = store.articles.add(EVIL, text, source=EVIL, author=EVIL, url=EVIL, filename=EVIL)
        fields += 6
        a = store.articles.get(art.id)
        assert (a.title, a.source, a.author, a.url, a.filename) == (EVIL,) * 5 and a.text == text
        start = text.index(EVIL)
        ann = store.annotations.add(art.id, start, start + len(EVIL), note=EVIL, tags=[EVIL.replace(";", ",")],
                                   color=EVIL)
        fields += 3
        got = store.annotations.get(ann.id)
        assert got.exact == got.note == got.color == EVIL and got.tags == (EVIL.replace(";", ","),)
        with pytest.raises(errors.ChronolineError, match="cannot contain"):
            store.tags.ensure(EVIL)  # ';' separates tags in CSV: refused with a message, not run
        tag = store.tags.ensure("plain")
        assert store.tags.rename(tag.id, EVIL.replace(";", " ")).name == " ".join(EVIL.replace(";", " ").split())
        when = PartialDate(date(2024, 6, 12), date(2024, 6, 12), "day", EVIL)
        ev = store.events.add(EVIL, when, description=EVIL, category=EVIL, source_ids=[ann.id], expression=EVIL)
        fields += 5
        e = store.events.get(ev.id)
        assert (e.title, e.description, e.category, e.date.text) == (EVIL,) * 4
        store.events.update(ev.id, title=EVIL + EVIL, description=EVIL)
        store.articles.update(art.id, title=EVIL + "2", source=EVIL)
        store.annotations.update(ann.id, note=EVIL + "!")
        fields += 5
        hits = store.search.flat(EVIL)
        assert {h.kind for h in hits} >= {"article", "annotation"}
        assert store.articles.find(EVIL).id == art.id
        fields += 2
    assert _tables(db) >= TABLES - {"articles_fts", "annotations_fts"}
    # the command line
    args = ["--db", str(db)]
    src = tmp_path / "evil.txt"
    src.write_text(f"{EVIL}\n\nThe minister said {EVIL} on Tuesday.\n", encoding="utf-8")
    assert cli.main([*args, "import", str(src), "--title", EVIL + "3", "--author", EVIL, "--source", EVIL]) == 0
    assert cli.main([*args, "annotate", EVIL + "3", "--quote", f"said {EVIL}", "--note", EVIL,
                     "--tag", "cli tag"]) == 0
    assert cli.main([*args, "list"]) == 0
    assert cli.main([*args, "annotate", EVIL + "-no-such-article", "--quote", EVIL]) == 1
    out_csv = tmp_path / f"{EVIL.replace('/', '_')}.csv"
    assert cli.main([*args, "export", "annotations", str(out_csv)]) == 0
    fields += 8
    capsys.readouterr()
    assert _tables(db) >= TABLES - {"articles_fts", "annotations_fts"}
    with Store(db) as store:
        assert store.annotations.count() == 2 and store.articles.count() == 2
        assert store.integrity_ok()
        cli_art = store.articles.find(EVIL + "3")
        assert cli_art.author == cli_art.source == EVIL
    print(f"\nsecurity/sql: fields={fields} tables_dropped=0 round_trips_ok")


# --- CSV formula injection -----------------------------------------------------------------------

DANGEROUS = ["=1+1", "=HYPERLINK(\"http://127.0.0.1/\",\"x\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1",
             "\r=1+1", "=cmd|' /C calc'!A0", "'=already quoted", "＝1+1", " =1+1", "\n=1+1", "-", "+"]


def _export_dangerous(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "formula.sqlite3"
    text = " ".join(DANGEROUS) + " end\n"
    with Store(db) as store:
        art = store.articles.add(DANGEROUS[0], text, source=DANGEROUS[2], author=DANGEROUS[4])
        pos = 0
        for i, d in enumerate(DANGEROUS):
            start = text.index(d, pos)
            pos = start + len(d)
            if not d.strip():
                continue
            ann = store.annotations.add(art.id, start, start + len(d), note=d, color=d,
                                       tags=[f"t{i}{d}".replace(";", "")])
            when = PartialDate(date(2024, 6, 12), date(2024, 6, 12), "day", d)
            store.events.add(d + "x", when, description=d, category=d, source_ids=[ann.id])
        annotations, events = tmp_path / "annotations.csv", tmp_path / "events.csv"
        export_annotations(store, annotations)
        export_events(store, events, excel=True)
    return annotations, events


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_exported_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    cells = 0
    for path in _export_dangerous(tmp_path):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in list(csv.reader(fh))[1:]:
                for cell in row:
                    cells += 1
                    assert not cell.startswith(FORMULA_PREFIXES) or _number(cell), cell
    print(f"\nsecurity/csv-raw: cells={cells} formula_starts=0")
    assert cells > 100


def test_libreoffice_reads_no_formula_from_an_export(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-calc); the raw-cell test still ran")
    import zipfile

    annotations, _events = _export_dangerous(tmp_path)
    out = tmp_path / "converted"
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                           "--infilter=CSV:44,34,76,1", "--convert-to", "ods", "--outdir", str(out),
                           str(annotations)], capture_output=True, text=True, timeout=120)
    ods = out / "annotations.ods"
    assert ods.exists(), done.stderr
    content = zipfile.ZipFile(ods).read("content.xml").decode()
    assert "table:formula" not in content
    print("\nsecurity/csv-libreoffice: formulas=0")

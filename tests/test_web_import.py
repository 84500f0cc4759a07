"""Saved news pages import their article without the furniture: menus, related lists, banners, footers."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from db import cli, errors
from db.importing import READERS, read_file
from db.store import Store

ARTICLE = [
    "Security forces launched an operation in the Khyber district on Tuesday after a week of attacks on "
    "police posts, officials said, adding that the army had moved two battalions into the valley.",
    "The provincial government said schools in the area would stay closed until Friday. Residents "
    "described long queues at checkpoints on the main road and shortages of flour in the bazaar.",
    "A spokesman for the interior ministry told reporters that the operation would continue until the "
    "militants who attacked the posts were arrested, and that civilians had been warned in advance.",
    "Opposition leaders criticised the decision in parliament, saying that earlier operations had "
    "displaced thousands of families who were still waiting for the compensation they were promised.",
]
FURNITURE = ["Subscribe to our newsletter", "We use cookies", "Most read", "Cricket team wins series",
             "Leave a comment", "All rights reserved", "Home", "Contact us", "Share on Facebook"]


def news_page(*, wrapper: str = "main", charset: str = "utf-8", extra_head: str = "", title: str = "Operation "
              "launched in Khyber | Daily Example", body_paragraphs: list[str] | None = None) -> str:
    """A page laid out like real news sites: header nav, cookie banner, article, aside, comments, footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in (body_paragraphs or ARTICLE))
    related = "\n".join(f'<li><a href="/news/{i}">Cricket team wins series, part {i}, on 3 March 2023</a></li>'
                        for i in range(12))
    article = f"""<article class="story">
  <h1>Operation launched in Khyber</h1>
  <div class="byline">By <span class="author">Amina Khan</span> · <time datetime="2024-06-11">11 June 2024</time></div>
  <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
  <div class="story-body">{paras}</div>
</article>"""
    main = {"main": f"<main>{article}</main>", "form": f"""<form method="post" action="./story.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">
<div id="content">{article}</div></form>""", "none": article}[wrapper]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Daily Example">
<meta name="author" content="Amina Khan">
<link rel="canonical" href="https://daily.example/news/operation-khyber">{extra_head}
<script>window.dataLayer = [{{"event": "pageview"}}];</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. Accept all?</p>
<button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
{main}
<aside class="sidebar"><h2>Most read</h2><ul>{related}</ul>
<div class="newsletter"><h3>Subscribe to our newsletter</h3><input type="email"></div></aside>
<section id="comments" class="comments"><h2>Leave a comment</h2>
<div class="comment"><p>Great reporting, thanks! Posted 12 June 2024</p></div></section>
<footer><p>© 2024 Daily Example. All rights reserved.</p><a href="/contact">Contact us</a></footer>
</body></html>"""


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


def assert_article_only(text: str) -> None:
    for para in ARTICLE:
        assert para in text
    for junk in FURNITURE:
        assert junk not in text, junk
    assert text.count("\n\n") >= len(ARTICLE) - 1  # paragraphs stay paragraphs


@pytest.mark.parametrize("wrapper", ["main", "form", "none"])
def test_the_article_is_kept_and_the_furniture_dropped(tmp_path, wrapper):
    got = read_file(write(tmp_path, f"{wrapper}.html", news_page(wrapper=wrapper)))
    assert_article_only(got.text)
    assert got.format == "html" and got.warnings == ()
    assert got.title == "Operation launched in Khyber"
    assert got.source == "Daily Example" and got.author == "Amina Khan"
    assert got.url == "https://daily.example/news/operation-khyber"
    assert got.published is not None and got.published.start == date(2024, 6, 11)


def test_an_aspnet_page_whose_whole_body_is_a_form_imports_in_both_modes(tmp_path):
    page = write(tmp_path, "story.aspx.htm", news_page(wrapper="form"))
    assert ARTICLE[2] in read_file(page).text
    assert ARTICLE[2] in read_file(page, whole_page=True).text


def test_the_whole_page_mode_keeps_menus_and_footer(tmp_path):
    got = read_file(write(tmp_path, "p.html", news_page()), whole_page=True)
    for para in ARTICLE:
        assert para in got.text
    assert "Most read" in got.text and "All rights reserved" in got.text
    assert got.title == "Operation launched in Khyber" and got.source == "Daily Example"


def test_a_windows_1252_page_is_read_in_the_charset_it_declares(tmp_path):
    words = "Café owners in Peshawar said the “operation” would hurt trade — naïve hopes, they said."
    html = news_page(charset="windows-1252", body_paragraphs=[words, *ARTICLE])
    got = read_file(write(tmp_path, "cp.html", html, encoding="cp1252"))
    assert words in got.text and got.encoding == "cp1252"


FRONTIER = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Pakistan, Afghanistan agree to reopen Torkham crossing | The Frontier Post</title>
<meta property="og:title" content="Pakistan, Afghanistan agree to reopen Torkham crossing | The Frontier Post">
<meta property="og:site_name" content="The Frontier Post">
<meta property="article:published_time" content="2024-08-02T09:30:00+05:00">
</head><body><header><nav><a href="/">Home</a> <a href="/pakistan">Pakistan</a></nav></header>
<article><h1>Pakistan, Afghanistan agree to reopen Torkham crossing</h1>
<p>Officials from both countries agreed on Thursday to reopen the Torkham border crossing, closed since
last week after an exchange of fire between border guards, the foreign office said.</p>
<p>Traders on both sides welcomed the decision. Hundreds of lorries have been waiting on the highway
since the closure, and the chamber of commerce estimated the losses at several million dollars.</p>
</article>
<footer><p>© 2024 The Frontier Post. All rights reserved.</p></footer></body></html>"""


def test_the_hand_made_news_page_of_the_issue(tmp_path):
    got = read_file(write(tmp_path, "frontier.html", FRONTIER))
    assert got.title == "Pakistan, Afghanistan agree to reopen Torkham crossing"
    assert got.source == "The Frontier Post"
    assert got.published is not None
    assert (got.published.start, got.published.precision) == (date(2024, 8, 2), "day")
    assert got.published.text == "2024-08-02T09:30:00+05:00"  # as the page wrote it
    assert "Traders on both sides welcomed the decision." in got.text
    assert "©" not in got.text and "All rights reserved" not in got.text
    from db.dates import extract

    assert not any("2024" in x.text for x in extract(got.text, got.published))  # no footer year suggested


def test_a_page_of_links_still_imports_its_text(tmp_path):
    got = read_file(write(tmp_path, "links.html", "<html><body><ul><li><a href=/a>Alpha</a></li>"
                          "<li><a href=/b>Beta</a></li></ul></body></html>"))
    assert "Alpha" in got.text and "Beta" in got.text


def test_when_no_article_is_found_the_whole_page_is_kept_with_a_warning(tmp_path, monkeypatch):
    import db.read_web

    monkeypatch.setattr(db.read_web, "_extract", lambda root, precision, fast=False: "")
    got = read_file(write(tmp_path, "p.html", news_page()))
    assert ARTICLE[0] in got.text and "Most read" in got.text
    assert got.warnings == (db.read_web.NO_ARTICLE,)


def test_a_page_too_big_to_search_keeps_its_whole_text_with_a_warning(tmp_path, monkeypatch, cli_db, capsys):
    import db.read_web

    monkeypatch.setattr(db.read_web, "MAX_ELEMENTS", 40)
    page = write(tmp_path, "big.html", news_page())
    got = read_file(page)
    assert ARTICLE[0] in got.text and "Most read" in got.text
    assert len(got.warnings) == 1 and "too many to pick out its article" in got.warnings[0]
    assert cli.main(["--db", str(cli_db), "import", str(page)]) == 0
    assert "big.html: This page has" in capsys.readouterr().err


def mhtml(parts: list[tuple[str, str]]) -> bytes:
    """A browser-style single-file page: multipart/related, the HTML quoted-printable, resources base64."""
    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Snapshot-Content-Location"] = "https://daily.example/news/operation-khyber"
    msg["Subject"] = "Operation launched in Khyber"
    msg["MIME-Version"] = "1.0"
    msg.make_mixed()
    msg.replace_header("Content-Type", 'multipart/related; type="text/html"; boundary="----MultipartBoundary--x"')
    for ctype, body in parts:
        sub = EmailMessage()
        if ctype == "text/html":
            sub.set_content(body, subtype="html", charset="utf-8", cte="quoted-printable")
        else:
            maintype, subtype = ctype.split("/")
            sub.set_content(body.encode(), maintype=maintype, subtype=subtype, cte="base64")
        sub["Content-Location"] = "https://daily.example/news/operation-khyber"
        msg.attach(sub)
    return msg.as_bytes()


def test_an_mhtml_page_imports_its_html_part(tmp_path):
    raw = mhtml([("text/html", news_page()), ("text/css", "body { color: red }"), ("image/png", "PNG")])
    got = read_file(write(tmp_path, "saved.mhtml", raw))
    assert_article_only(got.text)
    assert "color: red" not in got.text
    assert got.format == "mhtml" and got.title == "Operation launched in Khyber"
    assert got.url == "https://daily.example/news/operation-khyber"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_mhtml_without_an_html_part_is_refused_in_one_line(tmp_path, cli_db, capsys):
    page = write(tmp_path, "resources.mht", mhtml([("text/css", "p { margin: 0 }"), ("image/png", "PNG")]))
    with pytest.raises(errors.ImportFailed, match="no HTML page"):
        read_file(page)
    assert cli.main(["--db", str(cli_db), "list"]) == 0
    before = _sha(cli_db)
    capsys.readouterr()
    assert cli.main(["--db", str(cli_db), "import", str(page)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "resources.mht holds no HTML page" in err
    assert _sha(cli_db) == before


def test_a_50_mb_page_is_refused_in_one_line_and_the_database_is_unchanged(tmp_path, cli_db, capsys):
    page = tmp_path / "huge.html"
    row = b"<p>" + b"word " * 200 + b"</p>\n"
    with page.open("wb") as f:
        f.write(b"<html><body>")
        for _ in range(50 * 1024 * 1024 // len(row) + 1):
            f.write(row)
    assert cli.main(["--db", str(cli_db), "list"]) == 0
    before = _sha(cli_db)
    capsys.readouterr()
    assert cli.main(["--db", str(cli_db), "import", str(page)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "huge.html is 52.4 MB" in err and "HTML only" in err
    assert cli.main(["--db", str(cli_db), "text", str(page)]) == 1
    assert _sha(cli_db) == before


@pytest.mark.parametrize(("name", "whole"), [("main.html", False), ("form.htm", False), ("main.html", True),
                                             ("saved.mhtml", False), ("notes.txt", False)])
def test_text_prints_exactly_what_import_stores(tmp_path, cli_db, capsys, name, whole):
    data = {"main.html": news_page(), "form.htm": news_page(wrapper="form"),
            "saved.mhtml": mhtml([("text/html", FRONTIER)]),
            "notes.txt": "Field notes\n\nThe crossing reopened on 2 August 2024.\n"}[name]
    page = write(tmp_path, name, data)
    flag = ["--whole-page"] if whole else []
    assert cli.main(["text", str(page), "--json", *flag]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert list(shown) == ["text", "title", "author", "published", "source", "url", "format", "warnings"]
    assert cli.main(["text", str(page), *flag]) == 0
    plain = capsys.readouterr().out
    assert cli.main(["--db", str(cli_db), "import", str(page), *flag]) == 0
    article_id = capsys.readouterr().out.split("\t")[0]
    with Store(cli_db) as store:
        stored = store.articles.get(article_id)
    assert stored.text.encode() == shown["text"].encode() == plain.encode()
    assert stored.title == shown["title"] and stored.source == shown["source"]
    assert (stored.published.text if stored.published else None) == shown["published"]


def test_the_text_command_is_reachable_through_the_launcher(tmp_path, capsys):
    from desktop.launcher import main

    assert main(["text", str(write(tmp_path, "f.html", FRONTIER)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "The Frontier Post"


def test_every_web_suffix_has_a_reader():
    for suffix in (".html", ".htm", ".xhtml", ".mhtml", ".mht"):
        assert suffix in READERS


BUNDLE_PROBE = """
import sys
for m in sys.argv[2:]:
    sys.modules[m] = None  # excluded from the bundle by build.spec
def guard(ev, args):
    if ev == "open" and args and isinstance(args[0], str) and ("locale-data" in args[0] or "global.dat" in args[0]):
        raise OSError("Babel's locale data is not bundled: " + args[0])
sys.addaudithook(guard)
from db.importing import read_file
got = read_file(sys.argv[1])
print(got.title)
"""


def spec_excludes() -> list[str]:
    """The Python modules build.spec leaves out of the bundle (its PY_EXCLUDES* lists)."""
    import ast

    tree = ast.parse((Path(__file__).resolve().parents[1] / "build.spec").read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List) and any(
                isinstance(t, ast.Name) and t.id.startswith("PY_EXCLUDES") for t in node.targets):
            names += [ast.literal_eval(e) for e in node.value.elts]
    return names


def test_extraction_runs_without_what_the_bundle_leaves_out(tmp_path):
    """build.spec drops Babel's locale data and modules (dateparser, ssl, …): web import must not need them."""
    import os
    import subprocess
    import sys

    page = write(tmp_path, "p.html", news_page(wrapper="form"))
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    excluded = spec_excludes()
    assert {"dateparser", "ssl"} <= set(excluded)
    done = subprocess.run([sys.executable, "-c", BUNDLE_PROBE, str(page), *excluded], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "Operation launched in Khyber"


def test_published_on_the_command_line_takes_an_iso_date_time(tmp_path, cli_db, capsys):
    page = write(tmp_path, "notes.txt", "Field notes\n\nThe crossing reopened on Friday.\n")
    assert cli.main(["--db", str(cli_db), "import", str(page), "--published", "2024-08-02T09:30:00+05:00"]) == 0
    article_id = capsys.readouterr().out.split("\t")[0]
    with Store(cli_db) as store:
        published = store.articles.get(article_id).published
    assert (published.start, published.precision) == (date(2024, 8, 2), "day")
    assert cli.main(["dates", str(page), "--published", "2024-08-02T09:30:00+05:00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["value"] == "2024-08-02"


@pytest.mark.parametrize(("title", "site", "h1", "expected"), [
    ("Talks resume in Doha | The Frontier Post", "The Frontier Post", "", "Talks resume in Doha"),
    ("Pakistan - floods kill 10 - Dawn", "Dawn", "", "Pakistan - floods kill 10"),
    ("DAWN.COM | Floods kill 10 in Swat", "Dawn", "", "Floods kill 10 in Swat"),
    ("Floods kill 10 - BBC News", "BBC", "", "Floods kill 10"),
    ("Japan talks | AP", "AP", "", "Japan talks"),
    ("Sunday talks in Tokyo | The Sun", "The Sun", "", "Sunday talks in Tokyo"),
    ("Floods kill 10 | Pakistan | Daily Example", "", "Floods kill 10", "Floods kill 10"),
    ("Iran: talks resume in Vienna", "Wire", "", "Iran: talks resume in Vienna"),
])
def test_the_title_loses_the_site_suffix_and_nothing_else(title, site, h1, expected):
    from db.web_meta import clean_title

    assert clean_title(title, site, h1) == expected


def test_text_on_a_folder_or_a_missing_file_is_one_line_and_exit_1(tmp_path, capsys):
    for target in (tmp_path, tmp_path / "missing.html"):
        assert cli.main(["text", str(target), "--json"]) == 1
        out = capsys.readouterr()
        assert out.out == "" and out.err.count("\n") == 1 and out.err.startswith("chronoline: ")

"""Saved web pages (.html, .htm, .xhtml, .mhtml): the article's main text with trafilatura, no network.

Menus, related-story lists, cookie banners, comments and footers are dropped; the whole-page
converter (`db.html_text`) stays available with `whole_page` and as the fallback when no article
is found.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
from lxml import etree

from db import errors
from db.importing import ImportedText, ReadOptions, declared_charset, decode

log = logging.getLogger(__name__)

# Where trafilatura's precision mode keeps less than this share of what its balanced mode keeps,
# the two disagree badly: the shorter text has most likely lost part of the article (favour recall).
RECALL_RATIO = 0.6
NO_ARTICLE = "No article was found on this page; the whole page was kept."
# A page whose whole text is shorter than this has no article to tell from its furniture (trafilatura's
# own minimum extraction size is 250 characters): it is kept whole, at no extraction cost.
SHORT_PAGE = 250
# Article extraction time grows with the number of elements (news pages have 100–2,000; 300,000 take
# a minute): past this, the whole page is kept, with a warning, rather than making the user wait.
MAX_ELEMENTS = 20_000
TOO_BIG = ("This page has {n:,} elements, too many to pick out its article quickly; "
           "the whole page was kept.")
INVISIBLE = ("script", "style", "template", "iframe", "object", "embed", "svg", "math", "canvas", "textarea",
             "title", "noscript")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def read_html(p: Path, raw: bytes, options: ReadOptions) -> ImportedText:
    """A saved .html/.htm/.xhtml page: charset as declared, then detection; article or whole page."""
    text, encoding = decode(raw, p.name, declared_charset(raw))
    return web_page(text, name=p.name, encoding=encoding, whole_page=options.whole_page, fmt="html")


def read_mhtml(p: Path, raw: bytes, options: ReadOptions) -> ImportedText:
    """A browser's single-file page (.mhtml/.mht): the HTML part of the MIME archive."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    part = next((m for m in msg.walk() if m.get_content_type() in ("text/html", "application/xhtml+xml")), None)
    if part is None:
        raise errors.ImportFailed(
            f"{p.name} holds no HTML page (a web archive needs one HTML part); "
            "save the page again from the browser as a web page.")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise errors.ImportFailed(f"{p.name} has an empty HTML part; save the page again from the browser.")
    charset = part.get_content_charset() or declared_charset(payload)
    text, encoding = decode(payload, p.name, charset)
    got = web_page(text, name=p.name, encoding=encoding, whole_page=options.whole_page, fmt="mhtml")
    location = (msg.get("Snapshot-Content-Location") or part.get("Content-Location") or "").strip()
    if not got.url and location.startswith(("http://", "https://")):
        got = replace(got, url=location)
    return got


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse a page with lxml, never fetching anything (no DTDs, no entities from the network)."""
    html = _XML_DECL.sub("", html, count=1)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise errors.ImportFailed(f"The HTML could not be read ({exc}).") from exc


def web_page(html: str, *, name: str, encoding: str, whole_page: bool = False, fmt: str = "html") -> ImportedText:
    """Text and metadata of one decoded page: the article (default) or the whole page."""
    from db.html_text import text_of_page
    from db.web_meta import page_metadata

    root = parse_html(html)
    meta = page_metadata(root)
    # what a browser never shows as text (iframe and noscript bodies are raw markup to lxml)
    etree.strip_elements(root, *INVISIBLE, with_tail=False)
    warnings: list[str] = []
    whole = text_of_page(root)
    if whole_page or len(whole) < SHORT_PAGE:
        text = whole
    else:
        size = sum(1 for _ in root.iter())
        text = article_text(root) if size <= MAX_ELEMENTS else ""
        if not text.strip():
            text = whole
            warnings.append(TOO_BIG.format(n=size) if size > MAX_ELEMENTS else NO_ARTICLE)
    return ImportedText(text=text, encoding=encoding, filename=name, format=fmt, warnings=tuple(warnings), **meta)


def article_text(root: lxml.html.HtmlElement) -> str:
    """The main text of a page with its paragraphs, or "" when trafilatura finds no article."""
    precise = _extract(root, precision=True)
    # the balanced mode's fast variant (no readability/jusText comparison) is enough to tell whether
    # precision lost much; only then is the full balanced extraction run and used
    reference = _extract(root, precision=False, fast=True)
    if len(precise) >= RECALL_RATIO * len(reference):
        return precise
    return _extract(root, precision=False) or reference


def _extract(root: lxml.html.HtmlElement, *, precision: bool, fast: bool = False) -> str:
    """One trafilatura run (comments and images left out, tables kept); "" when it finds nothing."""
    import trafilatura
    from trafilatura.xml import xmltotxt

    try:
        doc = trafilatura.bare_extraction(root, include_comments=False, include_tables=True, include_images=False,
                                          include_links=False, favor_precision=precision, fast=fast, with_metadata=False)
        if doc is None or doc.body is None:
            return ""
        # one block per paragraph (heading, list, quote, table); line breaks and list items stay lines
        blocks = (" \n".join(" ".join(ln.split()) for ln in xmltotxt(el, False).split("\n")) for el in doc.body)
        return "\n\n".join(b.replace(" \n", "\n").strip("\n ") for b in blocks if b.strip()) + "\n"
    except (RecursionError, ValueError, TypeError, AttributeError, etree.LxmlError):
        log.exception("trafilatura failed on a page; falling back to the whole page")
        return ""

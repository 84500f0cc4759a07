"""HTML to readable plain text with lxml: paragraphs kept, scripts/styles/comments dropped, no network."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from db import errors
from db.importing import published_from_string

DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "head", "title", "meta", "link", "button", "select", "option", "textarea", "input", "canvas", "nav"}
# `<form>` is not dropped: ASP.NET pages wrap their whole body in one; only its controls are.
BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre",
         "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
         "figure", "figcaption", "hr", "address", "details", "summary"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                remove_blank_text=False, recover=True)


def html_to_article(html: str) -> dict[str, object]:
    """Fields of an ImportedText (title, text, author, source, url, published) from an HTML page."""
    html = _XML_DECL.sub("", html)
    try:
        root = lxml.html.document_fromstring(html, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise errors.ImportFailed(f"The HTML could not be read ({exc}).") from exc
    return {"text": text_of_page(root), **_metadata(root)}


def text_of_page(root: etree._Element) -> str:
    """The whole page's text (body, or the root when there is none) with its paragraphs."""
    body = root.find("body")
    return _text_of(body if body is not None else root)


def _meta(root: etree._Element, *keys: str) -> str:
    for key in keys:
        for el in root.iter("meta"):
            if (el.get("property") or el.get("name") or el.get("itemprop") or "").lower() == key:
                content = (el.get("content") or "").strip()
                if content:
                    return content
    return ""


def _metadata(root: etree._Element) -> dict[str, object]:
    title = _meta(root, "og:title", "twitter:title", "dc.title")
    if not title:
        t = root.find(".//title")
        title = " ".join((t.text_content() if t is not None else "").split())
    if not title:
        h1 = root.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else ""
    published = _meta(root, "article:published_time", "datepublished", "pubdate", "date",
                      "dc.date", "dcterms.created", "publish-date", "og:published_time")
    if not published:
        for t in root.iter("time"):
            published = t.get("datetime") or ""
            if published:
                break
    url = _meta(root, "og:url")
    if not url:
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical":
                url = link.get("href") or ""
    return {
        "title": title[:300],
        "author": _meta(root, "author", "article:author", "dc.creator", "byl"),
        "source": _meta(root, "og:site_name", "application-name", "publisher"),
        "url": url,
        "published": published_from_string(published),
    }


def _text_of(root: etree._Element) -> str:
    """Walk the tree without recursion (deeply nested pages are safe), joining blocks by blank lines."""
    parts: list[str] = []
    skip_depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if skip_depth or tag in DROP or not isinstance(el.tag, str):
                skip_depth += 1
                continue
            if tag in BLOCK:
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            if el.text:
                parts.append(el.text if tag == "pre" else _SPACES.sub(" ", el.text))
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0 and el.tail:
                    parts.append(_SPACES.sub(" ", el.tail))
                continue
            if tag in BLOCK:
                parts.append("\n\n")
            if el.tail and el is not root:
                parts.append(_SPACES.sub(" ", el.tail))
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    """Collapse runs of blank lines and trailing spaces; strip each line's edges."""
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip() + "\n" if any(out) else ""

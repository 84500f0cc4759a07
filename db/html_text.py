"""HTML to readable plain text with lxml: paragraphs kept, scripts/styles/comments dropped, no network."""

from __future__ import annotations

import re

from lxml import etree

DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "head", "title", "meta", "link", "button", "select", "option", "textarea", "input", "canvas", "nav"}
# `<form>` is not dropped: ASP.NET pages wrap their whole body in one; only its controls are.
BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre",
         "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
         "figure", "figcaption", "hr", "address", "details", "summary"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def text_of_page(root: etree._Element) -> str:
    """The whole page's text (body, or the root when there is none) with its paragraphs."""
    body = root.find("body")
    return _text_of(body if body is not None else root)


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

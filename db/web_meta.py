"""Metadata a web page states about itself: title without the site suffix, author, site, URL, date.

trafilatura reads title, author, site name and canonical URL; the publication date is taken only
from the page's own markup (JSON-LD, meta tags, `<time>`), kept as the page wrote it, and never
guessed from the URL or from dates in the running text.
"""

from __future__ import annotations

import json
import logging
import re

import lxml.html

from db.importing import published_from_string
from db.models import PartialDate

log = logging.getLogger(__name__)

DATE_META = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
             "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "date",
             "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued", "dcterms.created",
             "sailthru.date", "parsely-pub-date", "article.published", "published_time", "article_date_original",
             "cxenseparse:recs:publishtime", "originalpublicationdate", "displaydate")
_SEPARATORS = re.compile(r"\s+(?:[|»«·•:–—-]|::)\s+")
_WORD = re.compile(r"\w+")


def page_metadata(root: lxml.html.HtmlElement) -> dict[str, object]:
    """title, author, source (site name), url and published for ImportedText, from a parsed page."""
    try:
        title, author, site, url = _trafilatura_fields(root)
    except Exception:  # noqa: BLE001 - a metadata bug must not stop an import; the text still comes
        log.exception("trafilatura could not read the page's metadata")
        title = author = site = url = ""
    site = " ".join(site.split())
    return {
        "title": clean_title(title, site, _first_h1(root))[:300],
        "author": " ".join(author.split())[:200],
        "source": site[:200],
        "url": url.strip(),
        "published": stated_date(root),
    }


def _trafilatura_fields(root: lxml.html.HtmlElement) -> tuple[str, str, str, str]:
    """Title, author, site name and canonical URL as trafilatura's `extract_metadata` finds them,
    without its date step (htmldate may guess from the URL; the date here is `stated_date`)."""
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    meta = examine_meta(root)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(root, meta)
    except Exception:  # noqa: BLE001 - as trafilatura itself does: a JSON-LD bug is not fatal
        log.warning("unreadable JSON-LD metadata", exc_info=True)
    title = meta.title or extract_title(root) or ""
    author = meta.author or extract_author(root) or ""
    url = meta.url or extract_url(root) or ""
    site = meta.sitename or extract_sitename(root) or ""
    if site:
        site = site.lstrip("@")
        if site and "." not in site and not site[0].isupper():
            site = site.title()
    elif url and (m := META_URL.match(url)):
        site = m[1]
    return str(title), str(author), str(site), str(url)


def _first_h1(root: lxml.html.HtmlElement) -> str:
    """The article's heading: the first `<h1>` inside `<article>`/`<main>`, else the page's first."""
    for path in (".//article//h1", ".//main//h1", ".//h1"):
        for h in root.iterfind(path):
            text = " ".join(h.text_content().split())
            if text:
                return text
    return ""


def _key(text: str) -> str:
    return "".join(_WORD.findall(text.lower()))


def clean_title(title: str, site: str, h1: str = "") -> str:
    """The title without the site's name (`Talks resume | The Frontier Post` → `Talks resume`)."""
    title = " ".join(title.split())
    if not title:
        return h1
    seps = list(_SEPARATORS.finditer(title))
    if not seps:
        return title
    parts = _SEPARATORS.split(title)
    if h1 and _key(h1) in {_key(p) for p in parts} | {_key(title[:seps[-1].start()])}:
        return h1
    site_key = _key(site)
    if site_key:
        if _site_like(title[seps[-1].end():], site_key):
            title = title[:seps[-1].start()]
            seps = seps[:-1]
        if seps and _site_like(title[:seps[0].start()], site_key):
            title = title[seps[0].end():]
    return title


def _site_like(part: str, site_key: str) -> bool:
    """Whether one end segment of a title names the site (`The Frontier Post`, `frontierpost.com`)."""
    key = _key(part)
    if not key:
        return True
    bare = re.sub(r"(?:com|org|net|co|uk|in|pk)+$", "", key)
    if key == site_key or bare == site_key:
        return True
    if len(part.split()) > 4 or len(bare) < 3 or len(site_key) < 3:
        return False
    return bare in site_key or (site_key in key and len(key) <= len(site_key) + 12)


def stated_date(root: lxml.html.HtmlElement) -> PartialDate | None:
    """The publication date as the page states it (text kept as written), or None."""
    for value in _candidates(root):
        found = published_from_string(value)
        if found is not None and 1000 < found.start.year < 3000:
            return found
    return None


def _candidates(root: lxml.html.HtmlElement):
    """Date strings in order of trust: JSON-LD datePublished, meta tags, `<time>` in the article."""
    for script in root.iterfind(".//script"):
        if (script.get("type") or "").lower().strip() == "application/ld+json" and script.text:
            yield from _json_ld_dates(script.text)
    metas = {}
    for el in root.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower().strip()
        content = (el.get("content") or "").strip()
        if key in DATE_META and content and key not in metas:
            metas[key] = content
    yield from (metas[k] for k in DATE_META if k in metas)
    for el in root.iterfind(".//*[@itemprop]"):
        if (el.get("itemprop") or "").lower() == "datepublished":
            yield el.get("datetime") or el.get("content") or el.text_content()
    for path in (".//article//time[@datetime]", ".//time[@pubdate]", ".//main//time[@datetime]"):
        for el in root.iterfind(path):
            yield el.get("datetime") or ""


def _json_ld_dates(source: str):
    """`datePublished` values anywhere in a JSON-LD block (objects, lists, @graph)."""
    try:
        data = json.loads(source)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(reversed(item))

"""W3C Web Annotation (JSON-LD) export: one AnnotationCollection holding one Annotation per annotation.

Each annotation targets a SpecificResource: its source is the article's URL when one is known
(else a `urn:uuid:` for the article), selected both by a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector (code-point offsets into the article's plain text, end
exclusive, as the model requires). The note is a TextualBody with purpose `commenting`, each tag
a TextualBody with purpose `tagging`. Streamed: the file is written annotation by annotation.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import quote, urlsplit

from db import errors
from db.columns import ANNOTATION_COLUMNS
from db.file_out import Cancelled, replacing

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
GENERATOR = {"type": "Software", "name": "Chronoline"}
_COL = {name: i for i, name in enumerate(ANNOTATION_COLUMNS)}
EVERY = 10_000


def resource_iri(kind: str, ident: str) -> str:
    """`urn:uuid:…` for a UUID id, else a `tag:` URI that still names it uniquely."""
    try:
        return uuid.UUID(ident).urn
    except ValueError:
        return f"tag:chronoline.invalid,2024:{kind}/{quote(ident, safe='')}"


def article_source(article_id: str, url: str) -> str:
    """The article's URL when it is an absolute web address, else its `urn:uuid:`."""
    parts = urlsplit(url.strip()) if url else None
    if parts and parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in url.strip()):
        return url.strip()
    return resource_iri("article", article_id)


def annotation_object(row: tuple, source: str) -> dict:
    """One Annotation from an export row (`db.columns.ANNOTATION_COLUMNS` order)."""
    note, tags, author = row[_COL["note"]] or "", row[_COL["tags"]] or "", row[_COL["author"]] or ""
    bodies: list[dict] = []
    if note:
        bodies.append({"type": "TextualBody", "value": note, "format": "text/plain", "purpose": "commenting"})
    bodies += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in tags.split(";") if t]
    selectors = [
        {"type": "TextQuoteSelector", "exact": row[_COL["quote"]] or "", "prefix": row[_COL["prefix"]] or "",
         "suffix": row[_COL["suffix"]] or ""},
        {"type": "TextPositionSelector", "start": int(row[_COL["start"]]), "end": int(row[_COL["end"]])},
    ]
    out: dict = {
        "@context": CONTEXT,
        "id": resource_iri("annotation", str(row[_COL["annotation_id"]])),
        "type": "Annotation",
        "motivation": "commenting" if note else "tagging" if len(bodies) else "highlighting",
    }
    if author:
        out["creator"] = {"type": "Person", "name": author}
    if row[_COL["created"]]:
        out["created"] = row[_COL["created"]]
    if row[_COL["modified"]]:
        out["modified"] = row[_COL["modified"]]
    out["generator"] = GENERATOR
    if bodies:
        out["body"] = bodies
    out["target"] = {"type": "SpecificResource", "source": source, "selector": selectors}
    return out


def iter_annotations(store) -> Iterator[dict]:
    """Every annotation as a W3C Annotation, in export order (article, then position)."""
    urls: dict[str, str] = {}
    for row in store.rows.annotations():
        aid = str(row[_COL["article_id"]])
        if aid not in urls:
            try:
                urls[aid] = article_source(aid, store.articles.get(aid).url)
            except errors.NotFound:
                urls[aid] = resource_iri("article", aid)
        yield annotation_object(row, urls[aid])


def export_w3c(store, path: str | os.PathLike[str], *, label: str = "Chronoline annotations",
               progress: Callable[[int], bool | None] | None = None) -> int:
    """Write the AnnotationCollection (one AnnotationPage) as JSON-LD; returns the annotation count."""
    collection = uuid.uuid4().urn
    head = {"@context": CONTEXT, "id": collection, "type": "AnnotationCollection", "label": label}
    page = {"id": f"{collection}#page-1", "type": "AnnotationPage", "partOf": collection, "startIndex": 0}
    count = 0
    with replacing(path, ".jsonld") as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "first": ')
            fh.write(json.dumps(page, ensure_ascii=False)[:-1] + ', "items": [')
            for ann in iter_annotations(store):
                fh.write(("\n  " if count == 0 else ",\n  ") + json.dumps(ann, ensure_ascii=False))
                count += 1
                if count % EVERY == 0 and progress is not None and progress(count) is False:
                    raise Cancelled
            fh.write(f'\n ]}},\n "total": {count}\n}}\n')  # known only now; JSON keys have no order
    return count


"""REFI-QDA project import (.qdpx): text sources become articles, selections annotations, codes tags.

Everything is read and checked before anything is written, and the writes run in one
transaction: a file that is not a zip, lacks its project.qde, fails the structural check of
`db.refi_qda_check` (the standard's shape, where the import reads), points at a missing source
or holds a selection outside its text changes nothing. Text already in the database (same
SHA-256) is reused, so a project can be imported into the database it came from. Sources
that are not text (pictures, PDFs, audio, video) are skipped and counted.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from db import errors
from db.anchoring import make_anchor
from db.clock import now
from db.refi_qda import VARIABLES, Q
from db.refi_qda_check import check
from db.store_articles import text_hash

MAX_QDE = 512 * 1024 * 1024
MAX_SOURCE = 2_147_483_647  # the spec's limit for an internal file


class ProjectImportError(errors.ChronolineError):
    """A .qdpx that cannot be imported; nothing was written."""


@dataclass(frozen=True)
class ProjectImport:
    """What an import added."""

    articles: int
    reused: int  # texts already in the database
    annotations: int
    skipped: int  # selections already present (same id)
    tags: int  # tags created
    other_sources: int = 0  # pictures, PDFs, audio, video: not imported


@dataclass
class _Source:
    id: str
    title: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    created: str = ""
    modified: str = ""


def import_project(store, path: str | os.PathLike[str]) -> ProjectImport:
    """Import a .qdpx into `store`: all of it in one transaction, or nothing."""
    p = Path(path)
    if not p.is_file():
        raise ProjectImportError(f"{p} does not exist or is not a file.")
    try:
        with zipfile.ZipFile(p) as zf:
            root = _project_root(zf, p.name)
            plan = _read(zf, root, p.name)
    except zipfile.BadZipFile:
        raise ProjectImportError(f"{p.name} is not a REFI-QDA project: a .qdpx is a zip archive, and this "
                                 "file is not one. Export the project again from the QDA program.") from None
    except OSError as exc:
        raise ProjectImportError(f"{p.name} cannot be read ({exc.strerror or exc}); nothing was imported.") from exc
    return _write(store, plan)


def _project_root(zf: zipfile.ZipFile, name: str):
    """The parsed and structurally checked project.qde of the archive."""
    from lxml import etree

    qde = [i for i in zf.infolist() if "/" not in i.filename and i.filename.lower().endswith(".qde")]
    exact = [i for i in qde if i.filename.lower() == "project.qde"]
    if not (exact or len(qde) == 1):
        raise ProjectImportError(f"{name} holds no project.qde, so it is not a REFI-QDA project; nothing was "
                                 "imported.")
    info = (exact or qde)[0]
    if info.file_size > MAX_QDE:
        raise ProjectImportError(f"{name}: project.qde is larger than 512 MB; nothing was imported.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(zf.read(info), parser)
    except etree.XMLSyntaxError as exc:
        raise ProjectImportError(f"{name}: project.qde is not well-formed XML ({exc}); nothing was imported.") from None
    problem = check(root)
    if problem:
        raise ProjectImportError(f"{name}: project.qde is not a REFI-QDA project ({problem}); nothing was imported.")
    return root


@dataclass
class _Plan:
    sources: list[_Source]
    codes: dict[str, tuple[str, str]]  # guid -> (name, colour)
    selections: list[dict]
    other_sources: int


def _read(zf: zipfile.ZipFile, root, name: str) -> _Plan:
    """Everything the project holds, checked: sources exist, selections lie inside their text."""
    users = {_id(u.get("guid")): u.get("name") or "" for u in root.iter(f"{Q}User")}
    codes = {_id(c.get("guid")): (_tag_name(c.get("name")), _color(c.get("color")))
             for c in root.iter(f"{Q}Code")}
    variables = {_id(v.get("guid")): v.get("name") for v in root.iter(f"{Q}Variable")}
    notes = {}
    for n in root.iter(f"{Q}Note"):
        notes[_id(n.get("guid"))] = _text_of(zf, n, name, f"note “{n.get('name') or n.get('guid')}”", raw=True)[0]
    members = {i.filename.lower(): i for i in zf.infolist()}
    sources, selections, other = [], [], 0
    for src in root.find(f"{Q}Sources") if root.find(f"{Q}Sources") is not None else ():
        if not isinstance(src.tag, str):  # a comment
            continue
        if src.tag != f"{Q}TextSource":
            other += 1
            continue
        title = src.get("name") or "Untitled"
        text, shift = _text_of(zf, src, name, f"source “{title}”", members)
        source = _Source(_id(src.get("guid")), title, text, created=src.get("creationDateTime") or "",
                         modified=src.get("modifiedDateTime") or "")
        for vv in src.findall(f"{Q}VariableValue"):
            var = variables.get(_id(vv.find(f"{Q}VariableRef").get("targetGUID")))
            value = next((c.text for c in vv if isinstance(c.tag, str) and c.tag != f"{Q}VariableRef"), None)
            if var in VARIABLES and value:
                source.meta[var] = value
        sources.append(source)
        for sel in src.findall(f"{Q}PlainTextSelection"):
            start, end = shift(int(sel.get("startPosition"))), shift(int(sel.get("endPosition")))
            if not 0 <= start < end <= len(text):
                raise ProjectImportError(
                    f"{name}: the selection “{sel.get('name') or sel.get('guid')}” runs from {sel.get('startPosition')}"
                    f" to {sel.get('endPosition')}: empty, or outside the text of “{title}” ({len(text):,} characters); "
                    "nothing was imported.")
            texts = [d.text or "" for d in sel.findall(f"{Q}Description")]
            texts += [notes.get(_id(r.get("targetGUID")), "") for r in sel.findall(f"{Q}NoteRef")]
            tags = [codes[g][0] for c in sel.findall(f"{Q}Coding")
                    if (g := _id(c.find(f"{Q}CodeRef").get("targetGUID"))) in codes]
            selections.append({
                "id": _id(sel.get("guid")), "source": source, "start": start, "end": end,
                "note": "\n\n".join(t for t in texts if t), "tags": list(dict.fromkeys(tags)),
                "author": users.get(_id(sel.get("creatingUser") or ""), ""),
                "created": sel.get("creationDateTime") or "", "modified": sel.get("modifiedDateTime") or "",
            })
    return _Plan(sources, codes, selections, other)


def _text_of(zf: zipfile.ZipFile, el, name: str, what: str, members: dict | None = None, *, raw: bool = False):
    """The plain text of a TextSource or Note (inline or `internal://` file), newlines made `\\n`
    (unless `raw`: a note is kept as written), and a function moving an offset of the file's text to
    the same place in the returned text."""
    inline = el.find(f"{Q}PlainTextContent")
    path = el.get("plainTextPath")
    if inline is not None:
        raw_text = inline.text or ""
    elif path:
        raw_text = _member_text(zf, path, name, what, members)
    else:
        raise ProjectImportError(f"{name}: the {what} has neither plain text nor a plainTextPath; nothing was "
                                 "imported.")
    return (raw_text, None) if raw else _normalise(raw_text)


def _member_text(zf: zipfile.ZipFile, path: str, name: str, what: str, members: dict | None) -> str:
    if not path.startswith("internal://"):
        raise ProjectImportError(f"{name}: the {what} lives outside the archive ({path}); export the project "
                                 "with its sources embedded. Nothing was imported.")
    wanted = f"sources/{path.removeprefix('internal://')}".lower()
    members = members if members is not None else {i.filename.lower(): i for i in zf.infolist()}
    info = members.get(wanted)
    if info is None:
        raise ProjectImportError(f"{name}: the {what} points at {path}, which the archive does not hold; "
                                 "nothing was imported.")
    if info.file_size > MAX_SOURCE:
        raise ProjectImportError(f"{name}: the {what} is larger than 2 GB; nothing was imported.")
    raw = zf.read(info)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ProjectImportError(f"{name}: the {what} ({path}) is not UTF-8 text as REFI-QDA requires; nothing "
                                 "was imported.") from None


def _normalise(raw: str):
    """Universal newlines, as every imported article has, with offsets moved to match."""
    if "\r" not in raw:
        return raw, lambda i: i
    dropped = []  # offsets (in `raw`) of the \r of each \r\n, which disappears
    i = raw.find("\r\n")
    while i != -1:
        dropped.append(i)
        i = raw.find("\r\n", i + 2)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return text, lambda k: k - bisect_left(dropped, k) if 0 <= k <= len(raw) else -1


def _write(store, plan: _Plan) -> ProjectImport:
    """Add what is new, in one transaction."""
    from db.dates import partial_from_value

    by_hash = store.articles.ids_by_hash([text_hash(s.text) for s in plan.sources]) if plan.sources else {}
    article_of: dict[int, str] = {}
    new_sources = []
    for s in plan.sources:
        known = by_hash.get(text_hash(s.text))
        if known is None:
            known = s.id if not store.articles.exists(s.id) else str(uuid.uuid4())
            by_hash[text_hash(s.text)] = known
            new_sources.append((s, known))
        article_of[id(s)] = known
    existing = store.annotations.existing_ids(sel["id"] for sel in plan.selections)
    tags_before = {t.name.casefold() for t in store.tags.all()}
    rows, seen = [], set(existing)
    texts = {id(s): s.text for s in plan.sources}
    for sel in plan.selections:
        if sel["id"] in seen:
            continue
        seen.add(sel["id"])
        anchor = make_anchor(texts[id(sel["source"])], sel["start"], sel["end"])
        stamp = now()
        rows.append({"id": sel["id"], "article_id": article_of[id(sel["source"])], "start": anchor.start,
                     "end": anchor.end, "exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
                     "note": sel["note"], "author": sel["author"], "tags": sel["tags"],
                     "created": sel["created"] or stamp, "modified": sel["modified"] or sel["created"] or stamp})
    used = {t.casefold() for r in rows for t in r["tags"]}
    with store.atomic():
        for s, aid in new_sources:
            published = _published(s.meta.get("Published", ""), partial_from_value)
            store.articles.add(s.title, s.text, source=s.meta.get("Source", ""), author=s.meta.get("Author", ""),
                              url=s.meta.get("URL", ""), published=published, article_id=aid,
                              filename=f"{s.title}.txt")
        for code_id, (name, color) in plan.codes.items():
            if name.casefold() in used and name.casefold() not in tags_before:
                store.tags.ensure(name, color or None, tag_id=code_id)
        if rows:
            store.annotations.add_many(rows)
    created = len({n.casefold() for n, _ in plan.codes.values()} & used - tags_before)
    return ProjectImport(articles=len(new_sources), reused=len(plan.sources) - len(new_sources),
                         annotations=len(rows), skipped=len(plan.selections) - len(rows), tags=created,
                         other_sources=plan.other_sources)


def _published(value: str, parse):
    if not value:
        return None
    estimate = value.endswith(" (estimate)")
    try:
        from dataclasses import replace

        return replace(parse(value.removesuffix(" (estimate)").strip()), estimate=estimate)
    except (ValueError, errors.ChronolineError):
        return None


def _id(value: str | None) -> str:
    """A GUID as Chronoline writes ids: lower case, without braces."""
    return (value or "").strip().strip("{}").lower()


def _tag_name(name: str | None) -> str:
    """A code name usable as a tag name (tags are `;`-separated in CSV files)."""
    return " ".join((name or "").replace(";", ",").split()) or "Unnamed code"


def _color(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) == 4:  # #abc
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper()

"""REFI-QDA project export (.qdpx): the exchange format of ATLAS.ti, MAXQDA, NVivo and QualCoder.

A .qdpx is a zip holding `project.qde` (QDA-XML, namespace `urn:QDA-XML:project:1.0`) and the
sources under `sources/`. Articles become TextSources whose plain text is `sources/<guid>.txt`
(UTF-8); tags become Codes with their colours; annotations become PlainTextSelections with a
Coding per tag and a NoteRef to a Note holding the note; authors become Users. Positions are
Unicode code points from the start of the text, end exclusive (the selection ends where its last
character ends) — Chronoline's own offsets. Events and article publication dates have no place in
the standard; the article's source, author, URL and publication date travel as text Variables.
A note holding a character XML 1.0 cannot carry (most control characters) is stored as a file of
its own (`plainTextPath`), so it travels exactly; in names such characters become U+FFFD.
The import is in `db.refi_qda_import`.
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from dataclasses import dataclass

from db.file_out import replacing
from db.wording import shorten

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
GUID_NAMESPACE = uuid.UUID("6f1c3c5e-9a57-4c0e-9a52-6b8f0e4c1a11")  # Chronoline's, for derived GUIDs
VARIABLES = ("Source", "Author", "URL", "Published")
_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
_RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ProjectCounts:
    """What an export wrote."""

    articles: int
    annotations: int
    tags: int


def guid(ident: str, kind: str = "") -> str:
    """A GUID for one of our ids: the id itself when it is a UUID, else one derived from it."""
    try:
        return str(uuid.UUID(ident))
    except ValueError:
        return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{ident}"))


def derived(*parts: str) -> str:
    """A stable GUID for something we have no id for (a coding, a note, a user)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts)))


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold (most control characters) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def stamp(value: str) -> str | None:
    """An xsd:dateTime, or None when the stored value is not one."""
    return value if value and _DATETIME.match(value) else None


def export_project(store, path: str | os.PathLike[str], *, name: str = "Chronoline project") -> ProjectCounts:
    """Write the whole project (articles, tags, annotations, users) as a .qdpx through a temporary file."""
    from lxml import etree

    summaries = store.articles.all()
    annotations = store.annotations.all()
    tags = store.tags.all()
    root = etree.Element(f"{Q}Project", nsmap={None: NS}, name=xml_text(name), origin="Chronoline")
    users = {a.author for a in annotations if a.author}
    if users:
        el = etree.SubElement(root, f"{Q}Users")
        for user in sorted(users):
            etree.SubElement(el, f"{Q}User", guid=derived("user", user), name=xml_text(user))
    if tags:
        codes = etree.SubElement(etree.SubElement(root, f"{Q}CodeBook"), f"{Q}Codes")
        for tag in tags:
            attrs = {"guid": guid(tag.id, "tag"), "name": xml_text(tag.name), "isCodable": "true"}
            if _RGB.match(tag.color or ""):
                attrs["color"] = tag.color
            etree.SubElement(codes, f"{Q}Code", attrs)
    variables = {v: derived("variable", v) for v in VARIABLES}
    el = etree.SubElement(root, f"{Q}Variables")
    for v, g in variables.items():
        etree.SubElement(el, f"{Q}Variable", guid=g, name=v, typeOfVariable="Text")
    tag_guids = {t.name.casefold(): guid(t.id, "tag") for t in tags}
    by_article: dict[str, list] = {}
    for a in annotations:
        by_article.setdefault(a.article_id, []).append(a)
    notes: list[tuple[str, object]] = []
    with replacing(path, ".qdpx") as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            sources = etree.SubElement(root, f"{Q}Sources") if summaries else None
            for summary in summaries:
                article = store.articles.get(summary.id)
                source_guid = guid(article.id, "article")
                zf.writestr(f"sources/{source_guid}.txt", article.text.encode("utf-8", "surrogatepass"))
                src = etree.SubElement(sources, f"{Q}TextSource", _dated(
                    {"guid": source_guid, "name": xml_text(article.title),
                     "plainTextPath": f"internal://{source_guid}.txt"}, article.created, article.modified))
                for ann in by_article.get(article.id, ()):
                    _selection(src, ann, tag_guids, notes)
                _values(src, article, variables)
            if notes:
                el = etree.SubElement(root, f"{Q}Notes")
                for note_guid, ann in notes:
                    note = etree.SubElement(el, f"{Q}Note", _dated(
                        {"guid": note_guid, "name": xml_text(f"Note on “{shorten(ann.exact, 60)}”")}, ann.created,
                        ann.modified, ann.author))
                    if _NOT_XML.search(ann.note):  # XML cannot hold it: the note goes in a file, exact
                        zf.writestr(f"sources/{note_guid}.txt", ann.note.encode("utf-8", "surrogatepass"))
                        note.set("plainTextPath", f"internal://{note_guid}.txt")
                    else:
                        etree.SubElement(note, f"{Q}PlainTextContent").text = ann.note
            zf.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8",
                                                      pretty_print=True))
    return ProjectCounts(len(summaries), len(annotations), len(tags))


def _selection(src, ann, tag_guids: dict[str, str], notes: list) -> None:
    """One PlainTextSelection with its codings and note reference (children in the schema's order)."""
    from lxml import etree

    attrs = {"guid": guid(ann.id, "annotation"), "name": xml_text(shorten(ann.exact, 60)),
             "startPosition": str(ann.start), "endPosition": str(ann.end)}
    sel = etree.SubElement(src, f"{Q}PlainTextSelection", _dated(attrs, ann.created, ann.modified, ann.author))
    for tag in ann.tags:
        tag_guid = tag_guids.get(tag.casefold())
        if tag_guid:
            coding = etree.SubElement(sel, f"{Q}Coding", _dated({"guid": derived("coding", ann.id, tag_guid)},
                                                                ann.created, "", ann.author, with_modified=False))
            etree.SubElement(coding, f"{Q}CodeRef", targetGUID=tag_guid)
    if ann.note:
        note_guid = derived("note", ann.id)
        etree.SubElement(sel, f"{Q}NoteRef", targetGUID=note_guid)
        notes.append((note_guid, ann))


def _values(src, article, variables: dict[str, str]) -> None:
    """The article's metadata as VariableValues (after the selections, as the schema orders them)."""
    from lxml import etree

    published = article.published.value + (" (estimate)" if article.published.estimate else "") \
        if article.published else ""
    for name, value in zip(VARIABLES, (article.source, article.author, article.url, published), strict=True):
        if value:
            el = etree.SubElement(src, f"{Q}VariableValue")
            etree.SubElement(el, f"{Q}VariableRef", targetGUID=variables[name])
            etree.SubElement(el, f"{Q}TextValue").text = xml_text(value)


def _dated(attrs: dict[str, str], created: str, modified: str, user: str = "", *,
           with_modified: bool = True) -> dict[str, str]:
    """`attrs` with the creating/modifying user and times the schema allows, where they are valid."""
    if user:
        attrs["creatingUser"] = derived("user", user)
    if stamp(created):
        attrs["creationDateTime"] = created
    if with_modified:
        if user:
            attrs["modifyingUser"] = derived("user", user)
        if stamp(modified):
            attrs["modifiedDateTime"] = modified
    return attrs

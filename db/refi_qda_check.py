"""A structural check of a REFI-QDA project.qde, written for what the import reads.

It stands in for validating against the published schema (which Chronoline does not ship): the
root is a QDA-XML `Project`; the elements the import walks through hold only the elements the
standard allows there; every GUID the import uses has GUID form; each text source and note has its
text; selections have non-negative integer positions; each coding points at a code of the project;
dates and colours have the standard's form. `check` returns what is wrong, in a few words, or None.
"""

from __future__ import annotations

import re

from db.refi_qda import NS, Q
from db.wording import shorten

_HEX4 = "[0-9a-fA-F]{4}"
_UUID = f"[0-9a-fA-F]{{8}}-{_HEX4}-{_HEX4}-{_HEX4}-[0-9a-fA-F]{{12}}"
_GUID = re.compile(rf"{_UUID}|\{{{_UUID}\}}")
_POSITION = re.compile("[0-9]{1,15}")
_DATETIME = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?")
_RGB = re.compile("#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")

_TEXT_PARTS = {"Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef", "VariableValue"}
_ALLOWED = {  # element -> the elements the standard allows inside it (only where the import reads)
    "Project": {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                "Description", "NoteRef"},
    "Users": {"User"},
    "CodeBook": {"Codes"},
    "Codes": {"Code"},
    "Code": {"Description", "NoteRef", "Code"},
    "Variables": {"Variable"},
    "Sources": {"TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource"},
    "Notes": {"Note"},
    "TextSource": _TEXT_PARTS,
    "Note": _TEXT_PARTS,
    "PlainTextSelection": {"Description", "Coding", "NoteRef"},
    "Coding": {"CodeRef", "NoteRef"},
    "VariableValue": {"VariableRef", "TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
                      "DateTimeValue"},
}
_ONCE = {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description",
         "Codes", "PlainTextContent", "CodeRef", "VariableRef"}
_GUID_ATTRS = ("guid", "targetGUID", "creatingUser", "modifyingUser")


def check(root) -> str | None:
    """What makes `root` (a parsed project.qde) unfit to import, in a few words; None when it is fit."""
    if _local(root.tag) != "Project":
        return f"its root element is <{_local(root.tag)}>, not <Project>"
    if root.tag != f"{Q}Project":
        return f"its root <Project> is not in the QDA-XML namespace {NS}"
    return _structure(root) or _attributes(root) or _references(root)


def _structure(root) -> str | None:
    """Only the elements the standard allows, where the import reads; each single part once."""
    todo = [root]
    while todo:
        el = todo.pop()
        name = _local(el.tag)
        allowed = _ALLOWED.get(name)
        if allowed is None:
            continue
        seen: set[str] = set()
        for child in _children(el):
            if not child.tag.startswith(Q):
                return f"<{name}> holds a <{_local(child.tag)}> from outside the QDA-XML namespace"
            part = _local(child.tag)
            if part not in allowed:
                return f"<{name}> holds a <{part}>, which the standard does not allow there"
            if part in _ONCE and part in seen:
                return f"<{name}> holds more than one <{part}>"
            seen.add(part)
            todo.append(child)
        if name == "Coding" and "CodeRef" not in seen:
            return f"a <Coding> (GUID {el.get('guid')}) has no <CodeRef>"
        if name == "VariableValue" and "VariableRef" not in seen:
            return "a <VariableValue> has no <VariableRef>"
    return None


def _attributes(root) -> str | None:
    """GUIDs, texts, positions, dates and colours in the form the standard gives them."""
    for kind in ("User", "Code", "Variable", "Note", "TextSource", "PlainTextSelection", "Coding"):
        for el in root.iter(f"{Q}{kind}"):
            if el.get("guid") is None:
                return f"a <{kind}> has no guid"
    for el in root.iter(*(f"{Q}{k}" for k in _ALLOWED), f"{Q}User", f"{Q}Variable", f"{Q}CodeRef",
                        f"{Q}NoteRef", f"{Q}VariableRef"):
        for attr in _GUID_ATTRS:
            value = el.get(attr)
            if value is not None and not _GUID.fullmatch(value.strip()):
                return f"the {attr} “{shorten(value, 40)}” of a <{_local(el.tag)}> is not a GUID"
        for attr in ("creationDateTime", "modifiedDateTime"):
            value = el.get(attr)
            if value is not None and not _DATETIME.fullmatch(value.strip()):
                return f"the {attr} “{shorten(value, 40)}” of a <{_local(el.tag)}> is not a date and time"
        if el.tag in (f"{Q}CodeRef", f"{Q}NoteRef", f"{Q}VariableRef") and el.get("targetGUID") is None:
            return f"a <{_local(el.tag)}> has no targetGUID"
    for el in root.iter(f"{Q}TextSource", f"{Q}Note"):
        if el.find(f"{Q}PlainTextContent") is None and not el.get("plainTextPath"):
            return f"the <{_local(el.tag)}> “{shorten(el.get('name') or el.get('guid'), 40)}” has neither " \
                   "<PlainTextContent> nor a plainTextPath"
    for el in root.iter(f"{Q}PlainTextSelection"):
        for attr in ("startPosition", "endPosition"):
            value = el.get(attr)
            if value is None or not _POSITION.fullmatch(value.strip()):
                shown = "is missing" if value is None else f"is “{shorten(value, 40)}”, not a whole number of 0 or more"
                return f"the {attr} of the selection {el.get('guid')} {shown}"
    for el in root.iter(f"{Q}Code"):
        color = el.get("color")
        if color is not None and not _RGB.fullmatch(color.strip()):
            return f"the code “{shorten(el.get('name'), 40)}” has the colour “{shorten(color, 40)}”, not #RRGGBB"
    return None


def _references(root) -> str | None:
    """Every coding points at a code of the project; no two codes or text sources share a GUID."""
    for kind in ("Code", "TextSource"):
        seen: set[str] = set()
        for el in root.iter(f"{Q}{kind}"):
            if (g := _norm(el.get("guid"))) in seen:
                return f"two <{kind}> elements share the GUID {g}"
            seen.add(g)
    codes = {_norm(el.get("guid")) for el in root.iter(f"{Q}Code")}
    for ref in root.iter(f"{Q}CodeRef"):
        if ref.getparent().tag == f"{Q}Coding" and _norm(ref.get("targetGUID")) not in codes:
            return f"a coding points at the code {ref.get('targetGUID').strip()}, which the project does not define"
    return None


def _children(el):
    """The child elements of `el`, without comments and processing instructions."""
    return [c for c in el if isinstance(c.tag, str)]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _norm(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()

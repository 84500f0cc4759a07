"""W3C Web Annotation export: the collection's shape, selectors in code points, and the 54 MUST
assertions of the W3C test suite (run from ../shared when it is there)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import errors
from db.export_w3c import CONTEXT, article_source, export_w3c, resource_iri

SUITE = Path(__file__).resolve().parents[2] / "shared" / "interop" / "w3c-web-annotation-tests"
URDU = "پاکستان کی فوج نے شمالی وزیرستان میں آپریشن شروع کیا۔ "
TEXT = "Live 🚀🛰️ report. " + URDU + "The army said the operation began in North Waziristan."


def _export(store, tmp_path) -> dict:
    out = tmp_path / "a.jsonld"
    export_w3c(store, out)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def annotated(memory_store):
    art = memory_store.articles.add("Operation", TEXT, source="Wire")
    start = TEXT.index("army")
    tagged = memory_store.annotations.add(art.id, start, start + 4, note="who acts", tags=["Army", "Actors"],
                                         author="ayesha")
    plain = memory_store.annotations.add(art.id, TEXT.index("North"), TEXT.index("North") + 16)
    return memory_store, art, tagged, plain


def test_a_collection_holds_one_annotation_per_annotation(annotated, tmp_path):
    store, art, tagged, plain = annotated
    doc = _export(store, tmp_path)
    assert doc["@context"] == CONTEXT and doc["type"] == "AnnotationCollection" and doc["total"] == 2
    page = doc["first"]
    assert page["type"] == "AnnotationPage" and page["partOf"] == doc["id"] and page["startIndex"] == 0
    assert [a["id"] for a in page["items"]] == [f"urn:uuid:{tagged.id}", f"urn:uuid:{plain.id}"]


def test_target_selectors_bodies_and_provenance(annotated, tmp_path):
    store, art, tagged, _ = annotated
    first = _export(store, tmp_path)["first"]["items"][0]
    assert first["type"] == "Annotation" and first["motivation"] == "commenting"
    target = first["target"]
    assert target["type"] == "SpecificResource" and target["source"] == f"urn:uuid:{art.id}"
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "army", "prefix": tagged.prefix, "suffix": tagged.suffix}
    assert position == {"type": "TextPositionSelector", "start": tagged.start, "end": tagged.end}
    assert first["body"] == [
        {"type": "TextualBody", "value": "who acts", "format": "text/plain", "purpose": "commenting"},
        {"type": "TextualBody", "value": "Army", "purpose": "tagging"},
        {"type": "TextualBody", "value": "Actors", "purpose": "tagging"},
    ]
    assert first["creator"] == {"type": "Person", "name": "ayesha"}
    assert first["created"] == tagged.created and first["modified"] == tagged.modified


def test_positions_count_code_points_after_emoji_and_urdu(annotated, tmp_path):
    store, *_ = annotated
    for ann in _export(store, tmp_path)["first"]["items"]:
        quote, position = ann["target"]["selector"]
        assert TEXT[position["start"]:position["end"]] == quote["exact"]
    # Python's str counts code points: 🚀 is one, not two UTF-16 units; the Urdu letters one each
    assert TEXT.index("army") == len("Live 🚀🛰️ report. ") + len(URDU) + len("The ")


def test_an_annotation_without_note_or_tag_is_a_highlight_without_body(annotated, tmp_path):
    store, *_ = annotated
    second = _export(store, tmp_path)["first"]["items"][1]
    assert second["motivation"] == "highlighting" and "body" not in second


def test_the_article_url_is_the_source_when_known(annotated, tmp_path):
    store, art, *_ = annotated
    store.articles.update(art.id, url="https://example.org/news/1")
    assert _export(store, tmp_path)["first"]["items"][0]["target"]["source"] == "https://example.org/news/1"
    assert article_source("x", "not a url") == resource_iri("article", "x").replace("tag:", "tag:")
    assert resource_iri("annotation", "plain id").startswith("tag:")


def test_an_export_to_a_folder_is_refused(memory_store, tmp_path):
    with pytest.raises(errors.ChronolineError, match="folder"):
        export_w3c(memory_store, tmp_path)


def test_the_cli_infers_the_format_from_jsonld(annotated, tmp_path, capsys):
    from db.cli import main
    from db.store import Store

    path = tmp_path / "db.sqlite3"
    with Store(path) as s:
        a = s.articles.add("T", TEXT)
        s.annotations.add(a.id, 0, 4)
    assert main(["--db", str(path), "export", "annotations", str(tmp_path / "x.jsonld")]) == 0
    assert json.loads((tmp_path / "x.jsonld").read_text(encoding="utf-8"))["total"] == 1
    assert main(["--db", str(path), "export", "annotations", str(tmp_path / "y.json"), "--format", "w3c"]) == 0
    assert main(["--db", str(path), "export", "events", str(tmp_path / "z.jsonld")]) == 1
    assert "annotations" in capsys.readouterr().err


# --- the W3C test suite ---------------------------------------------------------------------------

def _must_validators():
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    if not SUITE.is_dir():
        pytest.skip(f"validation against the W3C suite needs {SUITE} (the shared interop folder)")
    resources = []
    for f in sorted((SUITE / "definitions").glob("*.json")):
        schema = json.loads(f.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource(contents=schema, specification=DRAFT4)))
    registry = Registry().with_resources(resources)
    listed = json.loads((SUITE / "annotations" / "annotationMusts.test").read_text(encoding="utf-8"))["assertions"]
    out = []
    for rel in listed:
        schema = json.loads((SUITE / rel).read_text(encoding="utf-8"))
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid"
        out.append((rel, jsonschema.Draft4Validator(schema, registry=registry)))
    return out


def test_every_annotation_passes_the_54_must_assertions_of_the_w3c_suite(annotated, tmp_path):
    store, art, *_ = annotated
    b = store.articles.add("Second", "A note: <b>bold</b> & \"quoted\" text\nwith a newline.", source="x")
    store.articles.update(b.id, url="https://example.org/a?b=c&d=e")
    store.annotations.add(b.id, 0, 6, note="", tags=["=1+1"], author="")
    validators = _must_validators()
    assert len(validators) == 54
    items = _export(store, tmp_path)["first"]["items"]
    assert len(items) == 3
    failures = [(rel, ann["id"], err.message) for ann in items for rel, v in validators for err in v.iter_errors(ann)]
    assert failures == []


def test_the_suite_catches_a_broken_annotation():
    """The harness is not vacuous: an annotation without @context or target fails assertions."""
    validators = _must_validators()
    broken = {"id": "urn:uuid:0b4b7c8e-3c59-4e52-b1c1-5c3d1e3a9f00", "type": "Annotation"}
    failed = {rel for rel, v in validators if not v.is_valid(broken)}
    assert "annotations/3.1-annotationContextValidated.json" in failed
    assert "annotations/3.1-targetKeyFound.json" in failed

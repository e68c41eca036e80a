"""The macros that pages call, as plain functions over the project.

The build adapter (kehoach.mkdocs_plugin) registers them with mkdocs-macros; the checker renders the plan
pages with the very same functions to hold them to the official text without a build
(textlock.lock_sources). Fragments of HTML and Markdown come from the Jinja templates in
overrides/macros/.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, TypeVar

from . import collection, printing, publish, reports, templates, tracking, units, views
from .model import Project, Report, UnknownId
from .pages import Page

T = TypeVar("T")

# What the first argument of a macro names, by the name of that parameter (the checker looks it up).
ID_PARAMETERS = {"doc_id": "documents", "section_id": "parts"}


def unit_page(project: Project, pages: list[Page], unit_id: str) -> str:
    """The Markdown of a unit's page (don-vi/<id>.md): where it belongs, then for each document that gives
    it work (grouped by document when there are several) its items quoted, its duties, where that document
    asks it to report, its reports."""
    unit = project.units[unit_id]
    return (
        templates.environment(project.root)
        .get_template("unit_page.md")
        .render(
            unit=unit,
            parent=project.units.get(unit.parent) if unit.parent else None,
            members=[u for u in project.units.values() if u.parent == unit_id],
            paged={u.id for u in units.paged_units(project)},
            parts=[_unit_part(view, pages, unit_id) for view in units.documents_of(project, unit_id)],
            report_href=report_href,
        )
    )


def _unit_part(view: Project, pages: list[Page], unit_id: str) -> SimpleNamespace:
    """What one document asks of a unit, for its page."""
    pages_by_id = views.page_of_parts(collection.own_pages(view, pages))
    return SimpleNamespace(
        project=view,
        plan=view.plan,
        issuer=view.units.get(view.plan.issuer),
        opening=collection.path_in(view, collection.OPENING_PAGE),
        lines=units.reporting_lines(view, unit_id),
        reporters=units.reporters_to(view, unit_id),
        items=[
            {
                "assignment": a,
                "place": views.place(view, pages_by_id, a.citation_id),
                "quotes": units.quoted_parts(view, a.citation_id),
            }
            for a in units.assignments(view, unit_id)
        ],
        duties=units.duties(view, unit_id),
        reports=units.reports_of(view, unit_id),
        pages_by_id=pages_by_id,
    )


def tracking_markdown(project: Project, pages: list[Page], documents: list[Project]) -> str:
    """The tracking register of `documents` (views of the published documents, newest first): every
    document's on /theo-doi/, one document's on its own tracking page."""
    tracked = tracking.tracked_units(project, documents)
    return templates.render(
        project.root,
        "tracking_register.md",
        any_report=any(view.reports for view in documents),
        tracked_units=tracked,
        totals=tracking.totals(documents, tracked),
        duty_states=[(view, state) for view in documents for state in tracking.duty_states(view, reports.as_of())],
        unit_page=units.page_path,
        tracking_page=tracking.page_path,
        unperiodic=[d for view in documents for d in tracking.periodic_without_period(view)],
        pages_by_id={view.document_id: views.page_of_parts(collection.own_pages(view, pages)) for view in documents},
        opening=lambda view: "/" + collection.path_in(view, collection.OPENING_PAGE),
        several=len(documents) > 1,
        kind=documents[0].plan.kind if documents else "",
    )


def document_tracking_page(project: Project, pages: list[Page], doc_id: str) -> str:
    """The Markdown of a document's own tracking page (theo-doi/<id>.md): the units that document asks to
    report, their items and latest reports, its periodic duties; the same register as /theo-doi/ with
    that document alone."""
    view = project.views[doc_id]
    return templates.render(
        project.root,
        "document_tracking.md",
        plan=view.plan,
        opening=collection.path_in(view, collection.OPENING_PAGE),
        register=tracking_markdown(project, pages, [view]),
    )


def report_href(report: Report, from_dir: str = "") -> str | None:
    """The link to a report's file, relative to a page in `from_dir` of docs/ ("" or "don-vi/")."""
    if not report.file:
        return None
    depth = from_dir.count("/")
    return "../" * depth + report.file.lstrip("/")


class MacroError(Exception):
    """A macro cannot produce its words: the message says which id or datum is missing."""


def page_macros(
    project: Project,
    pages: list[Page],
    *,
    current_page: Callable[[], str | None] = lambda: None,
    render_markdown: Callable[[str], str] | None = None,
) -> dict[str, Callable[..., str]]:
    """Name -> function of every macro. `current_page` gives the docs/ path being rendered: a page in a
    document's folder sees that document (collection.view_of); `render_markdown` renders Markdown that
    holds macros (print_plan needs it). Links are written from the top of docs/ ("/…md"): MkDocs makes
    them relative to the page (validation.links.absolute_links: relative_to_docs)."""

    def view() -> Project:
        return collection.view_of(project, current_page())

    def own_pages_by_id(document: Project | None = None) -> dict[str, str]:
        """Citation id -> the page of the document (by default, the current page's) that holds it."""
        return views.page_of_parts(collection.own_pages(document or view(), pages))

    def render(template: str, **data: Any) -> str:
        return templates.render(project.root, template, project=view(), **data)

    def lookup(getter: Callable[[str], T], wanted: str | None) -> T:
        try:
            return getter(str(wanted))  # None: «None» is named as the missing id
        except UnknownId as error:
            raise MacroError(str(error)) from None

    def doc_number(doc_id: str) -> str:
        """The number of a cited document, linked to its entry: 43-NQ/TW."""
        doc = lookup(project.document, doc_id)
        if not doc.number:
            raise MacroError(f"văn bản «{doc_id}» không có số hiệu trong data/documents/{doc_id}.yml; dùng doc_link")
        return f"[{templates.markdown_text(doc.number)}]({collection.REGISTER_PAGE}#{doc.id})"

    def doc_date(doc_id: str) -> str:
        """The date of issue of a cited document as the plan writes it: 24/11/2023."""
        doc = lookup(project.document, doc_id)
        if not doc.date_text:
            raise MacroError(f"văn bản «{doc_id}» chưa có ngày ban hành (date) trong data/documents/{doc_id}.yml")
        return templates.markdown_text(doc.date_text)

    def doc_link(doc_id: str, words: str) -> str:
        """The plan's own words for a document, linked to its entry in the register."""
        doc = lookup(project.document, doc_id)
        return f"[{words}]({collection.REGISTER_PAGE}#{doc.id})"

    def clause(doc_id: str, section_id: str, words: str | None = None) -> str:
        """A clause of another document, in the text's words (by default "mục III.2 Kế hoạch số 32-KH/ĐU"),
        linked to that clause when the document is published here, else to its entry in the register."""
        doc = lookup(project.document, doc_id)
        target = project.views.get(doc_id)
        if target is None:  # not published here: the clause cannot be opened; its number and date are shown
            dated = collection.clause_words(doc, section_id) + (f", ngày {doc.date_text}" if doc.date_text else "")
            return f"[{templates.markdown_text(words or dated)}]({collection.REGISTER_PAGE}#{doc.id})"
        lookup(target.part, section_id)
        page = views.page_of_parts(collection.own_pages(target, pages)).get(section_id)
        href = f"{page}#{section_id}" if page else f"{collection.REGISTER_PAGE}#{doc.id}"
        return f"[{templates.markdown_text(words or collection.clause_words(doc, section_id))}]({href})"

    def plan_header() -> str:
        """The opening block of the document as the official format lays it out, from data; under it, the
        documents it implements, those that implement it and its tracking page (site furniture, not
        printed)."""
        current = view()
        plan = current.plan
        header = render(
            "plan_header.html",
            plan=plan,
            issuer=lookup(current.header_name, plan.issuer),
            superior=lookup(current.header_name, plan.superior),
            party=current.header_name(current.top_unit(plan.issuer).id),
            status=views.status_line(current, plan),
        )
        implements, implemented_by = collection.relations(current)
        relations = render(
            "document_relations.md",
            implements=[{"doc": doc, "href": collection.document_href(current, doc)} for doc in implements],
            implemented_by=[{"doc": doc, "href": collection.document_href(current, doc)} for doc in implemented_by],
            label=plan.label,
            tracking="/" + tracking.page_path(current.document_id),
        ).strip()
        return f"{header}\n\n{relations}"

    def section_contents(section_id: str) -> str:
        """The list of the items of a section, each linked to the page that holds it."""
        if collection.is_print_page(current_page()):
            return ""  # on the whole-plan page the items follow at once: no list of links to other pages
        section = lookup(view().part, section_id)
        return render("section_contents.md", section=section, pages_by_id=own_pages_by_id())

    def documents_register() -> str:
        """The "Văn bản liên quan" page: each document's attributes, the chain, where it is cited."""
        return render("documents_register.md", rows=views.documents_view(view(), pages), chain=views.chain(view()))

    def documents_list() -> str:
        """The home page: the published documents, newest first, with links to read, print and download."""
        offered = publish.announced_downloads(os.environ)  # as the download buttons: kh-downloads.html
        return render(
            "documents_list.md", rows=collection.home_rows(project), downloads=printing.downloads, offered=offered
        )

    def published_documents() -> str:
        """The published documents by name, newest first, each linked to its opening: "Kế hoạch số
        32-KH/ĐU", or "Kế hoạch số 45-KH/ĐU và Kế hoạch số 32-KH/ĐU". For the pages of the whole
        collection, whose words stay true when a document is added."""
        names = [
            f"[{templates.markdown_text(view.plan.label)}](/{collection.path_in(view, collection.OPENING_PAGE)})"
            for view in collection.newest_first(project)
        ]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]

    def units_register() -> str:
        """The "Đơn vị" page: the units as a tree, each linked to its own page when it has work, with the
        items each published document gives it."""
        documents = [(view, own_pages_by_id(view)) for view in collection.newest_first(project)]

        def assigned(unit_id: str) -> list[tuple[Project, list[views.Place]]]:
            """The places each document gives the unit, for the documents that give it any."""
            by_document = [
                (document, [views.place(document, by_id, a.citation_id) for a in units.assignments(document, unit_id)])
                for document, by_id in documents
            ]
            return [(document, places) for document, places in by_document if places]

        nodes = [
            (SimpleNamespace(unit=node.unit, page=node.page, assigned=assigned(node.unit.id)), depth)
            for node, depth in units.walk_with_depth(units.tree(project))
        ]
        return render("units_register.md", nodes=nodes, unit_page=units.page_path, several=len(documents) > 1)

    def tracking_register() -> str:
        """The "Theo dõi thực hiện" page: each unit's items with their latest report, under each document
        that asks it to report; the totals by document; periodic duties."""
        return tracking_markdown(project, pages, collection.newest_first(project))

    def deadlines_register() -> str:
        """The "Mốc thời gian" page: the plan's time points and duties, in order."""
        return render("deadlines_register.md", rows=views.collection_deadlines_view(project, pages))

    def print_plan() -> str:
        """The whole document on one page for printing: its pages' own Markdown, macros rendered."""
        if render_markdown is None:
            raise MacroError("print_plan chỉ dùng được khi dựng trang")
        return "\n\n".join(render_markdown(markdown) for markdown in printing.print_markdown(view(), pages))

    def amendments_history() -> str:
        """The "Lịch sử cập nhật" page: the recorded amendments of each published document, newest
        first, or that there is none."""
        documents = [
            SimpleNamespace(
                project=view,
                plan=view.plan,
                rows=views.amendments_view(view, collection.own_pages(view, pages)),
            )
            for view in collection.newest_first(project)
        ]
        return render("amendments_history.md", documents=documents, several=len(documents) > 1)

    return {
        function.__name__: function
        for function in (
            doc_number,
            doc_date,
            doc_link,
            clause,
            plan_header,
            section_contents,
            documents_register,
            documents_list,
            published_documents,
            units_register,
            deadlines_register,
            print_plan,
            amendments_history,
            tracking_register,
        )
    }


def macro_arguments(project: Project, pages: list[Page]) -> dict[str, str | None]:
    """Name -> what its first argument names ("documents", "parts"; None: no id) of every macro a
    page may call: the checker's list (KH501, KH502) is the macros themselves, never a copy."""
    result: dict[str, str | None] = {}
    for name, function in page_macros(project, pages).items():
        first = next(iter(inspect.signature(function).parameters), None)
        result[name] = ID_PARAMETERS.get(first) if first else None
    return result

"""The collection: which pages belong to which published document, and what the site shows of the whole.

A published document is a folder of docs/ named by its registry id (docs/<id>/); its official text is
data/<text>.txt (the registry's key `text`). Pages outside those folders (the units, the registers) are
the collection's own. Plain functions over the model; the build adapter and the macros call them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from . import templates
from .model import Document, Project
from .pages import Page
from .plantext import OPENING_ID, citation_label

OPENING_PAGE = "index.md"  # a document's opening page, in its folder
PRINT_PAGE = "ban-in.md"  # a document's print page, in its folder
REGISTER_PAGE = "/van-ban-lien-quan.md"  # the registry's overview, from the top of docs/
MENU_KEY = "menu"  # front matter: the short title of a page in the menu


def document_of(path: str) -> str | None:
    """The folder a docs/ path is in (the id of a document, when it is one), or None at the top."""
    head, slash, _ = path.partition("/")
    return head if slash else None


def view_of(project: Project, path: str | None) -> Project:
    """The view of the document a docs/ page belongs to; the given view for a page of the collection."""
    folder = document_of(path or "")
    return project.views.get(folder, project) if folder else project


def own_pages(project: Project, pages: list[Page]) -> list[Page]:
    """The pages of the document `project` shows: those under docs/<id>/."""
    prefix = f"{project.document_id}/"
    return [page for page in pages if page.path.startswith(prefix)]


def shared_pages(project: Project, pages: list[Page]) -> list[Page]:
    """The collection's own pages: outside every published document's folder. A page that carries a
    document's words in a folder that is no published document's belongs to none (KH510 says so)."""
    return [
        page
        for page in pages
        if document_of(page.path) is None
        or (document_of(page.path) not in project.views and not carries_a_document(page))
    ]


def carries_a_document(page: Page) -> bool:
    """The page publishes words of a document: parts of it, its opening, or the whole (a print page)."""
    from .pages import front_matter
    from .textlock import is_whole_plan

    return bool(page.plan_part_ids()) or is_whole_plan(front_matter(page.markdown))


def pages_for_checks(project: Project, pages: list[Page]) -> list[Page]:
    """What the checks of one document read: its own pages, and the collection's."""
    return own_pages(project, pages) + shared_pages(project, pages)


def path_in(project: Project, name: str) -> str:
    """The docs/ path of the file `name` of a document's folder."""
    return f"{project.document_id}/{name}"


def is_print_page(path: str | None) -> bool:
    return bool(path) and document_of(path or "") is not None and (path or "").endswith("/" + PRINT_PAGE)


def clause_words(doc: Document, citation_id: str) -> str:
    """A clause of a document named as a text names it: "mục III.2 Kế hoạch số 32-KH/ĐU"."""
    label = citation_label(citation_id)
    label = label[0].lower() + label[1:]
    return f"{label} {doc.label}"


@dataclass(frozen=True)
class Backlink:
    """A clause of `citing` (a published document) that cites the clause `cited` of another."""

    cited_document: str
    cited: str  # citation id
    citing_document: str
    citing: str  # citation id
    page: str  # docs/ path of the citing page

    def words(self, project: Project) -> str:
        return clause_words(project.documents[self.citing_document], self.citing)

    @property
    def href(self) -> str:
        return f"/{self.page}#{self.citing}"


def backlinks(project: Project, pages: list[Page]) -> dict[tuple[str, str], list[Backlink]]:
    """(document id, citation id) -> the clauses of other published documents that cite it with the
    macro clause(), in the order of the citing documents and their pages. Never typed by hand."""
    found: dict[tuple[str, str], list[Backlink]] = {}
    for view in project.views.values():
        for page in own_pages(view, pages):
            for part in page.parts:
                for call in part.macros:
                    if call.name != "clause" or len(call.args) < 2:
                        continue
                    target, cited = call.args[0], call.args[1]
                    if target == view.document_id or target not in project.views:
                        continue
                    link = Backlink(target, cited, view.document_id, part.id, page.path)
                    if link not in found.setdefault((target, cited), []):
                        found[(target, cited)].append(link)
    return found


def implemented_by(project: Project, doc_id: str) -> list[Document]:
    """The documents of the registry that say they implement `doc_id`."""
    return [doc for doc in project.documents.values() if doc_id in doc.implements]


def relations(project: Project) -> tuple[list[Document], list[Document]]:
    """The documents the document `project` shows implements (in its entry's order), and those that
    implement it (newest first): from the registry's `implements`, never typed by hand."""
    implements = [project.documents[doc_id] for doc_id in project.plan.implements if doc_id in project.documents]
    by = implemented_by(project, project.document_id)
    return implements, sorted(by, key=lambda doc: (doc.date or dt.date.min, doc.id), reverse=True)


def document_href(project: Project, doc: Document) -> str:
    """Where a link to a document goes, from the top of docs/: its opening when it is published here,
    else its entry on the registry's overview."""
    if doc.id in project.views:
        return f"/{doc.id}/{OPENING_PAGE}"
    return f"{REGISTER_PAGE}#{doc.id}"


def newest_first(project: Project) -> list[Project]:
    """The views of the published documents, newest first (by date of issue, then id): the order of the
    home page, and of every page that groups by document."""
    return sorted(project.views.values(), key=lambda view: (view.plan.date or dt.date.min, view.plan.id), reverse=True)


def home_rows(project: Project) -> list[dict[str, Any]]:
    """The published documents, newest first, with what the home page shows of each."""
    rows = []
    for view in newest_first(project):
        doc = view.plan
        issuer = project.units.get(doc.issuer)
        rows.append(
            {
                "document": doc,
                "issuer": issuer.name if issuer else None,
                "opening": f"/{path_in(view, OPENING_PAGE)}",
                "print": f"/{path_in(view, PRINT_PAGE)}",
                "text": doc.text,
            }
        )
    return rows


def menu_title(view: Project, page: Page) -> str:
    """A page's title in the menu: its `menu` front matter, else the label and words of its first part."""
    from .pages import front_matter

    menu = front_matter(page.markdown).get(MENU_KEY)
    if isinstance(menu, str) and menu.strip():
        return menu.strip()
    part = view.official.part(page.part_ids()[0]) if page.part_ids() else None
    return f"{part.label} {part.text}" if part else page.path


def document_nav(project: Project, pages: list[Page]) -> list[dict[str, Any]]:
    """The menu of every published document, from its pages: the opening, its parts in the text's order
    (a page of a sub-section under the page of its section), the print page. Titles are the pages'
    `menu` front matter, else their first heading."""
    entries = []
    for view in project.views.values():
        own = {page.path: page for page in own_pages(view, pages)}
        order = {cid: i for i, cid in enumerate([OPENING_ID, *view.citation_ids])}

        parted = sorted(
            (page for page in own.values() if page.plan_part_ids() and not page.path.endswith("/" + PRINT_PAGE)),
            key=lambda p: order.get(p.plan_part_ids()[0], len(order)),
        )
        items: list[Any] = []
        groups: dict[str, list[Any]] = {}
        for page in parted:
            first = page.plan_part_ids()[0]
            entry = {menu_title(view, page): page.path}
            if first == OPENING_ID:
                items.append(entry)
                continue
            section = "-".join(first.split("-")[:2])
            if first == section:
                group: list[Any] = [entry]
                groups[section] = group
                items.append(group)
            elif section in groups:
                groups[section].append(entry)
            else:
                items.append(entry)
        menu: list[Any] = []
        for item in items:
            if isinstance(item, list) and len(item) > 1:
                head_title = next(iter(item[0]))
                menu.append(
                    {head_title: [{"Các mục của phần " + head_title.split(".")[0]: item[0][head_title]}, *item[1:]]}
                )
            elif isinstance(item, list):
                menu.append(item[0])
            else:
                menu.append(item)
        print_path = path_in(view, PRINT_PAGE)
        if print_path in own:
            menu.append({"Bản in": print_path})
        entries.append({view.plan.label: menu})
    return entries


class _ElementEnds(HTMLParser):
    """Where each element with a wanted id ends, as a parser reads it: (tag, offset of its end tag)."""

    def __init__(self, wanted: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.wanted = wanted
        self.open: list[tuple[str, str | None]] = []  # (tag, wanted id or None)
        self.ends: dict[str, tuple[str, tuple[int, int]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        element_id = dict(attrs).get("id")
        self.open.append((tag, element_id if element_id in self.wanted else None))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            open_tag, element_id = self.open.pop()
            if element_id and element_id not in self.ends:
                self.ends[element_id] = (open_tag, self.getpos())
            if open_tag == tag:
                return


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _offset(html: str, position: tuple[int, int]) -> int:
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = html.index("\n", start) + 1
    return start + column


def with_backlinks(
    html: str, project: Project, links: dict[tuple[str, str], list[Backlink]], page_file: Any, files: Any
) -> str:
    """The page's HTML with, under each clause that other documents cite, the list of the citing clauses
    ("Được dẫn chiếu tại: …"): inside a list item, after a paragraph or heading."""
    wanted = {cid for (doc_id, cid) in links if doc_id == project.document_id}
    if not wanted:
        return html
    parser = _ElementEnds(wanted)
    parser.feed(html)
    parser.close()
    insertions = []
    for cid, (tag, position) in parser.ends.items():
        rows = []
        for link in links[(project.document_id, cid)]:
            target = files.get_file_from_path(link.page)
            href = f"{target.url_relative_to(page_file)}#{link.citing}" if target else None
            rows.append({"words": link.words(project), "href": href})
        fragment = templates.render(project.root, "backlinks.html", rows=rows)
        at = _offset(html, position)
        if tag != "li":  # after the element; inside a list item, before its end
            at = html.index(">", at) + 1
        insertions.append((at, fragment))
    for at, fragment in sorted(insertions, reverse=True):
        html = html[:at] + fragment + html[at:]
    return html

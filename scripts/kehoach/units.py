"""What each unit must do: its own and inherited assignments, its duties, its chain of parents, its
reports, and the tree of units. Plain data over the model; the pages are rendered by templates in
overrides/macros/ (units_register.md: the tree; unit_page.md: a unit's own page).

A unit whose parent is a collective unit (`collective: true` in data/units.yml: "Các chi bộ", the plan's
"các chi bộ") inherits the collective's assignments and duties, and the collective's own inheritance:
adding "Chi bộ Bảo tàng tỉnh" with `parent: chi-bo` gives it II.2 ý 5 and III.2 without touching the plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .amendments import amended_part_words
from .collection import newest_first
from .findings import Finding
from .model import Deadline, Project, Report, ReportingLine, Unit
from .plantext import Part, citation_label, words

UNIT_PAGES_DIR = "don-vi"
QUOTE_ATTRIBUTE = "data-kh-quote"
DOCUMENT_ATTRIBUTE = "data-kh-document"  # which document a quote is from, on a page that quotes several


@dataclass(frozen=True)
class Assignment:
    """An item of the plan a unit must carry out; `source` is the unit that was given it in data."""

    citation_id: str
    source: Unit
    inherited: bool

    @property
    def label(self) -> str:
        return citation_label(self.citation_id)


@dataclass(frozen=True)
class Duty:
    deadline: Deadline
    source: Unit
    inherited: bool


def collective_line(project: Project, unit_id: str) -> list[Unit]:
    """The collective units a unit belongs to, nearest first: its parent if collective, then that
    one's parent if collective, and so on (a cycle or an unknown parent ends the line)."""
    line: list[Unit] = []
    current = project.units.get(unit_id)
    while current and current.parent in project.units:
        parent = project.units[current.parent]
        if not parent.collective or parent in line or parent.id == unit_id:
            break
        line.append(parent)
        current = parent
    return line


def with_collectives(project: Project, unit_id: str) -> list[tuple[Unit, bool]]:
    """The unit (not inherited), then each collective it belongs to (inherited), nearest first."""
    return [(project.units[unit_id], False), *((u, True) for u in collective_line(project, unit_id))]


def assignments(project: Project, unit_id: str) -> list[Assignment]:
    """The unit's items, own then inherited, each once, in the plan's order."""
    found: dict[str, Assignment] = {}
    for source, inherited in with_collectives(project, unit_id):
        for citation_id in source.assigned:
            found.setdefault(citation_id, Assignment(citation_id, source, inherited))
    order = {cid: i for i, cid in enumerate(project.citation_ids)}
    return sorted(found.values(), key=lambda a: order.get(a.citation_id, len(order)))


def assigned_ids(project: Project, unit_id: str) -> set[str]:
    return {a.citation_id for a in assignments(project, unit_id)}


def duties(project: Project, unit_id: str) -> list[Duty]:
    """The deadlines and periodic duties the unit owns, or inherits from its collectives."""
    result = []
    for source, inherited in with_collectives(project, unit_id):
        result += [Duty(d, source, inherited) for d in project.deadlines.values() if d.owner == source.id]
    return sorted(result, key=lambda duty: duty.deadline.sort_key)


@dataclass(frozen=True)
class Line:
    """A reporting line of a unit, as the plan states it: its own, or its collective's (`source`)."""

    line: ReportingLine
    source: Unit
    inherited: bool


def reporting_lines(project: Project, unit_id: str) -> list[Line]:
    """Where the unit reports, only as the plan says (its `reports_to`, or a collective's it belongs
    to); never made up from `parent`, which is membership, not a reporting line."""
    found: dict[tuple[str, str | None, str], Line] = {}
    for source, inherited in with_collectives(project, unit_id):
        for line in source.reports_to:
            found.setdefault((line.to, line.via, line.section), Line(line, source, inherited))
    return list(found.values())


def reporters_to(project: Project, unit_id: str) -> list[tuple[Unit, ReportingLine]]:
    """The units whose own `reports_to` names `unit_id` as the body reported to, in file order."""
    return [(u, line) for u in project.units.values() for line in u.reports_to if line.to == unit_id]


def reports_of(project: Project, unit_id: str) -> list[Report]:
    """The unit's reports, newest first."""
    return sorted(
        (r for r in project.reports.values() if r.unit == unit_id), key=lambda r: (r.date, r.id), reverse=True
    )


def has_work(project: Project, unit_id: str) -> bool:
    """The unit has work in the document `project` shows: an item, a duty or a report."""
    return bool(assignments(project, unit_id) or duties(project, unit_id) or reports_of(project, unit_id))


def has_page(project: Project, unit_id: str) -> bool:
    """A unit gets its own page when it has work in any published document: one page per unit, whatever
    the number of documents that give it work (each has its part on the page)."""
    return any(has_work(view, unit_id) for view in project.views.values())


def documents_of(project: Project, unit_id: str) -> list[Project]:
    """The views of the documents that give the unit work or name it as the body reported to, newest
    first: the parts of its page."""
    return [view for view in newest_first(project) if has_work(view, unit_id) or reporters_to(view, unit_id)]


def paged_units(project: Project) -> list[Unit]:
    """The units that have a page, in tree order; computed once per loaded collection (every page asks,
    and the answer depends on every document)."""

    def compute() -> list[Unit]:
        return [node.unit for node in walk(_forest(project)) if has_page(project, node.unit.id)]

    return project.derived("paged_units", compute)


def working_units(project: Project) -> list[Unit]:
    """The units that have work in the document `project` shows, in tree order."""
    return [unit for unit in paged_units(project) if has_work(project, unit.id)]


def page_path(unit_id: str) -> str:
    """The docs/-relative path of a unit's page: don-vi/chi-bo.md, published at /don-vi/chi-bo/."""
    return f"{UNIT_PAGES_DIR}/{unit_id}.md"


@dataclass
class Node:
    unit: Unit
    page: bool
    items: int  # own and inherited assignments
    children: list[Node] = field(default_factory=list)


def tree(project: Project) -> list[Node]:
    """The units as a forest by `parent`, in file order, each marked when it has a page."""
    paged = {unit.id for unit in paged_units(project)}
    roots = _forest(project)
    for node in walk(roots):
        node.page = node.unit.id in paged
    return roots


def _forest(project: Project) -> list[Node]:
    """The units as a forest by `parent`, in file order. A unit whose parent is unknown or part of a
    cycle (reported by the checker) is shown as a root, so every unit appears once."""
    nodes = {u.id: Node(u, False, len(assignments(project, u.id))) for u in project.units.values()}
    roots: list[Node] = []
    for unit in project.units.values():
        parent = unit.parent
        if parent in nodes and unit.id not in project.ancestors(parent) and parent != unit.id:
            nodes[parent].children.append(nodes[unit.id])
        else:
            roots.append(nodes[unit.id])
    return roots


def walk(nodes: list[Node], depth: int = 0) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from walk(node.children, depth + 1)


def walk_with_depth(nodes: list[Node], depth: int = 0) -> Iterator[tuple[Node, int]]:
    for node in nodes:
        yield node, depth
        yield from walk_with_depth(node.children, depth + 1)


def quoted_parts(project: Project, citation_id: str) -> list[tuple[Part, str]]:
    """The part and each part under it, with the words it publishes (amendments applied): a bullet's
    words alone (its dash is drawn), a numbered item or section with its label ("2. …")."""
    part = project.official.part(citation_id)
    if part is None:
        return []
    return [(p, " ".join(amended_part_words(project.official, p.id, project.amendments))) for p in part.walk()]


# --- the quotes on unit pages are the plan's own words ------------------------------------------------


class _Quotes(HTMLParser):
    """The text of each element that carries data-kh-quote="<citation id>", with its data-kh-document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []  # (tag, citation id it opens)
        self.quotes: list[tuple[str | None, str, list[str]]] = []
        self.current: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        quote = attributes.get(QUOTE_ATTRIBUTE)
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return
        self.open.append((tag, quote))
        if quote:
            self.quotes.append((attributes.get(DOCUMENT_ATTRIBUTE), quote, []))
            self.current.append(len(self.quotes) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            open_tag, quote = self.open.pop()
            if quote:
                self.current.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.current:
            self.quotes[self.current[-1]][2].append(data)


def document_quotes_in(html: str) -> list[tuple[str | None, str, str]]:
    """(document id or None, citation id, text) of every quote of a document in a page's HTML."""
    parser = _Quotes()
    parser.feed(html)
    parser.close()
    return [(document, cid, "".join(chunks)) for document, cid, chunks in parser.quotes]


def quotes_in(html: str) -> list[tuple[str, str]]:
    """(citation id, text) of every quote in a page's HTML."""
    return [(cid, text) for _, cid, text in document_quotes_in(html)]


def check_quotes(project: Project, page_path_: str, html: str) -> list[Finding]:
    """KH710 for each quote whose words are not exactly the published words of that part of its
    document (the signed words, recorded amendments applied): a quote is the document's text, held to it
    like the document's own pages. A quote names its document (data-kh-document); without it, the
    document `project` shows."""
    findings = []
    for document_id, citation_id, text in document_quotes_in(html):
        view = project.views.get(document_id, project) if document_id else project
        if document_id and document_id not in project.views:
            findings.append(
                Finding(
                    page_path_, 1, 1, "KH710", f"trích dẫn một văn bản không được công bố trên trang: «{document_id}»"
                )
            )
            continue
        if view.official.part(citation_id) is None:
            findings.append(
                Finding(
                    page_path_,
                    1,
                    1,
                    "KH710",
                    f"trích dẫn một mục không có trong {view.plan.label}: «{citation_id}»",
                )
            )
            continue
        # each quote is one part, its label included ("2. …"); the parts under it are quoted on their own
        expected = amended_part_words(view.official, citation_id, view.amendments)
        published = words(text)
        if published != expected:
            findings.append(
                Finding(
                    page_path_,
                    1,
                    1,
                    "KH710",
                    f"lời trích {citation_label(citation_id)} khác văn bản gốc: trang ghi "
                    f"«{' '.join(published)}», văn bản gốc là «{' '.join(expected)}»",
                )
            )
    return findings

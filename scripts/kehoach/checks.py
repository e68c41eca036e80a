"""The checks of the plan's references: rules that each yield findings.

`check_project` runs them all; the checker's CLI (kehoach.cli, `kehoach-check`) and the build adapter
(kehoach.mkdocs_plugin) both call it, so `make check`, `mkdocs build` and `mkdocs serve`
report the same findings.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import verdicts
from .amendments import check_amendments
from .codes import rule
from .collection import pages_for_checks
from .findings import ERROR, Finding, suggest
from .htmlsafety import check_html_safety
from .macros import macro_arguments
from .model import Project
from .pages import FRONT_MATTER, Page, front_matter
from .pagetemplates import front_matter_findings, markup_findings, template_findings
from .repofiles import CHECKED_FOLDERS, pin_findings, repository_findings
from .reports import as_of, check_reports
from .rules import (
    REFERENCE_RULES,
    check_data_hygiene,
    check_page_hygiene,
    check_references_by_rule,
    read_pages_safely,
)
from .rules.clauses import CLAUSE_MACRO, check_clauses
from .textlock import lock_sources
from .yamlload import data_only_findings


def check_project(project: Project, pages: list[Page] | None = None, checkout: bytes | None = None) -> list[Finding]:
    """Every finding of the collection `project` belongs to: its data, its files, and each published
    document's pages (held to that document's text) with the collection's own pages. `checkout`: the
    key of docs/, data/ and overrides/ (verdicts.checkout_key of CHECKED_FOLDERS), when the caller has
    taken it already."""
    texts = [view.plan.text for view in project.views.values() if view.document_id and view.plan.text]
    findings = list(project.findings) + repository_findings(project.root) + pin_findings(project.root, texts)
    if pages is None:
        pages, unreadable = read_pages_safely(project.root / "docs")
        findings += unreadable
    clean = CleanPages(verdicts.cache_dir(), checkout)
    findings += clean.check("hygiene", pages, check_page_hygiene)
    findings += clean.remembered(project, pages, None, "hygiene-data", lambda: check_data_hygiene(project.root))
    unsafe = clean.check("templates", pages, check_page_templates)
    findings += unsafe
    if project.errors or unsafe:  # nothing is rendered while a page holds template code
        return sorted(set(findings))  # a link is refused by the walk and by the reader: said once
    findings += clean.remembered(project, pages, None, "clauses", functools.partial(check_clauses, project, pages))
    unused: set[Finding] | None = None
    for view in project.views.values():
        # a finding on the collection's own pages or its data is the same for every document: said once (set)
        view_pages = pages_for_checks(view, pages)
        # each check of the document runs unless it found nothing before for the same inputs
        remembered = functools.partial(clean.remembered, view, pages, view.document_id)
        findings += remembered("macro-calls", functools.partial(check_macro_calls, view, view_pages))
        findings += remembered("part-ids", functools.partial(check_part_ids, view, view_pages))
        references = clean.remembered_rules(view, pages, view_pages)
        findings += [f for f in references if f.code != UNUSED]
        # an entry is unused when no document uses it: what every document's check finds unused
        found = {f for f in references if f.code == UNUSED}
        unused = found if unused is None else unused & found
        findings += remembered("amendments", functools.partial(check_amendments, view))
        findings += remembered("reports", functools.partial(check_reports, view))
        # a page's HTML verdict depends on the page alone: once remembered clean, the collection's own
        # pages are not read again for every document
        html = functools.partial(clean.check, "html", view_pages, functools.partial(check_html_safety, view))
        findings += remembered("html", html)
        findings += clean.lock(view, view_pages, findings)
    return sorted(set(findings) | (unused or set()))


def checker_inputs(checkout: bytes) -> list[bytes]:
    """Every input of check_project on a checkout: the checking code and libraries (verdicts.code_key),
    `checkout`, the key of every entry of its docs/, data/ and overrides/ (verdicts.checkout_key: what the
    checker walks and reads, taken before the check runs, so a file changed while it runs is not vouched
    for), the build date and today's date."""
    return [verdicts.code_key(), checkout, as_of().isoformat().encode(), dt.date.today().isoformat().encode()]


def remembered_warnings(inputs: list[bytes]) -> list[str] | None:
    """The warnings check_project gave, with no error, for exactly these `inputs` (checker_inputs) on
    this machine, as their lines; None when it has not checked them without error."""
    return verdicts.remembered_lines("checked-error-free", inputs)


def remember_warnings(inputs: list[bytes], findings: list[Finding]) -> None:
    """Remember that check_project found no error for `inputs`, and the warnings it gave."""
    verdicts.remember_lines("checked-error-free", inputs, [finding.as_text() for finding in findings])


class CleanPages:
    """Checks remembered by content (verdicts.known_valid, in the cache folder outside the checkout):
    a page a check found nothing on, with the same text under the same path, checked by the same code
    (verdicts.code_key), is not checked again; nor is a check of the whole collection (or of one of
    its documents) that found nothing for the same files of data/, overrides/ and docs/, the same pages,
    the same dates and the same code. Only "nothing found" is remembered: a check with any finding
    (a warning too) runs every time, and an empty or read-only cache checks everything."""

    def __init__(self, cache_dir: Path, checkout: bytes | None = None) -> None:
        self.cache_dir = cache_dir
        self._inputs = checkout
        self._pages_key: tuple[int, bytes] | None = None

    def _key(self, page: Page) -> tuple[bytes, ...]:
        return (verdicts.code_key(), page.path.encode(), b"bom" if page.bom else b"", page.markdown.encode())

    def _tree(self, root: Path) -> bytes:
        """Every entry of docs/, data/ and overrides/ (verdicts.checkout_key), read once per check."""
        if self._inputs is None:
            self._inputs = verdicts.checkout_key(root, *CHECKED_FOLDERS)
        return self._inputs

    def _collection_key(self, project: Project, pages: list[Page]) -> list[bytes]:
        """What a check of the collection may read: the code, the files, the pages as given (the caller
        may give other pages than docs/ holds), the build date and today's date."""
        if self._pages_key is None or self._pages_key[0] != id(pages):
            digest = hashlib.sha256()
            for page in pages:
                for part in self._key(page)[1:]:
                    digest.update(hashlib.sha256(part).digest())
            self._pages_key = (id(pages), digest.digest())
        return [
            verdicts.code_key(),
            self._tree(project.root),
            self._pages_key[1],
            as_of().isoformat().encode(),
            dt.date.today().isoformat().encode(),
        ]

    def remembered(
        self,
        project: Project,
        pages: list[Page],
        document_id: str | None,
        name: str,
        run: Callable[[], Iterable[Finding]],
    ) -> list[Finding]:
        """`run()` (a check of the collection, or of the document `document_id` of it), unless it found
        nothing before for the same inputs (_collection_key); a check that finds nothing is remembered."""
        key = [*self._collection_key(project, pages), repr(document_id).encode(), name.encode()]
        if verdicts.known_valid(self.cache_dir, "check-whole", *key):
            return []
        findings = list(run())
        if not findings:
            verdicts.remember_valid(self.cache_dir, "check-whole", *key)
        return findings

    def remembered_rules(self, view: Project, pages: list[Page], view_pages: list[Page]) -> list[Finding]:
        """The reference rules of one document (rules.REFERENCE_RULES), each remembered as `remembered`
        does: only the rules not known to find nothing run (one rule's warnings do not make the others
        run again)."""
        base = [*self._collection_key(view, pages), repr(view.document_id).encode()]
        keys = {rule.__name__: [*base, f"rule-{rule.__name__}".encode()] for rule in REFERENCE_RULES}
        unknown = [
            rule
            for rule in REFERENCE_RULES
            if not verdicts.known_valid(self.cache_dir, "check-whole", *keys[rule.__name__])
        ]
        findings: list[Finding] = []
        for name, found in check_references_by_rule(view, view_pages, unknown).items() if unknown else ():
            findings += found
            if not found:
                verdicts.remember_valid(self.cache_dir, "check-whole", *keys[name])
        return findings

    def check(
        self, name: str, pages: list[Page], run: Callable[[list[Page]], Iterator[Finding] | list[Finding]]
    ) -> list[Finding]:
        """`run` (a check whose findings on a page are at docs/<page>, and depend on that page alone)
        over the pages not known clean; those it finds nothing on are remembered."""
        kind = f"check-{name}"
        unchecked = [page for page in pages if not verdicts.known_valid(self.cache_dir, kind, *self._key(page))]
        findings = list(run(unchecked))
        found = {finding.path for finding in findings}
        for page in unchecked:
            if f"docs/{page.path}" not in found:
                verdicts.remember_valid(self.cache_dir, kind, *self._key(page))
        return findings

    def lock(self, view: Project, pages: list[Page], reported: list[Finding]) -> list[Finding]:
        """The checker's text lock of a document (textlock.lock_sources), skipped when it found nothing
        before for the same inputs: the code, every file of data/ (the document's text, amendments and
        registry), overrides/ (the macros' templates) and docs/ (what a macro may read of another page),
        the document, its pages and the build date (the macros' output). Errors found before it change
        what it reports: then it always runs."""
        if any(finding.severity == ERROR for finding in reported):
            return lock_sources(view, pages, reported)
        key = [
            verdicts.code_key(),
            self._tree(view.root),
            repr(view.document_id).encode(),
            as_of().isoformat().encode(),
            *(part for page in pages for part in self._key(page)[1:]),
        ]
        if verdicts.known_valid(self.cache_dir, "check-lock", *key):
            return []
        findings = lock_sources(view, pages, reported)
        if not findings:
            verdicts.remember_valid(self.cache_dir, "check-lock", *key)
        return findings


UNUSED = "KH406"


def check_page_templates(pages: list[Page]) -> list[Finding]:
    """Pages are text with macro calls only (KH506–KH508), within the bounds Markdown reads fast (KH110),
    and their front matter is data only (KH109, KH110) with known keys (KH509): found before anything
    renders or parses a page."""
    findings: list[Finding] = []
    for page in pages:
        path = f"docs/{page.path}"
        block = FRONT_MATTER.match(page.markdown)
        if block:
            text = block.group()[4:-4]
            unsafe = [Finding(f.path, f.line + 1, f.col, f.code, f.message) for f in data_only_findings(text, path)]
            # a front matter that is not a mapping of keys parses to {}: said as such (None) unless it is empty
            meta = (front_matter(page.markdown) or None) if text.strip() else {}
            findings += unsafe or front_matter_findings(path, text, meta)
        findings += markup_findings(path, page.markdown) or template_findings(path, page.markdown)
    return findings


# The macros that need a datum the register may not have: (attribute of the document, what to say).
_MISSING_DATUM = {
    "doc_number": ("number", "không có số hiệu; dùng doc_link với lời của Kế hoạch"),
    "doc_date": ("date", "chưa có ngày ban hành (date) trong data/documents/{id}.yml"),
}


def check_macro_calls(project: Project, pages: list[Page]) -> Iterator[Finding]:
    # dict and set: membership in constant time, so the check stays linear in the number of calls
    tables = {"documents": project.documents, "parts": set(project.citation_ids)}
    arguments = macro_arguments(project, pages)
    for page in pages:
        path = f"docs/{page.path}"
        for call in page.macros:
            if call.name not in arguments:
                yield rule("KH501").at(
                    path, call.line, call.col, f"macro «{call.name}» không tồn tại{suggest(call.name, list(arguments))}"
                )
                continue
            table = arguments[call.name]
            if call.name == CLAUSE_MACRO:  # its own codes, across documents (rules.clauses)
                continue
            if table and call.args and call.args[0] not in tables[table]:
                what = "văn bản" if table == "documents" else "mục"
                valid = list(project.documents) if table == "documents" else project.citation_ids
                yield rule("KH502").at(
                    path,
                    call.line,
                    call.col,
                    f"{call.name}: không có {what} với id «{call.args[0]}»{suggest(call.args[0], valid)}",
                )
            missing = _MISSING_DATUM.get(call.name)
            if missing and call.args and call.args[0] in project.documents:
                datum, explanation = missing
                if not getattr(project.documents[call.args[0]], datum):
                    yield rule("KH503").at(
                        path,
                        call.line,
                        call.col,
                        f"{call.name}: văn bản «{call.args[0]}» {explanation.format(id=call.args[0])}",
                    )


def check_part_ids(project: Project, pages: list[Page]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    citation_ids = set(project.citation_ids)
    for page in pages:
        for part in page.parts:
            where = f"docs/{page.path}"
            if part.id not in citation_ids:
                yield rule("KH504").at(
                    where,
                    part.line,
                    1,
                    f"mã trích dẫn «{part.id}» không có trong Kế hoạch{suggest(part.id, project.citation_ids)}",
                )
            elif part.id in seen:
                yield rule("KH505").at(where, part.line, 1, f"mã trích dẫn «{part.id}» đã dùng ở {seen[part.id]}")
            else:
                seen[part.id] = f"{where}:{part.line}"

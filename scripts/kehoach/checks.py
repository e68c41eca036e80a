"""The checks of the plan's references: rules that each yield findings.

`check_project` runs them all; the checker's CLI (kehoach.cli, `kehoach-check`) and the build hook
(scripts/hooks_checks.py) both call it, so `make check`, `mkdocs build` and `mkdocs serve`
report the same findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from .amendments import check_amendments
from .codes import rule
from .findings import Finding, suggest
from .htmlsafety import check_html_safety
from .macros import macro_arguments
from .model import Project
from .pages import Page
from .rules import check_hygiene, check_references, read_pages_safely
from .textlock import lock_sources


def check_project(project: Project, pages: list[Page] | None = None) -> list[Finding]:
    findings = list(project.findings)
    if pages is None:
        pages, unreadable = read_pages_safely(project.root / "docs")
        findings += unreadable
    findings += check_hygiene(project.root, pages)
    if project.errors:
        return sorted(findings)
    findings += check_macro_calls(project, pages)
    findings += check_part_ids(project, pages)
    findings += check_references(project, pages)
    findings += check_amendments(project)
    findings += check_html_safety(project, pages)
    findings += lock_sources(project, pages)
    return sorted(findings)


def check_macro_calls(project: Project, pages: list[Page]) -> Iterator[Finding]:
    # dict and set: membership in constant time, so the check stays linear in the number of calls
    tables = {"documents": project.documents, "parts": set(project.citation_ids)}
    arguments = macro_arguments(project, pages)
    for page in pages:
        path = f"docs/{page.path}"
        for call in page.macros:
            if call.name not in arguments:
                yield rule("KH501").at(path, call.line, call.col,
                                       f"macro «{call.name}» không tồn tại{suggest(call.name, list(arguments))}")
                continue
            table = arguments[call.name]
            if table and call.args and call.args[0] not in tables[table]:
                what = "văn bản" if table == "documents" else "mục"
                valid = list(project.documents) if table == "documents" else project.citation_ids
                yield rule("KH502").at(path, call.line, call.col,
                                       f"{call.name}: không có {what} với id «{call.args[0]}»{suggest(call.args[0], valid)}")
            if call.name == "doc_number" and call.args and call.args[0] in project.documents \
                    and not project.documents[call.args[0]].number:
                yield rule("KH503").at(path, call.line, call.col,
                                       f"doc_number: văn bản «{call.args[0]}» không có số hiệu; dùng doc_link với lời của Kế hoạch")
            if call.name == "doc_date" and call.args and call.args[0] in project.documents \
                    and not project.documents[call.args[0]].date:
                yield rule("KH503").at(path, call.line, call.col,
                                       f"doc_date: văn bản «{call.args[0]}» chưa có ngày ban hành (date) trong data/documents.yml")


def check_part_ids(project: Project, pages: list[Page]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    citation_ids = set(project.citation_ids)
    for page in pages:
        for part in page.parts:
            where = f"docs/{page.path}"
            if part.id not in citation_ids:
                yield rule("KH504").at(where, part.line, 1,
                                       f"mã trích dẫn «{part.id}» không có trong Kế hoạch{suggest(part.id, project.citation_ids)}")
            elif part.id in seen:
                yield rule("KH505").at(where, part.line, 1, f"mã trích dẫn «{part.id}» đã dùng ở {seen[part.id]}")
            else:
                seen[part.id] = f"{where}:{part.line}"

"""The references between documents of the collection (KH510–KH514), checked across every page.

A page cites a clause of another document with the macro clause(document id, citation id[, words]);
these rules hold each such call to the registry and to the cited document's own text, and find the
references typed as plain words that the macro should carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import docnumber
from ..codes import rule
from ..collection import carries_a_document, document_of
from ..findings import Finding, suggest
from ..model import Project
from ..pages import Page, mask_code_spans, prose_lines

CLAUSE_MACRO = "clause"
# "mục II.2", "Mục III.2", "mục II.2, ý 4", "mục I": a place in a document as a text names it
_PLACE = r"(?P<place>[Mm]ục\s+(?P<roman>[IVX]{1,4})(?:\.(?P<item>\d{1,2}))?(?:,\s*ý\s*(?P<bullet>\d{1,2}))?)"
# then the document: "Kế hoạch số 32-KH/ĐU", "của Kế hoạch số …", "kế hoạch 32-KH/ĐU" (a kind of document in
# any case, or words with a capital), "số" or not, on one line or wrapped onto the next
_KINDS = "|".join(re.escape(kind) for kind in docnumber.KIND_CODES)
_OF = r"\s+(?:của\s+)?(?P<kind>(?i:" + _KINDS + r")|[A-ZĐ][\w ]{1,20}?)\s+(?:số\s+)?"
_NUMBER_OR_MACRO = (
    r"(?:(?P<number>" + docnumber.DOC_NUMBER.pattern + r")|\{\{\s*doc_number\(\s*\"(?P<doc_id>[^\"]*)\"\s*\)\s*\}\})"
)
TYPED_CLAUSE = re.compile(_PLACE + _OF + _NUMBER_OR_MACRO)
_CLAUSE_CALL = re.compile(r"\{\{\s*" + CLAUSE_MACRO + r"\(.*?\)\s*\}\}")


def check_clauses(project: Project, pages: list[Page]) -> Iterator[Finding]:
    yield from check_document_folders(project, pages)
    yield from check_clause_calls(project, pages)
    yield from check_typed_clauses(project, pages)


def check_document_folders(project: Project, pages: list[Page]) -> Iterator[Finding]:
    """KH510: pages that carry a document's words sit in the folder of a published document."""
    published = [doc_id for doc_id in project.views if doc_id]
    for page in pages:
        folder = document_of(page.path)
        if folder is None or folder in project.views or not carries_a_document(page):
            continue
        yield rule("KH510").at(
            f"docs/{page.path}",
            1,
            1,
            f"thư mục «docs/{folder}/» có trang mang lời văn bản nhưng sổ văn bản không có văn bản được công bố "
            f"với id «{folder}» (khoá text){suggest(folder, published, noun='các văn bản được công bố')}",
        )


def check_clause_calls(project: Project, pages: list[Page]) -> Iterator[Finding]:
    """KH511 unknown document, KH512 a document not published here, KH513 unknown clause."""
    for page in pages:
        path = f"docs/{page.path}"
        for call in page.macros:
            if call.name != CLAUSE_MACRO or len(call.args) < 2:
                continue
            doc_id, clause_id = call.args[0], call.args[1]
            if doc_id not in project.documents:
                yield rule("KH511").at(
                    path,
                    call.line,
                    call.col,
                    f"clause: không có văn bản với id «{doc_id}» trong sổ văn bản{suggest(doc_id, list(project.documents))}",
                )
                continue
            target = project.views.get(doc_id)
            doc = project.documents[doc_id]
            if target is None:
                shown = " ".join(x for x in (doc.label, f"ngày {doc.date_text}" if doc.date_text else None) if x)
                yield rule("KH512").at(
                    path,
                    call.line,
                    call.col,
                    f"clause: văn bản «{doc_id}» ({shown}) chưa được công bố trên trang, không kiểm tra được mục "
                    f"«{clause_id}»; trang hiện số hiệu và ngày của văn bản",
                )
                continue
            if target.official.part(clause_id) is None:
                yield rule("KH513").at(
                    path,
                    call.line,
                    call.col,
                    f"clause: {doc.label} không có mục với mã trích dẫn «{clause_id}»"
                    f"{suggest(clause_id, target.citation_ids, limit=12)}",
                )


def _citation_id(match: re.Match[str]) -> str:
    pieces = [match["roman"].lower(), match["item"], match["bullet"]]
    return "muc-" + "-".join(p for p in pieces if p)


def check_typed_clauses(project: Project, pages: list[Page]) -> Iterator[Finding]:
    """KH514 (warning): a clause of a published document typed as words, not with the macro."""
    by_number: dict[str, str] = {}
    for view_id, view in project.views.items():
        own_number = docnumber.parse(view.plan.number or "")
        if own_number:
            by_number[str(own_number)] = view_id
    if not by_number:
        return
    for page in pages:
        own = document_of(page.path)
        for first_line, lines in _paragraphs(page.markdown):
            text = "\n".join(_CLAUSE_CALL.sub(lambda m: " " * len(m.group()), mask_code_spans(line)) for line in lines)
            for match in TYPED_CLAUSE.finditer(text):
                parsed = docnumber.parse(match["number"] or "")
                doc_id = match["doc_id"] or (by_number.get(str(parsed), "") if parsed else "")
                if doc_id not in project.views or doc_id == own:
                    continue
                words = " ".join(
                    re.sub(
                        r"\{\{\s*doc_number\(\s*\"[^\"]*\"\s*\)\s*\}\}",
                        project.views[doc_id].plan.number or "",
                        match.group(),
                    ).split()
                )
                cid = _citation_id(match)
                target = project.views[doc_id]
                missing = (
                    f"; {target.plan.label} không có mục «{cid}»{suggest(cid, target.citation_ids, limit=12)}"
                    if target.official.part(cid) is None
                    else ""
                )
                before = text[: match.start()]
                yield rule("KH514").at(
                    f"docs/{page.path}",
                    first_line + before.count("\n"),
                    match.start() - (before.rfind("\n") + 1) + 1,
                    f"«{words}» là lời dẫn chiếu tới một mục của văn bản được công bố nhưng gõ tay: không có liên kết, "
                    f'không được kiểm tra; viết {{{{ clause("{doc_id}", "{cid}", "{words}") }}}}{missing}',
                )


def _paragraphs(markdown: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each run of consecutive non-blank prose lines: a reference wrapped
    onto the next line of its paragraph is found too."""
    run: list[str] = []
    start = previous = 0
    for line_no, line in prose_lines(markdown):
        if run and (line_no != previous + 1 or not line.strip()):
            yield start, run
            run = []
        if line.strip():
            if not run:
                start = line_no
            run.append(line)
        previous = line_no
    if run:
        yield start, run

"""The pages of an imported document, in the site's page format (as docs/*.md are written).

- the opening page: `{{ plan_header() }}`, then the opening paragraph ("Thực hiện …");
- one page per top-level section (`muc-i.md`, `muc-ii.md`, …): the heading with its citation id
  (`# I. MỤC ĐÍCH, YÊU CẦU { #muc-i }`); an item with no parts under it as a paragraph `1\\. …` with its
  id on the next line; an item with parts as a heading one level down (`## 1. … { #muc-ii-1 }`),
  its bullets a list (`- …` then `  { #muc-ii-1-1 }`); a sub-item likewise, one level further down
  (`a) …` then `{ #muc-ii-1-a }`, or `### a) … { #muc-ii-1-a }` with its bullets under it);
- the number of a document registered in data/documents/ is written `{{ doc_number("id") }}`, and a
  date written right after it that is that document's date `{{ doc_date("id") }}`; a registered document
  the text names by its `name` (it has no number) `{{ doc_link("id", "name") }}`; a clause of a published
  document cited by its place, right before that document's number, `{{ clause("id", "muc-…", "words") }}`;
  anything else is written as it stands, its whitespace made single spaces (the text lock compares words
  only).

What Markdown or the page templates would read as markup in the text is escaped: a page is never code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kehoach import docnumber
from kehoach.model import Document
from kehoach.plantext import Part

from .structure import ImportedDocument, clause_spans, mentions

# A published document, as the pages of another cite it: its id and the citation ids of its clauses.
Published = Mapping[str, tuple[str, "set[str] | frozenset[str] | list[str]"]]  # canonical number -> (id, ids)
# What may stand in a macro's quoted argument as it is: no quote, backslash or template brace.
_QUOTABLE = re.compile(r'^[^"\\{}%#<>\n]*$')

OPENING_PAGE = "index.md"
_MARKUP = re.compile(r"[\\`*_\[\]<>]|\{(?=[{%#])")


def escape(text: str) -> str:
    """`text` as Markdown that shows it as written, and that no template reads as a construct."""

    def one(match: re.Match[str]) -> str:
        char = match[0]
        if char == "<":
            return "&lt;"
        if char == ">":
            return "&gt;"
        if char == "{":
            return "&#123;"
        return "\\" + char

    return _MARKUP.sub(one, text)


def with_macros(text: str, registry: Mapping[str, Document], published: Published | None = None) -> str:
    """`text` escaped, whitespace single, the numbers and dates of registered documents as macro calls, and
    a clause of a published document cited by its place ("mục II.2 Kế hoạch số 32-KH/ĐU") as a `clause`
    call that keeps the words as written; a clause that document does not have stays as written."""
    by_number = {doc.number: doc for doc in registry.values() if doc.number}
    calls: list[tuple[int, int, str]] = []  # (start, end, macro call) in `text`
    for span in clause_spans(text) if published else []:
        target = published.get(span.number or "") if published else None
        words = re.sub(r"\s+", " ", text[span.start : span.end])
        if target and span.joined and span.citation_id in target[1] and _QUOTABLE.match(words):
            calls.append((span.start, span.end, f'{{{{ clause("{target[0]}", "{span.citation_id}", "{words}") }}}}'))
    for match, date in mentions(text):
        doc = by_number.get(docnumber.canonicalize(match[0]))
        if doc is None:
            continue
        within = any(start <= match.start() < end for start, end, _ in calls)
        if not within:
            calls.append((match.start(), match.end(), f'{{{{ doc_number("{doc.id}") }}}}'))
        elif not any(end == match.end() for _, end, _ in calls):
            continue  # a number inside a clause's words, not at their end: written as it stands
        if date and doc.date_text and re.sub(r"\s", "", date["date"]) == doc.date_text:
            calls.append((date.start("date"), date.end(), f'{{{{ doc_date("{doc.id}") }}}}'))
    # a registered document the text names without a number ("Nghị quyết Đại hội XIII của Đảng"): by its name
    for doc in sorted((d for d in registry.values() if d.name), key=lambda d: -len(d.name or "")):
        name = doc.name or ""
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)"  # any space between words
        for found in re.finditer(pattern, text):
            if _QUOTABLE.match(name) and not any(s < found.end() and found.start() < e for s, e, _ in calls):
                calls.append((found.start(), found.end(), f'{{{{ doc_link("{doc.id}", "{name}") }}}}'))
    pieces: list[str] = []
    done = 0
    for start, end, call in sorted(calls):
        pieces += [_plain(text[done:start]), call]
        done = end
    pieces.append(_plain(text[done:]))
    return "".join(pieces).strip()


def _start(text: str) -> str:
    """`text` that does not start a block of its own: a leading "#", ">" or "+" is escaped."""
    return "\\" + text if text[:1] in "#>+" and text else text


def _plain(text: str) -> str:
    return escape(re.sub(r"\s+", " ", text))


def _lines(part: Part, registry: Mapping[str, Document], level: int, published: Published | None = None) -> list[str]:
    text = _start(with_macros(part.text, registry, published))
    if part.kind == "section":
        lines = [f"{'#' * level} {escape(part.label)} {text} {{ #{part.id} }}", ""]
        for child in part.children:
            lines += _lines(child, registry, level + 1, published)
        return lines
    if part.kind == "bullet":
        return [f"- {text}", f"  {{ #{part.id} }}"]
    label = part.label.replace(".", "\\.") if part.kind == "item" else escape(part.label)
    if not part.children:
        return [f"{label} {text}", f"{{ #{part.id} }}", ""]
    lines = [f"{'#' * level} {part.label} {text} {{ #{part.id} }}", ""]
    for index, child in enumerate(part.children):
        lines += _lines(child, registry, level + 1, published)
        after = part.children[index + 1] if index + 1 < len(part.children) else None
        if child.kind == "bullet" and (after is None or after.kind != "bullet"):
            lines.append("")  # a list ends before the next paragraph or heading
    return lines


def section_page(section: Part, registry: Mapping[str, Document], published: Published | None = None) -> str:
    lines = _lines(section, registry, 1, published)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def opening_page(
    document: ImportedDocument, registry: Mapping[str, Document], published: Published | None = None
) -> str:
    page = "{{ plan_header() }}\n"
    if document.preamble:
        page += "\n" + _start(with_macros(document.preamble, registry, published)) + "\n"
    return page


def render_pages(
    document: ImportedDocument,
    registry: Mapping[str, Document] | Iterable[Document],
    published: Published | None = None,
) -> dict[str, str]:
    """File name -> Markdown of each page: the opening (index.md), then one page per top-level section.
    `published`: the documents whose clauses the pages may cite with `clause` (kehoach.importing.write)."""
    if not isinstance(registry, Mapping):
        registry = {doc.id: doc for doc in registry}
    pages = {OPENING_PAGE: opening_page(document, registry, published)}
    for section in document.sections:
        pages[f"{section.id}.md"] = section_page(section, registry, published)
    return pages

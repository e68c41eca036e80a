"""The text lock: the words a built page publishes, compared with the words of the official text.

Only whitespace and the canonical spelling of document numbers may differ (see plantext.words).
What readers see besides the plan (permalinks, generated lists, notes) carries the class `kh-extra`
or is site furniture outside the article, and is not part of the comparison.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import jinja2
import markdown

from .amendments import amended_part_words
from .codes import rule
from .findings import Finding
from .model import Amendment, Project
from .pages import Page, front_matter, strip_front_matter
from .plantext import OPENING_ID, OfficialText, citation_number, words

SKIPPED_CLASSES = {"headerlink", "kh-extra", "md-content__button", "md-source-file"}
SKIPPED_TAGS = {"script", "style", "template", "svg", "button"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "tr", "br", "ul", "ol", "table"}


class _ArticleText(HTMLParser):
    """Collects the text inside <article>, leaving out skipped elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.skip_depth = 0
        self.stack: list[bool] = []  # per open element: does it start a skipped region?
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            if tag == "br" and self.in_article and not self.skip_depth:
                self.chunks.append("\n")
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        starts_skip = bool(self.in_article) and (tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES))
        if tag == "article":
            self.in_article += 1
        self.stack.append(starts_skip)
        if starts_skip:
            self.skip_depth += 1
        if tag in BLOCK_TAGS and self.in_article and not self.skip_depth:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not self.stack:
            return
        if self.stack.pop():
            self.skip_depth -= 1
        if tag == "article":
            self.in_article -= 1
        if tag in BLOCK_TAGS and self.in_article and not self.skip_depth:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skip_depth:
            self.chunks.append(data)


def published_text(html: str) -> str:
    """The plan's words on a built page, one block a line."""
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.chunks)


def expected_parts(official: OfficialText, part_ids: list[str],
                   amendments: Iterable[Amendment] = ()) -> list[tuple[str, list[str]]]:
    """(citation id, words) of each part a page holds, in order, recorded amendments applied."""
    result: list[tuple[str, list[str]]] = []
    for part_id in part_ids:
        if part_id == OPENING_ID:
            result.append((part_id, words(" ".join([*official.header_lines, official.kind_line, official.title,
                                                     official.preamble]))))
        elif official.part(part_id) is not None:
            result.append((part_id, amended_part_words(official, part_id, amendments)))
    return result


def expected_words(official: OfficialText, part_ids: list[str], amendments: Iterable[Amendment] = ()) -> list[str]:
    """The official words of the parts a page holds, in order (OPENING_ID: header, title, preamble),
    with the recorded amendments applied."""
    return [word for _, part in expected_parts(official, part_ids, amendments) for word in part]


@dataclass(frozen=True)
class WordDiff:
    """One place where the published words differ: what the official text has, what the page has."""

    position: int  # index of the first differing word in the official words
    official: str
    published: str
    context: str  # the official words just before the difference

    def describe(self, max_words: int = 12) -> str:
        before = f"sau «…{self.context}»: " if self.context else ""
        official, published = _short(self.official, max_words), _short(self.published, max_words)
        if not self.published:
            return f"{before}thiếu {official}"
        if not self.official:
            return f"{before}thừa {published}"
        return f"{before}văn bản gốc là {official}, trang lại ghi {published}"


def _short(text: str, max_words: int) -> str:
    """Quoted words; a long run cut to its start, saying how many words it has: a diff stays short."""
    run = text.split(" ")
    if len(run) <= max_words:
        return f"«{text}»"
    return f"«{' '.join(run[:max_words])} …» ({len(run)} từ)"


def compare(official: list[str], published: list[str], context_words: int = 6) -> list[WordDiff]:
    matcher = difflib.SequenceMatcher(a=official, b=published, autojunk=False)
    diffs = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        diffs.append(WordDiff(a1, " ".join(official[a1:a2]), " ".join(published[b1:b2]),
                              " ".join(official[max(0, a1 - context_words):a1])))
    return diffs


# A page that publishes the whole plan (the print page, docs/ban-in.md) says so in its front matter:
# `kh_print_plan: true`.
WHOLE_PLAN_KEY = "kh_print_plan"
WHOLE_PLAN_VALUE = True


def whole_plan_ids(official: OfficialText) -> list[str]:
    """Every part of the plan, in order: what a page that publishes the whole plan must hold."""
    return [OPENING_ID, *official.citation_ids()]


def is_whole_plan(meta: dict[str, Any] | None) -> bool:
    """Does a page's front matter say it publishes the whole plan?"""
    return (meta or {}).get(WHOLE_PLAN_KEY) is WHOLE_PLAN_VALUE


def locked_part_ids(page: Page, official: OfficialText, meta: dict[str, Any] | None = None) -> list[str]:
    """The parts whose words a page must publish: all of them for a whole-plan page, else its own."""
    if is_whole_plan(meta):
        return whole_plan_ids(official)
    return page.plan_part_ids()


def lock_page(official: OfficialText, amendments: list[Amendment], page: Page, html: str,
              part_ids: list[str] | None = None) -> list[Finding]:
    """KH710 for each place where a rendered page's words differ from the official words of its parts
    (amendments applied), at the line of the part in the page's Markdown. `html` is the page as built,
    or the rendered content of its Markdown: only what is inside <article> counts (see published_text),
    so content is wrapped in one when it has none."""
    part_ids = page.plan_part_ids() if part_ids is None else part_ids
    if not part_ids:
        return []
    if "<article" not in html:
        html = f"<article>{html}</article>"
    spans = expected_parts(official, part_ids, amendments)
    expected = [word for _, part in spans for word in part]
    published = words(published_text(html))
    lines = {part.id: part.line for part in page.parts}
    if OPENING_ID in part_ids:
        lines[OPENING_ID] = next((call.line for call in page.macros if call.name == "plan_header"), 1)
    findings = []
    for diff in compare(expected, published):
        part_id = _part_at(spans, diff.position)
        where = "phần mở đầu" if part_id == OPENING_ID else f"mục {citation_number(part_id)} ({part_id})"
        findings.append(rule("KH710").at(
            f"docs/{page.path}", lines.get(part_id, 1), 1,
            f"chữ trên trang khác văn bản gốc ở {where}: {diff.describe()}. Văn bản gốc không được sửa; "
            "nếu thay đổi đã được phê duyệt, ghi nó vào data/amendments.yml"))
    return findings


def _part_at(spans: list[tuple[str, list[str]]], position: int) -> str:
    """The part whose words hold the official word at `position` (the last part past the end)."""
    start = 0
    for part_id, part in spans:
        if position < start + len(part):
            return part_id
        start += len(part)
    return spans[-1][0]


# The Markdown extensions the plan pages are written with (mkdocs.yml turns on the same ones).
PLAN_MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables")


def lock_sources(project: Project, pages: list[Page]) -> list[Finding]:
    """KH710 for every plan page whose Markdown, rendered with the site's own macros, differs from the
    official text: the checker's text lock, without a build. Pages the macros cannot render are
    left to the rules that report why (unknown macro or id); the whole-plan page to the build."""
    from .macros import page_macros  # macros import views, which import this module's neighbours

    functions = page_macros(project, pages)
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    findings: list[Finding] = []
    for page in pages:
        if not page.plan_part_ids() or is_whole_plan(front_matter(page.markdown)):
            continue
        try:
            source = environment.from_string(strip_front_matter(page.markdown)).render(**functions)
        except Exception:  # noqa: BLE001 - reported by the macro and id rules; nothing to compare
            continue
        html = markdown.markdown(source, extensions=list(PLAN_MARKDOWN_EXTENSIONS))
        findings += lock_page(project.official, project.amendments, page, html)
    return findings

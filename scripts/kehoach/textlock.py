"""The text lock: the words a built page publishes, compared with the words of the official text.

Only whitespace and the canonical spelling of document numbers may differ (see plantext.words).
What readers see besides the plan (permalinks, generated lists, notes) carries the class `kh-extra`
or is site furniture outside the article, and is not part of the comparison.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown

from .amendments import amended_part_words, amendments_of, unusable_parts
from .codes import rule
from .findings import ERROR, Finding
from .model import Amendment, Project
from .pages import MacroCall, Page, front_matter, strip_front_matter
from .pagetemplates import render_calls
from .plantext import CLOSING_ID, OPENING_ID, OfficialText, citation_number, words

SKIPPED_CLASSES = {"headerlink", "kh-extra", "kh-status", "md-content__button", "md-source-file"}
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


def expected_parts(
    official: OfficialText, part_ids: list[str], amendments: Iterable[Amendment] = ()
) -> list[tuple[str, list[str]]]:
    """(citation id, words) of each part a page holds, in order, recorded amendments applied."""
    result: list[tuple[str, list[str]]] = []
    for part_id in part_ids:
        if part_id == OPENING_ID:
            result.append(
                (
                    part_id,
                    words(" ".join([*official.header_lines, official.kind_line, official.title, official.preamble])),
                )
            )
        elif part_id == CLOSING_ID:
            result.append((part_id, words(official.closing_text)))
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
    published_position: int = 0  # index of the first differing word in the page's words

    def describe(self, max_words: int = 12, official_name: str = "văn bản gốc") -> str:
        before = f"sau «…{self.context}»: " if self.context else ""
        official, published = _short(self.official, max_words), _short(self.published, max_words)
        if not self.published:
            return f"{before}thiếu {official}"
        if not self.official:
            return f"{before}thừa {published}"
        return f"{before}{official_name} là {official}, trang lại ghi {published}"


def _short(text: str, max_words: int) -> str:
    """Quoted words; a long run cut to its start, saying how many words it has: a diff stays short."""
    run = text.split(" ")
    if len(run) <= max_words:
        return f"«{text}»"
    return f"«{' '.join(run[:max_words])} …» ({len(run)} từ)"


def compare(official: list[str], published: list[str], context_words: int = 6) -> list[WordDiff]:
    if official == published:  # the usual case, without a diff (the whole plan: ~10 ms of a build)
        return []
    matcher = difflib.SequenceMatcher(a=official, b=published, autojunk=False)
    diffs = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        diffs.append(
            WordDiff(
                a1,
                " ".join(official[a1:a2]),
                " ".join(published[b1:b2]),
                " ".join(official[max(0, a1 - context_words) : a1]),
                b1,
            )
        )
    return diffs


# A page that publishes the whole plan (the print page, docs/ban-in.md) says so in its front matter:
# `kh_print_plan: true`.
WHOLE_PLAN_KEY = "kh_print_plan"
WHOLE_PLAN_VALUE = True


def whole_plan_ids(official: OfficialText) -> list[str]:
    """Every part of the plan, in order: what a page that publishes the whole plan must hold; and the
    closing ("Nơi nhận", the signature block) of a text that has one (CLOSING_ID)."""
    return [OPENING_ID, *official.citation_ids(), *([CLOSING_ID] if official.closing else [])]


def is_whole_plan(meta: Mapping[str, Any] | None) -> bool:
    """Does a page's front matter say it publishes the whole plan?"""
    return (meta or {}).get(WHOLE_PLAN_KEY) is WHOLE_PLAN_VALUE


def locked_part_ids(page: Page, official: OfficialText, meta: Mapping[str, Any] | None = None) -> list[str]:
    """The parts whose words a page must publish: all of them for a whole-plan page, else its own."""
    if is_whole_plan(meta):
        return whole_plan_ids(official)
    return page.plan_part_ids()


def lock_page(
    official: OfficialText,
    amendments: list[Amendment],
    page: Page,
    html: str,
    part_ids: list[str] | None = None,
    skip_parts: frozenset[str] | set[str] = frozenset(),
    reported_lines: frozenset[int] | set[int] = frozenset(),
    data_reported: bool = False,
    data_place: Callable[[MacroCall], tuple[str, int, int, str] | None] | None = None,
    render_call: Callable[[MacroCall], str] | None = None,
) -> list[Finding]:
    """One finding for each part whose words on a rendered page differ from the words it must publish
    (the official words, recorded amendments applied), at the line and column of the first differing
    word in the page's Markdown. `html` is the page as built, or the rendered content of its Markdown:
    only what is inside <article> counts (see published_text), so content is wrapped in one when it has
    none. Parts in `skip_parts` (an amendment that cannot apply: reported by its own rule) are left out,
    and so are parts holding one of `reported_lines` (a mistake another rule reports there, such as a
    mistyped document number, is also a difference of words: one cause, one message); with
    `data_reported` (data/ has errors), so are differences in words that macros write from the data.
    A difference in what a macro writes (`render_call` gives a call's output) is reported where
    `data_place` says its data is (the number or date of a document in data/documents/<id>.yml), else at the
    macro call.

    - KH705: the page still has the words an amendment recorded in data/amendments.yml replaces;
    - KH710: any other difference, worded by whether the part has recorded amendments."""
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
    recorded = {part_id: amendments_of(amendments, part_id) for part_id in part_ids}
    signed_parts: set[str] = set()  # amended parts whose page words are still the signed words
    if any(recorded.values()):
        signed = expected_parts(official, part_ids, [])
        differing = {_part_at(signed, d.position) for d in compare([w for _, p in signed for w in p], published)}
        signed_parts = {part_id for part_id, _ in signed if recorded.get(part_id) and part_id not in differing}

    by_part: dict[str, list[WordDiff]] = {}
    for diff in compare(expected, published):
        part_id = _part_at(spans, diff.position)
        if part_id not in skip_parts:
            by_part.setdefault(part_id, []).append(diff)
    findings = []
    for part_id, diffs in by_part.items():
        diff = diffs[0]  # one cause, one message: the first difference of the part
        start = lines.get(part_id, 1)
        end = min((other for other in lines.values() if other > start), default=None)
        if any(start <= reported < (end or reported + 1) for reported in reported_lines):
            continue
        located = locate_word(page.markdown, start, published, diff.published_position, end)
        written_by_macro = (
            located is None
            and render_call is not None
            and diff.published_position < len(published)
            and any(
                start <= call.line < (end or call.line + 1)
                and _writes(render_call, call, published[diff.published_position])
                for call in page.macros
            )
        )
        if written_by_macro and data_reported:
            continue  # words a macro takes from data/ that has an error of its own: that error is the cause
        call = (
            _macro_at(page, published, diff.published_position, start, end, render_call) if written_by_macro else None
        )
        line, col = located or ((call.line, call.col) if call else (_first_text_line(page.markdown, start), 1))
        data = data_place(call) if call and data_place else None
        where = {OPENING_ID: "phần mở đầu", CLOSING_ID: "phần cuối (nơi nhận, chữ ký)"}.get(
            part_id, f"mục {citation_number(part_id)} ({part_id})"
        )
        more = f" (và {len(diffs) - 1} chỗ khác nữa trong phần này)" if len(diffs) > 1 else ""
        names = ", ".join(f"«{a.id}»" for a in recorded.get(part_id, []))
        if part_id in signed_parts:
            first = recorded[part_id][0]
            findings.append(
                rule("KH705").at(
                    f"docs/{page.path}",
                    line,
                    col,
                    f"sửa đổi «{first.id}» đã ghi trong data/amendments.yml nhưng trang chưa sửa theo, ở {where}: trang "
                    f"vẫn ghi lời văn cũ «{first.before}», sửa đổi thay bằng «{first.after}». Sửa chữ trên trang cho khớp; "
                    "sửa đổi đã được ghi, không cần ghi thêm",
                )
            )
        elif names:
            findings.append(
                rule("KH710").at(
                    f"docs/{page.path}",
                    line,
                    col,
                    f"chữ trên trang khác lời văn phải đăng ở {where} (bản đã ký, áp dụng sửa đổi {names} đã ghi): "
                    f"{diff.describe(official_name='lời văn phải đăng')}{more}. Sửa chữ trên trang cho đúng lời văn đó; "
                    "chỉ khi có thêm một thay đổi được phê duyệt mới ghi nó vào data/amendments.yml",
                )
            )
        elif data and call is not None:
            findings.append(
                rule("KH710").at(
                    *data[:3],
                    f'{call.name}("{call.args[0]}") ở docs/{page.path}:{line}:{col} đăng chữ khác văn bản gốc ở {where}: '
                    f"{diff.describe()}{more}. Sửa «{data[3]}» của «{call.args[0]}» ở đây cho khớp văn bản gốc",
                )
            )
        elif written_by_macro:
            findings.append(
                rule("KH710").at(
                    f"docs/{page.path}",
                    line,
                    col,
                    f"chữ trên trang khác văn bản gốc ở {where}: {diff.describe()}{more}. Chữ này do macro {{{{ … }}}} ở "
                    "đây viết ra từ dữ liệu: sửa id trong macro, hoặc dữ liệu trong data/ (số hiệu, ngày…), cho khớp văn "
                    "bản gốc",
                )
            )
        else:
            record = _entry(official, spans, part_id, diff, expected)
            findings.append(
                rule("KH710").at(
                    f"docs/{page.path}",
                    line,
                    col,
                    f"chữ trên trang khác văn bản gốc ở {where}: {diff.describe()}{more}. Văn bản gốc không được sửa; "
                    f"nếu thay đổi đã được phê duyệt, ghi nó vào data/amendments.yml{record}",
                )
            )
    return findings


def _entry(
    official: OfficialText,
    spans: list[tuple[str, list[str]]],
    part_id: str,
    diff: WordDiff,
    expected: list[str],
    around: int = 3,
) -> str:
    """ " (section: …, before: «…», after: «…»)": the amendment that would record a difference inside the
    text of one part (not its number), with a few words around it; "" when there is none to offer."""
    part = official.part(part_id)
    if part is None:
        return ""
    start = 0
    for span_id, span in spans:
        if span_id == part_id:
            break
        start += len(span)
    text_start = start + (0 if part.kind == "bullet" else len(words(part.label)))
    text_end = start + len(dict(spans)[part_id])
    end = diff.position + len(diff.official.split())
    if diff.position < text_start or end > text_end:
        return ""
    after_words = expected[end : min(end + 1, text_end)] if not diff.official or not diff.published else []
    text = expected[text_start:text_end]
    for size in range(around, around + 8):  # enough words before it that the first occurrence is this one
        first = max(text_start, diff.position - size)
        run = expected[first:end] + after_words
        if next(i for i in range(len(text)) if text[i : i + len(run)] == run) == first - text_start:
            break
    before_words = expected[first : diff.position]
    before = " ".join([*before_words, *diff.official.split(), *after_words])
    after = " ".join([*before_words, *diff.published.split(), *after_words])
    return f" (section: {part_id}, before: «{before}», after: «{after}»)"


_MARKUP_GAP = r"(?:\s|[*_`\[\]]|\]\([^)\s]*\))+"


def _word_pattern(word: str) -> str:
    """A published word as it may be written in Markdown: punctuation may carry a backslash (`1\\.`)."""
    return "".join(r"\\?" + re.escape(char) if not char.isalnum() else re.escape(char) for char in word)


def _writes(render_call: Callable[[MacroCall], str], call: MacroCall, word: str) -> bool:
    """Does the macro call write `word` (punctuation after a macro belongs to the page, not to it)?"""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", render_call(call))  # a Markdown link: its words
    written = words(re.sub(r"<[^>]+>", " ", text))
    return word in written or word.rstrip(",.;:)»\"'") in written


def _first_text_line(markdown: str, start: int) -> int:
    """The first line at or after `start` that is not blank: where a part's text begins."""
    lines = markdown.split("\n")
    return next((number for number in range(start, len(lines) + 1) if lines[number - 1].strip()), start)


def _macro_at(
    page: Page,
    published: list[str],
    index: int,
    start: int,
    end: int | None,
    render_call: Callable[[MacroCall], str] | None = None,
) -> MacroCall:
    """The macro call that most likely writes the published word at `index`: among the calls of the part
    whose output has that word (when `render_call` can tell), the first after the nearest word before it
    that the page spells out."""
    calls = sorted((c for c in page.macros if start <= c.line < (end or c.line + 1)), key=lambda c: (c.line, c.col))
    if render_call and index < len(published):
        writing = [c for c in calls if _writes(render_call, c, published[index])]
        calls = writing or calls
    for back in range(1, 6):
        before = locate_word(page.markdown, start, published, index - back, end) if index - back >= 0 else None
        if before:
            later = [call for call in calls if (call.line, call.col) >= before]
            if later:
                return later[0]
            break
    return calls[0]


# The key of a document's entry (data/documents/<id>.yml) that each macro publishes.
MACRO_KEYS = {"doc_number": "number", "doc_date": "date"}


def document_place(project: Project) -> Callable[[MacroCall], tuple[str, int, int, str] | None]:
    """(path, line, column, key) of the data a macro call publishes: where to correct what it wrote."""
    entries = project.entry_files.get("documents", {})

    def place(call: MacroCall) -> tuple[str, int, int, str] | None:
        key = MACRO_KEYS.get(call.name)
        if not key or not call.args or call.args[0] not in entries:
            return None
        return (*project.position("documents", call.args[0], key), key)

    return place


def locate_word(
    markdown: str, start_line: int, published: list[str], index: int, end_line: int | None = None
) -> tuple[int, int] | None:
    """(line, column) in a page's Markdown of the published word at `index`, searched with the words around
    it between the line where its part starts and the line where the next one does; None if the page does
    not spell it out (a macro writes it)."""
    page_lines = markdown.split("\n")
    offset = sum(len(line) + 1 for line in page_lines[: max(start_line - 1, 0)])
    end = sum(len(line) + 1 for line in page_lines[: end_line - 1]) if end_line else len(markdown)
    after_end = index >= len(published)  # the page lacks words at its end: point just after its last word
    target = len(published) - 1 if after_end else index
    if target < 0:
        return None
    for before in (4, 2, 1, 0):
        for after in (3, 1):
            first = max(0, target - before)
            run = published[first : target + after]
            pattern = "(?<![^\\s*_`\\[(>])" + _MARKUP_GAP.join(f"({_word_pattern(w)})" for w in run)
            match = re.compile(pattern).search(markdown, offset, end)
            if match:
                at = match.end(target - first + 1) if after_end else match.start(target - first + 1)
                line = markdown.count("\n", 0, at) + 1
                return line, at - (markdown.rfind("\n", 0, at) + 1) + 1
    return None


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


def lock_sources(project: Project, pages: list[Page], reported: Iterable[Finding] = ()) -> list[Finding]:
    """KH710 for every plan page whose Markdown, its macro calls replaced by what the site's own macros
    return (only after check_page_templates found nothing: see pagetemplates.render_calls), differs from the
    official text: the checker's text lock, without a build. Pages the macros cannot render are
    left to the rules that report why (unknown macro or id); the whole-plan page to the build. A part
    where `reported` already has an error (a page rule's finding) is not reported again."""
    from .macros import page_macros  # macros import views, which import this module's neighbours

    functions = page_macros(project, pages)
    skip = unusable_parts(project)
    data_reported = any(f.path.startswith("data/") and f.severity == ERROR for f in reported)
    place = document_place(project)

    def render_call(call: MacroCall) -> str:
        try:
            return str(functions[call.name](*call.args))
        except Exception:  # noqa: BLE001 - a call that cannot render writes nothing to compare
            return ""

    converter = markdown.Markdown(extensions=list(PLAN_MARKDOWN_EXTENSIONS))  # one for every page: set up once
    findings: list[Finding] = []
    for page in pages:
        if not page.plan_part_ids() or is_whole_plan(front_matter(page.markdown)):
            continue
        try:
            source = render_calls(strip_front_matter(page.markdown), functions)
        except Exception:  # noqa: BLE001 - reported by the macro and id rules; nothing to compare
            continue
        html = converter.reset().convert(source)
        lines = {f.line for f in reported if f.path == f"docs/{page.path}" and f.severity == ERROR}
        findings += lock_page(
            project.official,
            project.amendments,
            page,
            html,
            skip_parts=skip,
            reported_lines=lines,
            data_reported=data_reported,
            data_place=place,
            render_call=render_call,
        )
    # one wrong number or date in data/ shows on every page that cites it: one finding, at the data
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for finding in findings:
        where = (finding.path, finding.line, finding.col)
        if not finding.path.startswith("data/") or where not in seen:
            unique.append(finding)
            seen.add(where)
    return unique

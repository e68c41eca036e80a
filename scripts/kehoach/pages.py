"""The Markdown pages of docs/, read as the plan's parts: which citation ids a page holds, and what
each part cites through macros.

A part of the plan is written in a page as a heading, paragraph or list item that ends with its
citation id in an attribute list: `… hạnh phúc. { #muc-i-1 }`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import repofiles
from .pagetemplates import macro_calls
from .plantext import OPENING_ID

PART_ID = re.compile(r"\{\s*#(?P<id>muc(?:-[a-z0-9]+)+)\s*\}")
FENCE = re.compile(r"^\s*(```|~~~)")
BOM = "\ufeff"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)  # inline code: its words are not the plan's


@dataclass
class MacroCall:
    name: str
    args: list[str]
    line: int
    col: int


@dataclass
class PagePart:
    id: str
    line: int
    text: str  # the Markdown of the part, macro calls included
    macros: list[MacroCall] = field(default_factory=list)


@dataclass
class Page:
    path: str  # relative to docs/, e.g. "muc-i.md"
    markdown: str  # as the site generator reads it: a leading byte order mark (BOM) removed
    parts: list[PagePart]
    macros: list[MacroCall]
    bom: bool = False  # the file starts with a BOM (reported: KH602)

    def part_ids(self) -> list[str]:
        return [part.id for part in self.parts]

    @property
    def opens_the_plan(self) -> bool:
        """This page publishes the plan's opening: it calls plan_header() (the one test for it)."""
        return any(call.name == "plan_header" for call in self.macros)

    def plan_part_ids(self) -> list[str]:
        """The parts of the plan this page publishes; the opening is drawn by plan_header()."""
        return ([OPENING_ID] if self.opens_the_plan else []) + self.part_ids()

    def opening_macros(self) -> list[MacroCall]:
        """The macro calls of the opening: on the page that opens the plan, those before its first part."""
        if not self.opens_the_plan:
            return []
        first_line = self.parts[0].line if self.parts else None
        return [call for call in self.macros if first_line is None or call.line < first_line]


@dataclass(frozen=True)
class Unreadable:
    """A page of docs/ that is not UTF-8 text: its path, its bytes, where decoding failed."""

    path: str
    data: bytes
    position: int


@dataclass(frozen=True)
class Docs:
    pages: list[Page]
    unreadable: list[Unreadable]


_cache: dict[tuple[Any, ...], Docs] = {}


def read_docs(docs_dir: Path) -> Docs:
    """Every page of docs/, read and parsed once for a given state of its files: the checker, the
    macros, the build adapter and the exports of one build share the result (treat it as read-only)."""
    docs_dir = Path(docs_dir)
    # Links and oversized pages are not read: the checker reports them (repofiles.repository_findings).
    paths = (
        sorted(
            path
            for path in docs_dir.rglob("*.md")
            if repofiles.is_plain_file(path, docs_dir) and path.stat().st_size <= repofiles.MAX_PAGE_BYTES
        )
        if docs_dir.is_dir() and not docs_dir.is_symlink()
        else []
    )
    key = (docs_dir.resolve(), *((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths))
    if key not in _cache:
        pages, unreadable = [], []
        for path in paths:
            rel, data = path.relative_to(docs_dir).as_posix(), path.read_bytes()
            try:
                pages.append(parse_page(rel, data.decode("utf-8")))
            except UnicodeDecodeError as error:
                unreadable.append(Unreadable(rel, data, error.start))
        _cache.clear()
        _cache[key] = Docs(pages, unreadable)
    return _cache[key]


def read_pages(docs_dir: Path) -> list[Page]:
    """The readable pages of docs/ (see read_docs)."""
    return read_docs(docs_dir).pages


def remembered_pages(docs_dir: Path, checkout: bytes) -> list[Page]:
    """read_pages, remembered by every input: `checkout`, the key of every entry of `docs_dir`
    (verdicts.checkout_key), and the code (verdicts.code_key). What a build before read is not read and
    parsed again."""
    from . import verdicts

    def produce() -> bytes:
        return json.dumps([dataclasses.asdict(page) for page in read_pages(docs_dir)]).encode("ascii")

    return [
        Page(
            page["path"],
            page["markdown"],
            [PagePart(p["id"], p["line"], p["text"], [MacroCall(**m) for m in p["macros"]]) for p in page["parts"]],
            [MacroCall(**m) for m in page["macros"]],
            page["bom"],
        )
        for page in json.loads(verdicts.remembered_output("docs-pages", [verdicts.code_key(), checkout], produce))
    ]


def strip_front_matter(markdown: str) -> str:
    """The page without its YAML front matter, line count kept so lines still match the file."""
    match = FRONT_MATTER.match(markdown)
    if not match:
        return markdown
    return "\n" * match.group().count("\n") + markdown[match.end() :]


def fenced(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """(index, line, in_code) of each line: in_code for the lines of a code fence, its ``` lines included.
    The one scanner of code fences (prose lines, print headings, HTML safety)."""
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            yield index, line, True
        else:
            yield index, line, in_fence


def front_matter(markdown: str) -> dict[str, Any]:
    """The page's YAML front matter as a mapping ({} when it has none or it is not a mapping)."""
    match = FRONT_MATTER.match(markdown)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group()[4:-4])
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line outside front matter and code fences."""
    for index, line, in_code in fenced(strip_front_matter(markdown).split("\n")):
        if not in_code:
            yield index + 1, line


def mask_code_spans(text: str) -> str:
    """`text` with inline code replaced by spaces (lines and columns kept)."""
    if "`" not in text:
        return text
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def parse_page(rel_path: str, markdown: str) -> Page:
    """The page's parts and macro calls. The calls are every call the renderer renders (read by
    pagetemplates.macro_calls, the one reader of calls), those in code blocks included; a part holds
    the calls written in its own lines. A leading BOM, which some editors write and MkDocs drops, is
    dropped here too: the page reads as the build reads it, and the BOM gets its own finding."""
    bom = markdown.startswith(BOM)
    markdown = markdown.removeprefix(BOM)
    macros = [
        MacroCall(name, arguments, line, col)
        for line, col, name, arguments in (macro_calls(strip_front_matter(markdown)) if "{{" in markdown else [])
    ]
    calls_on_line = calls_by_line(macros)
    parts: list[PagePart] = []
    pending: list[str] = []
    pending_macros: list[MacroCall] = []
    start_line = 1
    for number, line in prose_lines(markdown):
        if not pending:
            start_line = number
        pending_macros += calls_on_line.get(number, [])
        pending.append(line)
        for match in PART_ID.finditer(line):
            parts.append(PagePart(match["id"], start_line, "\n".join(pending), pending_macros))
            pending, pending_macros = [], []
    return Page(rel_path, markdown, parts, macros, bom)


def calls_by_line(calls: list[MacroCall]) -> dict[int, list[MacroCall]]:
    """Macro calls grouped by the line each starts on."""
    grouped: dict[int, list[MacroCall]] = {}
    for call in calls:
        grouped.setdefault(call.line, []).append(call)
    return grouped


def cited_documents(part: PagePart) -> list[str]:
    """The ids of the documents a part cites through macros."""
    return [
        call.args[0] for call in part.macros if (call.name.startswith("doc_") or call.name == "clause") and call.args
    ]

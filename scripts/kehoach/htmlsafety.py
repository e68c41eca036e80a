"""Raw HTML that would make readers' browsers run a script or load something from another site.

Pages may hold raw HTML (Markdown allows it) and data values reach pages through templates. Either
could bring a tracker, a script or a frame onto a page of the plan; the Content-Security-Policy would
block it for readers, so the checker reports it to the editor first (KH8xx) with file:line:col.
Code spans and fenced code are text about HTML, not HTML, and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .codes import rule
from .findings import Finding
from .model import DATA_FILES, Project
from .pages import Page, fenced, mask_code_spans, strip_front_matter
from .repofiles import MAX_PAGE_BYTES, is_plain_file

REMOTE = r"""(?:https?:)?//"""
SCRIPT_TAG = re.compile(r"<script\b", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(?P<name>on[a-z]+)\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(
    r"""(?:href|src|action|formaction|data|xlink:href)\s*=\s*["']?\s*(?P<url>javascript:)|\]\(\s*<?\s*(?P<md>javascript:)""",
    re.I,
)
FRAME_TAG = re.compile(
    r"<(?P<tag>iframe|frame|frameset|object|embed|applet|portal|base|foreignObject)\b"
    r"|<(?P<refresh>meta)\b[^>]*http-equiv\s*=\s*[\"']?\s*refresh",
    re.I,
)
# Files of docs/ that browsers open as documents (published as they are, without the pages' policy).
DOCUMENT_SUFFIXES = {".html", ".htm", ".svg", ".xml", ".xhtml", ".xsl", ".xslt"}
LOADING_TAG = re.compile(
    r"<(?P<tag>img|script|link|source|video|audio|track|input|image|use|picture)\b[^>]*?\s"
    r"(?P<attr>src|href|srcset|poster|data|xlink:href)\s*=\s*[\"']?\s*(?P<url>" + REMOTE + r"[^\s\"'>]*)",
    re.I | re.S,
)
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<url>" + REMOTE + r"[^\s)>]*)")
CSS_REMOTE = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"']?)(?P<url>" + REMOTE + r"[^\s\"')]*)", re.I)


def check_html_safety(project: Project, pages: list[Page]) -> Iterator[Finding]:
    """KH80x for every script, event handler, javascript: URL, frame or remote resource in docs/ or data/."""
    for page in pages:
        text = _mask_code(page.markdown)
        for offset, code, message in scan(text):
            line = text.count("\n", 0, offset) + 1
            col = offset - (text.rfind("\n", 0, offset) + 1) + 1
            yield rule(code).at(f"docs/{page.path}", line, col, message)
    docs = project.root / "docs"
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        if (
            path.suffix.lower() in DOCUMENT_SUFFIXES
            and is_plain_file(path, docs)
            and path.stat().st_size <= MAX_PAGE_BYTES
        ):
            text = path.read_text(encoding="utf-8", errors="replace")
            for offset, code, message in scan(text):
                line = text.count("\n", 0, offset) + 1
                col = offset - (text.rfind("\n", 0, offset) + 1) + 1
                yield rule(code).at(path.relative_to(project.root).as_posix(), line, col, message)
    for name in DATA_FILES:
        yaml_file = project.files.get(name)
        if yaml_file is None or yaml_file.findings:
            continue
        for at, value in _strings(yaml_file.value, ()):
            for _, code, message in scan(value):
                yield rule(code).at(yaml_file.path, *yaml_file.where(at), message)


def scan(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, code, message) of each unsafe thing in a piece of Markdown or HTML."""
    for match in SCRIPT_TAG.finditer(text):
        yield (
            match.start(),
            "KH801",
            (
                "thẻ <script> không được dùng trong trang hay dữ liệu: trang của Kế hoạch "
                "không chạy mã nào ngoài mã của giao diện; hãy xoá thẻ này"
            ),
        )
    for match in EVENT_ATTRIBUTE.finditer(text):
        yield (
            match.start("name"),
            "KH802",
            (f"thuộc tính «{match['name']}» chạy mã khi người đọc thao tác; không được dùng, hãy xoá thuộc tính này"),
        )
    for match in JAVASCRIPT_URL.finditer(text):
        start = match.start("url") if match["url"] else match.start("md")
        yield start, "KH803", "địa chỉ «javascript:» chạy mã khi bấm vào; hãy dùng liên kết thường tới một trang"
    for match in FRAME_TAG.finditer(text):
        tag = (match["tag"] or match["refresh"]).lower()
        yield (
            match.start(),
            "KH804",
            (
                f"thẻ <{tag}> nhúng nội dung, đổi địa chỉ gốc hoặc chuyển người đọc sang nơi "
                "khác; không được dùng, hãy đặt một liên kết thường thay vào"
            ),
        )
    for pattern in (LOADING_TAG, MARKDOWN_IMAGE, CSS_REMOTE):
        for match in pattern.finditer(text):
            yield (
                match.start("url"),
                "KH805",
                (
                    f"«{match['url']}» làm trình duyệt của người đọc tải tài nguyên từ trang "
                    "khác; hãy lưu tệp vào docs/assets/ và dẫn tới bản lưu đó"
                ),
            )


def _mask_code(markdown: str) -> str:
    """The Markdown with fenced code and code spans blanked out; offsets and line breaks kept."""
    lines = strip_front_matter(markdown).split("\n")
    for index, line, in_code in fenced(lines):
        if in_code:
            lines[index] = " " * len(line)
    return mask_code_spans("\n".join(lines))


def _strings(value: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*at, index))

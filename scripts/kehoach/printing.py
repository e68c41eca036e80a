"""The print edition: the whole plan on one page (docs/ban-in.md), the PDF made from it and the
offline copy of the site. Plain data and Markdown assembly; MkDocs glue and the scripts call this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .collection import PRINT_PAGE, own_pages, path_in
from .model import Project
from .pages import Page, fenced, strip_front_matter
from .plantext import OPENING_ID

# A document's print page is docs/<id>/ban-in.md (collection.PRINT_PAGE). Its front matter says
# `kh_print_plan: true`, the flag the templates and the text lock read (textlock.is_whole_plan).
# The calendar of the plan's deadlines (kehoach.calendar_export), linked from "Mốc thời gian".
CALENDAR_NAME = "moc-thoi-gian.ics"
PRINT_URL = PRINT_PAGE.removesuffix(".md") + "/"  # within a document's folder
ATX_HEADING = re.compile(r"^#{1,5} ")
# The offline copy's search needs the iframe-worker shim under file://. Vendored by `npm ci` in
# tools/node/offline (package.json pins iframe-worker, MIT), copied into the offline site at SHIM_TARGET.
SHIM_SOURCE = Path("tools/node/offline/node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"


@dataclass(frozen=True)
class Downloads:
    """The files a reader can download, named after the document's official text (<text>.pdf, .docx) and,
    for the offline copy of the whole collection, after the site."""

    pdf: str
    offline: str | None  # None in the offline copy: it is itself the zip
    title: str  # the document title of the print page and of the PDF
    docx: str | None = None  # the Word copy (kehoach.docx_export), from the same print page


OFFLINE_NAME = "van-ban-offline.zip"  # the offline copy of the whole collection


def downloads(project: Project) -> Downloads:
    """Named after the file of the document's official text (data/<text>.txt): one name for the document
    in every file, ASCII and without a slash."""
    plan = project.plan
    stem = plan.text or plan.id
    return Downloads(pdf=f"{stem}.pdf", offline=OFFLINE_NAME, title=f"{plan.label} {plan.title}", docx=f"{stem}.docx")


def print_to_pdf(browser: Any, url: str, output: Path) -> None:
    """Print one page of the site with a Playwright browser to PDF: A4 from the page's own CSS,
    tagged, with an outline (`make pdf`, and the tests of the print edition)."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready")
        page.pdf(
            path=str(output), format="A4", prefer_css_page_size=True, print_background=True, tagged=True, outline=True
        )
    finally:
        page.close()


def plan_pages(project: Project, pages: list[Page]) -> list[Page]:
    """The pages that publish parts of the plan, in the plan's order (the opening first)."""
    order = {cid: i for i, cid in enumerate([OPENING_ID, *project.citation_ids])}
    found = [p for p in own_pages(project, pages) if p.path != path_in(project, PRINT_PAGE) and p.plan_part_ids()]
    return sorted(found, key=lambda p: order.get(p.plan_part_ids()[0], len(order)))


def print_markdown(project: Project, pages: list[Page]) -> list[str]:
    """The Markdown of every plan page, front matter stripped, in the plan's order: the same text
    the section pages are built from, never a second copy.

    A page of a sub-section (II.1 under II) has its headings moved down one level per level of
    nesting, so that the print page, and the PDF outline made from it, nest as the plan does.
    """
    result = []
    for page in plan_pages(project, pages):
        depth = page.plan_part_ids()[0].count("-") - 1  # muc-ii: 0, muc-ii-1: 1
        result.append(_shift_headings(strip_front_matter(page.markdown), max(depth, 0)).strip("\n"))
    return result


def _shift_headings(markdown: str, levels: int) -> str:
    if not levels:
        return markdown
    lines = markdown.split("\n")
    for i, line, in_code in fenced(lines):
        if not in_code and ATX_HEADING.match(line):
            lines[i] = "#" * levels + line
    return "\n".join(lines)


# A paragraph or list item short enough to have fewer lines than orphans + widows (2 + 2) on A4 at
# 14 pt (about 70 characters a line): Chromium then drops `widows` and may leave its last line alone at
# the top of a page ("kỳ báo cáo Đảng ủy."). Such blocks get the class kh-keep (print.css keeps them whole).
KEEP_WHOLE_CHARACTERS = 300
_BLOCK = re.compile(r"<(p|li)(\s[^>]*)?>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_NESTED = re.compile(r"<(?:p|li|ul|ol|div|table|blockquote)[\s>]")


def keep_short_blocks(html: str) -> str:
    """`html` with the class kh-keep on each short paragraph and list item that holds no other block."""

    def mark(match: re.Match[str]) -> str:
        tag, attributes, inner = match[1], match[2] or "", match[3]
        if _NESTED.search(inner) or len(" ".join(_TAG.sub(" ", inner).split())) > KEEP_WHOLE_CHARACTERS:
            return match[0]
        if 'class="' in attributes:
            attributes = attributes.replace('class="', 'class="kh-keep ', 1)
        else:
            attributes += ' class="kh-keep"'
        return f"<{tag}{attributes}>{inner}</{tag}>"

    return _BLOCK.sub(mark, html)

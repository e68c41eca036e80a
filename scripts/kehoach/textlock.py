"""The text lock: the words a built page publishes, compared with the words of the official text.

Only whitespace and the canonical spelling of document numbers may differ (see plantext.words).
What readers see besides the plan (permalinks, generated lists, notes) carries the class `kh-extra`
or is site furniture outside the article, and is not part of the comparison.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html.parser import HTMLParser

from .plantext import OPENING_ID, OfficialText, Part, words

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

    def handle_starttag(self, tag, attrs):
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

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or not self.stack:
            return
        if self.stack.pop():
            self.skip_depth -= 1
        if tag == "article":
            self.in_article -= 1
        if tag in BLOCK_TAGS and self.in_article and not self.skip_depth:
            self.chunks.append("\n")

    def handle_data(self, data):
        if self.in_article and not self.skip_depth:
            self.chunks.append(data)


def published_text(html: str) -> str:
    """The plan's words on a built page, one block a line."""
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.chunks)


def part_words(part: Part) -> list[str]:
    """The words of one part as published: a bullet's dash is drawn by the page, not written."""
    return words(part.text if part.kind == "bullet" else f"{part.label} {part.text}")


def expected_words(official: OfficialText, part_ids: list[str]) -> list[str]:
    """The official words of the parts a page holds, in order (OPENING_ID: header, title, preamble)."""
    result: list[str] = []
    for part_id in part_ids:
        if part_id == OPENING_ID:
            result += words(" ".join([*official.header_lines, official.kind_line, official.title, official.preamble]))
            continue
        part = official.part(part_id)
        if part is not None:
            result += part_words(part)
    return result


@dataclass(frozen=True)
class WordDiff:
    """One place where the published words differ: what the official text has, what the page has."""

    position: int  # index of the first differing word in the official words
    official: str
    published: str
    context: str  # the official words just before the difference

    def describe(self) -> str:
        before = f"sau «…{self.context}»: " if self.context else ""
        if not self.published:
            return f"{before}thiếu «{self.official}»"
        if not self.official:
            return f"{before}thừa «{self.published}»"
        return f"{before}văn bản gốc là «{self.official}», trang lại ghi «{self.published}»"


def compare(official: list[str], published: list[str], context_words: int = 6) -> list[WordDiff]:
    matcher = difflib.SequenceMatcher(a=official, b=published, autojunk=False)
    diffs = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        diffs.append(WordDiff(a1, " ".join(official[a1:a2]), " ".join(published[b1:b2]),
                              " ".join(official[max(0, a1 - context_words):a1])))
    return diffs

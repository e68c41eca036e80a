"""Raw HTML in pages and data: an allow-list, not a list of known tricks.

Markdown lets a page hold raw HTML, and a hostile pull request can use it to hide, shrink, strike or
wrap the plan's words, or to show a login box under the Party's name, while every word is still in
the built HTML. So what an editor may write is decided by one table, `ALLOWED_TAGS` (with the reason for
each entry), and everything else is refused with file:line:col:

- pages that publish no official text may hold the tags of `ALLOWED_TAGS` with their listed attributes,
  and character references only for the characters HTML reads as markup (`ALLOWED_REFERENCES`);
- pages that publish the plan's words (every word of such a page is locked to the official text) hold no
  raw HTML at all (KH808), and their attribute lists `{ … }` set only the parts' citation ids;
- an attribute list `{ … }` anywhere sets only an id or a class of `PAGE_CLASSES` (none today);
- data values are text: the templates show them as typed, so a tag in data/ is always a mistake.

The page is read with Python's HTML parser (the one Python-Markdown builds on), code spans, code fences
and macro calls blanked out (a macro's output is the site's own template, not the page's); then the page
is rendered with Python-Markdown and every element and address of the result is checked again, so a
construct the first reading missed (a reference-style link, an odd spelling of a tag) is still refused.
Scripts, event handlers, `javascript:` addresses, frames and third-party resources keep their own codes
(KH801–KH805), which say what such a thing would do; everything else outside the list is KH807 (KH808
on a page of the plan's words).
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE

from .codes import rule
from .findings import Finding
from .model import ID_FORM, Project
from .pages import PART_ID, Page, fenced, front_matter, mask_code_spans, strip_front_matter
from .pagetemplates import call_spans
from .repofiles import ASSETS_DIR, MAX_PAGE_BYTES, is_plain_file
from .textlock import PLAN_MARKDOWN_EXTENSIONS, WHOLE_PLAN_KEY, is_whole_plan


@dataclass(frozen=True)
class Allowed:
    attributes: frozenset[str]
    reason: str  # why a page may need it (Vietnamese: CONTRIBUTING.md shows the same list)


# The one allow-list of raw HTML in pages that do not publish the plan's words. Today's pages use none of
# it: Markdown writes everything they need. These are the few things Markdown has no way to write.
ALLOWED_TAGS: dict[str, Allowed] = {
    "br": Allowed(frozenset(), "xuống dòng bên trong một ô bảng, nơi Markdown không xuống dòng được"),
    "abbr": Allowed(
        frozenset({"title"}), "chữ viết tắt kèm lời giải thích hiện khi trỏ chuột, ví dụ BCH (Ban Chấp hành)"
    ),
    "sup": Allowed(frozenset(), "chỉ số trên, ví dụ m² hay số chú thích"),
    "sub": Allowed(frozenset(), "chỉ số dưới, ví dụ CO₂"),
}
# Character references a page may write: only the characters HTML would read as markup.
ALLOWED_REFERENCES: dict[str, str] = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# Classes an attribute list `{ .ten-lop }` may set, on pages without the plan's words. The site's own
# classes (kh-extra, kh-quote…) are for its templates: on a page, one could take words out of the text
# lock or hide them.
PAGE_CLASSES: dict[str, str] = {
    "md-button": "một liên kết hiện như nút bấm (kiểu của Material), như nút tải lịch trên trang Mốc thời gian",
    "md-button--primary": "nút bấm chính, tô màu nền",
}
# Addresses a link may lead to: pages of this site (no scheme) and these.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What Markdown itself writes from the pages' syntax (extensions of PLAN_MARKDOWN_EXTENSIONS), and the
# attributes it writes on them; attribute lists add ids.
MARKDOWN_ELEMENTS: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in ("p", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "hr")},
    **{name: frozenset() for name in ("h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "br")},
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "th": frozenset({"style", "align"}),  # column alignment of a Markdown table
    "td": frozenset({"style", "align"}),
}

# What the specific codes name (they explain what the thing would do; the allow-list refuses it anyway).
EMBEDDING_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"})
EMBEDDING_TAGS |= {"foreignobject"}
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"})
URL_ATTRIBUTES |= {"background", "cite", "ping", "manifest", "codebase", "longdesc"}
LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
LOADING_BY_HREF = frozenset({"link", "image", "use", "script"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
CSS_REMOTE = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)(?P<url>(?:https?:)?//[^\s"')]*)""", re.I)
SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.\-]*):", re.I)
# The parser's own reading of an attribute (html.parser's attrfind_tolerant): used only to say in which
# column an attribute the parser reported starts.
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*")
# A character reference as Markdown reads one (markdown.inlinepatterns.ENTITY_RE).
_REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*(?P<body>[^}\n ][^}\n]*?)[ ]*\}")
GREEDY_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*(?P<body>[^}\n ][^\n]*)\}")  # attr_list's own BASE_RE

# How to write with Markdown what a refused tag was for.
INSTEAD = {
    "a": "hãy viết một liên kết Markdown [chữ](địa chỉ)",
    "img": "hãy viết một ảnh Markdown ![mô tả](đường dẫn tệp)",
    "b": "hãy viết chữ đậm Markdown **chữ**",
    "strong": "hãy viết chữ đậm Markdown **chữ**",
    "i": "hãy viết chữ nghiêng Markdown *chữ*",
    "em": "hãy viết chữ nghiêng Markdown *chữ*",
    "p": "hãy để một dòng trống giữa hai đoạn",
    "ul": "hãy viết danh sách Markdown (mỗi ý một dòng «- »)",
    "ol": "hãy viết danh sách Markdown (mỗi ý một dòng «1. »)",
    "li": "hãy viết danh sách Markdown (mỗi ý một dòng «- »)",
    "table": "hãy viết bảng Markdown (| cột | cột |)",
    "code": "hãy viết mã trong dấu `",
    "pre": "hãy viết khối mã giữa hai dòng ```",
    "hr": "hãy viết một dòng ---",
    **{f"h{level}": "hãy viết tiêu đề Markdown (#, ##, ###)" for level in range(1, 7)},
}
ALLOWED_LIST = ", ".join(f"<{tag}>" for tag in ALLOWED_TAGS)
CLASS_LIST = ", ".join(f".{name}" for name in PAGE_CLASSES)


@dataclass(frozen=True)
class _Tag:
    offset: int
    name: str
    attributes: list[tuple[str, str | None, int, int]]  # name, value, offset of name, offset of value


MAX_READINGS = 3


class _Markup(HTMLParser):
    """Every tag, comment, declaration and character reference of a text, with its offset."""

    def __init__(self, text: str, nested: bool = False) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[_Tag] = []
        self.raw_tags: list[str] = []  # each start tag as written: its attribute values before decoding
        self.ends: list[tuple[int, str]] = []
        self.others: list[tuple[int, str]] = []  # comments, declarations, unclosed constructs: (offset, what)
        self.references: list[tuple[int, str]] = []
        self.style: list[tuple[int, str]] = []  # the text inside <style>: where remote CSS would load
        self.in_style = False
        self.text = text
        self.resume: list[int] = []  # where to read again: after a «<» the parser gave up on
        self.feed(text)
        self.close()
        if nested:
            return
        # A «<!--» never closed: the parser read the rest as text, Markdown may not. The rest is read again
        # after the «<» (the page is refused for the construct left open anyway: a few more readings name
        # what follows; a page of a thousand such is not read a thousand times).
        shift, readings = 0, 1
        while self.resume and readings < MAX_READINGS:
            shift, readings = shift + self.resume.pop(), readings + 1
            rest = _Markup(text[shift:], nested=True)
            self.tags += [
                _Tag(t.offset + shift, t.name, [(n, v, a + shift, b + shift) for n, v, a, b in t.attributes])
                for t in rest.tags
            ]
            self.ends += [(o + shift, n) for o, n in rest.ends]
            self.others += [(o + shift, k) for o, k in rest.others]
            self.references += [(o + shift, n) for o, n in rest.references]
            self.style += [(o + shift, c) for o, c in rest.style]
            self.resume = rest.resume

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._offset()
        raw = self.get_starttag_text() or ""
        name_end = _TAG_NAME.match(raw)
        position = name_end.end() if name_end else 1
        located = []
        for name, value in attrs:
            match = _ATTRIBUTE.search(raw, position)
            while match and match.group(1).lower() != name:
                match = _ATTRIBUTE.search(raw, match.end()) if match.end() > match.start() else None
            if match is None:
                located.append((name, value, offset, offset))
                continue
            position = max(match.end(), position + 1)
            value_at = match.start(3) + (1 if match.group(3) and match.group(3)[0] in "'\"" else 0)
            located.append((name, value, offset + match.start(1), offset + (value_at if match.group(3) else 0)))
        self.tags.append(_Tag(offset, tag, located))
        self.raw_tags.append(raw)
        self.in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        self.ends.append((self._offset(), tag))
        self.in_style = False

    def handle_data(self, data: str) -> None:
        offset = self._offset()
        if self.in_style:
            self.style.append((offset, data))
        elif data[:1] == "<" and not self.resume and _opens(self.text[offset + 1 : offset + 2]):
            # The parser gave up on a construct left open («<!--» never closed, a tag without «>»), and
            # read what follows as text; Markdown may not: the rest is read again after the «<».
            self.others.append((offset, "unclosed"))
            self.resume.append(offset + 1)

    def handle_comment(self, data: str) -> None:
        self.others.append((self._offset(), "comment"))

    def handle_decl(self, decl: str) -> None:
        self.others.append((self._offset(), "declaration"))

    def unknown_decl(self, data: str) -> None:
        self.others.append((self._offset(), "declaration"))

    def handle_pi(self, data: str) -> None:
        self.others.append((self._offset(), "declaration"))

    def handle_charref(self, name: str) -> None:
        self.references.append((self._offset(), f"#{name}"))

    def handle_entityref(self, name: str) -> None:
        self.references.append((self._offset(), name))


def _opens(char: str) -> bool:
    """Does a «<» followed by `char` open a construct for the HTML parser?"""
    return bool(char) and (char.isascii() and char.isalpha() or char in "!/?")


Problem = tuple[int, str, str]  # offset, code, message


def _scheme(url: str) -> str:
    """The scheme of an address as a browser reads it (blanks and control characters ignored)."""
    cleaned = "".join(char for char in url if ord(char) > 32 and char not in "\u00a0")
    match = SCHEME.match(cleaned)
    return match["scheme"].lower() if match else ""


def _remote(url: str) -> bool:
    cleaned = url.strip()
    return cleaned.startswith("//") or cleaned.startswith("\\\\") or bool(_scheme(cleaned))


def address_problem(tag: str, attribute: str, value: str) -> tuple[str, str] | None:
    """(code, message) when an address makes the reader's browser run code (KH803), leave for a kind of
    address that is not a page (KH803), or load something from elsewhere (KH805)."""
    url = value.split(",")[0].split()[0] if attribute == "srcset" and value.split() else value
    scheme = _scheme(url)
    if scheme in SCRIPT_SCHEMES:
        return "KH803", f"địa chỉ «{scheme}:» chạy mã khi bấm vào; hãy dùng liên kết thường tới một trang"
    loading = attribute in LOADING_ATTRIBUTES or (attribute in ("href", "xlink:href") and tag in LOADING_BY_HREF)
    if loading and _remote(url):
        shown = url.strip()[:80]
        return (
            "KH805",
            f"«{shown}» làm trình duyệt của người đọc tải tài nguyên từ trang khác; hãy lưu tệp vào "
            "docs/assets/ và dẫn tới bản lưu đó",
        )
    if not scheme and _remote(url) or "\\" in url:
        # «//nơi-khác», «/\\nơi-khác»: browsers read them as another site, the page shows no scheme to warn
        return (
            "KH803",
            f"địa chỉ «{url.strip()[:80]}» dẫn sang trang web khác mà không ghi rõ; liên kết tới trang của "
            "trang web này viết đường dẫn tương đối (ví dụ muc-i.md#muc-i-1), liên kết ra ngoài viết đủ https://…",
        )
    if scheme and scheme not in LINK_SCHEMES:
        return (
            "KH803",
            f"địa chỉ «{scheme}:» không dẫn tới một trang; chỉ dùng liên kết tới trang của trang web này "
            f"hoặc địa chỉ {', '.join(sorted(s + ':' for s in LINK_SCHEMES))}",
        )
    return None


def _specific(tag: _Tag) -> list[Problem]:
    """KH801-KH805: what a tag would do that is worse than being off the list."""
    problems: list[Problem] = []
    if tag.name == "script":
        problems.append(
            (
                tag.offset,
                "KH801",
                "thẻ <script> không được dùng trong trang hay dữ liệu: trang của Kế hoạch không chạy mã nào "
                "ngoài mã của giao diện; hãy xoá thẻ này",
            )
        )
    refresh = tag.name == "meta" and any(
        name == "http-equiv" and (value or "").strip().lower() == "refresh" for name, value, _, _ in tag.attributes
    )
    if tag.name in EMBEDDING_TAGS or refresh:
        shown = "meta" if refresh else tag.name
        problems.append(
            (
                tag.offset,
                "KH804",
                f"thẻ <{shown}> nhúng nội dung, đổi địa chỉ gốc hoặc chuyển người đọc sang nơi khác; không được "
                "dùng, hãy đặt một liên kết thường thay vào",
            )
        )
    for name, value, name_at, value_at in tag.attributes:
        if name.startswith("on"):
            problems.append(
                (
                    name_at,
                    "KH802",
                    f"thuộc tính «{name}» chạy mã khi người đọc thao tác; không được dùng, hãy xoá thuộc tính này",
                )
            )
        elif name in URL_ATTRIBUTES and value is not None:
            found = address_problem(tag.name, name, value)
            if found:
                problems.append((value_at, *found))
        elif name == "style" and value:
            for match in CSS_REMOTE.finditer(value):
                problems.append((value_at + match.start("url"), *_remote_css(match["url"])))
    return problems


def _remote_css(url: str) -> tuple[str, str]:
    return (
        "KH805",
        f"«{url[:80]}» làm trình duyệt của người đọc tải tài nguyên từ trang khác; hãy lưu tệp vào docs/assets/ "
        "và dẫn tới bản lưu đó",
    )


@dataclass(frozen=True)
class _Place:
    """Where raw HTML is judged: what it may hold, and how a refusal is worded."""

    code: str
    tags: Mapping[str, Allowed]
    what: str  # how the refusal starts

    def tag(self, name: str) -> str:
        instead = INSTEAD.get(name, "hãy bỏ thẻ, để chữ hiện như mọi đoạn khác")
        if self.code == "KH808":
            return (
                f"thẻ <{name}>: {self.what}; lời văn phải hiện đúng như văn bản, không bọc, ẩn, gạch, thu nhỏ "
                "hay đảo chỗ; hãy xoá thẻ, giữ nguyên chữ"
            )
        if not self.tags:
            return f"thẻ <{name}>: {self.what}; hãy bỏ thẻ, chỉ ghi chữ"
        return f"thẻ <{name}> không có trong danh sách HTML được phép ({ALLOWED_LIST}); {instead}"

    def attribute(self, tag: str, name: str) -> str:
        allowed = self.tags[tag].attributes
        accepted = (
            "chỉ nhận " + ", ".join(f"«{a}»" for a in sorted(allowed)) if allowed else "không nhận thuộc tính nào"
        )
        return f"thuộc tính «{name}» của thẻ <{tag}> không được phép (thẻ này {accepted}); hãy xoá thuộc tính này"

    def other(self, kind: str) -> str:
        what = {
            "comment": "chú thích HTML «<!-- … -->» giấu chữ khỏi người đọc",
            "declaration": "khai báo HTML «<!…>» hay «<?…>» không phải nội dung của trang",
            "unclosed": "thẻ HTML hay chú thích «<!--» mở mà không đóng",
        }[kind]
        where = f"{self.what}: " if self.code == "KH808" or not self.tags else ""
        return f"{where}{what}; hãy xoá nó (ghi chú cho người sửa trang đặt trong mô tả của pull request)"


PLAIN_PAGE = _Place("KH807", ALLOWED_TAGS, "")
PLAN_PAGE = _Place("KH808", {}, "trang đăng lời văn của Kế hoạch không được có HTML")
DATA_VALUE = _Place("KH807", {}, "giá trị trong data/ là chữ, trang hiện nguyên văn mọi thẻ")


def _judge(markup: _Markup, place: _Place) -> list[Problem]:
    """Every problem of a text's raw HTML: the specific codes first; a tag with none is judged by the list."""
    problems: list[Problem] = []
    refused: set[str] = set()
    for tag in markup.tags:
        specific = _specific(tag)
        if specific:
            problems += specific
            refused.add(tag.name)
        elif tag.name not in place.tags:
            problems.append((tag.offset, place.code, place.tag(tag.name)))
            refused.add(tag.name)
        else:
            allowed = place.tags[tag.name].attributes
            problems += [
                (at, place.code, place.attribute(tag.name, name))
                for name, _, at, _ in tag.attributes
                if name not in allowed
            ]
    for offset, name in markup.ends:  # a closing tag alone can close the site's own elements early
        if name not in place.tags and name not in refused:
            problems.append((offset, place.code, place.tag(name)))
            refused.add(name)
    for offset, css in markup.style:
        problems += [(offset + m.start("url"), *_remote_css(m["url"])) for m in CSS_REMOTE.finditer(css)]
    problems += [(offset, place.code, place.other(kind)) for offset, kind in markup.others]
    return problems


def _references(text: str, markup: _Markup, place: _Place) -> list[Problem]:
    """Character references other than those of ALLOWED_REFERENCES: an editor types the character
    itself, which the text checks (invisible, look-alike letters) then see."""
    problems = []
    for offset, name in markup.references:
        if not _REFERENCE.match(text, offset) or name in ALLOWED_REFERENCES:
            continue
        number = name[1:]
        try:
            char = chr(int(number[1:], 16) if number[:1] in "xX" else int(number)) if name.startswith("#") else ""
        except (ValueError, OverflowError):
            char = ""
        if char and char in ALLOWED_REFERENCES.values():
            continue
        problems.append(
            (
                offset,
                place.code,
                f"«&{name};» viết một ký tự bằng mã HTML; hãy gõ thẳng ký tự đó (chỉ "
                + ", ".join(f"&{n};" for n in ALLOWED_REFERENCES)
                + " được viết dạng này)",
            )
        )
    return problems


LINK_IN_BRACKETS = re.compile(r"\]\(\s*(?P<address><[^<>\n]*>)")


def blank(match: re.Match[str] | str) -> str:
    """Spaces as long as a match: offsets and columns stay as in the file."""
    return " " * len(match if isinstance(match, str) else match.group())


def _masked(page: Page) -> str:
    """The page as the HTML parser reads it: the page to render (`_to_render`), with its autolinks, link
    addresses in angle brackets and escaped braces blanked out as well (offsets and line breaks kept)."""
    text = _to_render(page)
    text = re.sub(AUTOLINK_RE, blank, text)
    text = re.sub(AUTOMAIL_RE, blank, text)
    # A link's address written in angle brackets, [chữ](<địa chỉ>), is an address (checked once rendered)
    text = LINK_IN_BRACKETS.sub(lambda m: m.group()[: m.start("address") - m.start()] + blank(m["address"]), text)
    return re.sub(r"\\\{", blank, text)  # «\{» is text for Markdown; «\<» is not (Python-Markdown keeps the tag)


def _to_render(page: Page) -> str:
    """The page without its front matter, code fences, code spans and macro calls (offsets kept), for the
    first reading. The fences are those pages.fenced reads, which is looser than Markdown's (an indented
    ```, a ~~~ closed by ```): the second reading (`_rendered`) sees the page as the build does."""
    lines = _source(page).split("\n")
    for index, line, in_code in fenced(lines):
        if in_code:
            lines[index] = " " * len(line)
    return mask_code_spans("\n".join(lines))


def _source(page: Page) -> str:
    """The page without its front matter and macro calls (offsets kept): what Markdown renders of what
    the page's author wrote. Code spans are left to Markdown, which escapes what they hold."""
    text = strip_front_matter(page.markdown)
    spans = call_spans(text) if "{{" in text else []
    chars = list(text)
    for start, end in spans:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = "x"  # a word, so that a call inside a link's address stays an address
    return "".join(chars)


def publishes_the_plan(page: Page) -> bool:
    """Every word of this page is locked to the official text (textlock): it publishes parts of the plan,
    its opening, or the whole plan."""
    return bool(page.plan_part_ids()) or WHOLE_PLAN_KEY in page.markdown and is_whole_plan(front_matter(page.markdown))


# The longest a tag or declaration may run before its «>»: every tag of the list fits in a line. Python's
# HTML parser and Python-Markdown read a «<» left open to the end of the page, for every such «<»: a page
# of them would take minutes. (A comment may be longer, but comments are refused anyway.)
MAX_TAG_LENGTH = 1000


def _left_open(text: str) -> int | None:
    """The offset of the first «<» that opens a comment, marked section, declaration or tag the parser
    would not see closed soon: a comment without «-->», a «<![» without «]]>», anything else without its
    «>» (outside quoted attribute values) within MAX_TAG_LENGTH characters; or None."""
    at = text.find("<")
    while at >= 0:
        end = at + 1
        if text.startswith("<!--", at):
            close = text.find("-->", at + 4)
            if close < 0:
                return at
            end = close + 3
        elif text.startswith("<![", at):
            section = MARKED_SECTION_END.search(text, at + 3)
            if section is None:
                return at
            end = section.end()
        elif _opens(text[at + 1 : at + 2]):
            close_at = _tag_end(text, at)
            if close_at is None:
                return at
            end = close_at + 1
        at = text.find("<", end)
    return None


MARKED_SECTION_END = re.compile(r"\]\s*\]?\s*>")


def _tag_end(text: str, at: int) -> int | None:
    """The offset of the «>» that ends the tag opened at `at`, skipping quoted attribute values, if it is
    within MAX_TAG_LENGTH characters."""
    index, limit, expecting_value = at + 1, min(len(text), at + MAX_TAG_LENGTH), False
    while index < limit:
        char = text[index]
        if char == ">":
            return index
        if expecting_value and char in "'\"":
            close = text.find(char, index + 1, limit)
            if close < 0:
                return None
            index = close
        if char == "=":
            expecting_value = True
        elif not char.isspace():
            expecting_value = False
        index += 1
    return None


def page_problems(page: Page) -> list[Problem]:
    """Every problem of a page's raw HTML, attribute lists and addresses."""
    text = _masked(page)
    place = PLAN_PAGE if publishes_the_plan(page) else PLAIN_PAGE
    left_open = _left_open(text)
    if left_open is not None:  # refused as it is: the parsers would read the rest of the page over and over
        return [(left_open, place.code, place.other("unclosed"))]
    markup = _Markup(text)
    problems = _judge(markup, place) + _references(text, markup, place) + _attribute_lists(text, place)
    return problems + _rendered(_source(page), place, bool(problems))


def _attribute_lists(text: str, place: _Place) -> list[Problem]:
    """Attribute lists `{ … }` (Markdown's attr_list) may set only an id, and on a page of the plan's
    words only a citation id `{ #muc-… }`: never a class that hides or an attribute such as `hidden`.
    Each `{` is read both up to the next `}` and, as attr_list reads it, up to the last `}` of its line."""
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for pattern in (ATTRIBUTE_LIST, GREEDY_ATTRIBUTE_LIST):
        for match in pattern.finditer(text):
            attributes, _ = get_attrs_and_remainder(match["body"] + " }")
            for key, value in attributes:
                if key == "id" and value and ID_FORM.match(value):
                    if place is not PLAN_PAGE or PART_ID.fullmatch(f"{{ #{value} }}"):
                        continue
                if key == "." and value in PAGE_CLASSES and place is not PLAN_PAGE:
                    continue
                shown = f"#{value}" if key == "id" else f".{value}" if key == "." else key
                at = match.start() + max(match.group().find(shown), 0)
                if (at, shown) in seen:
                    continue
                seen.add((at, shown))
                if place is PLAN_PAGE:
                    message = (
                        f"danh sách thuộc tính {{ … }} đặt «{shown}» cho lời văn của Kế hoạch; trên trang đăng lời "
                        "văn, nó chỉ ghi mã trích dẫn, dạng { #muc-… }: hãy xoá «" + shown + "»"
                    )
                else:
                    message = (
                        f"danh sách thuộc tính {{ … }} đặt «{shown}»; nó chỉ được đặt id, dạng {{ #ten-muc }} "
                        f"(chữ thường không dấu, số, gạch nối), và lớp {CLASS_LIST}: hãy xoá «{shown}»"
                    )
                problems.append((at, place.code, message))
    return problems


# What MkDocs adds to every build, whatever mkdocs.yml lists (mkdocs.config.config_options.MarkdownExtensions
# builtins: toc, tables, fenced_code): the second reading renders code fences as the build does.
BUILD_EXTENSIONS = ("fenced_code",)
LANGUAGE_CLASS = re.compile(r"language-[\w#.+-]+")


@functools.cache
def _converter() -> markdown.Markdown:
    """One Markdown reader for every page (set up once: most of the cost of reading a short page)."""
    return markdown.Markdown(extensions=[*PLAN_MARKDOWN_EXTENSIONS, *BUILD_EXTENSIONS])


def _rendered(text: str, place: _Place, reported: bool) -> list[Problem]:
    """The page as Python-Markdown renders it: every address it writes is checked (reference-style links
    and images included), and, when the reading of the source found nothing, every element and attribute
    must be one Markdown writes or the list allows."""
    output = _Markup(_converter().reset().convert(text))
    problems: list[Problem] = []
    for tag in output.tags:
        for name, value, _, _ in tag.attributes:
            if name in URL_ATTRIBUTES and value is not None:
                found = address_problem(tag.name, name, value)
                if found:
                    at = text.find(value.strip()) if value.strip() else -1
                    problems.append((at if at >= 0 else _source_of(text, tag.name), *found))
    if reported:
        return problems
    problems += _published_references(text, output, place)
    for tag in output.tags:
        allowed = MARKDOWN_ELEMENTS.get(tag.name, frozenset()) | {"id"}
        if tag.name in place.tags:
            allowed |= place.tags[tag.name].attributes
        elif tag.name not in MARKDOWN_ELEMENTS or place is PLAN_PAGE and tag.name not in _PLAN_ELEMENTS:
            raw = f"<{tag.name}" in text.lower()
            said = place.tag(tag.name) if raw or place is not PLAN_PAGE else _plan_markdown(tag.name)
            problems.append((_source_of(text, tag.name), place.code, said))
            continue
        for name, value, _, _ in tag.attributes:
            if tag.name == "code" and name == "class" and LANGUAGE_CLASS.fullmatch(value or ""):
                continue  # the language fenced_code writes for ```html: the code is shown, not run
            classes = set((value or "").split())
            if name == "class" and place is not PLAN_PAGE and classes <= set(PAGE_CLASSES) and tag.name == "a":
                continue  # set by an attribute list, which _attribute_lists checked
            if name == "class" and place is not PLAN_PAGE and classes <= set(PAGE_CLASSES):
                problems.append(
                    (
                        max(text.find("." + sorted(classes)[0]), 0) if classes else 0,
                        place.code,
                        f"lớp {', '.join('.' + c for c in sorted(classes))} đặt cho <{tag.name}>: các lớp ấy chỉ dành "
                        "cho một liên kết (nút bấm); hãy đặt danh sách thuộc tính ngay sau liên kết [chữ](địa chỉ)",
                    )
                )
                continue
            if name not in allowed:
                at = text.find(name)
                shown = (
                    place.attribute(tag.name, name)
                    if tag.name in place.tags
                    else f"thuộc tính «{name}»: "
                    + (place.what or "không có trong danh sách HTML được phép")
                    + "; hãy xoá thuộc tính này"
                )
                problems.append((max(at, 0), place.code, shown))
    return problems


ANY_REFERENCE = re.compile(r"&#?[0-9a-zA-Z]+;?")  # wider than any parser: html.unescape says what it is


def _published_references(text: str, output: _Markup, place: _Place) -> list[Problem]:
    """Character references of the rendered page that a browser reads as a character other than plain
    ASCII: whatever spelling the source used (`&#X441;`, `&#1089` without «;», a name), the reader would
    see a character the text checks never saw (a look-alike letter, an invisible one, a direction
    override). Markdown itself writes only ASCII ones (escapes, a mail address it hides from robots)."""
    problems: list[Problem] = []
    # in the text, and in attribute values (a link's title, an image's description) as Markdown wrote them
    names = [name for _, name in output.references]
    names += [m.group()[1:] for raw in output.raw_tags for m in ANY_REFERENCE.finditer(raw)]
    for name in names:
        name = name.rstrip(";")
        char = html.unescape(f"&{name};")
        if char == f"&{name};" or all(" " <= c <= "~" for c in char):
            continue
        needle = "&" + name.rstrip(";")
        at = text.find(needle)
        if at < 0:
            at = text.lower().find(needle.lower())
        problems.append(
            (
                max(at, 0),
                place.code,
                f"«{needle}» viết ký tự U+{ord(char[0]):04X} bằng mã HTML; hãy gõ thẳng ký tự đó (chỉ "
                + ", ".join(f"&{n};" for n in ALLOWED_REFERENCES)
                + " được viết dạng này)",
            )
        )
    return problems


# What Markdown may write for the plan's own words: what today's pages of the plan need (paragraphs,
# headings, the plan's lists), nothing more. A link, bold or italics, a quote, a rule, a code block or a line
# break around official words is not in the text as issued: it restyles the words or leads elsewhere
# from them (the site's own links to documents come from its macros, not from the page).
_PLAN_ELEMENTS = frozenset({"p", "ul", "ol", "li", *(f"h{level}" for level in range(1, 7))})
# Where in the source Markdown writes an element of its own (to name the line of a refused one).
_MARKDOWN_SOURCE = {
    "a": re.compile(r"\]\s*[(\[]|<(?:https?|mailto|tel):", re.I),
    "strong": re.compile(r"\*\*|__"),
    "em": re.compile(r"(?<![*\w])[*_](?=\S)"),
    "blockquote": re.compile(r"(?m)^ {0,3}>"),
    "hr": re.compile(r"(?m)^ {0,3}([-*_])(?: *\1){2,} *$"),
    "pre": re.compile(r"(?m)^(?: {4}|\t)\S"),
    "code": re.compile(r"(?m)`|^(?: {4}|\t)\S"),
    "img": re.compile(r"!\["),
    "table": re.compile(r"(?m)^ {0,3}\|"),
    "br": re.compile(r"(?m)\S {2,}$"),
}


# What a reader of a page of the plan's words would see a Markdown construct do, and how it is written.
_MARKDOWN_SAYS = {
    "a": "liên kết [chữ](địa chỉ): lời văn của Kế hoạch không dẫn đi nơi khác",
    "strong": "chữ đậm **…**: lời văn của Kế hoạch không tô đậm chỗ nào văn bản không tô",
    "em": "chữ nghiêng *…*: lời văn của Kế hoạch không in nghiêng chỗ nào văn bản không in",
    "blockquote": "trích dẫn «>»: lời văn của Kế hoạch không thụt vào như lời trích",
    "hr": "đường kẻ ngang (---, ***, ___): lời văn của Kế hoạch không có đường kẻ nào",
    "pre": "khối mã (dòng thụt vào bốn dấu cách): lời văn hiện thành chữ máy",
    "code": "mã `…` hay dòng thụt vào bốn dấu cách: lời văn hiện thành chữ máy",
    "img": "ảnh ![…](…)",
    "table": "bảng | … |",
    "br": "xuống dòng giữa đoạn",
}


def _plan_markdown(name: str) -> str:
    """The refusal of an element Markdown wrote on a page of the plan's words."""
    said = _MARKDOWN_SAYS.get(name, f"thẻ <{name}>")
    return (
        f"{said}; trang đăng lời văn của Kế hoạch chỉ có đoạn, tiêu đề và danh sách của văn bản: hãy bỏ cách viết "
        "này, giữ nguyên chữ"
    )


def _source_of(text: str, name: str) -> int:
    """The offset of the first place in `text` that writes element `name` (raw or Markdown), or 0."""
    at = text.lower().find(f"<{name}")
    if at < 0 and name in _MARKDOWN_SOURCE:
        match = _MARKDOWN_SOURCE[name].search(text)
        at = match.start() if match else -1
    if at < 0 and name in ("thead", "tbody", "tr", "th", "td"):
        return _source_of(text, "table")
    return max(at, 0)


def check_html_safety(project: Project, pages: list[Page]) -> Iterator[Finding]:
    """KH801-KH808 for the raw HTML, attribute lists and addresses of docs/ pages, the protected SVG
    files of docs/assets/, and the values of data/."""
    for page in pages:
        text = strip_front_matter(page.markdown)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for offset, code, message in sorted(set(page_problems(page))):
            line = bisect.bisect_right(starts, offset)
            yield rule(code).at(f"docs/{page.path}", line, offset - starts[line - 1] + 1, message)
    assets = project.root / "docs" / ASSETS_DIR
    for path in sorted(assets.rglob("*.svg")) if assets.is_dir() else []:
        if is_plain_file(path, assets.parent) and path.stat().st_size <= MAX_PAGE_BYTES:
            text = path.read_text(encoding="utf-8", errors="replace")
            markup = _Markup(text)
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            problems = [p for tag in markup.tags for p in _specific(tag)]
            problems += [
                (tag.offset, "KH807", _svg_element(tag.name))
                for tag in markup.tags
                if tag.name not in SVG_ELEMENTS and not _specific(tag)
            ]
            problems += [
                (o + m.start("url"), *_remote_css(m["url"])) for o, c in markup.style for m in CSS_REMOTE.finditer(c)
            ]
            for offset, code, message in problems:
                line = bisect.bisect_right(starts, offset)
                yield rule(code).at(
                    path.relative_to(project.root).as_posix(), line, offset - starts[line - 1] + 1, message
                )
    for yaml_file in project.yaml_files():
        if yaml_file.findings:
            continue
        for at, value in _strings(yaml_file.value, ()):
            if "<" not in value:
                continue
            for _, code, message in _judge(_Markup(value), DATA_VALUE):
                yield rule(code).at(yaml_file.path, *yaml_file.where(at), message)


# What an SVG picture of docs/assets/ may be made of: shapes, their paint and their description. Words
# and links belong on pages (where the checks see them): a picture holding a link or a line of text could
# show, at the site's own address, a notice or a login box no page carries.
SVG_ELEMENTS = frozenset(
    {"svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
    | {"lineargradient", "radialgradient", "stop", "clippath", "mask", "symbol", "use"}
)


def _svg_element(name: str) -> str:
    return (
        f"thẻ <{name}> không có trong danh sách hình vẽ SVG được phép (hình, màu, mô tả: "
        + ", ".join(f"<{n}>" for n in sorted(SVG_ELEMENTS))
        + "); ảnh chỉ vẽ hình, chữ và liên kết đặt trên trang: hãy xoá thẻ này"
    )


def _strings(value: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*at, index))

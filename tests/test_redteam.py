"""Issue 17, red team: hidden pull requests that change only docs/ or data/, each trying to make a reader
miss an official word as issued, or see under the Party's name something that is not the site's, or
publish a file of a kind not allowed, or slip a look-alike letter into a page or a data value.

None of these payloads is named in any list of the checker: each is refused because it is off an
allow-list (the raw HTML and attribute lists of htmlsafety.ALLOWED_TAGS and PAGE_CLASSES; what Markdown
may write around the plan's words; the addresses a link may have; the character references a page may
write; the letters of the Vietnamese alphabet; the kinds of files of docs/). Those marked «bypass» passed
`make check` and the build before the red team's commit (see the commit message); the others were
refused already and stay refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kehoach.checks import check_project
from kehoach.model import load_project
from kehoach.pages import read_pages
from support.project import copy_project, mkdocs_build

PLAIN = "docs/don-vi.md"  # a page without the plan's words
PLAN = "docs/ke-hoach-32/muc-i.md"  # a page of the plan's words
CLAUSE = "tạo sự chuyển biến"  # words of clause I.1, on line 3 of docs/ke-hoach-32/muc-i.md
UNIT = "name: Đảng bộ tỉnh"  # a unit's name in data/units.yml
WHEN = "when: định kỳ"  # a deadline's «when» in data/deadlines.yml


def checked(root: Path) -> list[str]:
    return [f.as_text() for f in check_project(load_project(root), read_pages(root / "docs"))]


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def appended(payload: str, page: str = PLAIN, at: str | None = None) -> Callable[[Path], int]:
    """Append `payload` to a page; the expected line is that of `at` (default: the payload's first line)."""

    def apply(root: Path) -> int:
        path = root / page
        old = path.read_text(encoding="utf-8")
        path.write_text(old + "\n" + payload + "\n", encoding="utf-8")
        return old.count("\n") + 2 + (_line(payload, at) - 1 if at else 0)

    return apply


def edited(path_name: str, old: str, new: str, at: str | None = None) -> Callable[[Path], int]:
    """Replace the first `old` of a file by `new`; the expected line is that of `at` in `new` (default: start)."""

    def apply(root: Path) -> int:
        path = root / path_name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{path_name} no longer holds {old!r}: the payload would test nothing"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return _line(text, old) + (_line(new, at) - 1 if at else 0)

    return apply


def added(name: str, data: bytes) -> Callable[[Path], int]:
    """Add a file; the expected line is that of its first «<a» (1 when it has none)."""

    def apply(root: Path) -> int:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data[: data.find(b"<a")].count(b"\n") + 1 if b"<a" in data else 1

    return apply


# name -> (edit returning the line, file the finding names, code, words of the Vietnamese message)
PAYLOADS: dict[str, tuple[Callable[[Path], int], str, str, str]] = {
    # raw HTML, however it is spelled or wherever Markdown puts it
    "mixed-case <DeTaIlS>": (appended("<DeTaIlS><SUMMARY>Xem</SUMMARY>Chữ</dEtAiLs>"), PLAIN, "KH807", "<details>"),
    "tag split across lines": (appended("<div\nhidden\n>Chữ</div>"), PLAIN, "KH807", "thẻ <div>"),
    "tag inside link text": (appended("[<span hidden>Mục I.1</span>](muc-i.md)"), PLAIN, "KH807", "thẻ <span>"),
    "tag inside a table cell": (appended("| a | b |\n|---|---|\n| <s>x</s> | y |", at="<s>"), PLAIN, "KH807", "<s>"),
    "tag inside a heading": (appended("## Tiêu đề <small>nhỏ</small>"), PLAIN, "KH807", "thẻ <small>"),
    "tag inside a blockquote": (appended("> <mark>Thông báo</mark>"), PLAIN, "KH807", "thẻ <mark>"),
    "tag inside a list item": (appended("- <ins>Chữ</ins>"), PLAIN, "KH807", "thẻ <ins>"),
    "tag in a footnote-like line": (appended("Chữ[^1]\n\n[^1]: <u>ghi chú</u>", at="<u>"), PLAIN, "KH807", "<u>"),
    "allowed tag with markdown=1 and hidden": (
        appended('<sup markdown="1" hidden>**x**</sup>'),
        PLAIN,
        "KH807",
        "«markdown»",
    ),
    "slash instead of a space before hidden": (appended("<sup/hidden>x</sup>"), PLAIN, "KH807", "«hidden»"),
    "NUL inside a tag name": (appended("<fo\x00rm>"), PLAIN, "KH807", "thẻ"),
    "processing instruction": (appended("<?php x ?>"), PLAIN, "KH807", "khai báo HTML"),
    # bypass: lines the checker read as a code fence and the build does not (MkDocs's fenced_code wants the
    # fence at the start of the line and closed by the same fence): their tags are published
    "form after an unclosed ~~~ (bypass)": (appended("~~~\n<form>", at="<form>"), PLAIN, "KH807", "thẻ <form>"),
    "style between ~~~ and ``` (bypass)": (
        appended("~~~\n\n<style>.md-content{display:none}</style>\n\n```", at="<style>"),
        PLAIN,
        "KH807",
        "thẻ <style>",
    ),
    "form between indented ``` lines (bypass)": (
        appended("  ```\n\n<form>Mật khẩu: <input type=password></form>\n\n  ```", at="<form>"),
        PLAIN,
        "KH807",
        "thẻ <form>",
    ),
    "hidden block around a clause after an indented ``` (bypass)": (
        edited(PLAN, "1\\. Tổ chức", ' ```\n\n<div markdown="1" hidden>\n\n1\\. Tổ chức', at="<div"),
        PLAN,
        "KH808",
        "thẻ <div>",
    ),
    # attribute lists on every kind of block
    "attr_list style on a paragraph": (
        appended('Chữ thường\n{: style="display:none" }', at="{:"),
        PLAIN,
        "KH807",
        "style",
    ),
    "attr_list data-x on a heading": (appended("## Tiêu đề { data-x=1 }"), PLAIN, "KH807", "«data-x»"),
    "attr_list lang on a list": (appended("- mục\n{ lang=en }", at="{"), PLAIN, "KH807", "«lang»"),
    "attr_list dir=rtl on a table": (appended("| a |\n|---|\n| b |\n{ dir=rtl }", at="{"), PLAIN, "KH807", "«dir»"),
    "attr_list tabindex on a link": (appended("[x](muc-i.md){ tabindex=-1 }"), PLAIN, "KH807", "«tabindex»"),
    "allowed class with hidden": (appended("[x](muc-i.md){ .md-button hidden }"), PLAIN, "KH807", "«hidden»"),
    "attr_list width=0 on an image": (appended("![x](assets/images/favicon.svg){ width=0 }"), PLAIN, "KH807", "width"),
    # what Markdown itself writes around the plan's words (bypass: links, bold, rules passed)
    "clause words linked off-site (bypass)": (
        edited(PLAN, CLAUSE, f"[{CLAUSE}](https://evil.example/)"),
        PLAN,
        "KH808",
        "liên kết [chữ](địa chỉ)",
    ),
    "clause words linked to another page (bypass)": (
        edited(PLAN, CLAUSE, f"[{CLAUSE}](muc-ii.md)"),
        PLAN,
        "KH808",
        "liên kết [chữ](địa chỉ)",
    ),
    "clause words in bold (bypass)": (edited(PLAN, CLAUSE, f"**{CLAUSE}**"), PLAN, "KH808", "chữ đậm **…**"),
    "clause words in italics (bypass)": (edited(PLAN, CLAUSE, f"_{CLAUSE}_"), PLAN, "KH808", "chữ nghiêng *…*"),
    "rule between clauses (bypass)": (
        edited(PLAN, "{ #muc-i-1 }", "{ #muc-i-1 }\n\n---", at="---"),
        PLAN,
        "KH808",
        "đường kẻ ngang",
    ),
    "clause in a blockquote (bypass)": (edited(PLAN, "1\\. Tổ chức", "> 1\\. Tổ chức"), PLAN, "KH808", "trích dẫn"),
    "clause as an indented code block": (edited(PLAN, "1\\. Tổ chức", "    1\\. Tổ chức"), PLAN, "KH808", "khối mã"),
    "clause words struck with <s>": (edited(PLAN, CLAUSE, f"<s>{CLAUSE}</s>"), PLAN, "KH808", "thẻ <s>"),
    # addresses that look like a clause link and lead elsewhere (bypass)
    "protocol-relative clause link (bypass)": (
        appended("[Mục I.1](//evil.example/muc-i/#muc-i-1)"),
        PLAIN,
        "KH803",
        "dẫn sang trang web khác mà không ghi rõ",
    ),
    "backslash clause link (bypass)": (
        appended("[Mục I.1](/\\evil.example/muc-i/)"),
        PLAIN,
        "KH803",
        "dẫn sang trang web khác mà không ghi rõ",
    ),
    "javascript autolink": (appended("[Mục I.1](JaVaScRiPt:alert(1))"), PLAIN, "KH803", "«javascript:»"),
    "data: image": (appended("![x](data:image/svg+xml;base64,PHN2Zz4=)"), PLAIN, "KH805", "data:image"),
    "button classes on a paragraph (bypass)": (
        appended("THÔNG BÁO KHẨN\n{ .md-button .md-button--primary }", at="{"),
        PLAIN,
        "KH807",
        "chỉ dành cho một liên kết",
    ),
    "line break inside a clause (bypass)": (edited(PLAN, CLAUSE, CLAUSE + "  \n"), PLAN, "KH808", "xuống dòng"),
    "off-site link written in references (bypass)": (
        appended("[Mục I.1](&#47;&#47;evil.example)"),
        PLAIN,
        "KH803",
        "dẫn sang trang web khác",
    ),
    # characters written as references the text checks never see (bypass: odd spellings)
    "reference in a link's title (bypass)": (
        appended('[Mục I.1](muc-i.md "Th&#X441;ông báo")'),
        PLAIN,
        "KH807",
        "U+0441",
    ),
    "reference in an image's description (bypass)": (
        appended("![Th&#X441;ông](assets/images/favicon.svg)"),
        PLAIN,
        "KH807",
        "U+0441",
    ),
    "hex reference with a capital X (bypass)": (appended("Tổ ch&#X441;ức"), PLAIN, "KH807", "U+0441"),
    "decimal reference without «;» (bypass)": (appended("Tổ ch&#1089ức"), PLAIN, "KH807", "U+0441"),
    "soft hyphen by name": (appended("Tổ ch&shy;ức"), PLAIN, "KH807", "«&shy;»"),
    "right-to-left override by reference": (appended("Thông báo &#x202E;khẩn"), PLAIN, "KH807", "«&#x202E;»"),
    # Unicode tricks typed as they are
    "right-to-left override in a clause": (edited(PLAN, CLAUSE, "\u202e" + CLAUSE + "\u202c"), PLAN, "KH", ""),
    "zero-width space in a clause": (edited(PLAN, CLAUSE, CLAUSE.replace("chuyển", "chuy\u200bển")), PLAN, "KH", ""),
    "soft hyphen in a clause": (edited(PLAN, CLAUSE, CLAUSE.replace("chuyển", "chuy\u00adển")), PLAN, "KH", ""),
    "right-to-left override in a page title (bypass)": (
        edited(PLAIN, "---\ndescription", '---\ntitle: "Đơn \u202evị"\ndescription', at="title"),
        PLAIN,
        "KH602",
        "U+202E",
    ),
    "zero-width space in a page title (bypass)": (
        edited(PLAIN, "---\ndescription", '---\ntitle: "Đơn\u200b vị"\ndescription', at="title"),
        PLAIN,
        "KH602",
        "U+200B",
    ),
    "Armenian o in a clause": (edited(PLAN, CLAUSE, CLAUSE.replace("tạo", "tạ\u0585")), PLAN, "KH605", "ARMENIAN"),
    "Cherokee letters on a page": (appended("Thông báo \u13aa\u13a2 của Đảng ủy"), PLAIN, "KH605", "CHEROKEE"),
    "full-width letter on a page": (appended("Thông báo của Đảng ủy Ｓở"), PLAIN, "KH605", "FULLWIDTH"),
    "dotless i on a page (bypass)": (appended("Thông báo chı bộ"), PLAIN, "KH605", "ngoài bảng chữ tiếng Việt"),
    "Latin alpha in a unit name (bypass)": (
        edited("data/units.yml", UNIT, "name: Đảng bộ tỉnh Kh\u0251nh"),
        "data/units.yml",
        "KH605",
        "LATIN SMALL LETTER ALPHA",
    ),
    "Cyrillic letter in a unit name": (
        edited("data/units.yml", UNIT, "name: Đảng bộ tỉnh\u0441"),
        "data/units.yml",
        "KH605",
        "Kirin",
    ),
    "Armenian letter in a deadline": (
        edited("data/deadlines.yml", WHEN, "when: định k\u0575"),
        "data/deadlines.yml",
        "KH605",
        "ARMENIAN",
    ),
    "tag in a deadline": (
        edited("data/deadlines.yml", WHEN, "when: <b>khẩn</b> định kỳ"),
        "data/deadlines.yml",
        "KH807",
        "thẻ <b>",
    ),
    # files of docs/
    "x.pdf that is HTML": (added("docs/x.pdf", b"<!doctype html><form>"), "docs/x.pdf", "KH810", "x.pdf"),
    "upper-case .PDF": (added("docs/X.PDF", b"%PDF-1.4\n"), "docs/X.PDF", "KH810", "X.PDF"),
    ".md.html page": (added("docs/thong-bao.md.html", b"<html>"), "docs/thong-bao.md.html", "KH810", "thong-bao"),
    "HTML in the assets": (added("docs/assets/thong-bao.html", b"<html>"), "docs/assets/thong-bao.html", "KH810", ""),
    ".htaccess": (added("docs/.htaccess", b"Redirect / https://evil.example/"), "docs/.htaccess", "KH810", ""),
    "_redirects": (added("docs/_redirects", b"/* https://evil.example 301"), "docs/_redirects", "KH810", ""),
    "PNG that is HTML": (added("docs/anh.png", b"<html><form>"), "docs/anh.png", "KH810", "anh.png"),
    "SVG picture with a link and a login text (bypass)": (
        added(
            "docs/assets/images/dang-nhap.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'>\n<a href='https://evil.example/'><text>\xc4\x90\xc4\x83ng nh\xe1\xba\xadp</text></a>\n</svg>",
        ),
        "docs/assets/images/dang-nhap.svg",
        "KH807",
        "thẻ <a> không có trong danh sách hình vẽ SVG",
    ),
    # front matter
    "template in front matter": (
        edited(PLAIN, "---\ndescription", "---\ntemplate: 404.html\ndescription", at="template"),
        PLAIN,
        "KH",
        "template",
    ),
    "tag in a page title": (
        edited(PLAIN, "---\ndescription", "---\ntitle: <span hidden>Đơn vị</span>\ndescription", at="title"),
        PLAIN,
        "KH",
        "",
    ),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("redteam") / "kho")


@pytest.fixture()
def root(pristine: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "kho"
    shutil.copytree(pristine, target, symlinks=True)
    return target


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_a_hidden_pull_request_is_refused_at_its_line(root, name):
    apply, path, code, said = PAYLOADS[name]
    line = apply(root)
    found = checked(root)
    mine = [f for f in found if f.startswith(f"{path}:{line}:") and f" {code}" in f and said in f]
    assert mine, f"{name}: expected {path}:{line} {code} «{said}», got {found}"


def test_html_inside_a_real_code_fence_is_shown_as_code(root):
    appended("```html\n\n<style>.md-content{display:none}</style>\n<form></form>\n\n```")(root)
    assert checked(root) == []


def test_what_an_editor_writes_on_a_page_without_the_plans_words_passes(root):
    appended(
        "## Ghi chú của Văn phòng { #ghi-chu }\n\n"
        "Chữ **đậm**, chữ *nghiêng*, chữ _nghiêng_, [một liên kết](muc-i.md#muc-i-1), "
        "[trang ngoài](https://thuvienphapluat.vn/), <https://example.com/>, `<form>` trong mã.\n\n"
        "| Cột | Cột |\n|:---|---:|\n| ô | ô<br>dòng hai |\n\n"
        "- một ý\n- ý khác\n    1. ý con\n\n"
        "> Lời trích.\n\n"
        "![Biểu tượng](assets/images/favicon.svg)\n\n"
        "---\n\n"
        "[Xem lịch](moc-thoi-gian.md){ .md-button } Giá &lt; 5 &amp; m<sup>2</sup>, "
        '<abbr title="Ban Chấp hành">BCH</abbr>.\n'
    )(root)
    assert checked(root) == []


@pytest.mark.build
@pytest.mark.parametrize(
    "name",
    [
        "style between ~~~ and ``` (bypass)",
        "form between indented ``` lines (bypass)",
        "clause words in bold (bypass)",
        "hex reference with a capital X (bypass)",
    ],
)
def test_the_build_refuses_the_bypasses_too(root, tmp_path, name):
    apply, path, code, _ = PAYLOADS[name]
    apply(root)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0, result.stderr[-2000:]
    assert f"{path}:" in result.stdout + result.stderr and code in result.stdout + result.stderr

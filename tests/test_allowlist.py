"""Readers see every official word as issued: raw HTML on an allow-list, files of docs/ by kind, a
report's file a PDF by its bytes, no look-alike letters (issue 17, the checker's part).

Each hostile edit is applied to a copy of the real project; the checker must refuse it at its file and
line, in Vietnamese, with the code that says why. The payloads of the second group are not named in any
list of the checker: they are refused because they are not on the allow-list.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kehoach import htmlsafety, repofiles
from kehoach.checks import check_project
from kehoach.model import load_project
from kehoach.pages import read_pages
from support.hostile import assert_refused, run_checker
from support.project import ROOT, copy_project, mkdocs_build
from support.registry import write_report

CYRILLIC_ES = "\u0441"  # «с»: looks like the Latin c


def checked(root: Path) -> list[str]:
    return [f.as_text() for f in check_project(load_project(root), read_pages(root / "docs"))]


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file by `new`; returns the line where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: the payload would test nothing"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def append(path: Path, text: str) -> int:
    """Append `text` (after a blank line) to a file; returns the line where it starts."""
    old = path.read_text(encoding="utf-8")
    path.write_text(old + "\n" + text, encoding="utf-8")
    return old.count("\n") + 2


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def hide_clause_i_1(root: Path) -> int:
    """Issue 17, case 1: clause I.1 wrapped in a hidden block. Returns the line of the <div>."""
    page = root / "docs/ke-hoach-32/muc-i.md"
    line = edit(page, "1\\. Tổ chức", '<div markdown="1" hidden>\n\n1\\. Tổ chức')
    edit(page, "{ #muc-i-1 }", "{ #muc-i-1 }\n\n</div>")
    return line


LOGIN_FORM = '<form action="/">Mật khẩu: <input type="password" name="mat-khau"> <button>Đăng nhập</button></form>'


def add_report(root: Path, file: str, title: str = "Báo cáo kết quả thực hiện Kế hoạch") -> int:
    """A report of the chi bộ with this `file`; returns the line of its `file:` key."""
    report = write_report(
        root,
        "bc-chi-bo",
        f"unit: chi-bo\nnumber: 07-BC/CB\ndate: 2024-06-20\ntitle: {title}\ncovers: [muc-iii-2]\nfile: {file}\n",
    )
    return line_of(report, "file: ")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "kho")


# --- the three cases of the issue, through `make check`'s command ----------------------------------


def test_a_hidden_block_around_clause_i_1_is_refused_at_its_line(root, tmp_path):
    line = hide_clause_i_1(root)
    result = run_checker(root)
    assert_refused(result, "docs/ke-hoach-32/muc-i.md", tmp_path / "marker")
    assert (
        f"docs/ke-hoach-32/muc-i.md:{line}:1: KH808 thẻ <div>: trang đăng lời văn của Kế hoạch không được có HTML; lời văn "
        "phải hiện đúng như văn bản, không bọc, ẩn, gạch, thu nhỏ hay đảo chỗ; hãy xoá thẻ, giữ nguyên chữ"
    ) in result.stdout.splitlines(), result.stdout


def test_a_login_form_is_refused_on_any_page(root, tmp_path):
    line = append(root / "docs/don-vi.md", LOGIN_FORM + "\n")
    plan_line = append(root / "docs/ke-hoach-32/muc-iii.md", LOGIN_FORM + "\n")
    result = run_checker(root)
    assert_refused(result, "docs/don-vi.md", tmp_path / "marker")
    lines = result.stdout.splitlines()
    assert (
        f"docs/don-vi.md:{line}:1: KH807 thẻ <form> không có trong danh sách HTML được phép (<br>, <abbr>, <sup>, "
        "<sub>); hãy bỏ thẻ, để chữ hiện như mọi đoạn khác"
    ) in lines, result.stdout
    column = LOGIN_FORM.index("<input") + 1
    assert any(x.startswith(f"docs/don-vi.md:{line}:{column}: KH807 thẻ <input>") for x in lines), result.stdout
    assert any(x.startswith(f"docs/ke-hoach-32/muc-iii.md:{plan_line}:1: KH808 thẻ <form>") for x in lines), (
        result.stdout
    )


def test_an_html_file_named_as_a_reports_file_is_refused(root, tmp_path):
    (root / "docs/bao-cao").mkdir()
    (root / "docs/bao-cao/07-BC-CB.html").write_text(
        f"<!doctype html><title>Đảng uỷ Sở</title>{LOGIN_FORM}\n", encoding="utf-8"
    )
    line = add_report(root, "bao-cao/07-BC-CB.html")
    result = run_checker(root)
    assert_refused(result, "docs/bao-cao/07-BC-CB.html", tmp_path / "marker")
    lines = result.stdout.splitlines()
    assert any(
        x.startswith("docs/bao-cao/07-BC-CB.html:1:1: KH810 docs/ không được chứa tệp «07-BC-CB.html»") for x in lines
    )
    assert (
        f"data/reports/bc-chi-bo.yml:{line}:1: KH910 tệp «bao-cao/07-BC-CB.html» của báo cáo «bc-chi-bo» không phải tệp PDF "
        "(tệp PDF bắt đầu bằng «%PDF-»); xuất báo cáo ra PDF (Word: Lưu thành, chọn PDF) rồi ghi đường dẫn tới tệp đó"
    ) in lines, result.stdout


# --- the allow-list is general: payloads no list of the checker names ----------------------------

# name -> (page, HTML appended to it, code, text the message holds)
PLAIN = "docs/don-vi.md"  # a page without the plan's words
PLAN = "docs/ke-hoach-32/muc-iii.md"  # a page of the plan's words
APPENDED: dict[str, tuple[str, str, str, str]] = {
    "style element": (PLAIN, "<style>.md-content{display:none}</style>", "KH807", "thẻ <style>"),
    "inline svg": (PLAIN, '<svg width="10"><circle r="4"/></svg>', "KH807", "thẻ <svg>"),
    "details": (PLAIN, "<details><summary>Xem</summary>Chữ</details>", "KH807", "thẻ <details>"),
    "input": (PLAIN, '<input value="Mật khẩu">', "KH807", "thẻ <input>"),
    "meta": (PLAIN, '<meta name="robots" content="noindex">', "KH807", "thẻ <meta>"),
    "link": (PLAIN, '<link rel="stylesheet" href="assets/kehoach.css">', "KH807", "thẻ <link>"),
    "style attribute": (PLAIN, '<sup style="display:none">1</sup>', "KH807", "thuộc tính «style» của thẻ <sup>"),
    "link opening elsewhere": (PLAIN, '<a href="/" target="_blank">Trang chủ</a>', "KH807", "thẻ <a>"),
    "hiding class": (PLAIN, '<span class="md-hidden">Chữ</span>', "KH807", "thẻ <span>"),
    "strike-through": (PLAIN, "<del>Chữ</del>", "KH807", "thẻ <del>"),
    "comment": (PLAIN, "<!-- ghi chú -->", "KH807", "chú thích HTML"),
    "comment never closed": (PLAIN, "<!-- phần còn lại của trang", "KH807", "mở mà không đóng"),
    "character reference": (PLAIN, "Tổ ch&#1091;c", "KH807", "«&#1091;»"),
    "attribute list that hides": (PLAIN, "Chữ *ẩn*{ hidden }", "KH807", "«hidden»"),
    "attribute list with a class": (PLAIN, "Chữ *khác*{ .kh-extra }", "KH807", "«.kh-extra»"),
    "reference-style javascript link": (
        PLAIN,
        "[Bấm vào đây][a]\n\n[a]: javascript:alert(1)",
        "KH803",
        "«javascript:»",
    ),
    "reference-style remote image": (
        PLAIN,
        "![Ảnh][b]\n\n[b]: https://example.com/anh.png",
        "KH805",
        "«https://example.com/anh.png»",
    ),
    "data address": (PLAIN, "[Tải](data:text/html,chữ)", "KH803", "«data:»"),
    "small print of the plan's words": (PLAN, "<small>Chữ</small>", "KH808", "thẻ <small>"),
    "allowed tag on a page of the plan's words": (PLAN, "<sup>1</sup>", "KH808", "thẻ <sup>"),
    "comment on a page of the plan's words": (PLAN, "<!-- ghi chú -->", "KH808", "chú thích HTML"),
}


@pytest.mark.parametrize("name", sorted(APPENDED))
def test_html_off_the_list_is_refused_at_its_line(root, name):
    page, payload, code, said = APPENDED[name]
    line = append(root / page, payload + "\n") + payload.count("\n")  # a link's definition: its last line
    found = checked(root)
    mine = [f for f in found if f.startswith(f"{page}:{line}:") and f" {code} " in f]
    assert mine and said in mine[0], found


# name -> (page, old, new, text the KH808 message holds): inside a clause of the plan, or around one
IN_A_CLAUSE: dict[str, tuple[str, str, str, str]] = {
    "deleted words": ("docs/ke-hoach-32/muc-i.md", "tạo sự chuyển biến", "<del>tạo sự chuyển biến</del>", "<del>"),
    "shrunk words": ("docs/ke-hoach-32/muc-i.md", "tạo sự chuyển biến", "<small>tạo sự chuyển biến</small>", "<small>"),
    "hidden words": ("docs/ke-hoach-32/muc-i.md", "tạo sự chuyển biến", "*tạo sự chuyển biến*{ hidden }", "«hidden»"),
    "words the lock skips": (
        "docs/ke-hoach-32/muc-i.md",
        "tạo sự chuyển biến",
        "*tạo sự chuyển biến*{ .kh-extra }",
        "«.kh-extra»",
    ),
    "hidden clause id": ("docs/ke-hoach-32/muc-i.md", "{ #muc-i-2 }", "{ #muc-i-2 hidden }", "«hidden»"),
    "collapsed section": (
        "docs/ke-hoach-32/muc-iii.md",
        "{ #muc-iii }\n",
        '{ #muc-iii }\n\n<details markdown="1">\n',
        "<details>",
    ),
}


@pytest.mark.parametrize("name", sorted(IN_A_CLAUSE))
def test_the_plans_words_are_plain(root, name):
    page, old, new, said = IN_A_CLAUSE[name]
    edit(root / page, old, new)
    line = line_of(root / page, new.strip().split("\n")[-1])
    code = "KH808"
    found = checked(root)
    mine = [f for f in found if f.startswith(f"{page}:{line}:") and f" {code} " in f]
    assert mine and said in mine[0], found
    assert not [f for f in found if " KH710 " in f], "one cause, one message"


def test_the_allowed_tags_pass_on_a_page_without_the_plans_words(root):
    append(
        root / PLAIN,
        'Văn bản của <abbr title="Ban Chấp hành Trung ương">BCH TW</abbr><sup>1</sup>, CO<sub>2</sub>,<br>'
        "và &lt;ký hiệu&gt; &amp; { #ghi-chu }\n\n[Tải](don-vi.md){ #tai .md-button .md-button--primary }\n",
    )
    assert checked(root) == []


def test_a_backslash_does_not_make_a_tag_text(root):
    """Python-Markdown does not escape «<»: «\\<form>» is still a form on the page."""
    line = append(root / PLAIN, "Một \\<form>ô</form>\n")
    assert any(f.startswith(f"{PLAIN}:{line}:") and " KH807 thẻ <form>" in f for f in checked(root))


def test_html_written_as_code_or_escaped_is_text(root):
    append(root / PLAIN, "Viết `<details>` hay &lt;form> trong mã, \\{ hidden }.\n\n```html\n<style>x</style>\n```\n")
    assert checked(root) == []


# --- data values -----------------------------------------------------------------------------------


def test_a_tag_in_a_data_value_is_refused(root):
    units = root / "data/units.yml"
    edit(units, "name: Các chi bộ", "name: Các chi bộ <details><summary>x</summary></details>")
    line = line_of(units, "<details>")
    found = checked(root)
    assert any(
        f.startswith(f"data/units.yml:{line}:") and " KH807 thẻ <details>: giá trị trong data/ là chữ" in f
        for f in found
    ), found


# --- look-alike letters ------------------------------------------------------------------------------


def test_look_alike_letters_in_a_unit_name_are_refused(root):
    units = root / "data/units.yml"
    edit(units, "name: Các chi bộ", f"name: Các {CYRILLIC_ES}hi bộ")
    line = line_of(units, f"{CYRILLIC_ES}hi")
    column = units.read_text(encoding="utf-8").splitlines()[line - 1].index(CYRILLIC_ES) + 1
    assert (
        f"data/units.yml:{line}:{column}: KH605 chữ «{CYRILLIC_ES}hi» lẫn chữ Latinh với chữ Kirin «{CYRILLIC_ES}» "
        "(U+0441) trông giống chữ Latinh; xoá chữ đó và gõ lại bằng bộ gõ tiếng Việt"
    ) in checked(root)


def test_look_alike_letters_in_a_report_title_are_refused(root):
    (root / "docs/bao-cao").mkdir()
    (root / "docs/bao-cao/07-BC-CB.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    add_report(root, "bao-cao/07-BC-CB.pdf", title="Báo cáo kết quả thực hiện Kế hoạ\u0441h")
    line = line_of(root / "data/reports/bc-chi-bo.yml", "title:")
    found = [f for f in checked(root) if " (cảnh báo) " not in f]
    assert len(found) == 1 and found[0].startswith(f"data/reports/bc-chi-bo.yml:{line}:") and " KH605 " in found[0], (
        found
    )
    assert "«Kế" not in found[0] and "«hoạ\u0441h»" in found[0]


def test_a_greek_word_among_vietnamese_words_is_refused(root):
    append(root / PLAIN, "Đơn vị \u03bf\u03bd định.\n")  # «ον»: Greek letters that read as «ov»
    assert any(" KH605 chữ «\u03bf\u03bd» viết bằng chữ Hy Lạp" in f for f in checked(root))


def test_look_alike_letters_in_a_page_title_and_other_alphabets_are_refused(root):
    edit(root / PLAIN, "description: ", "title: Đơn vị \uff4fn định\ndescription: ")  # a full-width o
    append(root / PLAIN, "Ban Chấp hành \U0001d403ảng bộ\n")  # a mathematical bold D
    found = checked(root)
    assert any(f.startswith(f"{PLAIN}:2:") and " KH605 chữ «\uff4fn» lẫn chữ Latinh" in f for f in found), found
    assert any(" KH605 chữ «\U0001d403ảng»" in f for f in found), found


def test_look_alike_letters_in_a_clause_are_one_finding_naming_the_word(root):
    page = root / "docs/ke-hoach-32/muc-i.md"
    edit(page, "tạo sự chuyển biến", f"tạo sự {CYRILLIC_ES}huyển biến")
    found = checked(root)
    assert [f.split(": ")[1].split()[0] for f in found] == ["KH605"], found
    line = (
        page.read_text(encoding="utf-8")
        .split("\n")
        .index(next(x for x in page.read_text(encoding="utf-8").split("\n") if CYRILLIC_ES in x))
        + 1
    )
    assert f"«{CYRILLIC_ES}huyển»" in found[0] and found[0].startswith(f"docs/ke-hoach-32/muc-i.md:{line}:")


# --- files of docs/ by kind; a report's file by its bytes -------------------------------------------

FILES: dict[str, tuple[str, bytes, str]] = {
    "html page": ("docs/ghi-chu.html", b"<h1>x</h1>", "không được chứa tệp «ghi-chu.html»"),
    "svg outside the assets": ("docs/bao-cao/so-do.svg", b"<svg/>", "không được chứa tệp «so-do.svg»"),
    "text file": ("docs/ghi-chu.txt", b"x", "không được chứa tệp «ghi-chu.txt»"),
    "page in the assets": ("docs/assets/ghi-chu.md", b"# x\n", "không được chứa tệp «ghi-chu.md»"),
    "page with an upper-case ending": ("docs/ghi-chu.MD", b"# x\n", "không được chứa tệp «ghi-chu.MD»"),
    "markdown under another ending": ("docs/ghi-chu.markdown", b"# x\n", "không được chứa tệp «ghi-chu.markdown»"),
    "image that is not one": ("docs/anh.png", b"<html>", "mang đuôi của ảnh PNG nhưng nội dung không phải ảnh PNG"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_file_of_docs_off_its_kinds_is_refused_naming_it(root, name):
    path, data, said = FILES[name]
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_bytes(data)
    found = checked(root)
    assert any(f.startswith(f"{path}:1:1: KH810 ") and said in f for f in found), found


def test_a_real_pdf_report_and_images_pass(root):
    (root / "docs/bao-cao").mkdir()
    (root / "docs/bao-cao/07-BC-CB.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 1000)
    (root / "docs/bao-cao/anh.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    (root / "docs/bao-cao/anh.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 100)
    add_report(root, "bao-cao/07-BC-CB.pdf")
    assert [f for f in checked(root) if " (cảnh báo) " not in f] == []


def test_a_report_pdf_over_the_bound_is_refused(root):
    (root / "docs/bao-cao").mkdir()
    pdf = root / "docs/bao-cao/07-BC-CB.pdf"
    with pdf.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        file.truncate(repofiles.MAX_PDF_BYTES + 1)  # sparse: no 20 MB written
    line = add_report(root, "bao-cao/07-BC-CB.pdf")
    found = checked(root)
    assert any(
        f.startswith(f"data/reports/bc-chi-bo.yml:{line}:1: KH910 ") and "quá giới hạn 20 MB" in f for f in found
    ), found
    assert any(f.startswith("docs/bao-cao/07-BC-CB.pdf:1:1: KH810 ") for f in found), found


# --- one list, written down once -------------------------------------------------------------------


def test_the_guide_states_the_allow_list_and_the_bounds():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide[guide.index("### HTML trong trang") :]
    section = section[: section.index("\n## ")]
    for tag, allowed in htmlsafety.ALLOWED_TAGS.items():
        assert f"`<{tag}" in section and allowed.reason in section, tag
    for name, reason in htmlsafety.PAGE_CLASSES.items():
        assert f"`.{name}`" in section and reason in section, name
    assert f"{repofiles.MAX_PDF_BYTES // 1024 // 1024} MB" in section
    assert f"{repofiles.MAX_IMAGE_BYTES // 1024 // 1024} MB" in section


def test_the_sites_own_pages_use_no_raw_html(doc_pages):
    """Today's pages need none of the list: a page that starts to is a change a reviewer looks at."""
    assert [p.path for p in doc_pages if htmlsafety._Markup(htmlsafety._masked(p)).tags] == []


# --- the build refuses the same ------------------------------------------------------------------


def html_report(root: Path) -> None:
    (root / "docs/bao-cao").mkdir()
    (root / "docs/bao-cao/x.html").write_text("<h1>x</h1>", encoding="utf-8")
    add_report(root, "bao-cao/x.html")


BUILT: dict[str, tuple[Callable[[Path], object], str]] = {
    "hidden clause": (hide_clause_i_1, "docs/ke-hoach-32/muc-i.md:7:1: KH808"),  # after the front matter (menu)
    "login form": (lambda r: append(r / PLAIN, LOGIN_FORM + "\n"), f"{PLAIN}:"),
    "html file as a report": (
        lambda r: html_report(r),
        "docs/bao-cao/x.html:1:1: KH810",
    ),
}


@pytest.mark.build
@pytest.mark.parametrize("name", sorted(BUILT))
def test_the_build_refuses_them_too(root, name):
    payload, said = BUILT[name]
    payload(root)
    site = root / "site"
    result = mkdocs_build(root, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and said in output and "Traceback" not in output, output
    assert not list(site.rglob("*.html")), "a refused build publishes nothing"


def test_a_script_in_an_svg_of_the_assets_is_refused(root):
    """docs/assets/ is the maintainers' (CODEOWNERS), and its SVG files are still read for what would run."""
    (root / "docs/assets/images/so-do.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n<image href="https://x.org/a.png"/>\n</svg>\n',
        encoding="utf-8",
    )
    found = checked(root)
    assert any(f.startswith("docs/assets/images/so-do.svg:2:1: KH801 ") for f in found), found
    assert any(f.startswith("docs/assets/images/so-do.svg:3:14: KH805 «https://x.org/a.png»") for f in found), found


@pytest.mark.parametrize("opening", ["<div ", "<![CDATA[ x > ", "<a title='>' "])
def test_a_page_of_tags_left_open_is_judged_in_seconds(root, tmp_path, opening):
    """Python's HTML parser and Python-Markdown read a «<» left open to the end of the page, each time:
    a page of a thousand of them (within the page's bounds, KH110) took minutes; the checker refuses the
    first one at once."""
    count = 990 if "[" not in opening else 140  # within the page's bounds of «<» and «[» (KH110)
    page = root / PLAIN
    page.write_text(
        page.read_text(encoding="utf-8") + ("\n" + opening + "chu " * (120 * 990 // count)) * count, encoding="utf-8"
    )
    started = time.perf_counter()
    result = run_checker(root)
    assert time.perf_counter() - started < 20
    assert_refused(result, PLAIN, tmp_path / "marker")
    assert "mở mà không đóng" in result.stdout

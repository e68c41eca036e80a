"""Text and relation mistakes: one finding per cause, at the word or line where the editor must act.

A word changed inside a long paragraph, an amendment recorded but not applied (or applied but not
recorded, or whose `before` is spelt differently), a unit's id renamed: each on a copy of the project,
asserting the exact first finding (path, line, column, code) and that no second finding repeats it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach.checks import check_project
from kehoach.model import load_project
from kehoach.pages import parse_page, read_pages
from support.amendments import CHANGED, SIGNED, TYPO_FIX, change_word, record
from support.project import copy_project


def project_with(
    tmp_path: Path, page: str | None = None, old: str = "", new: str = "", amendment: dict | None = None
) -> Path:
    copy = copy_project(tmp_path / "project")
    if page:
        path = copy / "docs" / page
        markdown = path.read_text(encoding="utf-8")
        assert old in markdown
        path.write_text(markdown.replace(old, new, 1), encoding="utf-8")
    if amendment:
        record(copy, TYPO_FIX.format(**amendment))
    return copy


def findings(copy: Path) -> list:
    return check_project(load_project(copy), read_pages(copy / "docs"))


def position(markdown: str, at: int) -> tuple[int, int]:
    return markdown.count("\n", 0, at) + 1, at - markdown.rfind("\n", 0, at)


def part_offset(markdown: str, page: str, part_id: str) -> int:
    line = next(p.line for p in parse_page(page, markdown).parts if p.id == part_id)
    return sum(len(text) + 1 for text in markdown.split("\n")[: line - 1])


# --- a word changed inside a long paragraph -------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, words",
    [
        ("lối sống, thực thi công vụ", "lối sống, thực hiện công vụ", "văn bản gốc là «thi», trang lại ghi «hiện»"),
        ("lối sống, thực thi công vụ", "lối sống, thi công vụ", "thiếu «thực»"),
        ("lối sống, thực thi công vụ", "lối sống, nhất là thực thi công vụ", "thừa «nhất là»"),
    ],
)
def test_a_word_changed_in_a_long_paragraph_is_reported_at_that_word(tmp_path, old, new, words):
    copy = project_with(tmp_path, "ke-hoach-32/muc-ii-2.md", old, new)
    markdown = (copy / "docs" / "ke-hoach-32" / "muc-ii-2.md").read_text(encoding="utf-8")
    # the first word of the page that differs: right after "lối sống, " in the edited paragraph
    line, col = position(markdown, markdown.index(new) + len("lối sống, ") + (len("thực ") if "hiện" in new else 0))
    found = findings(copy)
    assert len(found) == 1, [f.as_text() for f in found]
    first = found[0]
    assert (first.path, first.line, first.col, first.code) == ("docs/ke-hoach-32/muc-ii-2.md", line, col, "KH710")
    assert col > 500  # a 700-character paragraph: the column, not the start of the part
    assert "mục II.2, ý 1 (muc-ii-2-1)" in first.message and words in first.message


# --- amendments and the page ----------------------------------------------------------------------

DOUBLED = {"section": "muc-ii-2-4", "before": SIGNED, "after": CHANGED}


def signed_in_page(copy: Path) -> str:
    markdown = (copy / "docs" / "ke-hoach-32" / "muc-ii-2.md").read_text(encoding="utf-8")
    return SIGNED if SIGNED in markdown else SIGNED.replace(" chi", "\u00a0chi")


def test_an_amendment_recorded_but_not_applied_says_so_without_calling_it_the_original(tmp_path):
    copy = project_with(tmp_path, amendment=DOUBLED)
    markdown = (copy / "docs" / "ke-hoach-32" / "muc-ii-2.md").read_text(encoding="utf-8")
    start = part_offset(markdown, "ke-hoach-32/muc-ii-2.md", "muc-ii-2-4")
    # the page still has the doubled "xây dựng": the finding is at the second one
    at = markdown.index(signed_in_page(copy), start) + len("tham gia xây dựng ")
    found = findings(copy)
    assert len(found) == 1, [f.as_text() for f in found]
    first = found[0]
    assert (first.path, first.line, first.col, first.code) == (
        "docs/ke-hoach-32/muc-ii-2.md",
        *position(markdown, at),
        "KH705",
    )
    assert f"«{SIGNED}»" in first.message and f"«{CHANGED}»" in first.message
    assert "dinh-chinh-2024-03-01" in first.message
    assert "văn bản gốc" not in first.message and "ghi nó vào" not in first.message


def test_the_amendment_applied_and_recorded_is_accepted(tmp_path):
    copy = project_with(tmp_path, amendment=DOUBLED)
    change_word(copy)
    assert findings(copy) == []


def test_a_page_edited_otherwise_than_the_recorded_amendment(tmp_path):
    copy = project_with(tmp_path, amendment=DOUBLED)
    page = copy / "docs" / "ke-hoach-32" / "muc-ii-2.md"
    page.write_text(page.read_text(encoding="utf-8").replace(signed_in_page(copy), "tham gia chi", 1), encoding="utf-8")
    found = findings(copy)
    assert [f.code for f in found] == ["KH710"]
    assert "lời văn phải đăng" in found[0].message and "sửa đổi «dinh-chinh-2024-03-01»" in found[0].message
    assert "văn bản gốc là" not in found[0].message


def test_an_amendment_applied_but_not_recorded(tmp_path):
    copy = copy_project(tmp_path / "project")
    change_word(copy)
    found = findings(copy)
    assert [f.code for f in found] == ["KH710"]
    assert "thiếu «xây dựng»" in found[0].message and "ghi nó vào data/amendments.yml" in found[0].message


@pytest.mark.parametrize(
    "page, old, new",
    [
        ("ke-hoach-32/muc-ii-2.md", "lối sống, thực thi công vụ", "lối sống, thực hiện công vụ"),
        ("ke-hoach-32/muc-iii.md", "2\\. Các chi bộ", "2\\. Những chi bộ"),
        ("ke-hoach-32/muc-iii.md", "giúp Đảng ủy Sở theo dõi", "giúp Đảng ủy Sở theo dõi sát"),
    ],
)
def test_a_change_not_recorded_offers_the_amendment_that_records_it(tmp_path, page, old, new):
    """Recording exactly what the message offers (with a date, a decision and a reason) is accepted."""
    copy = project_with(tmp_path, page, old, new)
    found = findings(copy)
    assert [f.code for f in found] == ["KH710"]
    offer = re.search(r"\(section: (\S+), before: «(.+?)», after: «(.+?)»\)$", found[0].message)
    assert offer, found[0].message
    record(copy, TYPO_FIX.format(section=offer[1], before=f'"{offer[2]}"', after=f'"{offer[3]}"'))
    assert findings(copy) == []


def test_a_before_spelt_with_other_tone_marks_shows_the_difference_once(tmp_path):
    """The signed text has «hoá»; `before` says «hóa»: KH702 shows both, and the page carrying the
    amended words is not reported a second time (KH710)."""
    signed = "hoạt động văn hoá, nghệ thuật"
    copy = project_with(
        tmp_path,
        "ke-hoach-32/muc-ii-1.md",
        signed,
        "hoạt động văn hoá, văn nghệ",
        {"section": "muc-ii-1-2", "before": signed.replace("hoá", "hóa"), "after": "hoạt động văn hoá, văn nghệ"},
    )
    lines = (copy / "data" / "amendments.yml").read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("  before: "))
    found = findings(copy)
    assert [(f.path, f.line, f.col, f.code) for f in found] == [("data/amendments.yml", line, 3, "KH702")]
    assert "bản đã ký ghi «hoá» ≠ «hóa» trong «before»" in found[0].message


# --- renaming a unit's id -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit", ["dang-bo-tinh", "ban-thuong-vu-tinh-uy", "dang-bo-khoi", "dang-uy-khoi", "dang-bo-so"]
)
def test_renaming_a_units_id_reports_each_reference_and_nothing_else(tmp_path, unit):
    copy = copy_project(tmp_path / "project")
    units = copy / "data" / "units.yml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(f"- id: {unit}\n", f"- id: {unit}-moi\n"), encoding="utf-8"
    )
    references = []
    files = [copy / "data" / "deadlines.yml", *(copy / "data" / "documents").glob("*.yml"), units]
    for path in files:
        for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            match = re.match(rf"( *)(parent|issuer|superior|owner): {re.escape(unit)}$", text)
            if match:
                references.append((path.relative_to(copy).as_posix(), number, len(match[1]) + 1, "KH302"))
    found = findings(copy)
    assert [(f.path, f.line, f.col, f.code) for f in found] == sorted(references)
    assert all(f"«{unit}-moi»" in f.message for f in found)  # each suggests the new id


# --- a number or date in data/ that the plan's text prints ----------------------------------------


@pytest.mark.parametrize(
    "old, new, doc_id, key",
    [
        ("date: 2023-11-24", "date: 2023-11-25", "nq-43-tw", "date"),
        ("date: 2023-12-25", "date: 2023-12-26", "kh-187-tu", "date"),
        ("number: 113-KH/ĐUK", "number: 114-KH/ĐUK", "kh-113-duk", "number"),
    ],
)
def test_data_that_changes_the_plans_words_is_reported_once_at_the_data(tmp_path, old, new, doc_id, key):
    copy = copy_project(tmp_path / "project")
    path = copy / "data" / "documents" / f"{doc_id}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    found = findings(copy)
    assert [(f.path, f.line, f.col, f.code) for f in found] == [(f"data/documents/{doc_id}.yml", line, 1, "KH710")]
    assert found[0].message.startswith(f'doc_{"date" if key == "date" else "number"}("{doc_id}") ở docs/')
    assert f"Sửa «{key}» của «{doc_id}» ở đây cho khớp văn bản gốc" in found[0].message


# --- template mistakes in a page: found before anything renders ----------------------------------


@pytest.mark.parametrize(
    "page, old, new, code",
    [
        ("ke-hoach-32/muc-iii.md", "{ #muc-iii-1 }", "{#muc-iii-1}", "KH507"),  # the guide's first warning
        ("ke-hoach-32/muc-i.md", "{ #muc-i-2 }", "{#muc-i-2 }", "KH507"),
        ("ke-hoach-32/index.md", '{{ doc_number("nq-43-tw") }}', '{{ doc_number("nq-43-tw" }}', "KH508"),
        ("ke-hoach-32/index.md", '{{ doc_number("nq-43-tw") }}', '{{ doc_number("nq-43-tw")', "KH508"),
        ("ke-hoach-32/muc-i.md", '{{ doc_number("nq-43-tw") }}', "{{ doc_number(nq-43-tw) }}", "KH506"),
    ],
)
def test_a_template_mistake_is_reported_at_its_place_in_the_edited_page(tmp_path, page, old, new, code):
    copy = project_with(tmp_path, page, old, new)
    markdown = (copy / "docs" / page).read_text(encoding="utf-8")
    line, col = position(markdown, markdown.index(new))
    first = findings(copy)[0]
    assert (first.path, first.line, first.code) == (f"docs/{page}", line, code), first.as_text()
    assert first.col == col or (code == "KH506" and first.col > col), first.as_text()  # KH506: at the argument


# --- macro calls wherever the renderer renders them -----------------------------------------------

RENDERED_CALLS = {
    "in a code block": '```\n{{ doc_number("nq-99-tw") }}\n```',
    "over two lines, a parenthesis in its words": '{{ doc_link("nq-99-tw",\n  "Nghị quyết (số 99)") }}',
    "in inline code": '`{{ doc_date("nq-99-tw") }}`',
}


@pytest.mark.parametrize("written", RENDERED_CALLS.values(), ids=RENDERED_CALLS.keys())
def test_a_call_is_checked_wherever_the_renderer_would_render_it(tmp_path, written):
    """The build renders every call in a page, code included: the checker reads calls the same way, so
    an unknown id stops `make check` at the call, not the build with the renderer's traceback."""
    page = "lich-su-cap-nhat.md"
    copy = copy_project(tmp_path / "project")
    path = copy / "docs" / page
    markdown = path.read_text(encoding="utf-8") + "\n" + written + "\n"
    path.write_text(markdown, encoding="utf-8")
    found = [f for f in findings(copy) if f.severity == "error"]
    assert [(f.path, f.line, f.col, f.code) for f in found] == [
        (f"docs/{page}", *position(markdown, markdown.index("{{ doc_")), "KH502")
    ], found


# --- a file saved with a byte order mark (some Windows editors add one) -----------------------------


@pytest.mark.parametrize("page", ["ke-hoach-32/muc-i.md", "ke-hoach-32/ban-in.md"])
def test_a_page_saved_with_a_bom_gets_one_finding_for_it(tmp_path, page):
    """MkDocs reads a page without its BOM; the checker reads it the same way, so the heading or front
    matter after it is still read as such, and the BOM alone is reported, at 1:1."""
    copy = copy_project(tmp_path / "project")
    path = copy / "docs" / page
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [(f.path, f.line, f.col, f.code) for f in findings(copy)] == [(f"docs/{page}", 1, 1, "KH602")]

"""Units act on the plan: a page per unit, the reports register, tracking, the calendar, the Word copy,
and the print polish (no line stranded at the top of a page)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import docx
import icalendar
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from fontTools.ttLib import TTFont

from kehoach import printing, textlock, tracking, units
from kehoach.amendments import amended_part_words
from kehoach.checks import check_project
from kehoach.collection import OPENING_PAGE, PRINT_PAGE, path_in
from kehoach.gzipserve import SiteServer
from kehoach.model import Deadline, load_project
from kehoach.plantext import words
from kehoach.templates import markdown_text as md
from support.pdf import MARGIN_LEFT, MARGIN_TOP, MM, read_pdf_pages
from support.project import ROOT, built_page, copy_project, mkdocs_build
from support.registry import write_report
from support.tiers import chromium

FIXTURES = Path(__file__).parent / "fixtures"
# 24/12/2024: after the first due date (30/06/2024) of the periodic duty the scenario sets, before the next.
AS_OF = dt.date(2024, 12, 24)
EPOCH = str(int(dt.datetime(2024, 12, 24, 12, tzinfo=dt.UTC).timestamp()))

NEW_UNIT = """
- id: chi-bo-bao-tang
  name: Chi bộ Bảo tàng tỉnh
  parent: chi-bo
  code: CB
  aliases: []
  assigned: {}

- id: chi-bo-thu-vien
  name: Chi bộ Thư viện *tỉnh* <3 &
  parent: chi-bo
  code: null
  aliases: []
  assigned: {}
"""
REPORT = """
unit: chi-bo-bao-tang
number: 07-BC/CB
date: 2024-06-20
title: Báo cáo kết quả 6 tháng đầu năm 2024 _thực hiện_ {{ 7 * 7 }} 1 < 2 > 0
covers: [muc-iii-2]
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """The project with a chi bộ added under the collective «Các chi bộ», another one with Markdown and
    characters HTML reads as markup in its name (a tag is refused by the checker: KH807), a report, and a period for the chi bộ's report duty; built for 24/12/2024."""
    root = copy_project(tmp_path_factory.mktemp("units") / "p")
    with (root / "data" / "units.yml").open("a", encoding="utf-8") as file:
        file.write(NEW_UNIT)
    write_report(root, "bc-bao-tang-2024-06", REPORT)
    deadlines = root / "data" / "deadlines.yml"
    text = deadlines.read_text(encoding="utf-8")
    text = text.replace(
        "  when: null\n  section: muc-iii-2", "  when: null\n  section: muc-iii-2\n  every: 6\n  from: 2024-06-30"
    )
    deadlines.write_text(text, encoding="utf-8")
    site = root / "site"
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = mkdocs_build(root, site)
        findings = [f.as_text() for f in check_project(load_project(root))]
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.returncode == 0, result.stderr
    return root, site, findings


def text_of(html: str) -> str:
    return " ".join(textlock.published_text(html).split())


# --- unit pages ------------------------------------------------------------------------------------


@pytest.mark.build
def test_a_unit_added_under_a_collective_gets_its_page_with_the_inherited_items_verbatim(scenario):
    root, site, findings = scenario
    assert findings == []  # the new units are members of a collective: not "unused"
    html = (site / "don-vi" / "chi-bo-bao-tang" / "index.html").read_text(encoding="utf-8")
    project = load_project(root)
    for citation_id in ("muc-ii-2-5", "muc-iii-2"):
        [quote] = [text for cid, text in units.quotes_in(html) if cid == citation_id]
        assert words(quote) == amended_part_words(project.official, citation_id)
        assert (
            f'href="../../ke-hoach-32/{"muc-ii-2" if citation_id == "muc-ii-2-5" else "muc-iii"}/#{citation_id}"'
            in html
        )
    page = text_of(html)
    assert "Mục II.2, ý 5" in page and "Mục III.2" in page
    assert "Mục này giao chung cho các chi bộ." in page
    # where it belongs (the tree), and where it reports: only as III.2 says, with the clause, never the
    # chain of parents up to the Central Committee
    assert "Thuộc: Các chi bộ." in page
    assert (
        "Báo cáo về: Đảng ủy Sở Văn hóa, Thể thao và Du lịch (qua Văn phòng Đảng ủy), theo Mục III.2 "
        "(mục giao cho các chi bộ)." in page
    )
    assert "Ban Chấp hành Trung ương" not in page and "Báo cáo kết quả lên" not in page
    # its report, and the periodic duty it inherits
    assert "Báo cáo số 07-BC/CB ngày 20/06/2024" in page
    assert "Mỗi 6 tháng" in page


@pytest.mark.build
def test_data_values_show_literally_on_generated_pages(scenario):
    _, site, _ = scenario
    page = text_of((site / "don-vi" / "chi-bo-thu-vien" / "index.html").read_text(encoding="utf-8"))
    assert "Chi bộ Thư viện *tỉnh* <3 &" in page
    report = text_of((site / "don-vi" / "chi-bo-bao-tang" / "index.html").read_text(encoding="utf-8"))
    assert "_thực hiện_ {{ 7 * 7 }} 1 < 2 > 0" in report
    assert "49" not in report


@pytest.mark.parametrize(
    "value",
    [
        'a*b_c`d[e]{f}<g>#h+i-j.k!l|m\\n&"',
        "__init__",
        "{{ 7 * 7 }}",
        '{: onclick="x" }',
        "- gạch đầu dòng",
        "1. đánh số",
        "# tiêu đề",
        "> trích",
        "[liên kết](https://a.b)",
        "![ảnh](x.png)",
        "<b>đậm</b> &amp;",
        "dòng một\n\ndòng hai",
        "+ cộng",
        "43-NQ/TW",
        "Chi bộ *Thư viện* tỉnh",
    ],
)
def test_md_shows_every_data_value_as_the_very_characters_typed(value):
    import markdown

    html = markdown.markdown(md(value), extensions=["attr_list", "md_in_html", "tables"])
    assert re.fullmatch(r"<p>[^<]*</p>", html), html  # one paragraph of text, no element made from data
    assert unescape(html[3:-4]) == " ".join(value.split())
    assert md(None) == ""


@pytest.mark.build
def test_the_units_page_is_a_tree_linking_every_unit_page(scenario):
    root, site, _ = scenario
    html = (site / "don-vi" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.split('class="kh-tree"')[1].split("</div>")[0]
    project = load_project(root)
    paged = units.paged_units(project)
    assert {u.id for u in paged} >= {"chi-bo", "chi-bo-bao-tang", "van-phong-dang-uy", "cong-doan"}
    for unit in paged:
        assert (
            f'href="{unit.id}/"' in html
            or f'href="./{unit.id}/"' in html
            or re.search(rf'href="[^"]*don-vi/{unit.id}/"', html)
        ), unit.id
        assert (site / "don-vi" / unit.id / "index.html").is_file()
    tree = html.split('class="kh-tree"')[1]
    # nested: the chi bộ sits inside the list item of «Các chi bộ»
    chi_bo = tree.index('id="chi-bo"')
    assert chi_bo < tree.index('id="chi-bo-bao-tang"') < tree.index('id="doan-the"')


def test_a_changed_quote_is_refused(project):
    html = '<blockquote data-kh-quote="muc-iii-2"><p>2. Các chi bộ báo cáo khi nào cũng được.</p></blockquote>'
    [finding] = units.check_quotes(project, "don-vi/chi-bo.md", html)
    assert finding.code == "KH710" and "Mục III.2" in finding.message
    exact = " ".join(amended_part_words(project.official, "muc-iii-2"))
    assert units.check_quotes(project, "don-vi/chi-bo.md", f'<div data-kh-quote="muc-iii-2">{exact}</div>') == []


# --- tracking ----------------------------------------------------------------------------------------


@pytest.mark.build
def test_tracking_shows_the_latest_report_or_none_recorded_and_one_date(scenario):
    _, site, _ = scenario
    html = (site / "theo-doi" / "index.html").read_text(encoding="utf-8")
    page = text_of(html)
    # one date on the page: «Cập nhật lần cuối»; the register prints none of its own
    assert "Tình hình đến ngày" not in page and "Cập nhật lần cuối" in html
    # a report is recorded: no notice that none is
    assert "Chưa ghi nhận báo cáo nào của các đơn vị" not in page
    # the collective with members is not tracked itself: each chi bộ reports
    assert 'id="chi-bo"' not in html.split('id="cac-don-vi"', 1)[1]
    section = page.split("Chi bộ Bảo tàng tỉnh", 1)[1].split("Chi bộ Thư viện")[0]
    assert "1/3 mục đã ghi nhận báo cáo (33%)" in section
    assert "Mục II.2, ý 5 (giao cho các chi bộ): Chưa ghi nhận báo cáo;" in section
    assert "Mục III.2 (giao cho các chi bộ): Báo cáo số 07-BC/CB ngày 20/06/2024" in section
    assert '<meter min="0" max="3" value="1"' in html
    # periodic duty: the chi bộ that reported on 20/06 is on time for 30/06; the one that did not is late
    duties = page.split("Nhiệm vụ định kỳ", 1)[1]
    museum = duties.split("Chi bộ Bảo tàng tỉnh", 1)[1].split("Báo cáo kết quả")[0]
    library = duties.split("Chi bộ Thư viện", 1)[1].split("Báo cáo kết quả")[0]
    assert "Kỳ hạn gần nhất: 30/06/2024; kỳ hạn tiếp theo: 30/12/2024" in museum
    assert "Quá hạn" not in museum and "Quá hạn" in library


@pytest.mark.build
def test_the_plans_own_tracking_page_holds_what_the_overall_page_says_of_it(scenario):
    """theo-doi/<document>/: the same units, items, reports and duties as /theo-doi/ when the plan is the
    only document, under a heading that names it, reached from the plan's opening."""
    _, site, _ = scenario
    overall = (site / "theo-doi" / "index.html").read_text(encoding="utf-8")
    own = (site / "theo-doi" / "ke-hoach-32" / "index.html").read_text(encoding="utf-8")

    def register(html):
        article = html[html.index('id="cac-don-vi"') : html.index("</article>")]
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", article.split("Cập nhật lần cuối")[0])).split())

    assert "Chi bộ Bảo tàng tỉnh" in register(own) and "Quá hạn" in register(own)
    assert register(own) == register(overall)
    assert "Theo dõi thực hiện Kế hoạch số 32-KH/ĐU" in own.split("<h1", 1)[1].split("</h1>")[0]
    # links from one folder down still reach the plan's clauses and the units' reports
    assert 'href="../../ke-hoach-32/muc-iii/#muc-iii-2"' in own
    assert 'href="../../don-vi/chi-bo-bao-tang/#bao-cao-bc-bao-tang-2024-06"' in own
    opening = (site / "ke-hoach-32" / "index.html").read_text(encoding="utf-8")
    assert 'href="../theo-doi/ke-hoach-32/">Theo dõi thực hiện Kế hoạch số 32-KH/ĐU</a>' in opening


def test_due_dates_and_lateness():
    duty = Deadline("d", "Báo cáo", "chi-bo", "định kỳ", "muc-iii-2", "ke-hoach-32", 6, dt.date(2024, 1, 31))
    assert tracking.due_dates(duty, dt.date(2024, 1, 30)) == (None, None, dt.date(2024, 1, 31))
    assert tracking.due_dates(duty, dt.date(2024, 8, 1)) == (
        dt.date(2024, 1, 31),
        dt.date(2024, 7, 31),
        dt.date(2025, 1, 31),
    )
    assert tracking.add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)


@pytest.mark.build
def test_shipped_tracking_has_no_report_and_no_period(project, built_site):
    assert project.reports == {}
    assert all(d.every is None and d.start is None for d in project.deadlines.values())
    page = text_of(built_page(built_site, "theo-doi.md").read_text(encoding="utf-8"))
    assert "Chưa ghi nhận báo cáo nào của các đơn vị." in page and "Quá hạn" not in page
    assert "Chưa báo cáo" not in page and "Tình hình đến ngày" not in page
    # only the units the plan asks to report; the issuer receives the reports
    assert "Văn phòng Đảng ủy Báo cáo về" in page and "Đảng ủy Sở Văn hóa, Thể thao và Du lịch Báo cáo về" not in page


# --- exports and search ------------------------------------------------------------------------------


@pytest.mark.build
def test_reports_and_units_are_in_the_json_export(scenario):
    _, site, _ = scenario
    data = json.loads((site / "ke-hoach.json").read_text(encoding="utf-8"))
    [report] = data["reports"]
    assert report["number"] == "07-BC/CB" and report["date"] == "2024-06-20" and report["covers"] == ["muc-iii-2"]
    assert report["url"] == "don-vi/chi-bo-bao-tang/#bao-cao-bc-bao-tang-2024-06"
    unit = next(u for u in data["units"] if u["id"] == "chi-bo-bao-tang")
    # II.2 ý 3 ("Đảng ủy, các chi bộ quan tâm chỉ đạo…") is given to the chi bộ (issue 18)
    assert unit["assigned_with_inherited"] == ["muc-ii-2-3", "muc-ii-2-5", "muc-iii-2"]
    assert unit["page"] == "don-vi/chi-bo-bao-tang/"
    assert unit["reports_to"] == [] and unit["not_assigned"] == []
    chi_bo = next(u for u in data["units"] if u["id"] == "chi-bo")
    assert chi_bo["reports_to"] == [{"to": "dang-uy-so", "via": "van-phong-dang-uy", "section": "muc-iii-2"}]
    assert data["plan"]["status"] is None
    duty = next(d for d in data["deadlines"] if d["id"] == "bao-cao-ket-qua")
    assert (duty["every"], duty["from"]) == (6, "2024-06-30")


@pytest.mark.build
def test_reports_are_found_by_search_and_quotes_do_not_crowd_the_plan(scenario):
    _, site, _ = scenario
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = [d for d in index["docs"] if "07-BC/CB" in d["title"]]
    assert hits and hits[0]["location"].startswith("don-vi/chi-bo-bao-tang/")
    unit_entries = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("don-vi/chi-bo-bao-tang/"))
    assert "tham mưu với thủ trưởng cơ quan" not in unit_entries  # the quotes are the plan's, found on its pages


# --- the reports register ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", sorted(p.name for p in (FIXTURES / "checker" / "bad").glob("KH9*") if p.name != "KH903-report-unassigned")
)
def test_make_check_refuses_a_bad_report_naming_the_register(tmp_path, case):
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "checker" / "good", root)
    shutil.copytree(ROOT / "data" / "schema", root / "data" / "schema")
    shutil.copytree(
        FIXTURES / "checker" / "bad" / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    result = subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "--root", str(root)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "data/reports/bc-" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# --- calendar --------------------------------------------------------------------------------------


@pytest.mark.build
def test_the_calendar_parses_and_repeats_periodic_duties(scenario):
    _, site, _ = scenario
    calendar = icalendar.Calendar.from_ical((site / "moc-thoi-gian.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    duty = events["bao-cao-ket-qua@ke-hoach-32-kh-du"]
    assert duty.decoded("dtstart") == dt.date(2024, 6, 30)
    assert duty["rrule"]["FREQ"] == ["MONTHLY"] and duty["rrule"]["INTERVAL"] == [6]
    assert "Mục III.2" in str(duty["description"]) and "ke-hoach-32/muc-iii/#muc-iii-2" in str(duty["description"])


@pytest.mark.build
def test_the_shipped_calendar_is_valid_and_stable(built_site, tmp_path):
    content = (built_site / "moc-thoi-gian.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["version"] == "2.0" and calendar.walk("VEVENT")
    html = built_page(built_site, "moc-thoi-gian.md").read_text(encoding="utf-8")
    assert 'href="../moc-thoi-gian.ics"' in html and "Thêm lịch đã đăng ký" in html


# --- the Word copy ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word(built_site):
    return docx.Document(str(built_site / printing.downloads(load_project(ROOT)).docx))


@pytest.mark.build
def test_the_word_copy_holds_every_clause_in_order(word, project):
    body = [p.text for p in word.paragraphs]
    table = word.tables[0]
    header = [table.cell(row, column).text for column in (0, 1) for row in (0, 1)]  # left column, then right
    published = words(" ".join(header + body))
    expected = textlock.expected_words(project.official, textlock.whole_plan_ids(project.official), project.amendments)
    # the opening's words (header block, title, preamble) then every part, in the plan's order
    assert [w for w in published if w != "-"] == [w for w in expected if w != "-"]


@pytest.mark.build
def test_the_word_copy_states_the_plans_force_above_its_body(word):
    # the site's line, not the plan's words: in the first page's header, the body is the plan alone
    header = word.sections[0].first_page_header.paragraphs
    assert [p.text for p in header] == ["Tình trạng hiệu lực: chưa cập nhật"]
    assert header[0].alignment == WD_ALIGN_PARAGRAPH.CENTER and header[0].runs[0].italic
    assert not any(p.text.startswith("Tình trạng hiệu lực") for p in word.paragraphs)


@pytest.mark.build
def test_the_word_copy_has_the_page_setup_of_a_party_document(word):
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    # no page number on the first page: its header holds only the site's status line (issue 18)
    first = section.first_page_header
    assert not first._element.xpath(".//w:fldSimple") and not first._element.xpath(".//w:instrText")
    assert "".join(p.text for p in first.paragraphs) == "Tình trạng hiệu lực: chưa cập nhật"
    [number] = section.header.paragraphs
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fields = number._p.xpath(".//w:fldSimple/@w:instr")
    assert [f.strip() for f in fields] == ["PAGE"]
    table = word.tables[0]
    borders = table._tbl.tblPr.xpath("./w:tblBorders/*/@w:val")
    assert borders and set(borders) == {"nil"}
    body = [p for p in word.paragraphs if p.text.startswith(("1. ", "Thực hiện"))]
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert round(fmt.first_line_indent.mm) == 10
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(18)
        assert fmt.space_after == Pt(6)
        for run in paragraph.runs:
            assert run.font.name == "Times New Roman" and run.font.size == Pt(14)


# Liberation Serif has the metrics of Times New Roman (the Word copy's font), glyph for glyph; it is
# the serif of the print edition too (scripts/system-packages.sh installs it).
SERIF = Path("/usr/share/fonts/truetype/liberation2")
SERIF_FACES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}


def line_width_twips(paragraph) -> float:
    """The width of a paragraph set on one line, in twips: the advance width of each letter in the
    face and size of its run (no kerning: the widest it can be)."""
    width = 0.0
    for run in paragraph.runs:
        face = TTFont(SERIF / f"LiberationSerif-{SERIF_FACES[bool(run.bold), bool(run.italic)]}.ttf", lazy=True)
        glyphs, advances, per_em = face.getBestCmap(), face["hmtx"], face["head"].unitsPerEm
        size = (run.font.size or Pt(14)).pt
        width += sum(advances[glyphs[ord(letter)]][0] for letter in run.text) / per_em * size * 20
    return width


def header_lines_too_wide(document, one_line: list[str]) -> list[str]:
    """The lines of the header table that must stay whole (`one_line`) and are wider than their column
    as LibreOffice lays it out (the table grid) or as Word does (each cell's width), cell margins off."""
    table = document.tables[0]
    grid = [int(width) for width in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    margins = table._tbl.tblPr.xpath("./w:tblCellMar/*[self::w:left or self::w:right]/@w:w")
    padding = sum(int(margin) for margin in margins)
    too_wide = []
    for row in table.rows:
        for column, cell in enumerate(row.cells):
            space = min(grid[column], cell.width.twips if cell.width is not None else grid[column]) - padding
            for paragraph in cell.paragraphs:
                if paragraph.text in one_line and line_width_twips(paragraph) > space:
                    mm = line_width_twips(paragraph) / 56.693
                    too_wide.append(f"«{paragraph.text}» ({mm:.1f} mm) in a column of {space / 56.693:.1f} mm")
    return too_wide


@pytest.mark.build
def test_the_word_copy_keeps_the_header_lines_whole_as_the_print_does(word, project):
    """LibreOffice wrapped «ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH» onto two lines: the grid of the table was an
    even split of the page (82.5 mm) while the name needs 83.6 mm. Every line of the header the print
    edition keeps whole fits its column; the issuing body's name may wrap, as it does in print."""
    superior, issuer, *_ = project.official.header_lines
    lines = [p.text for row in word.tables[0].rows for cell in row.cells for p in cell.paragraphs]
    one_line = [line for line in lines if line != issuer]
    assert superior in one_line and len(one_line) == 5  # superior, "*", number | party, place and date
    assert header_lines_too_wide(word, one_line) == []
    # the two programs read the same widths, and the columns span the text width (165 mm) exactly
    table = word.tables[0]
    grid = [int(width) for width in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert [[cell.width.twips for cell in row.cells] for row in table.rows] == [grid, grid]
    total = table._tbl.tblPr.find(qn("w:tblW"))
    assert (total.get(qn("w:type")), int(total.get(qn("w:w")))) == ("dxa", sum(grid))
    assert round(sum(grid) / 56.693) == 165


@pytest.mark.build
def test_the_word_copy_is_offered_beside_the_pdf(project, built_site):
    files = printing.downloads(project)
    # the document's opening page (the home page before the collection) and its print page
    for page in (path_in(project, OPENING_PAGE), path_in(project, PRINT_PAGE)):
        html = built_page(built_site, page).read_text(encoding="utf-8")
        assert files.docx in html and "Tải bản Word (.docx)" in html  # the PDF only with `make pdf`
    # the home page lists the documents, each with its Word copy
    home = built_page(built_site, "index.md").read_text(encoding="utf-8")
    assert f'href="{files.docx}" download>bản Word (.docx)' in home


# --- print: the unit sheet and the whole plan, no line stranded at the top of a page ---------------


@pytest.fixture(scope="module")
def sheets(built_site, tmp_path_factory):
    """The whole plan and the sheet of «Các chi bộ», printed by Chromium as `make pdf` does."""
    out = tmp_path_factory.mktemp("sheets")
    with SiteServer(built_site) as server, chromium() as browser:
        printing.print_to_pdf(browser, server.url + "/ke-hoach-32/ban-in/", out / "plan.pdf")
        printing.print_to_pdf(browser, server.url + "/don-vi/chi-bo/", out / "chi-bo.pdf")
    return {name: read_pdf_pages(out / f"{name}.pdf") for name in ("plan", "chi-bo")}


def stranded_lines(pages) -> list[str]:
    """The first line of a page that ends a paragraph begun on the page before, alone: it starts at the
    left margin (a continuation, not an indented first line) and the next line starts a new block."""
    found = []
    for number, page in enumerate(pages[1:], 2):
        body = [line for line in page.lines if line and line[0].y0 >= MARGIN_TOP - 1]
        if not body:
            continue
        first_continues = body[0][0].x0 < MARGIN_LEFT + 3 * MM
        next_starts_block = len(body) == 1 or body[1][0].x0 > MARGIN_LEFT + 8 * MM
        if first_continues and next_starts_block:
            found.append(f"trang {number}: «{' '.join(w.text for w in body[0])}»")
    return found


@pytest.mark.build
@pytest.mark.browser
def test_the_whole_plan_prints_without_a_stranded_line(sheets):
    assert stranded_lines(sheets["plan"]) == []


@pytest.mark.build
@pytest.mark.browser
def test_a_unit_prints_as_its_assignment_sheet(sheets, project):
    pages = sheets["chi-bo"]
    assert all((round(p.width), round(p.height)) == (595, 842) for p in pages)  # A4
    text = " ".join(w.text for p in pages for w in p.body_words())
    assert text.startswith("Các chi bộ Các nhiệm vụ được giao theo Kế hoạch số 32-KH/ĐU")
    for citation_id in ("muc-ii-2-5", "muc-iii-2"):
        assert " ".join(amended_part_words(project.official, citation_id)) in " ".join(words(text))
    assert "Tìm kiếm" not in text and "Sửa trang này" not in text
    assert stranded_lines(pages) == []
    for number, page in enumerate(pages[1:], 2):
        assert [w.text for w in page.margin_words()] == [str(number)]


def test_the_calendar_is_the_same_for_the_same_data_and_date(project):
    from kehoach import calendar_export

    urls = {"muc-iii-2": "ke-hoach-32/muc-iii/#muc-iii-2"}
    first = calendar_export.calendar_bytes(project, urls, "https://example.org/kh/", AS_OF)
    assert first == calendar_export.calendar_bytes(project, urls, "https://example.org/kh/", AS_OF)
    [event] = icalendar.Calendar.from_ical(first).walk("VEVENT")
    assert str(event["uid"]) == f"{project.plan.id}@ke-hoach-32-kh-du"
    assert str(event["url"]) == "https://example.org/kh/"


def test_a_period_needs_both_keys_and_a_real_date(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "checker" / "good", root)
    shutil.copytree(ROOT / "data" / "schema", root / "data" / "schema")
    deadlines = root / "data" / "deadlines.yml"
    deadlines.write_text(deadlines.read_text(encoding="utf-8") + "  every: 6\n", encoding="utf-8")
    [finding] = [f for f in check_project(load_project(root))]
    assert finding.path == "data/deadlines.yml" and finding.code == "KH103" and "«from»" in finding.message
    deadlines.write_text(deadlines.read_text(encoding="utf-8") + "  from: 2024-02-30\n", encoding="utf-8")
    [finding] = [f for f in check_project(load_project(root))]
    assert finding.code == "KH108" and "2024-02-30" in finding.message

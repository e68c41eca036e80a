"""The Word copy of the plan (site/ke-hoach-32-KH-DU.docx), built with python-docx from the print page
as built (/ban-in/, kehoach.printing): the same parts in the same order, never a second copy of the text.

Layout of a Party document (Hướng dẫn 36-HD/VPTW; ../shared/guides/official-format.md), as the print
edition (docs/assets/print.css): A4 portrait, margins top 20, bottom 20, left 30, right 15 mm; Times New
Roman 14 pt; the header block as a borderless two-column table; title block centred; body justified,
first line indented 10 mm, line spacing exactly 18 pt, 6 pt after each paragraph; the page number (a
PAGE field) centred at the top from page 2 (a different first page).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import lxml.html
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .model import Project

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TITLE_SIZE = Pt(15)
LINE = Pt(18)
AFTER = Pt(6)
INDENT = Mm(10)
SKIPPED_CLASSES = {"kh-extra", "headerlink", "md-content__button", "md-source-file"}
# 165 mm between the margins: the left column holds the superior body's name on one line, the right one the
# place and date (italic). Measured with the font's metrics without kerning (tests/test_units.py): 84.0 mm
# and 80.2 mm at 14 pt (83.6 and 80.1 mm on the print edition, which kerns); the 0.8 mm to spare shared
# between the two. Cells without padding.
HEADER_LEFT_WIDTH, HEADER_RIGHT_WIDTH = Mm(84.5), Mm(80.5)


def _classes(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _article(html: str) -> lxml.html.HtmlElement:
    root = lxml.html.fromstring(html)
    article = root.find(".//article")
    if article is None:
        article = root
    for element in list(article.iter()):
        if not isinstance(element.tag, str):
            continue
        if _classes(element) & SKIPPED_CLASSES or element.tag in ("script", "style", "svg", "button", "nav"):
            element.drop_tree()
    return article


def _font(
    run: Run, size: Length = BODY_SIZE, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _format(
    paragraph: Paragraph,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    after: Length = AFTER,
    keep: bool = False,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = INDENT if indent else Mm(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = after
    fmt.widow_control = True
    if keep:
        fmt.keep_together = True
        fmt.keep_with_next = True


def _paragraph(
    container: WordDocument | _Cell,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    after: Length = AFTER,
    keep: bool = False,
    **font: Any,
) -> Paragraph:
    paragraph = container.add_paragraph()
    _format(paragraph, align, indent, after, keep)
    if text:
        _font(paragraph.add_run(text), **font)
    return paragraph


def _no_borders(table: Table) -> None:
    """No visible border, no cell padding, fixed column widths."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)
    layout = properties.find(qn("w:tblLayout"))  # `table.autofit = False` writes one already
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _column_widths(table: Table, widths: list[Length]) -> None:
    """Fixed column widths, written everywhere a word processor reads them: each cell's width (Word),
    the table grid (LibreOffice lays a fixed table out by its grid: python-docx writes an even split of
    the page there, 82.5 mm each, which wrapped the superior body's name onto two lines) and the
    table's own width (the sum, so that neither program stretches or squeezes a column)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid: <w:gridCol w:w=…>
        for cell in column.cells:
            cell.width = width  # <w:tcW w:type="dxa">
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: Word shows the page's number."""
    run = paragraph.add_run()
    _font(run)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    inner.append(text)
    field.append(inner)
    run._element.addnext(field)


def _header_block(document: WordDocument, header: lxml.html.HtmlElement) -> None:
    """The header as a borderless table of two columns and two rows, so that the number and the date
    share a line: superior body, issuing body (bold), "*" | ĐẢNG CỘNG SẢN VIỆT NAM (15 pt bold,
    underlined); then "Số …" | place and date (italic)."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _column_widths(table, [HEADER_LEFT_WIDTH, HEADER_RIGHT_WIDTH])
    places: dict[str, tuple[int, int, dict[str, Any]]] = {  # class -> (row, column, font)
        "kh-header__superior": (0, 0, {}),
        "kh-header__issuer": (0, 0, {"bold": True}),
        "kh-header__star": (0, 0, {}),
        "kh-header__number": (1, 0, {}),
        "kh-header__party": (0, 1, {"bold": True, "size": TITLE_SIZE, "underline": True}),
        "kh-header__date": (1, 1, {"italic": True}),
    }
    # As print.css: the party's name flush right, the widest gap the page allows between the two names
    # on the first line; every other line centred in its column.
    flush_right = {"kh-header__party"}
    for p in header.iter("p"):
        place = next(((c, v) for c, v in places.items() if c in _classes(p)), None)
        if place is None:
            continue
        name, (row, column, font) = place
        align = WD_ALIGN_PARAGRAPH.RIGHT if name in flush_right else WD_ALIGN_PARAGRAPH.CENTER
        _paragraph(table.cell(row, column), _text(p), align=align, indent=False, after=Pt(0), **font)
    for row in table.rows:
        for cell in row.cells:  # the empty paragraph every new cell starts with
            if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
                cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def document_from_print_page(project: Project, html: str) -> WordDocument:
    """A python-docx Document of the print page's article, in its order."""
    document = Document()
    plan = project.plan
    document.core_properties.title = f"{plan.label} {plan.title or ''}".strip()
    document.core_properties.language = "vi-VN"
    document.core_properties.author = project.units[plan.issuer].name if plan.issuer in project.units else ""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    _format(number, WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=Pt(0))
    _page_field(number)

    article = _article(html)
    # the plan's force: the site's line, not the plan's words, so it stands above the body, in the first
    # page's header (the body stays the plan's text alone: the importer reads it back word for word)
    status = [_text(e) for e in article.find_class("kh-status")]
    if status:
        line = section.first_page_header.paragraphs[0]
        _format(line, WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=Pt(0))
        _font(line.add_run(" ".join(status)), size=Pt(11), italic=True)
    for element in article:
        if not isinstance(element.tag, str):
            continue
        classes = _classes(element)
        if "kh-status" in classes:
            continue
        if "kh-header" in classes:
            _header_block(document, element)
            _paragraph(document, "", indent=False, after=Pt(0))
        elif "kh-title" in classes:
            kind = element.find_class("kh-title__kind")
            summary = element.find_class("kh-title__summary")
            _paragraph(
                document,
                _text(kind[0]) if kind else "",
                align=WD_ALIGN_PARAGRAPH.CENTER,
                indent=False,
                after=Pt(0),
                keep=True,
                bold=True,
                size=TITLE_SIZE,
            )
            _paragraph(
                document,
                _text(summary[0]) if summary else _text(element),
                align=WD_ALIGN_PARAGRAPH.CENTER,
                indent=False,
                after=Pt(0),
                keep=True,
                bold=True,
            )
        elif "kh-title__rule" in classes:
            _paragraph(document, _text(element), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=Pt(12))
        elif element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            _paragraph(document, _text(element), keep=True, bold=True)
        elif element.tag == "p":
            _paragraph(document, _text(element))
        elif element.tag in ("ul", "ol"):
            for item in element.iterchildren("li"):
                _paragraph(document, "- " + _text(item))
    return document


def docx_bytes(project: Project, print_html: str) -> bytes:
    document = document_from_print_page(project, print_html)
    # Reproducible: the same text gives the same bytes (python-docx stamps the time of saving into the
    # document's properties and every zip entry; both get the plan's own date instead).
    stamp = dt.datetime.combine(project.plan.date, dt.time()) if project.plan.date else dt.datetime(1980, 1, 1)
    document.core_properties.created = document.core_properties.modified = stamp
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_times(buffer.getvalue(), stamp)


def _with_fixed_times(archive: bytes, stamp: dt.datetime) -> bytes:
    """The zip `archive` with every entry dated `stamp`, entries in the same order."""
    source, target = zipfile.ZipFile(io.BytesIO(archive)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, entry.external_attr
            rewritten.writestr(fixed, source.read(entry))
    return target.getvalue()

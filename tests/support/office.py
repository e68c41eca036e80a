"""A made-up Party document, as an office writes it in Word and as its plain-text copy has it.

Everything in it is invented for the importer's tests (kehoach.importing): a chi bộ's plan carrying out
plan 32. It is no real document; no name, number or date here is to be published.

The Word file is built as Word saves a typed document: automatic numbering (one multi-level list in
numbering.xml: "I." / "1." / "a)" / "–"; the labels are not in the paragraphs' text), the header as a
borderless two-column table, soft line breaks, no-break spaces, curly quotes, a subject pasted in
decomposed Unicode (NFD), bold headings, and the "Nơi nhận" / signature table at the end.
"""

from __future__ import annotations

import io
import unicodedata

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

SUPERIOR = "ĐẢNG BỘ SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
ISSUER = "CHI BỘ VĂN PHÒNG"
NUMBER = "Số 05-KH/CB"
PLACE_DATE = "Hải Dương, ngày 15 tháng 3 năm 2024"
KIND = "KẾ HOẠCH"
SUBJECT = "thực hiện Kế hoạch số 32-KH/ĐU của Đảng uỷ Sở về phát huy sức mạnh đại đoàn kết toàn dân tộc"
PREAMBLE = (
    "Thực hiện Kế hoạch số 32-KH/ĐU, ngày 06/02/2024 của Đảng uỷ Sở Văn hóa, Thể thao và Du lịch về thực hiện "
    "Nghị quyết số 43-NQ/TW, ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng khóa XIII, Chi bộ Văn phòng xây "
    "dựng kế hoạch thực hiện như sau:"
)
# (level, text): level 0 "I.", 1 "1.", 2 "a)", 3 a bullet; "\n" is a soft line break (w:br)
BODY: list[tuple[int, str]] = [
    (0, "MỤC ĐÍCH, YÊU CẦU"),
    (1, "Quán triệt đầy đủ nội dung Kế hoạch số 32-KH/ĐU đến từng đảng viên trong Chi bộ."),
    (1, "Việc thực hiện phải thiết thực, gắn với nhiệm vụ chuyên môn của Văn phòng."),
    (0, "NHIỆM VỤ, GIẢI PHÁP"),
    (1, "Công tác tuyên truyền"),
    (3, "Tổ chức cho đảng viên học tập chuyên đề về đại đoàn kết toàn dân tộc."),
    (3, "Phát huy truyền thống “Bộ đội Cụ Hồ” trong đảng viên là cựu chiến binh."),
    (1, "Công tác xây dựng Chi bộ"),
    (2, "Về tư tưởng"),
    (3, "Nắm bắt tâm tư, nguyện vọng của đảng viên,\nkịp thời giải quyết những vướng mắc."),
    (2, "Về tổ chức"),
    (3, "Duy trì sinh hoạt Chi bộ định kỳ theo Hướng dẫn số 12-HD/BTCTW."),
    (0, "TỔ CHỨC THỰC HIỆN"),
    (1, "Các đảng viên căn cứ Kế hoạch này thực hiện; báo cáo kết quả về Chi bộ trước ngày 15/12/2024."),
]
RECIPIENTS = ["Nơi nhận:", "- Đảng uỷ Sở (b/c),", "- Lưu Chi bộ."]
SIGNATURE = ["T/M CHI BỘ", "BÍ THƯ", "(Đã ký)", "Nguyễn Văn A"]


def _plain_body() -> list[str]:
    """The body as the office's plain-text copy writes it: labels typed, soft breaks as new lines."""
    counters = [0, 0, 0]
    lines = []
    for level, text in BODY:
        if level < 3:
            counters[level] += 1
            counters[level + 1 :] = [0] * (2 - level)
            label = {0: _roman(counters[0]) + ".", 1: f"{counters[1]}.", 2: "abcdefgh"[counters[2] - 1] + ")"}[level]
        else:
            label = "-"
        lines += f"{label} {text}".replace("“", '"').replace("”", '"').split("\n")
    return lines


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V"][number - 1]


def plain_text() -> str:
    """The plain-text twin, laid out as data/ke-hoach-32-KH-DU.txt is (tabs, stray spaces, blank lines)."""
    lines = [
        f"\t{SUPERIOR}",
        ISSUER,
        "*",
        "",
        NUMBER.replace(" ", "   "),
        "                      ",
        "\tĐẢNG CỘNG SẢN VIỆT NAM",
        "",
        PLACE_DATE,
        "",
        KIND,
        SUBJECT,
        "-----------",
        PREAMBLE,
        "",
        *_plain_body(),
        "",
        *RECIPIENTS,
        *SIGNATURE,
    ]
    return "\n".join(lines) + "\n"


NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/>
    <w:lvlRestart w:val="0"/></w:lvl>
</w:abstractNum>
"""
NUM = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _numbered(paragraph: Paragraph, level: int, num_id: int = 90) -> None:
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _add_numbering(document: docx.document.Document, abstract: str, num: str) -> None:
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    element = parse_xml(abstract)
    if first_num is not None:
        first_num.addprevious(element)  # abstractNum elements come before num elements
    else:
        numbering.append(element)
    numbering.append(parse_xml(num))


def _text_with_breaks(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """Runs of `text`, a soft line break (w:br) where it has a newline."""
    for index, piece in enumerate(text.split("\n")):
        run = paragraph.add_run(piece)
        run.bold = bold
        if index < len(text.split("\n")) - 1:
            run.add_break()


def _borderless(table: docx.table.Table) -> None:
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    )
    table._tbl.tblPr.append(borders)


def _cell(cell: docx.table._Cell, lines: list[str], bold: frozenset[int] | set[int] = frozenset()) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for index, line in enumerate(lines):
        _text_with_breaks(cell.add_paragraph(), line, bold=index in bold)


def office_docx(
    *,
    superior: str = SUPERIOR,
    issuer: str = ISSUER,
    number: str = NUMBER,
    place_date: str = PLACE_DATE,
    kind: str = KIND,
    subject: str = SUBJECT,
    preamble: str = PREAMBLE,
    body: list[tuple[int, str]] | None = None,
    recipients: list[str] | None = None,
    signature: list[str] | None = None,
) -> bytes:
    """The Word file of the made-up plan (or of another made-up document given by its parts: `body` as
    BODY, levels 0 "I.", 1 "1.", 2 "a)", 3 a bullet), as an office makes it."""
    body = BODY if body is None else body
    recipients = RECIPIENTS if recipients is None else recipients
    signature = SIGNATURE if signature is None else signature
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(14)
    _add_numbering(document, NUMBERING, NUM)
    header = document.add_table(rows=1, cols=2)
    _borderless(header)
    # superior and issuer in one paragraph with a soft break, as often typed; no-break spaces after "Số"
    _cell(header.cell(0, 0), [f"{superior}\n{issuer}", "*", number.replace(" ", "\u00a0")], bold={0})
    _cell(header.cell(0, 1), ["ĐẢNG CỘNG SẢN VIỆT NAM", place_date.replace("ngày ", "ngày\u00a0")], bold={0})
    document.add_paragraph()
    kind_line = document.add_paragraph()
    kind_line.add_run(kind).bold = True
    subject_line = document.add_paragraph()
    subject_line.add_run(unicodedata.normalize("NFD", subject)).bold = True  # pasted from elsewhere: decomposed
    document.add_paragraph("-----------")
    document.add_paragraph(preamble)
    for level, text in body:
        paragraph = document.add_paragraph()
        _numbered(paragraph, level)
        _text_with_breaks(paragraph, text, bold=level in (0, 1) and not text.endswith("."))
    document.add_paragraph()
    closing = document.add_table(rows=1, cols=2)
    _borderless(closing)
    _cell(closing.cell(0, 0), recipients)
    _cell(closing.cell(0, 1), signature, bold={0, 1})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

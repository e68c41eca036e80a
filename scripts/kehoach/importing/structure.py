"""The parts of a Party document read from its lines: header fields, opening, sections, closing.

The lines are the document as a reader sees it, one paragraph (or soft line) each, from a `.txt` or a
`.docx` (kehoach.importing.docx_reader). Sections, items and bullets are recognised as the plan's own
parser does (kehoach.plantext: the same patterns and the same citation ids, `muc-ii-2-5` for the 5th
bullet of II.2); in addition an item may have sub-items "a)", "b)" (id `muc-ii-2-a`, their bullets
`muc-ii-2-a-1`), and the "Nơi nhận" and signature blocks at the end are kept as the closing, not made
into sections.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from kehoach import docnumber
from kehoach.plantext import (
    BULLET_LINE,
    DECORATION,
    NUMBERED_LINE,
    OPENING_ID,
    SECTION_LINE,
    Part,
    carrying_out_sentence,
    clean_line,
)

from .errors import ImportFailed

# Bullets the plan's parser does not know: an en or em dash or a dot typed by Word's AutoFormat. A "+"
# line (a bullet under a bullet) has no citation id of its own: it stays in the part before it.
OTHER_BULLET_LINE = re.compile(r"^[–—•·][\s\u00a0]+(?P<text>\S.*)$")
NESTED_BULLET_LINE = re.compile(r"^[+*][\s\u00a0]+\S")
SUBITEM_LINE = re.compile(r"^(?P<label>[a-zđ])\)\s+(?P<text>\S.*)$")
NUMBER_LINE = re.compile(r"^Số\b")
# "Hải Dương, ngày 06 tháng 02 năm 2024": place, then the date in words and figures.
DATE_LINE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})\s*$"
)
PARTY_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
COLUMN_GAP = re.compile(r"\t+|[ \u00a0]{4,}")  # "Số   32  - KH/ĐU" has runs of three spaces inside a column
# The kinds of Party documents (Hướng dẫn 36-HD/VPTW), as the kind line writes them.
KINDS = (
    "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "KẾT LUẬN", "QUY CHẾ", "QUY ĐỊNH", "HƯỚNG DẪN", "BÁO CÁO", "KẾ HOẠCH",
    "CHƯƠNG TRÌNH", "THÔNG BÁO", "THÔNG TRI", "TỜ TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "LỜI KÊU GỌI", "CÔNG VĂN",
    "BIÊN BẢN", "ĐIỀU LỆ", "CÔNG ĐIỆN",
)  # fmt: skip
# The closing: the list of recipients and the signature block ("T/M ĐẢNG UỶ", "K/T BÍ THƯ", "TM. BAN THƯỜNG VỤ").
CLOSING_LINE = re.compile(r"^(?:Nơi\s+nhận\b|(?:T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ\.)\s*\S)", re.IGNORECASE)
# "…số 43-NQ/TW, ngày 24/11/2023": a date written right after a document number.
DATE_AFTER_NUMBER = re.compile(
    r"(?P<gap>,?\s*ngày\s+)(?P<date>\d{1,2}\s*([/.-])\s*\d{1,2}\s*\3\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
# The kind word before "số": "Nghị quyết số", "Kế hoạch số", "Kết luận số".
KIND_BEFORE = re.compile(r"(?P<kind>[A-ZĐ][\wÀ-ỹ]*(?:\s+[a-zà-ỹđ]+){0,2})\s+số\s*$")
# A clause cited by its place: "mục II.2", "mục II.2, ý 4" (the site's own way), "điểm 2 mục II",
# "ý 4, điểm 2, mục II".
CLAUSE_REFERENCES = (
    re.compile(
        r"\b(?:[Mm]ục|[Pp]hần)\s+(?P<roman>[IVX]{1,4})(?![\w])(?:\s*\.\s*(?P<item>\d{1,2})(?!\d))?"
        r"(?:\s*,\s*ý\s+(?P<bullet>\d{1,2})(?!\d))?"
    ),
    re.compile(
        r"\b(?:(?:[Ýý]|[Gg]ạch đầu dòng thứ)\s+(?P<bullet>\d{1,2})\s*,?\s*)?(?:[Đđ]iểm|[Tt]iểu mục|[Kk]hoản|[Mm]ục)\s+"
        r"(?P<item>\d{1,2})\s*,?\s*(?:của\s+)?(?:[Mm]ục|[Pp]hần)\s+(?P<roman>[IVX]{1,4})(?![\w])"
    ),
)
# "… Kế hoạch số 32-KH/ĐU (mục II.2)", "Kế hoạch số 32-KH/ĐU, tại mục II.2": the document named just before.
NUMBER_BEFORE = re.compile(r"\s*(?:,|\()?\s*(?:(?:tại|theo|ở)\s+)?")
REFERENCE_REACH = 90  # characters after a clause within which the document it belongs to is named
ISSUER_AFTER = re.compile(r"^\s*của\s+(?P<issuer>[^;,(]+?)(?=\s+(?:về|khóa|khoá)\b|[;,(]|$)")


@dataclass
class Header:
    """The header block and title of the document, as written and as read."""

    lines: list[str]  # every line before the kind line, trimmed
    kind_line: str  # "KẾ HOẠCH"
    kind: str  # "Kế hoạch"
    subject: str  # the line(s) under the kind
    number_written: str | None = None  # "32  - KH/ĐU"
    number: str | None = None  # "32-KH/ĐU" (kehoach.docnumber)
    date_written: str | None = None  # "ngày 06 tháng 02 năm 2024"
    date: dt.date | None = None
    place: str | None = None
    issuer: str | None = None  # the issuing body, as the header writes it
    superior: str | None = None  # the body above it, as the header writes it


@dataclass
class Place:
    """Where a mention is: the citation id of the part (or the opening) and the line of the source."""

    part_id: str
    line: int


@dataclass
class CitedDocument:
    """A document the text cites by number."""

    number: str  # canonical
    number_written: str
    kind: str | None  # "Nghị quyết", when the words before "số" say it
    date_written: str | None = None  # "24/11/2023", when written right after the number
    date: dt.date | None = None
    issuer_written: str | None = None  # "Ban Thường vụ Tỉnh uỷ", from "của …" after the number or date
    places: list[Place] = field(default_factory=list)


@dataclass
class ClauseReference:
    """A clause of a document cited by its place in the text: "mục II.2 Kế hoạch số 32-KH/ĐU"."""

    written: str  # "mục II.2"
    part_id: str  # "muc-ii-2": the citation id it names
    number: str | None  # the document it belongs to (canonical number), None: the document itself
    place: Place


@dataclass
class ImportedDocument:
    """One document read from a file: what the registry, the official text and the pages are made from."""

    source_format: str  # "txt" or "docx"
    official_bytes: bytes  # .txt: byte for byte as received; .docx: the words as a reader sees them, UTF-8, NFC
    header: Header
    preamble: str
    implements: list[CitedDocument]
    sections: list[Part]
    closing: list[str]
    cited: list[CitedDocument]
    unread: list[str]  # what could not be read, in Vietnamese, for a person to check
    notes: list[str]  # what was changed while reading (curly quotes, decomposed Unicode…), in Vietnamese
    lines: dict[str, int] = field(default_factory=dict)  # citation id -> line of the official text
    references: list[ClauseReference] = field(default_factory=list)

    @property
    def official_text(self) -> str:
        return self.official_bytes.decode("utf-8")

    def parts(self) -> list[Part]:
        return [part for section in self.sections for part in section.walk()]

    def citation_ids(self) -> list[str]:
        return [part.id for part in self.parts()]


def read_lines(
    source_format: str, official: bytes, raw_lines: list[str], notes: list[str] | None = None
) -> ImportedDocument:
    """The document in `raw_lines` (line i is line i + 1 of the official text)."""
    lines = [(number, clean_line(line)) for number, line in enumerate(raw_lines, start=1)]
    lines = [(number, line) for number, line in lines if line]
    unread: list[str] = []
    kind_index = _kind_index(lines)
    if kind_index is None:
        raise ImportFailed(
            "Không nhận ra phần đầu của văn bản: không thấy dòng tên loại văn bản viết hoa (như «KẾ HOẠCH», "
            "«NGHỊ QUYẾT», «CHỈ THỊ») đứng riêng một dòng trước trích yếu. Hãy kiểm tra đây đúng là văn bản của "
            "Đảng có đủ phần đầu (tên cơ quan, số, ngày, tên loại, trích yếu)."
        )
    # a plain-text copy of Word's two-column header may hold both columns on one line, apart by tabs or spaces
    header_lines = [cell for _, line in lines[:kind_index] for cell in map(clean_line, COLUMN_GAP.split(line)) if cell]
    kind_line = lines[kind_index][1]
    body = lines[kind_index + 1 :]
    subject_lines: list[str] = []
    rule_at = next((i for i, (_, line) in enumerate(body) if DECORATION.match(line)), None)
    first_section = next((i for i, (_, line) in enumerate(body) if SECTION_LINE.match(line)), None)
    if first_section is None:
        raise ImportFailed(
            "Không tìm thấy mục nào của văn bản: các mục lớn phải bắt đầu bằng số La Mã và dấu chấm ở đầu dòng "
            "(«I. MỤC ĐÍCH, YÊU CẦU», «II. …»). Hãy kiểm tra tệp có đủ nội dung và các mục được đánh số như bản "
            "đã ký."
        )
    if rule_at is not None and rule_at < first_section:
        subject_lines = [line for _, line in body[:rule_at]]
        body = body[rule_at + 1 :]
    else:  # no rule under the title (in Word it is often a drawn line): the subject is the line under the
        # kind and the lines after it that go on in lower case; the opening starts a sentence
        subject_lines = [body[0][1]] if body and not SECTION_LINE.match(body[0][1]) else []
        while subject_lines and len(subject_lines) < len(body) and body[len(subject_lines)][1][:1].islower():
            subject_lines.append(body[len(subject_lines)][1])
        body = body[len(subject_lines) :]
    header = _header(header_lines, kind_line, " ".join(subject_lines), unread)

    preamble_lines: list[tuple[int, str]] = []
    sections: list[Part] = []
    closing: list[str] = []
    part_lines: dict[str, int] = {}
    texts: list[tuple[str, int, str]] = []  # (citation id, line, text) for finding cited documents
    for number, line in body:
        if closing or (sections and CLOSING_LINE.match(line)):
            closing.append(line)
            continue
        if match := SECTION_LINE.match(line):
            part = Part(f"muc-{match['label'].lower()}", match["label"] + ".", match["text"], "section")
            sections.append(part)
        elif not sections:
            preamble_lines.append((number, line))
            continue
        elif match := NUMBERED_LINE.match(line):
            section = sections[-1]
            part = Part(f"{section.id}-{match['label']}", match["label"] + ".", match["text"], "item")
            section.children.append(part)
        elif (match := SUBITEM_LINE.match(line)) and sections[-1].children:
            item = sections[-1].children[-1]
            part = Part(f"{item.id}-{match['label']}", match["label"] + ")", match["text"], "subitem")
            item.children.append(part)
        elif match := BULLET_LINE.match(line) or OTHER_BULLET_LINE.match(line):
            parent = _bullet_parent(sections[-1])
            part = Part(f"{parent.id}-{len(parent.children) + 1}", "-", match["text"], "bullet")
            parent.children.append(part)
        else:  # a continuation paragraph belongs to the part before it
            last = list(sections[-1].walk())[-1]
            if NESTED_BULLET_LINE.match(line):
                unread.append(
                    f"dòng {number}: ý «{line[:1]}» nằm dưới một ý khác; trang chưa có mã trích dẫn cho cấp này, nên "
                    f"lời văn của nó được gộp vào phần «{last.id}» đứng trước"
                )
            last.text += " " + line
            texts.append((last.id, number, line))
            continue
        part_lines[part.id] = number
        texts.append((part.id, number, part.text))
    seen: set[str] = set()
    for section in sections:
        for part in section.walk():
            if part.id in seen:
                unread.append(
                    f"dòng {part_lines.get(part.id, 0)}: số thứ tự «{part.label}» lặp lại trong cùng một mục, nên hai "
                    f"phần có cùng mã trích dẫn «{part.id}»; kiểm tra lại cách đánh số của bản gốc"
                )
            seen.add(part.id)
    preamble = " ".join(line for _, line in preamble_lines)
    if not preamble:
        unread.append("không thấy đoạn mở đầu («Thực hiện …») giữa trích yếu và mục I")
    texts = [(OPENING_ID, number, line) for number, line in preamble_lines] + texts
    cited = _cited(texts, header.number)
    references = _references(texts, header.number)
    own_ids = {part.id for section in sections for part in section.walk()}
    for reference in references:
        if reference.number is None and reference.part_id not in own_ids:
            unread.append(
                f"dòng {reference.place.line}: «{reference.written}» không có trong văn bản này (không có phần "
                f"mang mã «{reference.part_id}»); kiểm tra lại số mục được dẫn"
            )
    implements = _implements(carrying_out_sentence("\n".join(line for _, line in preamble_lines)))
    if preamble and not implements:
        unread.append("đoạn mở đầu không nêu số văn bản nào mà văn bản này thực hiện («Thực hiện … số …»)")
    return ImportedDocument(
        source_format,
        official,
        header,
        preamble,
        implements,
        sections,
        closing,
        cited,
        unread,
        notes or [],
        part_lines,
        references,
    )


def _kind_index(lines: list[tuple[int, str]]) -> int | None:
    """The kind line ("KẾ HOẠCH"): the first line before the first section that is a known kind (or starts
    with one: "CHƯƠNG TRÌNH HÀNH ĐỘNG"), else the first short upper-case line of its own after the number or
    date lines, not the Party's name."""
    for index, (_, line) in enumerate(lines):
        if SECTION_LINE.match(line):
            break
        if any(line == kind or line.startswith(kind + " ") for kind in KINDS) and len(line.split()) <= 5:
            return index
    start = 0
    for index, (_, line) in enumerate(lines):
        if SECTION_LINE.match(line):
            break
        if NUMBER_LINE.match(line) or DATE_LINE.match(line):
            start = index + 1
    for index in range(start, len(lines)):
        line = lines[index][1]
        if SECTION_LINE.match(line):
            return None
        if (
            line != PARTY_LINE
            and not DATE_LINE.match(line)
            and any(c.isalpha() for c in line)
            and line == line.upper()
            and len(line.split()) <= 5
        ):
            return index
    return None


def _header(lines: list[str], kind_line: str, subject: str, unread: list[str]) -> Header:
    header = Header(lines, kind_line, kind_line.capitalize(), subject)
    bodies: list[str] = []
    for line in lines:
        if NUMBER_LINE.match(line):
            match = next(docnumber.find_all(line), None)
            if match:
                header.number_written = match[0]
                header.number = docnumber.canonicalize(match[0])
        elif match := DATE_LINE.match(line):
            header.place = match["place"].strip()
            header.date_written = line[match.start("place") + len(match["place"]) :].lstrip(", ")
            try:
                header.date = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                unread.append(f"ngày ban hành «{header.date_written}» không phải một ngày có thật")
        elif line != PARTY_LINE and any(c.isalpha() for c in line) and line == line.upper():
            bodies.append(line)
    if bodies:
        header.issuer = bodies[-1]
        header.superior = bodies[-2] if len(bodies) > 1 else None
    if header.number is None:
        unread.append("không đọc được số hiệu văn bản (dòng «Số …-KH/…» ở phần đầu)")
    if header.date_written is None:
        unread.append("không đọc được nơi ban hành và ngày ban hành (dòng «…, ngày … tháng … năm …»)")
    if header.issuer is None:
        unread.append("không đọc được tên cơ quan ban hành ở phần đầu")
    elif header.superior is None:
        unread.append("không đọc được tên cơ quan cấp trên ở phần đầu (dòng trên tên cơ quan ban hành)")
    if not subject:
        unread.append("không đọc được trích yếu (dòng dưới tên loại văn bản)")
    return header


def _bullet_parent(section: Part) -> Part:
    """A bullet belongs to the last sub-item of the last item, else the last item, else the section."""
    if not section.children:
        return section
    item = section.children[-1]
    if item.children and item.children[-1].kind == "subitem":
        return item.children[-1]
    return item


def _date(written: str) -> dt.date | None:
    day, month, year = (int(piece) for piece in re.findall(r"\d+", written))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def mentions(text: str) -> list[tuple[re.Match[str], re.Match[str] | None]]:
    """Every document number in `text` with the date written right after it, if any."""
    result = []
    for match in docnumber.find_all(text):
        result.append((match, DATE_AFTER_NUMBER.match(text, match.end())))
    return result


def _document(text: str, match: re.Match[str], date: re.Match[str] | None) -> CitedDocument:
    kind = KIND_BEFORE.search(text, 0, match.start())
    after = date.end() if date else match.end()
    issuer = ISSUER_AFTER.match(text[after:])
    return CitedDocument(
        number=docnumber.canonicalize(match[0]),
        number_written=match[0],
        kind=unicodedata.normalize("NFC", kind["kind"]) if kind else None,
        date_written=date["date"] if date else None,
        date=_date(date["date"]) if date else None,
        issuer_written=issuer["issuer"].strip() if issuer else None,
    )


def _cited(texts: list[tuple[str, int, str]], own_number: str | None) -> list[CitedDocument]:
    """The documents cited by number anywhere in the text, each once, with every place it is cited."""
    found: dict[str, CitedDocument] = {}
    for part_id, line, text in texts:
        for match, date in mentions(text):
            document = _document(text, match, date)
            if document.number == own_number:
                continue
            known = found.setdefault(document.number, document)
            if known is not document:  # a later mention may say what the first did not
                known.kind = known.kind or document.kind
                if known.date is None and document.date is not None:
                    known.date, known.date_written = document.date, document.date_written
                known.issuer_written = known.issuer_written or document.issuer_written
            known.places.append(Place(part_id, line))
    return list(found.values())


def _implements(sentence: str) -> list[CitedDocument]:
    """The documents named in the opening "Thực hiện …" sentence (plantext.carrying_out_sentence)."""
    result: dict[str, CitedDocument] = {}
    for match, date in mentions(sentence):
        document = _document(sentence, match, date)
        result.setdefault(document.number, document)
    return list(result.values())


@dataclass(frozen=True)
class ClauseSpan:
    """Where a clause cited by its place is written in a text: the clause words (`start`, `clause_end`),
    and the number of the document it belongs to (`number_start`, `number_end`; None: not named).
    `joined`: the number follows the clause words with nothing cited between ("mục II.2 của Kế hoạch số
    32-KH/ĐU"), so that the words from the clause to the number name that clause of that document."""

    start: int
    clause_end: int
    citation_id: str
    number: str | None  # canonical
    number_start: int | None = None
    number_end: int | None = None
    joined: bool = False

    @property
    def end(self) -> int:
        return max(self.clause_end, self.number_end or 0)


def clause_spans(text: str) -> list[ClauseSpan]:
    """Every clause cited by its place in `text`, in order, with the document named after it ("mục II.1 và
    mục II.3 Kế hoạch số 32-KH/ĐU": both of plan 32), or else right before it ("Kế hoạch số 32-KH/ĐU (mục
    II.2)")."""
    candidates = [match for pattern in CLAUSE_REFERENCES for match in pattern.finditer(text)]
    matches: list[re.Match[str]] = []
    for match in sorted(candidates, key=lambda m: (m.start(), m.start() - m.end())):  # the longest first
        if not any(match.start() < m.end() and m.start() < match.end() for m in matches):
            matches.append(match)
    spans = []
    for index, match in enumerate(matches):
        citation_id = "muc-" + match["roman"].lower()
        if match["item"]:
            citation_id += f"-{int(match['item'])}"
            if match["bullet"]:
                citation_id += f"-{int(match['bullet'])}"
        after = re.split(r"[;:)]|\.(?:\s|$)", text[match.end() : match.end() + REFERENCE_REACH], maxsplit=1)[0]
        named = next(docnumber.find_all(after), None)
        if named is not None:
            number_start = match.end() + named.start()
            between = index + 1 < len(matches) and matches[index + 1].start() < number_start
            spans.append(
                ClauseSpan(
                    match.start(),
                    match.end(),
                    citation_id,
                    docnumber.canonicalize(named[0]),
                    number_start,
                    match.end() + named.end(),
                    joined=not between,
                )
            )
            continue
        reach = max(0, match.start() - 40)
        before = list(docnumber.find_all(text[reach : match.start()]))
        if before and NUMBER_BEFORE.fullmatch(text[reach + before[-1].end() : match.start()]):
            last = before[-1]
            spans.append(
                ClauseSpan(
                    match.start(),
                    match.end(),
                    citation_id,
                    docnumber.canonicalize(last[0]),
                    reach + last.start(),
                    reach + last.end(),
                )
            )
            continue
        spans.append(ClauseSpan(match.start(), match.end(), citation_id, None))
    return spans


def _references(texts: list[tuple[str, int, str]], own_number: str | None) -> list[ClauseReference]:
    """Every clause cited by its place, with the document named right after it (None: this document)."""
    found: list[ClauseReference] = []
    for part_id, line, text in texts:
        for span in clause_spans(text):
            number = None if span.number == own_number else span.number
            found.append(
                ClauseReference(text[span.start : span.clause_end], span.citation_id, number, Place(part_id, line))
            )
    return found


def unresolved_references(
    document: ImportedDocument, published: dict[str, list[str]] | dict[str, set[str]]
) -> list[str]:
    """A Vietnamese line for each clause of another document cited at a place that document does not have
    (`published`: canonical number -> its citation ids), or cited in a document not published here."""
    messages = []
    for reference in document.references:
        if reference.number is None:
            continue
        where = f"dòng {reference.place.line}"
        if reference.number not in published:
            messages.append(
                f"{where}: «{reference.written}» của văn bản số {reference.number}: văn bản này chưa đăng trên trang, "
                "không liên kết được"
            )
        elif reference.part_id not in published[reference.number]:
            messages.append(
                f"{where}: văn bản số {reference.number} không có «{reference.written}» (mã «{reference.part_id}»); "
                "kiểm tra lại số mục được dẫn"
            )
    return messages

"""The lines of a `.docx` as a reader sees them in Word.

Library: python-docx (already pinned for the Word export, kehoach.docx_export), used to open the package
and reach its parts (document, numbering, styles); the text is read from the WordprocessingML itself,
with a numbering resolver of our own. Why not the others:

- docx2python resolves numbering, but returns its own nested lists of text (tables as rows of cells,
  its own rendering of bullets), where the header table must be read column by column and bullets
  written as the plain-text copies write them; one more dependency for what ~200 lines do here;
- mammoth turns a document into semantic HTML: Word's numbered paragraphs become <ol>/<ul> lists, so
  the labels Word draws ("II.", "2.", "b)") are not in its output, and tables lose their layout;
- pandoc is a separate program (not on PyPI, not on every machine), and also maps numbering to lists.

What a reader sees, and how it is read:

- automatic numbering (`w:numPr` on the paragraph or its style; numbering.xml `w:lvlText`, `w:numFmt`,
  `w:start`, `w:lvlRestart`, `w:isLgl`, and `w:lvlOverride`/`w:startOverride` of a `w:num`), resolved to
  the label Word draws ("1.", "a)", "II."); counters belong to the abstract numbering, as in Word, so a
  second `w:num` of the same list continues it unless it overrides its start; bullets of any glyph are
  written "-", as the office's plain-text copies write them;
- tables (the borderless two-column header, the "Nơi nhận" / signature table) are read column by
  column, top to bottom: the header comes out as the plain-text copies have it (superior body, issuing
  body, "*", "Số …", then "ĐẢNG CỘNG SẢN VIỆT NAM", place and date);
- soft line breaks (`w:br`, `w:cr`) start a new line; tabs are spaces; non-breaking hyphens are "-",
  soft hyphens and zero-width characters are dropped; no-break spaces are spaces;
- curly quotes (“ ” ‘ ’, as Word's AutoCorrect types them) are the straight quotes of the plain-text
  copies; text pasted in decomposed Unicode (NFD) is normalised to NFC;
- deleted text of tracked changes (`w:delText`), field codes (`w:instrText`) and the fallback copy of
  drawing content (`mc:Fallback`) are not what a reader sees, and are left out.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .errors import ImportFailed, corrupt_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# More than any document's text: a "zip bomb" is refused before anything is unpacked.
MAX_UNPACKED_BYTES = 200_000_000
# Parts read outside python-docx: no entities, no network (python-docx's own parser is set up the same way).
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " "})
DROPPED = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after a use of level `restart` (1-based); 0: never
    legal: bool = False


@dataclass
class Numbering:
    """numbering.xml: the levels of each list, and the counters Word keeps while it draws the labels."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label Word draws for the next paragraph of list `num_id` at level `ilvl`."""
        if num_id not in self.nums:
            return None
        abstract_id, overrides, starts = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:  # a w:num that restarts the list at some levels
            self.started.add(num_id)
            for overridden, start in starts.items():
                counters[overridden] = start - 1
        level = levels.get(ilvl, Level())
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            return "-" if level.text.strip() else ""

        def value(match: re.Match[str]) -> str:
            at = int(match[1]) - 1
            shown = levels.get(at, Level())
            count = counters.get(at, shown.start)
            return _format(count, "decimal" if level.legal and at != ilvl else shown.fmt)

        return re.sub(r"%(\d)", value, level.text)


def _format(count: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(count - 1) % 26] * ((count - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text, rest = "", count
        for value, numeral in ROMAN:
            while rest >= value:
                text, rest = text + numeral, rest - value
        return text.lower() if fmt == "lowerRoman" else text
    if fmt == "decimalZero":
        return f"{count:02d}"
    return str(count)


def _attr(element: Any, tag: str, default: str | None = None) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val", default) if child is not None else default


def _level(element: Any) -> Level:
    level = Level()
    level.start = int(_attr(element, "start", "1") or 1)
    level.fmt = _attr(element, "numFmt", "decimal") or "decimal"
    level.text = _attr(element, "lvlText", "") or ""
    restart = _attr(element, "lvlRestart")
    level.restart = int(restart) if restart is not None else None
    level.legal = element.find(W + "isLgl") is not None
    return level


def read_numbering(root: Any | None) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(W + "abstractNum"):
        numbering.abstract[abstract.get(W + "abstractNumId")] = {
            int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in abstract.iter(W + "lvl")
        }
    for num in root.iter(W + "num"):
        overrides: dict[int, Level] = {}
        starts: dict[int, int] = {}
        for override in num.iter(W + "lvlOverride"):
            ilvl = int(override.get(W + "ilvl", "0"))
            start = _attr(override, "startOverride")
            if start is not None:
                starts[ilvl] = int(start)
            lvl = override.find(W + "lvl")
            if lvl is not None:
                overrides[ilvl] = _level(lvl)
                starts.setdefault(ilvl, overrides[ilvl].start)
        numbering.nums[num.get(W + "numId")] = (_attr(num, "abstractNumId", "") or "", overrides, starts)
    return numbering


def _style_numbering(styles: Any | None) -> dict[str, tuple[str | None, int | None]]:
    """Paragraph style id -> (numId, ilvl) it numbers with, following `w:basedOn`."""
    if styles is None:
        return {}
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    for style in styles.iter(W + "style"):
        num_pr = style.find(f"{W}pPr/{W}numPr")
        style_ilvl = _attr(num_pr, "ilvl")
        own[style.get(W + "styleId")] = (
            _attr(num_pr, "numId"),
            int(style_ilvl) if style_ilvl is not None else None,
            _attr(style, "basedOn"),
        )
    result: dict[str, tuple[str | None, int | None]] = {}
    for style_id in own:
        num_id: str | None = None
        ilvl: int | None = None
        based: str | None = style_id
        seen: set[str] = set()
        while based is not None and based in own and based not in seen:
            seen.add(based)
            own_num, own_ilvl, parent = own[based]
            num_id = num_id if num_id is not None else own_num
            ilvl = ilvl if ilvl is not None else own_ilvl
            based = parent
        result[style_id] = (num_id, ilvl)
    return result


class _Reader:
    def __init__(self, numbering: Numbering, styles: dict[str, tuple[str | None, int | None]]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.lines: list[str] = []
        self.curly = False
        self.decomposed = False
        self.deleted = False  # text deleted with tracked changes, left out
        self.pictures = False  # pictures and drawings, left out

    def block(self, element: Any) -> None:
        if element.tag == W + "p":
            self.paragraph(element)
        elif element.tag == W + "tbl":
            self.table(element)
        elif element.tag == W + "sdt":  # a content control around paragraphs or tables
            content = element.find(W + "sdtContent")
            for child in content if content is not None else ():
                self.block(child)

    def paragraph(self, paragraph: Any) -> None:
        text = self.text(paragraph)
        label = self.label(paragraph)
        if label is None and not text.strip():
            return
        if label:
            text = f"{label} {text.lstrip()}"
        self.lines.extend(text.split("\n"))

    def label(self, paragraph: Any) -> str | None:
        properties = paragraph.find(W + "pPr")
        num_pr = properties.find(W + "numPr") if properties is not None else None
        style = _attr(properties, "pStyle")
        style_num, style_ilvl = self.styles.get(style or "", (None, None))
        num_id = _attr(num_pr, "numId") if num_pr is not None else None
        ilvl_text = _attr(num_pr, "ilvl") if num_pr is not None else None
        num_id = num_id if num_id is not None else style_num
        ilvl = int(ilvl_text) if ilvl_text is not None else (style_ilvl or 0)
        if not num_id or num_id == "0":
            return None
        return self.numbering.label(num_id, ilvl)

    def text(self, paragraph: Any) -> str:
        pieces: list[str] = []
        skip: Any = None
        for element in paragraph.iter():
            if skip is not None:
                if any(ancestor is skip for ancestor in element.iterancestors()):
                    continue
                skip = None
            tag = element.tag
            if tag == MC_FALLBACK or tag in (W + "pPr", W + "rPr", W + "del", W + "instrText"):
                skip = element
                self.deleted = self.deleted or (tag == W + "del" and any(True for _ in element.iter(W + "delText")))
            elif tag in (W + "drawing", W + "pict"):
                self.pictures = True
            elif tag == W + "t" and element.text:
                pieces.append(element.text)
            elif tag in (W + "br", W + "cr"):
                pieces.append("\n")
            elif tag in (W + "tab", W + "ptab"):
                pieces.append(" ")
            elif tag == W + "noBreakHyphen":
                pieces.append("-")
            elif tag == W + "p" and element is not paragraph and pieces:  # a paragraph in a text box
                pieces.append("\n")
        raw = "".join(pieces)
        text = unicodedata.normalize("NFC", raw)
        self.decomposed = self.decomposed or text != raw
        if any(quote in text for quote in "“”„‘’‚"):
            self.curly = True
        return text.translate(QUOTES).translate(SPACES).translate(DROPPED)

    def table(self, table: Any) -> None:
        """Column by column, each cell once (a merged cell spans several grid columns or rows)."""
        grid: dict[int, list[Any]] = {}
        for row in table.iterchildren(W + "tr"):
            column = 0
            for cell in row.iterchildren(W + "tc"):
                properties = cell.find(W + "tcPr")
                span = int(_attr(properties, "gridSpan", "1") or 1)
                merged = properties is not None and properties.find(W + "vMerge") is not None
                if not merged or _attr(properties, "vMerge", "continue") == "restart":
                    grid.setdefault(column, []).append(cell)
                column += span
        for column in sorted(grid):
            for cell in grid[column]:
                for child in cell:
                    self.block(child)


def read_docx(data: bytes) -> tuple[list[str], list[str]]:
    """(lines, notes) of a .docx: the lines as a reader sees them; notes say what was changed in reading."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise corrupt_docx(f"không mở được tệp nén: {error}") from None
    if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise ImportFailed(
            f"Tệp Word này khi giải nén lớn hơn {MAX_UNPACKED_BYTES // 1_000_000} MB: quá lớn với một văn bản, "
            "có thể tệp có nhiều ảnh hoặc bị hỏng. Hãy xoá ảnh và hình vẽ khỏi văn bản, lưu thành .docx mới rồi nhập "
            "lại."
        )
    if "word/document.xml" not in names:
        raise ImportFailed(
            "Tệp này là tệp nén nhưng không phải tệp Word (.docx): không có phần nội dung văn bản. Hãy mở văn bản "
            "bằng Word và lưu thành .docx rồi nhập lại."
        )
    import docx  # python-docx: its import costs ~0.1 s, paid only for a .docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        numbering_root = _part_element(document, "numbering")
        styles_root = _part_element(document, "styles")
        body = document.element.body
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as error:
        raise corrupt_docx(f"{type(error).__name__}: {error}") from None
    except Exception as error:  # noqa: BLE001 - lxml's XMLSyntaxError and the like: a damaged part
        raise corrupt_docx(f"{type(error).__name__}: {error}") from None
    reader = _Reader(read_numbering(numbering_root), _style_numbering(styles_root))
    for child in body:
        reader.block(child)
    notes = []
    if reader.curly:
        notes.append("ngoặc kép cong (“ ” ‘ ’) của Word đã được viết thành ngoặc thẳng (\" ') như bản chữ")
    if reader.decomposed:
        notes.append("chữ có dấu gõ ở dạng tổ hợp (NFD) đã được chuẩn hoá về dạng dựng sẵn (NFC)")
    if reader.deleted:
        notes.append(
            "tệp còn thay đổi đang theo dõi (Track Changes): chữ đã xoá không được lấy, chữ thêm vào được lấy; nếu "
            "bản đã ký khác, hãy chấp nhận hoặc từ chối mọi thay đổi trong Word rồi nhập lại"
        )
    if reader.pictures:
        notes.append("ảnh và hình vẽ trong tệp (kể cả đường kẻ vẽ tay dưới tên loại văn bản) không được lấy vào")
    if any(name in names for name in ("word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")):
        extra = _notes_text(archive, names)
        if extra:
            notes.append(f"chú thích hoặc nhận xét trong tệp không được lấy vào văn bản: «{extra[:80]}»")
    return reader.lines, notes


def _notes_text(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The words of the footnotes, endnotes and comments (Word keeps two empty separator notes)."""
    words: list[str] = []
    for name in ("word/footnotes.xml", "word/endnotes.xml", "word/comments.xml"):
        if name not in names:
            continue
        try:
            root = etree.fromstring(archive.read(name), SAFE_PARSER)
        except Exception:  # noqa: BLE001 - a damaged part: said as nothing to add
            continue
        words += [t.text for t in root.iter(W + "t") if t.text and t.text.strip()]
    return " ".join(" ".join(words).split())


def _part_element(document: Any, name: str) -> Any | None:
    """The XML root of the document's numbering or styles part, None if it has none."""
    for relationship in document.part.rels.values():
        if relationship.is_external or not relationship.reltype.endswith("/" + name):
            continue
        part = relationship.target_part
        element = getattr(part, "element", None)
        return element if element is not None else etree.fromstring(part.blob, SAFE_PARSER)
    return None

"""The official text of the plan, parsed into its parts, and the words it is compared by.

An official text (data/<text>.txt of a published document, a byte-identical copy of the text as received) is
the reference for the published pages: section and item structure, citation ids, and every word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import docnumber
from .docnumber import KIND_CODES

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
SECTION_LINE = re.compile(r"^(?P<label>" + "|".join(reversed(ROMAN)) + r")\.\s+(?P<text>\S.*)$")
NUMBERED_LINE = re.compile(r"^(?P<label>\d{1,2})\.\s+(?P<text>\S.*)$")
# A dash then any space, the no-break space included: in II.2 one bullet is written "-\u00a0 Đổi".
BULLET_LINE = re.compile(r"^-[\s\u00a0]+(?P<text>\S.*)$")
DECORATION = re.compile(r"^-{3,}$")  # the short rule under the title: a mark, not words
OPENING_ID = "mo-dau"
CLOSING_ID = "ket-thuc"  # the closing of a text (Nơi nhận, signature): a place of the print page, no clause
CLOSING_MARK = re.compile(r"^[-–—•+][\s\u00a0]+")  # "- Lưu VP.": an item of the list of recipients
KIND_LINES = {kind.upper() for kind in KIND_CODES}  # "KẾ HOẠCH", "NGHỊ QUYẾT": the line under the header


# The words by which a document says what it carries out: "Thực hiện Kế hoạch số 187-KH/TU…" at the start
# of a line of its opening, "thực hiện Nghị quyết số 43-NQ/TW" in its title.
CARRYING_OUT = "Thực hiện"
_SENTENCE_END = re.compile(r"[.:](?:\s|$)")


def carrying_out_sentence(opening: str) -> str:
    """The sentence of a document's opening (its preamble) that says what it carries out: from the line
    that starts with «Thực hiện» up to the first full stop or colon; "" when no line does. The importer
    reads `implements` from it, the checker holds `implements` to it (KH312)."""
    lines = [line.strip() for line in opening.split("\n")]
    start = next((i for i, line in enumerate(lines) if line.startswith(CARRYING_OUT)), None)
    if start is None:
        return ""
    return _SENTENCE_END.split(" ".join(lines[start:]), maxsplit=1)[0]


@dataclass
class Part:
    """A heading, numbered item or bullet of the plan, with its stable citation id."""

    id: str
    label: str  # "II.", "2." or "-"
    text: str
    kind: str  # "section", "item" or "bullet"
    children: list[Part] = field(default_factory=list)

    @property
    def number(self) -> str:
        """The plan's own numbering of this part in words a reader cites: "II.2", "II.2, ý 4"."""
        return citation_number(self.id)

    def walk(self) -> Iterator[Part]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class OfficialText:
    header_lines: list[str]  # the lines before the title, as written (trimmed)
    kind_line: str  # "KẾ HOẠCH"
    title: str  # the one-line summary under it
    preamble: str
    sections: list[Part]
    # the lines after the last part: "Nơi nhận" and its list, the signature block (on the print page only)
    closing: list[str] = field(default_factory=list)

    @property
    def closing_text(self) -> str:
        """The closing's words as the print page shows them: a list's dashes are list marks, not words."""
        return " ".join(CLOSING_MARK.sub("", line) for line in self.closing)

    def parts(self) -> Iterator[Part]:
        for section in self.sections:
            yield from section.walk()

    def citation_ids(self) -> list[str]:
        return [part.id for part in self.parts()]

    def part(self, citation_id: str) -> Part | None:
        return self._parts_by_id.get(citation_id)

    @functools.cached_property
    def _parts_by_id(self) -> dict[str, Part]:
        """Made on first use, once the text is parsed: every page's text lock looks its parts up."""
        return {part.id: part for part in self.parts()}


def citation_number(citation_id: str) -> str:
    """`muc-ii-2-4` -> "II.2, ý 4"; `muc-i` -> "I"; a sub-item `muc-ii-2-a` -> "II.2.a", its bullet
    `muc-ii-2-a-1` -> "II.2.a, ý 1"."""
    pieces = citation_id.removeprefix("muc-").split("-")
    words = pieces[0].upper()
    if len(pieces) > 1:
        words += "." + pieces[1]
    if len(pieces) > 2 and pieces[2].isalpha():
        words += "." + pieces[2]
        pieces = pieces[:2] + pieces[3:]
    if len(pieces) > 2:
        words += ", ý " + pieces[2]
    return words


def citation_label(citation_id: str) -> str:
    """How a reader names a place of the plan: "Mục II.2, ý 4"; "Phần mở đầu" for the opening."""
    return "Phần mở đầu" if citation_id == OPENING_ID else f"Mục {citation_number(citation_id)}"


def parse(text: str) -> OfficialText:
    """The parts of an official text, read as the importer reads a document (kehoach.importing.structure:
    the same patterns and ids, and in addition sub-items "a)", the dashes Word types as bullets, and the
    closing, "Nơi nhận" and signature, kept out of the parts), so that a document written by `make import`
    is read back as it was written; plan 32 reads the same either way (tests/test_importing.py). A text
    the importer cannot read is read as before (and refused by the model if it has no kind line)."""
    from .importing.errors import ImportFailed
    from .importing.structure import read_lines

    try:
        document = read_lines("txt", b"", text.removeprefix("\ufeff").split("\n"))
    except ImportFailed:
        return _parse_lines(text)
    header = document.header
    return OfficialText(
        header.lines, header.kind_line, header.subject, document.preamble, document.sections, document.closing
    )


def _parse_lines(text: str) -> OfficialText:
    lines = [clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    kind_index = next(i for i, line in enumerate(lines) if line in KIND_LINES)
    header_lines = lines[:kind_index]
    title = lines[kind_index + 1]
    body = lines[kind_index + 2 :]
    if body and DECORATION.match(body[0]):
        body = body[1:]
    preamble_lines: list[str] = []
    sections: list[Part] = []
    for line in body:
        if match := SECTION_LINE.match(line):
            roman = match["label"].lower()
            sections.append(Part(f"muc-{roman}", match["label"] + ".", match["text"], "section"))
        elif not sections:
            preamble_lines.append(line)
        elif match := NUMBERED_LINE.match(line):
            section = sections[-1]
            section.children.append(Part(f"{section.id}-{match['label']}", match["label"] + ".", match["text"], "item"))
        elif match := BULLET_LINE.match(line):
            parent = sections[-1].children[-1] if sections[-1].children else sections[-1]
            parent.children.append(Part(f"{parent.id}-{len(parent.children) + 1}", "-", match["text"], "bullet"))
        else:  # a continuation paragraph belongs to the part before it
            last = list(sections[-1].walk())[-1]
            last.text += " " + line
    return OfficialText(header_lines, lines[kind_index], title, " ".join(preamble_lines), sections)


def clean_line(line: str) -> str:
    return line.strip(" \t\u00a0\r")


def read(path: Path) -> OfficialText:
    return parse(path.read_text(encoding="utf-8"))


def words(text: str) -> list[str]:
    """The words `text` is compared by: NFC, document numbers canonical, any whitespace one gap.

    Those are the only differences the published text may have from the official text.
    """
    return list(_words(text))


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """Remembered: the checker and the build each compare the same parts of the plan several times
    (the text lock of every page, the quotes on unit pages, the amendments)."""
    text = unicodedata.normalize("NFC", text)
    text = docnumber.canonicalize(text)
    return tuple(word for word in text.split() if not DECORATION.match(word))

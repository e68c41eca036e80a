"""KH6xx: the text of docs/ and data/ is clean Unicode.

Text that is not NFC, invisible or control characters, legacy-encoding mojibake (TCVN3/ABC or VNI
text shown as Latin-1, e.g. `§¶ng` or `Ñaûng` for `Đảng`), Cyrillic or Greek letters that look Latin in
a word (`сhức`), and a dash glued to a no-break space
at the start of a line, where a list item was meant. Code fences and inline code in pages are skipped.
The official text (data/*.txt) is a byte-identical copy of the source and is not checked here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..codes import rule
from ..findings import Finding
from ..pages import BOM, FRONT_MATTER, Page, mask_code_spans, prose_lines, read_docs

DATA_SUFFIXES = (".yml", ".yaml", ".json")

INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f"
    "\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
INVISIBLE_NAMES = {
    "\u00ad": "dấu gạch nối mềm",
    "\u200b": "dấu cách độ rộng 0",
    "\u200c": "ký tự không nối",
    "\u200d": "ký tự nối độ rộng 0",
    "\u2060": "ký tự nối từ",
    "\ufeff": "BOM / dấu cách không ngắt độ rộng 0",
}
# Latin-1 signs that TCVN3 (ABC) uses for Vietnamese letters: § is Đ, ¶ is ả, ¸ is á …
# (« » ° are left out: they occur in real text.)
TCVN3_SIGNS = "¡¢£¤¥¦§¨©ª¬®¯±²³´µ¶·¸¹º¼½¾¿"
# Latin-1 letters that VNI uses as tone marks or for đ, and that Vietnamese never uses: Ñaûng is Đảng.
VNI_SIGNS = "øûïöñÑØÛÏÖ"
_SIGNS = re.escape(TCVN3_SIGNS + VNI_SIGNS)
MOJIBAKE = re.compile(rf"(?<=[A-Za-z])[{_SIGNS}]|[{_SIGNS}](?=[A-Za-z{_SIGNS}])")
WORD_EDGE = re.compile(r"[\s,.;:()\[\]\"'«»]")
DASH_NBSP = re.compile(r"^[ \t]*[-*+][\u00a0\u202f]")


def read_pages_safely(docs_dir: Path) -> tuple[list[Page], list[Finding]]:
    """The pages of docs/, and a KH600 finding for each page that cannot be read as UTF-8."""
    try:
        docs = read_docs(docs_dir)
    except OSError as exc:
        return [], [rule("KH600").at("docs", 1, 1, f"không đọc được thư mục docs/: {exc.strerror}")]
    findings = []
    for page in docs.unreadable:
        data, start = page.data, page.position
        line = data.count(b"\n", 0, start) + 1
        col = start - (data.rfind(b"\n", 0, start) + 1) + 1
        findings.append(
            rule("KH600").at(
                f"docs/{page.path}",
                line,
                col,
                f"tệp không phải văn bản UTF-8 (byte 0x{data[start]:02X}); lưu lại tệp với mã hoá UTF-8",
            )
        )
    return docs.pages, findings


def check_files(root: Path, pages: list[Page]) -> list[Finding]:
    """KH601-KH604 over the pages (their prose) and the data files (every line)."""
    return check_page_files(pages) + check_data_files(root)


def check_page_files(pages: list[Page]) -> list[Finding]:
    """KH601-KH604 over the pages: their prose, and their front matter's values."""
    findings: list[Finding] = []
    for page in pages:
        if page.bom:  # the page's text starts after it (pages.parse_page)
            findings += check_invisible(f"docs/{page.path}", 1, BOM)
        findings += check_lines(f"docs/{page.path}", prose_lines(page.markdown), markdown=True)
        block = FRONT_MATTER.match(page.markdown)
        head = block.group().count("\n") if block else 0
        lines = page.markdown.split("\n")
        # the front matter's title and description reach the page too: the same checks as a data value
        findings += check_lines(f"docs/{page.path}", enumerate(lines[1 : max(head - 1, 1)], 2), markdown=False)
    return findings


def check_data_files(root: Path) -> list[Finding]:
    """KH601-KH604 over every line of the data files."""
    findings: list[Finding] = []
    data_dir = root / "data"
    if data_dir.is_dir():
        for path in sorted(p for p in data_dir.rglob("*") if p.suffix in DATA_SUFFIXES and p.is_file()):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # KH100 reports it
            rel = path.relative_to(root).as_posix()
            findings += check_lines(rel, enumerate(text.split("\n"), 1), markdown=False)
    return findings


def check_lines(path: str, lines: Iterable[tuple[int, str]], markdown: bool) -> list[Finding]:
    findings: list[Finding] = []
    for number, line in lines:
        if line.isascii():
            if INVISIBLE.search(line):
                findings += check_invisible(path, number, line)
            continue
        findings += check_nfc(path, number, line)
        findings += check_invisible(path, number, line)
        findings += check_mojibake(path, number, mask_code_spans(line) if markdown else line)
        findings += check_dash_nbsp(path, number, line)
        findings += check_lookalike(path, number, mask_code_spans(line) if markdown else line)
    return findings


def _word_at(line: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the word around line[start:end]."""
    while start > 0 and not WORD_EDGE.match(line[start - 1]):
        start -= 1
    while end < len(line) and not WORD_EDGE.match(line[end]):
        end += 1
    return start, end


def check_nfc(path: str, number: int, line: str) -> Iterator[Finding]:
    """KH601: text in NFC (precomposed letters), as Vietnamese keyboards write it."""
    if unicodedata.is_normalized("NFC", line):
        return
    for col, char in enumerate(line):
        if unicodedata.combining(char) and not unicodedata.is_normalized("NFC", line[max(col - 1, 0) : col + 1]):
            word = line[slice(*_word_at(line, col, col + 1))]
            fixed = unicodedata.normalize("NFC", word)
            yield rule("KH601").at(
                path,
                number,
                max(col, 1),
                f"chữ «{word}» viết bằng dấu tổ hợp tách rời ({len(word)} ký tự thay vì {len(fixed)}), "
                "không phải dạng chuẩn NFC; gõ lại bằng bộ gõ Unicode dựng sẵn",
            )
            return
    yield rule("KH601").at(path, number, 1, "dòng không ở dạng chuẩn NFC; gõ lại bằng bộ gõ Unicode dựng sẵn")


def check_invisible(path: str, number: int, line: str) -> Iterator[Finding]:
    """KH602: no zero-width, bidi or control characters (tab and line ends allowed)."""
    for match in INVISIBLE.finditer(line):
        char = match.group()
        name = INVISIBLE_NAMES.get(char) or unicodedata.name(char, "ký tự điều khiển")
        yield rule("KH602").at(
            path,
            number,
            match.start() + 1,
            f"ký tự vô hình U+{ord(char):04X} ({name}) ở cột {match.start() + 1}; xoá ký tự này",
        )


def check_mojibake(path: str, number: int, line: str) -> Iterator[Finding]:
    """KH603: no text in a legacy Vietnamese encoding shown as Latin-1 (one finding per word)."""
    last_end = -1
    legacy = example = ""
    for match in MOJIBAKE.finditer(line):
        if match.start() < last_end:
            continue
        start, last_end = _word_at(line, match.start(), match.end())
        word = line[start:last_end]
        if not legacy:  # one guess per line: TCVN3 if any of its own signs is there
            tcvn3 = any(c in TCVN3_SIGNS for c in line)
            legacy, example = ("TCVN3 (ABC)", "«§¶ng»") if tcvn3 else ("VNI", "«Ñaûng»")
        yield rule("KH603").at(
            path,
            number,
            start + 1,
            f"chữ «{word}» có vẻ là văn bản mã cũ {legacy} bị hiển thị sai (như {example} thay cho «Đảng»); "
            "chuyển mã sang Unicode (Unikey: Công cụ chuyển mã) hoặc gõ lại",
        )


# A word: letters (with their marks) and digits; a word mixing alphabets is one word.
LETTERS = re.compile(r"[^\W_]+")
LOOKALIKE_SCRIPTS = {"CYRILLIC": "Kirin", "GREEK": "Hy Lạp"}


@functools.lru_cache(maxsize=8192)  # a text has a few hundred distinct letters; pages have 10^5 of them
def letter_script(char: str) -> str:
    """LATIN, CYRILLIC, GREEK… : the alphabet of a letter, by its Unicode name ("" for a digit or mark)."""
    if not char.isalpha():
        return ""
    return unicodedata.name(char, "").split(" ")[0]


# The marks Vietnamese puts on a Latin letter: the five tones, circumflex, breve, horn.
VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def vietnamese_letter(char: str) -> bool:
    """Is a Latin letter one of the Vietnamese alphabet (a–z, đ, and those with Vietnamese marks)? Other
    Latin letters (ı without its dot, ɑ, ʜ, ſ, ꞵ…) look like letters of a word and are not them."""
    if char.isascii() or char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0].isascii() and all(mark in VIETNAMESE_MARKS for mark in decomposed[1:])


@functools.lru_cache(maxsize=8192)
def _foreign(char: str) -> bool:
    script = letter_script(char)
    return script not in ("", "LATIN") or script == "LATIN" and not vietnamese_letter(char)


def check_lookalike(path: str, number: int, line: str) -> Iterator[Finding]:
    """KH605: the letters of a Vietnamese text are Latin ones. No word mixes Latin letters with letters of
    another alphabet (`сhức` with a Cyrillic с; Greek, Armenian, full-width or mathematical letters alike),
    and no word of another alphabet stands among Latin words: it looks the same to a reader, but search,
    the text lock and every comparison read another word. (The official text itself has only Latin
    letters; the text lock refuses any other word in it, and this finding, at the word, stands for both.)"""
    if line.isascii():
        return
    if not any(letter_script(char) == "LATIN" for char in line):
        return
    for match in LETTERS.finditer(line):
        word = match.group()
        foreign = [(i, char) for i, char in enumerate(word) if _foreign(char)]
        if not foreign:
            continue
        index, char = foreign[0]
        script = letter_script(char)
        outside = "tiếng Việt" if script == "LATIN" else "Latinh"
        alphabet = LOOKALIKE_SCRIPTS.get(script) or f"ngoài bảng chữ {outside} ({unicodedata.name(char, script)})"
        letters = "".join(dict.fromkeys(c for _, c in foreign))
        how = "lẫn chữ Latinh với" if any(not _foreign(c) and c.isalpha() for c in word) else "viết bằng"
        yield rule("KH605").at(
            path,
            number,
            match.start() + index + 1,
            f"chữ «{word}» {how} chữ {alphabet} «{letters}» (U+{ord(char):04X}) trông giống chữ Latinh; "
            "xoá chữ đó và gõ lại bằng bộ gõ tiếng Việt",
        )


def check_dash_nbsp(path: str, number: int, line: str) -> Iterator[Finding]:
    """KH604: a line does not start with a dash glued to a no-break space (it is not a list item then)."""
    match = DASH_NBSP.match(line)
    if match:
        char = match.group()[-1]
        yield rule("KH604").at(
            path,
            number,
            match.end() - 1,
            f"dòng bắt đầu bằng «{match.group().strip()}» liền với dấu cách không ngắt (U+{ord(char):04X}): "
            "không thành một ý gạch đầu dòng; thay bằng dấu cách thường, ví dụ «- Nội dung»",
        )

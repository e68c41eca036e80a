"""The reading core of the importer: a Party document from a `.txt` or `.docx` file, read into one
structure (kehoach.importing.structure.ImportedDocument) and rendered as the site's pages.

    document = read_file(path)                       # or read_bytes(data)
    pages = render_pages(document, project.documents)  # file name -> Markdown
    recognise_units(document, project.units)           # the bodies it names, with their unit ids
    unresolved_references(document, {number: citation_ids})  # clauses cited that a document lacks

A file that cannot be read raises ImportFailed, whose message (Vietnamese) says what to do. Nothing
here writes a file: where the pages and the registry entries go comes with the layout of "many
documents, one site".

How a `.docx` is read, and with which library: kehoach.importing.docx_reader.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ImportFailed, sniff
from .render import render_pages
from .structure import (
    CitedDocument,
    ClauseReference,
    Header,
    ImportedDocument,
    Place,
    read_lines,
    unresolved_references,
)
from .units import UnitName, recognise_units

__all__ = [
    "CitedDocument",
    "ClauseReference",
    "Header",
    "ImportFailed",
    "ImportedDocument",
    "Place",
    "UnitName",
    "read_bytes",
    "read_file",
    "recognise_units",
    "render_pages",
    "unresolved_references",
]


def read_bytes(data: bytes) -> ImportedDocument:
    """The document in `data`, a .txt (UTF-8) or a .docx, told apart by its first bytes."""
    if sniff(data) == "docx":
        from .docx_reader import read_docx  # lxml and python-docx: loaded for a .docx only, not by the build

        lines, notes = read_docx(data)
        official = ("\n".join(lines) + "\n").encode("utf-8")
        return read_lines("docx", official, lines, notes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"Tệp chữ (.txt) không ở mã UTF-8 (byte thứ {error.start + 1} không đọc được), nên dấu tiếng Việt sẽ "
            "sai. Hãy mở tệp bằng Notepad, chọn Lưu thành, mục Mã hoá chọn «UTF-8», lưu lại rồi nhập lại."
        ) from None
    notes = []
    if text.startswith("\ufeff"):
        notes.append("tệp .txt bắt đầu bằng dấu BOM của UTF-8: giữ nguyên trong bản gốc, bỏ qua khi đọc")
    return read_lines("txt", data, text.removeprefix("\ufeff").split("\n"), notes)


def read_file(path: Path) -> ImportedDocument:
    """The document in the file at `path`."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed(f"Không đọc được tệp «{path}»: {error.strerror or error}. Hãy kiểm tra đường dẫn.") from None
    return read_bytes(data)

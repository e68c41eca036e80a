"""The one pattern for a Party document number ("số và ký hiệu"), e.g. 43-NQ/TW, 113-KH/ĐUK.

The pattern tolerates the stray spaces found in the official text (`113 - KH/ĐUK`,
`Số   32  - KH/ĐU`) so that mentions can be found; the canonical form has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# number, hyphen, type code (NQ, KH, QĐi, CTr…), slash, issuer code (TW, TU, ĐUK…).
DOC_NUMBER = re.compile(
    r"(?<![\w/-])(?P<serial>\d{1,4})[ \t\u00a0]*-[ \t\u00a0]*"
    r"(?P<type>[A-ZĐ][A-Za-zĐđ]{0,3})[ \t\u00a0]*/[ \t\u00a0]*(?P<issuer>[A-ZĐ][A-ZĐ0-9]{0,9})(?![\w/])"
)


# The type code of a document number for each kind of Party document (Hướng dẫn 36-HD/VPTW).
KIND_CODES = {
    "Nghị quyết": "NQ",
    "Kế hoạch": "KH",
    "Kết luận": "KL",
    "Chỉ thị": "CT",
    "Quyết định": "QĐ",
    "Quy định": "QĐi",
    "Hướng dẫn": "HD",
    "Báo cáo": "BC",
    "Thông báo": "TB",
    "Chương trình": "CTr",
    "Tờ trình": "TTr",
    "Thông tri": "TT",
    "Quy chế": "QC",
    "Công văn": "CV",
}


class DocNumber(NamedTuple):
    serial: str
    type: str
    issuer: str

    def __str__(self) -> str:
        return f"{self.serial}-{self.type}/{self.issuer}"


def parse(number: str) -> DocNumber | None:
    """The parts of a number written in any spacing, or None if it is not a document number."""
    match = DOC_NUMBER.fullmatch(number.strip())
    if not match:
        return None
    return DocNumber(match["serial"], match["type"], match["issuer"])


def canonicalize(text: str) -> str:
    """Rewrite every document number in `text` in its canonical form (no inner spaces)."""
    return DOC_NUMBER.sub(lambda m: f"{m['serial']}-{m['type']}/{m['issuer']}", text)


def find_all(text: str) -> Iterator[re.Match[str]]:
    """Every document-number mention in `text`, as regex matches."""
    return DOC_NUMBER.finditer(text)

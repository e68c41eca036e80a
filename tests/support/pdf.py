"""PDFs as the tests read them: words with their boxes, page by page (poppler's pdftotext)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 20 * MM, 15 * MM, 20 * MM, 30 * MM  # print.css
TEXT_CENTRE = MARGIN_LEFT + (A4[0] - MARGIN_LEFT - MARGIN_RIGHT) / 2
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PdfPage:
    width: float
    height: float
    lines: list[list[Word]]

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line]

    def body_words(self) -> list[Word]:
        """Words inside the page's text area: the page number in the top margin left out."""
        return [w for w in self.words if w.y0 >= MARGIN_TOP - 1]

    def margin_words(self) -> list[Word]:
        return [w for w in self.words if w.y1 <= MARGIN_TOP]

    def line_with(self, text: str) -> list[Word]:
        """The words of the first line that holds `text` (a run of whole words)."""
        wanted = text.split()
        for line in self.lines:
            texts = [w.text for w in line]
            for i in range(len(texts) - len(wanted) + 1):
                if texts[i : i + len(wanted)] == wanted:
                    return line[i : i + len(wanted)]
        raise AssertionError(f"«{text}» không có trên trang")


def read_pdf_pages(pdf: Path) -> list[PdfPage]:
    """Words with their boxes, in reading order, from `pdftotext -bbox-layout` (which, unlike plain
    pdftotext, never joins a line-final hyphen such as "-----" to the next word)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{XHTML}page"):
        lines = [
            [
                Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                for w in line.iter(f"{XHTML}word")
            ]
            for line in page.iter(f"{XHTML}line")
        ]
        pages.append(PdfPage(float(page.get("width")), float(page.get("height")), lines))
    return pages

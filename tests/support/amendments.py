"""The amendment an editor is most tempted to make, and how to record it in a copy of the project."""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.pages import parse_page

# A typo fix approved by the office: any part, any words.
TYPO_FIX = """
- id: dinh-chinh-2024-03-01
  date: 2024-03-01
  decision: đính chính
  section: {section}
  document: ke-hoach-32
  before: {before}
  after: {after}
  reason: Sửa lỗi đánh máy.
"""

# The doubled word of the source, in II.2, ý 4: the change an editor is most tempted to make.
SIGNED = "tham gia xây dựng xây dựng chi"
CHANGED = "tham gia xây dựng chi"
AMENDMENT = f"""
- id: dinh-chinh-2024-03-01
  date: 2024-03-01
  decision: đính chính
  section: muc-ii-2-4
  document: ke-hoach-32
  before: {SIGNED}
  after: {CHANGED}
  reason: Bỏ từ lặp do lỗi đánh máy.
"""
# The same, approved by a decision: its date is a date field too.
AMENDMENT_WITH_DECISION = AMENDMENT.replace("decision: đính chính", "decision: {number: 45-QĐ/ĐU, date: 2024-02-28}")


def change_word(project_dir: Path) -> int:
    """Make the change in docs/ke-hoach-32/muc-ii-2.md; returns the line where its part starts."""
    page = project_dir / "docs" / "ke-hoach-32" / "muc-ii-2.md"
    markdown = page.read_text(encoding="utf-8")
    signed_in_page = SIGNED.replace(" chi", "\u00a0chi") if SIGNED not in markdown else SIGNED
    assert signed_in_page in markdown
    page.write_text(markdown.replace(signed_in_page, CHANGED, 1), encoding="utf-8")
    part = next(
        p for p in parse_page("ke-hoach-32/muc-ii-2.md", page.read_text(encoding="utf-8")).parts if p.id == "muc-ii-2-4"
    )
    return part.line


def record(project_dir: Path, entries: str) -> None:
    path = project_dir / "data" / "amendments.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^\[\]\s*$", "", text, flags=re.M) + entries, encoding="utf-8")

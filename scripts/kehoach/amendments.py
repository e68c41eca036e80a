"""Recorded amendments (data/amendments.yml): the only changes the published words may have from the
signed text. Their rules yield findings (KH70x); `amended_part_words` applies them to what a page
must publish.

The model (kehoach.model) loads the file and checks its shape (KH1xx); this module checks what only
the plan can tell: that the section exists, that the "before" words are in it, that dates are past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from .codes import rule
from .findings import Finding, suggest
from .model import ISO_DATE, Amendment, Project
from .plantext import OfficialText, Part, citation_label, words

FILE = "amendments"
CORRECTION = "đính chính"


def check_amendments(project: Project, today: dt.date | None = None) -> Iterator[Finding]:
    """Every problem of the amendments that the schema cannot see, at its line in the file."""
    today = today or dt.date.today()
    yaml_file = project.files.get(FILE)
    if yaml_file is None or yaml_file.findings:
        return
    raw = yaml_file.value or []
    loaded = {a.index: a for a in project.amendments}

    def at(index: int, *key: str) -> tuple[str, int, int]:
        return project.yaml_position(FILE, (index, *key))

    for index, entry in enumerate(raw):
        decision = entry.get("decision") if isinstance(entry, dict) else None
        if isinstance(decision, str) and decision != CORRECTION:
            yield rule("KH704").at(*at(index, "decision"),
                                   f"quyết định «{decision}» không hợp lệ; ghi đúng «{CORRECTION}» (sửa lỗi đánh máy do văn "
                          "phòng duyệt) hoặc số hiệu và ngày của văn bản phê duyệt: {number: 45-QĐ/ĐU, date: 2024-03-01}")
        if isinstance(decision, dict) and isinstance(decision.get("date"), str) and index not in loaded \
                and isinstance(entry.get("date"), str) and ISO_DATE.match(entry["date"]):
            yield rule("KH108").at(*at(index, "decision", "date"),
                                   f"ngày «{decision['date']}» không hợp lệ; cần một ngày có thật, viết dạng YYYY-MM-DD, "
                          "ví dụ 2024-02-06")

    for amendment in project.amendments:
        part = project.official.part(amendment.section)
        if part is None:
            yield rule("KH701").at(*at(amendment.index, "section"),
                                   f"mục «{amendment.section}» không có trong Kế hoạch"
                          f"{suggest(amendment.section, project.citation_ids)}")
            continue
        if amendment.date > today:
            yield rule("KH703").at(*at(amendment.index, "date"),
                                   f"ngày sửa đổi {amendment.date.isoformat()} ở tương lai (hôm nay là {today.isoformat()}); "
                          "chỉ ghi sửa đổi đã có hiệu lực")
        if amendment.decision.date and amendment.decision.date > today:
            yield rule("KH703").at(*at(amendment.index, "decision", "date"),
                                   f"ngày của quyết định {amendment.decision.date.isoformat()} ở tương lai "
                          f"(hôm nay là {today.isoformat()})")
        if _joined(amendment.before) not in _joined(part.text):
            yield rule("KH702").at(*at(amendment.index, "before"),
                                   f"lời văn trước khi sửa «{amendment.before}» không có trong mục {part.number} "
                          f"({amendment.section}) của văn bản gốc; chép đúng từng chữ của bản đã ký")


def amendments_of(amendments: Iterable[Amendment], citation_id: str) -> list[Amendment]:
    """The amendments of one part, in the order they took effect."""
    return sorted((a for a in amendments if a.section == citation_id), key=lambda a: (a.date, a.index))


def amended_text(part: Part, amendments: Iterable[Amendment] = ()) -> str:
    """The text of a part (without its label) as published: the signed words, one space apart, with the
    part's amendments applied, oldest first."""
    text = _joined(part.text)
    for amendment in amendments_of(amendments, part.id):
        before = _joined(amendment.before)
        if before:
            text = text.replace(before, _joined(amendment.after), 1)
    return text


def amended_part_words(official: OfficialText, citation_id: str, amendments: Iterable[Amendment] = ()) -> list[str]:
    """The words a part must publish: the signed words with its amendments applied, oldest first."""
    part = official.part(citation_id)
    if part is None:
        return []
    text = amended_text(part, amendments)
    return words(text if part.kind == "bullet" else f"{part.label} {text}")


def notes(amendments: Iterable[Amendment], part_ids: list[str]) -> list[dict[str, Any]]:
    """What the note on a page says: each amendment of the parts it holds, with the words that name the part."""
    return [{"amendment": a, "words": citation_label(cid)}
            for cid in part_ids for a in amendments_of(amendments, cid)]


def history(project: Project) -> list[Amendment]:
    """Every amendment, newest first."""
    return sorted(project.amendments, key=lambda a: (a.date, a.index), reverse=True)


def _joined(text: str) -> str:
    """Text as compared: its words (see plantext.words) one space apart. "Before" may end inside a word
    or before its punctuation (`chi` in `chi,`), as a correction of a typo does."""
    return " ".join(words(text))

"""Recorded amendments (data/amendments.yml): the only changes the published words may have from the
signed text. Their rules yield findings (KH70x); `amended_part_words` applies them to what a page
must publish.

The model (kehoach.model) loads the file and checks its shape (KH1xx); this module checks what only
the plan can tell: that the section exists, that the "before" words are in it, that dates are past.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

from . import templates
from .codes import rule
from .dates import date_problem
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
            yield rule("KH704").at(
                *at(index, "decision"),
                f"quyết định «{decision}» không hợp lệ; ghi đúng «{CORRECTION}» (sửa lỗi đánh máy do văn "
                "phòng duyệt) hoặc số hiệu và ngày của văn bản phê duyệt: {number: 45-QĐ/ĐU, date: 2024-03-01}",
            )
        if (
            isinstance(decision, dict)
            and isinstance(decision.get("date"), str)
            and index not in loaded
            and isinstance(entry.get("date"), str)
            and ISO_DATE.match(entry["date"])
            and (problem := date_problem(decision["date"]))
        ):
            yield rule("KH108").at(*at(index, "decision", "date"), problem)

    for amendment in project.amendments:
        part = project.official.part(amendment.section)
        if part is None:
            yield rule("KH701").at(
                *at(amendment.index, "section"),
                f"mục «{amendment.section}» không có trong Kế hoạch{suggest(amendment.section, project.citation_ids)}",
            )
            continue
        if amendment.date > today:
            yield rule("KH703").at(
                *at(amendment.index, "date"),
                f"ngày sửa đổi {amendment.date.isoformat()} ở tương lai (hôm nay là {today.isoformat()}); "
                "chỉ ghi sửa đổi đã có hiệu lực",
            )
        if amendment.decision.date and amendment.decision.date > today:
            yield rule("KH703").at(
                *at(amendment.index, "decision", "date"),
                f"ngày của quyết định {amendment.decision.date.isoformat()} ở tương lai "
                f"(hôm nay là {today.isoformat()})",
            )
        if _joined(amendment.before) not in _joined(part.text):
            yield Finding(
                *at(amendment.index, "before"),
                "KH702",
                f"lời văn trước khi sửa «{amendment.before}» không có trong mục {part.number} "
                f"({amendment.section}) của bản đã ký{_closest_difference(amendment.before, part.text)}; "
                "chép đúng từng chữ của bản đã ký",
            )


def unusable_parts(project: Project) -> set[str]:
    """The parts with an amendment that cannot apply (its section or its `before` words are not in the
    plan): KH701/KH702 say why, so the text lock does not report the same cause a second time."""
    unusable = set()
    for amendment in project.amendments:
        part = project.official.part(amendment.section)
        if part is None or _joined(amendment.before) not in _joined(part.text):
            unusable.add(amendment.section)
    return unusable


def _closest_difference(before: str, text: str) -> str:
    """Where `before` differs from the most similar run of words of the signed text: «hoá» ≠ «hóa»."""
    wanted, signed = words(before), words(text)
    if not wanted or not signed:
        return ""
    best, best_ratio = None, 0.0
    for size in {len(wanted) - 1, len(wanted), len(wanted) + 1} - {0}:
        for start in range(0, max(1, len(signed) - size + 1)):
            window = signed[start : start + size]
            ratio = difflib.SequenceMatcher(a=" ".join(window), b=" ".join(wanted), autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    if best is None or best_ratio < 0.6:
        return ""
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=best, b=wanted, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        have, wrote = " ".join(best[a1:a2]), " ".join(wanted[b1:b2])
        while have and wrote and have[-1] == wrote[-1] and not have[-1].isalnum():
            have, wrote = have[:-1], wrote[:-1]  # "hoá," and "hóa,": the words differ, not the comma
        if not wrote:
            return f": bản đã ký còn có «{have}» mà «before» không chép"
        if not have:
            return f": «before» có thêm «{wrote}» mà bản đã ký không có"
        return f": bản đã ký ghi «{have}» ≠ «{wrote}» trong «before»"
    return ""


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
    return [{"amendment": a, "words": citation_label(cid)} for cid in part_ids for a in amendments_of(amendments, cid)]


def note_html(project: Project, part_ids: list[str], history_url: str) -> str:
    """The note an amended page carries (overrides/macros/amendment_note.html), or "" if none of its
    parts was amended. `history_url` is the history page's address relative to the page."""
    rows = notes(project.amendments, part_ids)
    if not rows:
        return ""
    return templates.render(project.root, "amendment_note.html", rows=rows, history_url=history_url)


class _HeadingEnd(HTMLParser):
    """Finds where the first <h1> element of a fragment ends (as a parser reads it, not a text search)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.end: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and self.end is None:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.depth and self.end is None:
            self.depth -= 1
            if not self.depth:
                self.end = self.getpos()


def after_title(html: str, fragment: str) -> str:
    """`html` with `fragment` placed right after its first <h1> element (at the start if it has none)."""
    if not fragment:
        return html
    parser = _HeadingEnd()
    parser.feed(html)
    parser.close()
    at = 0
    if parser.end is not None:
        line, column = parser.end
        line_start = 0
        for _ in range(line - 1):
            line_start = html.index("\n", line_start) + 1
        at = html.index(">", line_start + column) + 1
    return html[:at] + fragment + html[at:]


def history(project: Project) -> list[Amendment]:
    """Every amendment, newest first."""
    return sorted(project.amendments, key=lambda a: (a.date, a.index), reverse=True)


def _joined(text: str) -> str:
    """Text as compared: its words (see plantext.words) one space apart. "Before" may end inside a word
    or before its punctuation (`chi` in `chi,`), as a correction of a typo does."""
    return " ".join(words(text))

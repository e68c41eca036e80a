"""What the rules share: the data model, the pages, and indexes built once per run.

Each index is a dict or a set, so every rule looks things up in constant time; no rule scans the
whole registry for each reference.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from typing import Any, NamedTuple

from .. import docnumber
from ..codes import rule
from ..findings import Finding
from ..model import Document, Project, Unit
from ..pages import Page, calls_by_line, mask_code_spans, prose_lines
from ..plantext import Part

DOCUMENTS, UNITS, DEADLINES = "documents", "units", "deadlines"

# Macros whose output names a document (a mention); doc_date only gives a mention's date.
MENTION_MACROS = {"doc_number", "doc_link"}
CITING_MACROS = {"doc_number", "doc_link", "doc_date", "clause"}
# Inline code spans: `…` in a line, skipped like code fences.


class Mention(NamedTuple):
    """A document named in a page: typed out (43-NQ/TW) or through doc_number/doc_link."""

    path: str  # e.g. "docs/muc-i.md"
    line: int
    col: int  # 1-based
    text: str  # as written: "43 - NQ/TW", or the macro call
    canonical: str  # the typed number in canonical form: "43-NQ/TW" ("" for a macro)
    doc: Document | None  # the registry entry, None when it is not in the registry
    typed: bool
    after: str  # the text that follows, up to the next mention on the line
    on_plan_page: bool


class Citation(NamedTuple):
    """A document id a page cites through a macro (doc_number, doc_link, doc_date)."""

    path: str
    line: int
    col: int
    doc_id: str
    on_plan_page: bool


# When no valid id is close to a wrong one, a rule lists at most this many of the valid ones.
RULE_SUGGESTIONS = 12


def nfc_fold(text: str) -> str:
    """Text as names are compared: NFC, case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


class Context:
    def __init__(self, project: Project, pages: list[Page]):
        self.project = project
        self.pages = pages

    # --- positions in the data files -------------------------------------------------------------

    def finding(self, file: str, entry_id: str, keys: tuple[Any, ...], code: str, message: str) -> Finding:
        """A finding of rule `code` at the line of `keys` inside the entry `entry_id` of the registry
        `file` (data/documents/<id>.yml, or the entry's item of data/units.yml, data/deadlines.yml)."""
        return rule(code).at(*self.project.position(file, entry_id, *keys), message)

    # --- indexes of the data ---------------------------------------------------------------------

    @cached_property
    def parts(self) -> dict[str, Part]:
        return {part.id: part for part in self.project.official.parts()}

    @cached_property
    def by_number(self) -> dict[str, list[Document]]:
        """Canonical number -> the documents that carry it."""
        table: dict[str, list[Document]] = {}
        for doc in self.project.documents.values():
            if doc.number:
                parsed = docnumber.parse(doc.number)
                table.setdefault(str(parsed) if parsed else doc.number, []).append(doc)
        return table

    @cached_property
    def unit_names(self) -> dict[str, tuple[Unit, bool]]:
        """Folded name or alias -> (unit, is its official name). A name wins over another's alias."""
        table: dict[str, tuple[Unit, bool]] = {}
        for unit in self.project.units.values():
            for alias in unit.aliases:
                table.setdefault(nfc_fold(alias), (unit, False))
        for unit in self.project.units.values():
            table[nfc_fold(unit.name)] = (unit, True)
        return table

    @cached_property
    def unit_name_pattern(self) -> re.Pattern[str] | None:
        """One regex for every unit name and alias, longest first, so the longest name wins."""
        names = sorted(self.unit_names, key=len, reverse=True)
        if not names:
            return None
        return re.compile("(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")

    @cached_property
    def _unit_scan(self) -> re.Pattern[str] | None:
        """Every unit name and alias as whole words, longest first: "Văn phòng Đảng ủy" is one name,
        not "Đảng ủy" inside it."""
        names = sorted(self.unit_names, key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")

    def units_named(self, citation_id: str) -> dict[str, str]:
        """Unit id -> the words that first name it, of the units a part of the plan names in its own
        words (not its sub-items'): by name or alias, NFC, any case, whole words, the longest name
        winning."""
        part = self.parts.get(citation_id)
        if part is None or self._unit_scan is None:
            return {}
        if citation_id not in self._named:
            text = unicodedata.normalize("NFC", part.text)
            folded = nfc_fold(text)
            same_length = len(folded) == len(text)  # case folding keeps Vietnamese letters one for one
            named: dict[str, str] = {}
            for match in self._unit_scan.finditer(folded):
                words = text[match.start() : match.end()] if same_length else match.group()
                named.setdefault(self.unit_names[match.group()][0].id, words)
            self._named[citation_id] = named
        return self._named[citation_id]

    @cached_property
    def _named(self) -> dict[str, dict[str, str]]:
        return {}

    def named_words(self, citation_id: str) -> str:
        """The unit names a part uses, as the plan writes them: «Văn phòng Đảng ủy», «các chi bộ»."""
        named = self.units_named(citation_id).values()
        return ", ".join(f"«{words}»" for words in named) if named else "không đơn vị nào"

    @cached_property
    def longest_unit_name(self) -> int:
        return max(map(len, self.unit_names), default=0)

    # --- what the pages say ----------------------------------------------------------------------

    @cached_property
    def _page_references(self) -> tuple[list[Mention], list[Citation]]:
        mentions: list[Mention] = []
        citations: list[Citation] = []
        documents = self.project.documents
        for page in self.pages:
            path = f"docs/{page.path}"
            plan_page = bool(page.plan_part_ids())
            calls_on_line = calls_by_line(page.macros)
            for number, line in prose_lines(page.markdown):
                line = mask_code_spans(line)
                found: list[tuple[int, int, str, str, Document | None, bool]] = []
                masked = line
                for call in calls_on_line.get(number, []):
                    start = call.col - 1
                    if not line.startswith("{{", start):  # inside inline code: not prose
                        continue
                    close = line.find("}}", start)
                    end = close + 2 if close >= 0 else len(line)  # a call written over lines: this line's part
                    if call.name in CITING_MACROS and call.args:
                        citations.append(Citation(path, number, call.col, call.args[0], plan_page))
                    if call.name in MENTION_MACROS and call.args:
                        found.append((start, end, line[start:end], "", documents.get(call.args[0]), False))
                    masked = masked[:start] + " " * (end - start) + masked[end:]  # its words are not typed
                for match in docnumber.find_all(masked):
                    canonical = f"{match['serial']}-{match['type']}/{match['issuer']}"
                    docs = self.by_number.get(canonical)
                    found.append(
                        (match.start(), match.end(), match.group(), canonical, docs[0] if docs else None, True)
                    )
                found.sort(key=lambda item: item[0])
                for i, (start, end, text, canonical, doc, typed) in enumerate(found):
                    stop = found[i + 1][0] if i + 1 < len(found) else len(line)
                    mentions.append(
                        Mention(path, number, start + 1, text, canonical, doc, typed, line[end:stop], plan_page)
                    )
        return mentions, citations

    @property
    def mentions(self) -> list[Mention]:
        return self._page_references[0]

    @property
    def citations(self) -> list[Citation]:
        return self._page_references[1]

    @cached_property
    def cited_ids(self) -> set[str]:
        """Ids of the documents the pages name, by macro or typed number."""
        ids = {c.doc_id for c in self.citations}
        ids.update(m.doc.id for m in self.mentions if m.doc)
        return ids

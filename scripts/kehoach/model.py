"""The project's one data model: data/*.yml and the official text, as typed Python objects.

Every YAML file is parsed here and only here. The macros, the build adapter, the checker and the
tests all call `load_project`, which is cached per build: the files are read once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import dates, plantext, repofiles, verdicts
from .codes import rule
from .findings import ERROR, DataError, Finding, grouped, suggest
from .yamlload import YamlFile, load_yaml

T = TypeVar("T")

if TYPE_CHECKING:
    import jsonschema

MAX_OFFICIAL_BYTES = 1024 * 1024  # the signed text is 25 KB
MAX_ENTRIES = 2000  # per data file or registry folder: a few dozen units; reports for years stay well below
# List files: data/<name>.yml is a list of entries, each with its `id`, checked by data/schema/<name>.schema.json.
DATA_FILES = ("units", "deadlines", "amendments")
# Registries kept one entry per file, so that two pull requests each adding an entry never conflict:
# data/<folder>/<id>.yml is one mapping (its id is the file name), checked by data/schema/<schema>.schema.json.
# A missing folder is an empty registry.
REGISTRIES = {"documents": "document", "reports": "report"}
ENTRY_SUFFIX = ".yml"
ID_FORM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The name of a published document's text in data/ (without .txt): the file names keep their capitals.
TEXT_FORM = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_in_words(date: dt.date) -> str:
    """A date as Party documents write it: "ngày 06 tháng 02 năm 2024".

    Hướng dẫn 36-HD/VPTW pads days below 10 and the months 1 and 2 with a zero, no other month.
    """
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


@dataclass(frozen=True)
class ReportingLine:
    """A unit reports to `to` (through `via`), as the clause `section` of the document `document` says."""

    to: str  # unit id
    via: str | None  # unit id
    section: str  # citation id
    document: str  # document id
    index: int = 0  # position in the unit's list `reports_to` in data/units.yml, for findings


@dataclass(frozen=True)
class NotAssigned:
    """A recorded decision: the clause `section` names the unit, yet gives it no task, for `reason`."""

    section: str  # citation id
    reason: str
    document: str  # document id
    index: int = 0  # position in the unit's list `not_assigned` in data/units.yml, for findings


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    parent: str | None
    code: str | None
    aliases: tuple[str, ...]
    assigned: tuple[str, ...]  # citation ids of the view's document (Project.unit), or of every document
    # A collective unit stands for many ("Các chi bộ"): the units under it inherit its assignments.
    collective: bool = False
    reports_to: tuple[ReportingLine, ...] = ()
    not_assigned: tuple[NotAssigned, ...] = ()
    # document id -> citation ids of that document assigned to the unit (data/units.yml, key `assigned`)
    assigned_by_document: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def in_document(self, document_id: str) -> Unit:
        """The unit as one document sees it: its assignments, reporting lines and recorded decisions there."""
        return dataclasses.replace(
            self,
            assigned=dict(self.assigned_by_document).get(document_id, ()),
            reports_to=tuple(line for line in self.reports_to if line.document == document_id),
            not_assigned=tuple(item for item in self.not_assigned if item.document == document_id),
        )


STATES = {"in_force": "Còn hiệu lực", "replaced": "Đã được thay thế", "expired": "Hết hiệu lực"}


@dataclass(frozen=True)
class Status:
    """A verified state of a document (data/documents/<id>.yml, key `status`), with its source."""

    state: str  # one of STATES
    source: str
    replaced_by: str | None = None  # document id, when replaced
    date: dt.date | None = None  # since when, when known

    @property
    def words(self) -> str:
        return STATES[self.state]


@dataclass(frozen=True)
class Document:
    id: str
    number: str | None
    kind: str
    date: dt.date | None
    issuer: str
    title: str | None
    implements: tuple[str, ...]
    name: str | None = None
    superior: str | None = None
    place: str | None = None
    source: str | None = None
    status: Status | None = None
    # A published document: its official text is data/<text>.txt, pinned by data/<text>.sha256; its pages
    # are docs/<id>/; its downloads are named <text>.pdf, <text>.docx, …
    text: str | None = None

    @property
    def published(self) -> bool:
        return self.text is not None

    @property
    def label(self) -> str:
        """How a reader names it: "Nghị quyết số 43-NQ/TW", or its name if it has no number."""
        if self.name:
            return self.name
        if self.number:
            return f"{self.kind} số {self.number}"
        return self.kind

    @property
    def date_words(self) -> str | None:
        """The date as a document header writes it: "ngày 06 tháng 02 năm 2024"."""
        return date_in_words(self.date) if self.date else None

    @property
    def date_text(self) -> str | None:
        """The date as the plan writes it in the text: 24/11/2023."""
        return self.date.strftime("%d/%m/%Y") if self.date else None


@dataclass(frozen=True)
class Deadline:
    id: str
    what: str
    owner: str | None  # None: the plan names no one
    when: str | None
    section: str
    document: str  # the document whose clause `section` is
    # A periodic duty's period in months and first due date, when data gives them (the plan does not).
    every: int | None = None
    start: dt.date | None = None  # the key `from` in data/deadlines.yml
    goal: bool = False  # a goal the plan sets (the country's 2030 and 2045 goals), not a unit's task

    @property
    def date(self) -> dt.date | None:
        """The day, when `when` is one (YYYY-MM-DD)."""
        return dates.parse_iso(self.when) if self.when else None

    @property
    def when_text(self) -> str | None:
        """`when` as the pages show it: a day as 15/12/2024, a year or the plan's words as they are."""
        return dates.display(self.date) if self.date else self.when

    @property
    def sort_key(self) -> tuple[dt.date, bool, str]:
        """Points in time by their real date (a year counts from its first day); then the plan's own
        words ("định kỳ"); then the duties the plan gives no time for."""
        year = re.match(r"\d{4}", self.when or "")
        start = self.date or (dt.date(int(year.group()), 1, 1) if year else dt.date.max)
        return (start, self.when is None, self.when or "")


@dataclass(frozen=True)
class Decision:
    """What approved an amendment: a document (number, date), or the office's typo correction."""

    number: str | None  # None: "đính chính"
    date: dt.date | None


@dataclass(frozen=True)
class Amendment:
    """An approved change to the published words of one part of the plan (data/amendments.yml)."""

    id: str
    date: dt.date
    decision: Decision
    section: str  # citation id
    before: str
    after: str
    reason: str
    index: int  # position in the file, for findings
    document: str = ""  # the document amended


@dataclass(frozen=True)
class Report:
    """A report a unit sent on a published document (data/reports/<id>.yml)."""

    id: str
    unit: str  # unit id
    number: str
    date: dt.date
    title: str
    covers: tuple[str, ...]  # citation ids
    file: str | None = None  # a PDF under docs/ or a same-site link
    document: str = ""  # id of the published document the report answers

    @property
    def date_text(self) -> str:
        return self.date.strftime("%d/%m/%Y")


@dataclass
class Project:
    """One published document as the site shows it, within the collection it belongs to: its official
    text, and the data that concerns it (its deadlines, amendments, reports, and each unit's assignments in
    it). The registry, the units and the files are the collection's, shared by every view. Loaded once."""

    root: Path
    official: plantext.OfficialText
    documents: dict[str, Document]
    units: dict[str, Unit]
    deadlines: dict[str, Deadline]
    files: dict[str, YamlFile]
    findings: list[Finding] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)  # in file order
    reports: dict[str, Report] = field(default_factory=dict)  # in file name order
    # registry (REGISTRIES) -> entry id (the file name) -> its file, for every file read, valid or not
    entry_files: dict[str, dict[str, YamlFile]] = field(default_factory=dict)
    document_id: str = ""  # the published document this view shows
    collection: Collection | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @cached_property
    def plan(self) -> Document:
        """The document this view shows."""
        return self.documents[self.document_id]

    @property
    def views(self) -> dict[str, Project]:
        """Every published document's view, this one included, in the registry's order."""
        return self.collection.views if self.collection else {self.document_id: self}

    @cached_property
    def citation_ids(self) -> list[str]:
        return self.official.citation_ids()

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """A value derived from the whole collection's data, computed once per loaded collection."""
        if self.collection is None:
            return compute()
        store = self.collection.derived
        if key not in store:
            store[key] = compute()
        return cast("T", store[key])

    def document(self, doc_id: str) -> Document:
        return _lookup(self.documents, doc_id, "văn bản", "data/documents/")

    def unit(self, unit_id: str) -> Unit:
        return _lookup(self.units, unit_id, "đơn vị", "data/units.yml")

    def header_name(self, unit_id: str) -> str:
        """A unit as the plan's header writes it, in capitals and in the plan's own spelling ("ĐẢNG UỶ SỞ …"):
        the first of its names (name, then aliases) that is a line of the official header. The site's own
        labels spell a name one way ("Đảng ủy"); the header is the plan's words and keeps the plan's."""
        unit = self.unit(unit_id)
        lines = {tuple(plantext.words(line)) for line in self.official.header_lines}
        for name in unit.names:
            if tuple(plantext.words(name.upper())) in lines:
                return name.upper()
        return unit.name.upper()

    def top_unit(self, unit_id: str) -> Unit:
        """The unit at the top of `unit_id`'s chain of `parent`s: for the plan's issuer, the Party, whose
        name heads the plan (a cycle, reported as KH305, stops where it closes)."""
        unit = self.unit(unit_id)
        seen = {unit.id}
        while unit.parent and unit.parent in self.units and unit.parent not in seen:
            unit = self.units[unit.parent]
            seen.add(unit.id)
        return unit

    def deadline(self, deadline_id: str) -> Deadline:
        return _lookup(self.deadlines, deadline_id, "mốc thời gian", "data/deadlines.yml")

    def part(self, citation_id: str) -> plantext.Part:
        part = self.official.part(citation_id)
        if part is None:
            raise UnknownId(f"không có mục với mã trích dẫn «{citation_id}»{suggest(citation_id, self.citation_ids)}")
        return part

    def ancestors(self, unit_id: str) -> list[str]:
        """The chain of parents of a unit, nearest first; stops on a cycle or an unknown parent."""
        chain: list[str] = []
        current = self.units.get(unit_id)
        while current and current.parent and current.parent not in chain and current.parent != unit_id:
            chain.append(current.parent)
            current = self.units.get(current.parent)
        return chain

    def yaml_position(self, file: str, at: tuple[Any, ...]) -> tuple[str, int, int]:
        """(path, line, col) of `at` (an index, then keys) in the list file data/<file>.yml."""
        yaml_file = self.files[file]
        return (yaml_file.path, *yaml_file.where(at))

    def position(self, registry: str, entry_id: str, *keys: Any) -> tuple[str, int, int]:
        """(path, line, col) of `keys` inside the entry `entry_id` of a registry: its own file
        data/<registry>/<id>.yml, or its item of the list file data/<registry>.yml (the first entry with
        that id). An unknown entry: the top of its file, or the first entry of the list."""
        if registry in REGISTRIES:
            entry = self.entry_files.get(registry, {}).get(entry_id)
            if entry is None:
                return (f"data/{registry}/{entry_id}{ENTRY_SUFFIX}", 1, 1)
            return (entry.path, *entry.where(keys))
        return self.yaml_position(registry, (self._entry_indexes.get(registry, {}).get(entry_id, 0), *keys))

    @cached_property
    def _entry_indexes(self) -> dict[str, dict[str, int]]:
        """list file -> id -> index of the first entry with that id."""
        indexes: dict[str, dict[str, int]] = {}
        for name, yaml_file in self.files.items():
            index: dict[str, int] = {}
            for i, entry in enumerate(yaml_file.value if isinstance(yaml_file.value, list) else []):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    index.setdefault(entry["id"], i)
            indexes[name] = index
        return indexes

    def yaml_files(self) -> list[YamlFile]:
        """Every YAML file read: the list files, then each registry's entry files."""
        return [*self.files.values(), *(f for entries in self.entry_files.values() for f in entries.values())]


@dataclass
class Collection:
    """The site's documents: a view (Project) per published document, sharing one registry and one set
    of units; loaded once."""

    root: Path
    views: dict[str, Project]  # published document id -> its view, in the registry's order
    # what a module derives from the whole collection's data (units.paged_units), kept for the life of this
    # loaded collection: every page of the build asks again
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def findings(self) -> list[Finding]:
        """The findings of loading the data (shared by every view)."""
        return next(iter(self.views.values())).findings

    def view(self, document_id: str) -> Project:
        return _lookup(self.views, document_id, "văn bản được công bố", "data/documents.yml")


class UnknownId(LookupError):
    """A macro or page named an id that the data does not have."""


def _lookup(table: dict[str, T], wanted: str, what: str, file: str) -> T:
    try:
        return table[wanted]
    except (KeyError, TypeError):
        raise UnknownId(f"không có {what} với id «{wanted}» trong {file}{suggest(str(wanted), list(table))}") from None


# --- loading -------------------------------------------------------------------------------------

_cache: dict[tuple[Any, ...], Collection] = {}


def load_collection(root: Path) -> Collection:
    """The collection at `root` (its data/ folder), read once for a given state of its files."""
    root = Path(root).resolve()
    key = (root, tuple(_stamp(path) for path in _watched(root)))
    if key not in _cache:
        _cache.clear()
        _cache[key] = _load(root)
    return _cache[key]


def load_project(root: Path, document_id: str | None = None) -> Project:
    """The view of the published document `document_id` (by default the first the registry lists)."""
    collection = load_collection(root)
    if document_id is None:
        return next(iter(collection.views.values()))
    return collection.view(document_id)


def load_project_or_fail(root: Path, document_id: str | None = None) -> Project:
    """As `load_project`, but raises DataError if the data cannot be used."""
    project = load_project(root, document_id)
    if project.errors:
        raise DataError(project.errors)
    return project


def _watched(root: Path) -> tuple[Path, ...]:
    """The files a project is read from; their state decides whether it is read again. A registry's
    folder is listed each time (its own state changes when an entry file is added or removed)."""
    data_dir = root / "data"
    folders = [data_dir / name for name in REGISTRIES]
    texts = sorted(data_dir.glob("*.txt")) if data_dir.is_dir() else []
    return (
        *(data_dir / f"{name}.yml" for name in DATA_FILES),
        *folders,
        *(path for folder in folders for path in _folder_entries(folder)),
        *texts,
    )


def _folder_entries(folder: Path) -> list[Path]:
    """What a registry folder holds, in the order of the ids (`bc-1` before `bc-1-lan-2`); nothing when
    it is missing (or not a folder)."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted((Path(entry.path) for entry in entries), key=lambda path: (path.stem, path.name))


def _stamp(path: Path) -> tuple[Any, ...]:
    try:
        stat = path.stat()
        return (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (None, None)


def read_official(root: Path, text: str) -> plantext.OfficialText:
    """The official text data/<text>.txt, or DataError saying why it cannot be read."""
    where = f"data/{text}.txt"
    path = root / where
    if path.exists() and not repofiles.is_plain_file(path):
        raise DataError([repofiles.refused(path, where)])
    if path.exists() and path.stat().st_size > MAX_OFFICIAL_BYTES:
        raise DataError(
            [
                Finding(
                    where,
                    1,
                    1,
                    "KH110",
                    f"văn bản gốc nặng quá {MAX_OFFICIAL_BYTES // 1024} KB: đây không phải bản đã ký",
                )
            ]
        )
    try:
        return plantext.read(path)
    except (OSError, UnicodeDecodeError, StopIteration, IndexError):
        raise DataError(
            [
                rule("KH100").at(
                    where,
                    1,
                    1,
                    "không đọc được văn bản gốc; tệp phải có mặt, mã hoá UTF-8, đúng như bản nhận được",
                )
            ]
        ) from None


def _load(root: Path) -> Collection:
    data_dir = root / "data"
    findings: list[Finding] = []
    files: dict[str, YamlFile] = {}
    entries: dict[str, list[dict[str, Any]]] = {}
    for name in DATA_FILES:
        yaml_file = load_yaml(data_dir / f"{name}.yml", f"data/{name}.yml")
        files[name] = yaml_file
        entries[name] = _valid_entries(yaml_file, _schema(root, name), verdicts.cache_dir())
        findings.extend(yaml_file.findings)
    entry_files: dict[str, dict[str, YamlFile]] = {}
    for name, schema_name in REGISTRIES.items():
        entry_files[name], entries[name], registry_findings = _registry(
            data_dir / name, name, _schema(root, schema_name), verdicts.cache_dir()
        )
        findings.extend(registry_findings)
    reserved = site_folders(root)
    findings.extend(_text_findings(data_dir, entry_files["documents"], entries["documents"], reserved))

    documents = {e["id"]: _document(e) for e in entries["documents"]}
    units = {e["id"]: _unit(e) for e in entries["units"]}
    deadlines = {e["id"]: _deadline(e) for e in entries["deadlines"]}
    reports = {e["id"]: _report(e) for e in entries["reports"]}
    amendments = _amendments(files["amendments"], entries["amendments"])
    texts: dict[str, plantext.OfficialText] = {}
    for doc in documents.values():
        usable = doc.id not in reserved and doc.text not in {d.text for d in documents.values() if d.id in texts}
        if doc.text and TEXT_FORM.match(doc.text) and usable and (data_dir / f"{doc.text}.txt").exists():  # else KH100
            texts[doc.id] = read_official(root, doc.text)
    if not any(doc.text for doc in documents.values()) and not any(
        f.path.startswith("data/documents/") for f in findings
    ):
        findings.append(
            rule("KH103").at(
                "data/documents/",
                1,
                1,
                "sổ văn bản chưa có văn bản nào được công bố trên trang (văn bản có khoá «text»: tên tệp văn bản gốc)",
            )
        )
    collection = Collection(root, {})
    for doc_id in list(texts) or [""]:
        collection.views[doc_id] = Project(
            root,
            texts.get(doc_id) or plantext.OfficialText([], "", "", "", []),
            documents,
            {unit_id: unit.in_document(doc_id) for unit_id, unit in units.items()},
            {key: d for key, d in deadlines.items() if d.document == doc_id},
            files,
            findings,
            [a for a in amendments if a.document == doc_id],
            # a report on no published document is every view's, so that the checks report it (KH911)
            {key: r for key, r in reports.items() if r.document == doc_id or r.document not in texts},
            entry_files,
            doc_id,
            collection,
        )
    return collection


def _schema(root: Path, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((root / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _valid_entries(yaml_file: YamlFile, schema: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """The entries of a list file that have the shape its schema describes; each problem a finding."""
    if yaml_file.findings:
        return []
    data = yaml_file.value
    if data is None:
        data = []
    if isinstance(data, list) and len(data) > MAX_ENTRIES:
        # every unit gets a page, every report a row on each page that lists it: a bound on the build
        yaml_file.error(
            (MAX_ENTRIES,),
            "KH110",
            f"tệp có {grouped(len(data))} mục, quá giới hạn {grouped(MAX_ENTRIES)} mục của một tệp dữ liệu",
        )
        return []
    bad_entries: set[int | str] = set()
    for error in verdicts.schema_errors(data, schema, cache_dir):
        at = tuple(error.absolute_path)
        if not at:
            yaml_file.error(at, "KH103", "tệp phải là một danh sách các mục, mỗi mục bắt đầu bằng «- id: …»")
            return []
        bad_entries.add(at[0])
        _schema_finding(yaml_file, error, schema)

    valid: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data):
        if index in bad_entries:
            continue
        entry_id = entry["id"]
        if not ID_FORM.match(entry_id):
            yaml_file.error(
                (index, "id"),
                "KH106",
                f"id «{entry_id}» không đúng dạng; id chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, "
                "ví dụ «nq-43-tw»",
            )
            continue
        if entry_id in seen:
            yaml_file.error(
                (index, "id"),
                "KH107",
                f"id «{entry_id}» bị trùng với mục ở dòng {yaml_file.where((seen[entry_id], 'id'))[0]}; "
                "mỗi id phải là duy nhất",
            )
            continue
        seen[entry_id] = index
        if not _dates_valid(yaml_file, (index,), entry):
            continue
        valid.append(entry)
    return valid


def _schema_finding(yaml_file: YamlFile, error: jsonschema.ValidationError, schema: dict[str, Any]) -> None:
    """One schema violation of a file, as a finding at its line."""
    at = tuple(error.absolute_path)
    code, message = _schema_message(error, schema)
    if error.validator == "additionalProperties":
        instance: Any = error.instance
        where_schema: Any = error.schema
        unknown = next(k for k in instance if k not in where_schema.get("properties", {}))
        word_match = re.match(r"[\w-]*", str(unknown))
        assert word_match is not None  # the pattern matches every text
        word = word_match.group()
        glue = str(unknown)[len(word) : len(word) + 1]
        if glue in (" ", ":") and word in where_schema.get("properties", {}):
            # «source "…: …"» or «source:"…: …"» read as one long key: the colon, or the space after
            # it, is missing
            line, col = yaml_file.where(at + (unknown,))
            problem = (
                f"thiếu dấu hai chấm sau «{word}»" if glue == " " else f"thiếu dấu cách sau dấu hai chấm của «{word}»"
            )
            yaml_file.findings.append(
                Finding(
                    yaml_file.path,
                    line,
                    col + len(word) + (glue == ":"),
                    "KH101",
                    f"lỗi cú pháp YAML: {problem}: viết «{word}: …»",
                )
            )
            return
        at = at + (unknown,)
    yaml_file.error(at, code, message)


def _registry(
    folder: Path, name: str, schema: dict[str, Any], cache_dir: Path
) -> tuple[dict[str, YamlFile], list[dict[str, Any]], list[Finding]]:
    """A registry kept one entry per file (data/<name>/<id>.yml): every file read, by id; the valid
    entries, in file name order, each given its `id` (the file name); and the findings."""
    where = f"data/{name}/"
    if os.path.lexists(folder) and not (folder.is_dir() and not folder.is_symlink()):
        return {}, [], [repofiles.refused(folder, where)] if folder.is_symlink() else [_not_a_folder(where)]
    if not folder.exists():
        if name == "reports":
            return {}, [], []  # no report received yet: git keeps no empty folder
        return {}, [], [rule("KH100").at(where, 1, 1, f"không tìm thấy thư mục {where}; cần có thư mục này")]
    paths = _folder_entries(folder)
    if len(paths) > MAX_ENTRIES:
        message = f"thư mục có {grouped(len(paths))} tệp, quá giới hạn {grouped(MAX_ENTRIES)} mục của một sổ"
        return {}, [], [rule("KH110").at(where, 1, 1, message)]
    files: dict[str, YamlFile] = {}
    valid: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for path in paths:
        display = f"{where}{path.name}"
        if path.suffix != ENTRY_SUFFIX or path.is_dir():
            findings.append(_not_an_entry_file(path, where))
            continue
        yaml_file = load_yaml(path, display, one_entry=True)
        files[path.stem] = yaml_file
        entry = _valid_entry(yaml_file, path.stem, name, schema, cache_dir)
        findings.extend(yaml_file.findings)
        if entry is not None:
            valid.append(entry)
    return files, valid, findings


def _not_a_folder(where: str) -> Finding:
    return rule("KH103").at(
        where.rstrip("/"), 1, 1, f"{where} phải là một thư mục, mỗi mục một tệp <id>.yml; đây lại là một tệp"
    )


def _not_an_entry_file(path: Path, where: str) -> Finding:
    """KH810 for what a registry folder may not hold: a folder, or a file not named <id>.yml."""
    display = f"{where}{path.name}"
    if path.is_dir() and not path.is_symlink():
        message = f"{where} chỉ chứa tệp <id>.yml, mỗi tệp một mục, không chứa thư mục «{path.name}»; chuyển các tệp ra"
    elif path.suffix.lower() in (".yaml", ".yml"):
        message = f"tệp «{path.name}» phải có đuôi «.yml» viết thường: đổi tên thành «{path.stem}.yml»"
    else:
        message = (
            f"{where} chỉ chứa tệp <id>.yml, mỗi tệp một mục; «{path.name}» không phải tệp .yml: xoá tệp (hướng "
            f"dẫn về sổ nằm trong CONTRIBUTING.md), hoặc nếu đó là một mục, lưu lại thành «{_slug(path.stem) or 'id'}.yml»"
        )
    return rule("KH810").at(display, 1, 1, message)


def _slug(text: str) -> str:
    """An id made of `text`: lower case, no diacritics, words joined by hyphens ("NQ 43" -> "nq-43")."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


ENTRY_NOUNS = {"documents": "văn bản", "reports": "báo cáo"}


def _valid_entry(
    yaml_file: YamlFile, stem: str, registry: str, schema: dict[str, Any], cache_dir: Path
) -> dict[str, Any] | None:
    """The entry of one registry file, with its id (the file name), if it has the shape of its schema."""
    noun = ENTRY_NOUNS.get(registry, "mục")
    if not ID_FORM.match(stem):
        suggestion = _slug(stem)
        yaml_file.error(
            (),
            "KH106",
            f"tên tệp «{stem}{ENTRY_SUFFIX}» không phải một id: id của {noun} là tên tệp, chỉ gồm chữ thường không "
            "dấu, chữ số và dấu gạch nối"
            + (f"; đổi tên tệp thành «{suggestion}{ENTRY_SUFFIX}»" if suggestion else ", ví dụ «nq-43-tw.yml»"),
        )
        return None
    if yaml_file.findings:
        return None
    data = yaml_file.value
    if not isinstance(data, dict):
        if isinstance(data, list):
            problem = (
                "tệp là một danh sách (dòng bắt đầu bằng «-»); mỗi tệp chỉ ghi một "
                f"{noun}: các khoá viết sát lề trái, không có «- » và không có id (id là tên tệp)"
            )
        elif data is None:
            problem = f"tệp trống; ghi các khoá của {noun}, mỗi dòng «khoá: giá trị» (xem CONTRIBUTING.md)"
        else:
            problem = f"tệp phải ghi các khoá của {noun}, mỗi dòng «khoá: giá trị», không phải «{data}»"
        yaml_file.error((), "KH103", problem)
        return None
    if "id" in data:
        yaml_file.error(
            ("id",),
            "KH104",
            f"khoá «id» không ghi trong tệp: id của {noun} là tên tệp («{stem}»); xoá dòng này",
        )
        return None
    errors = verdicts.schema_errors(data, schema, cache_dir)
    for error in errors:
        _schema_finding(yaml_file, error, schema)
    if errors or not _dates_valid(yaml_file, (), data):
        return None
    return {"id": stem, **data}


# Folders of the built site that are the site's own: a published document's pages (docs/<id>/) may not
# take one of these names (the units' pages, the documents' tracking pages, the theme's and the site's
# assets, the search index), nor the name of a page of the collection (docs/<name>.md: site_folders).
SITE_FOLDERS = ("assets", "don-vi", "theo-doi", "search", "javascripts", "stylesheets")


def site_folders(root: Path) -> tuple[str, ...]:
    """SITE_FOLDERS and the addresses of the collection's own pages (docs/don-vi.md is /don-vi/): a
    document's folder of the same name would take their place."""
    pages = sorted(path.stem for path in (root / "docs").glob("*.md") if path.stem != "index")
    return tuple(dict.fromkeys([*SITE_FOLDERS, *pages]))


def _text_findings(
    data_dir: Path, files: dict[str, YamlFile], documents: list[dict[str, Any]], reserved: tuple[str, ...]
) -> list[Finding]:
    """For a published document (key `text`): KH100 when its official text data/<text>.txt is missing;
    KH107 when another document has the same text (their downloads would be one file); KH106 when its id
    is a folder or page of the site's own (`reserved`: its pages would be mixed with the site's)."""
    texts = sorted(path.stem for path in data_dir.glob("*.txt") if repofiles.is_plain_file(path))
    findings: list[Finding] = []
    owners: dict[str, str] = {}
    for entry in documents:
        text = entry.get("text")
        if text is not None and entry["id"] in reserved:
            findings.append(
                rule("KH106").at(
                    files[entry["id"]].path,
                    1,
                    1,
                    f"văn bản được đăng không được có id «{entry['id']}»: đây là thư mục hoặc trang của chính trang "
                    f"({', '.join(reserved)}); đổi tên tệp, ví dụ «ke-hoach-45.yml»",
                )
            )
            continue
        if text is not None and text in owners:
            line, col = files[entry["id"]].where(("text",))
            findings.append(
                rule("KH107").at(
                    files[entry["id"]].path,
                    line,
                    col,
                    f"văn bản gốc «{text}» đã là của văn bản «{owners[text]}»; mỗi văn bản được đăng một tệp văn "
                    "bản gốc riêng (bản in, bản Word, dữ liệu mang tên tệp đó)",
                )
            )
            continue
        if text is not None:
            owners[text] = entry["id"]
        # the schema holds `text` to TEXT_FORM: a file name in data/, never a path that leaves it
        if text is None or not TEXT_FORM.match(text) or repofiles.is_plain_file(data_dir / f"{text}.txt"):
            continue
        line, col = files[entry["id"]].where(("text",))
        findings.append(
            rule("KH100").at(
                files[entry["id"]].path,
                line,
                col,
                f"văn bản «{entry['id']}» ghi text: {text} nhưng không có tệp văn bản gốc «data/{text}.txt»"
                f"{suggest(text, texts, noun='các văn bản gốc trong data/')}; đặt tệp vào data/, hoặc sửa text",
            )
        )
    return findings


def _dates_valid(yaml_file: YamlFile, prefix: tuple[int, ...], entry: dict[str, Any]) -> bool:
    """Every date of an entry is a real date written YYYY-MM-DD: `date` (documents, amendments, reports),
    `from` (periodic deadlines), and `when` (deadlines) when it is written as a date rather than a year
    or the plan's words. `prefix`: the entry's place in its file (its index in a list file)."""
    valid = True
    status = entry.get("status")
    if isinstance(status, dict) and isinstance(status.get("date"), str):
        problem = dates.date_problem(status["date"])
        if problem:
            yaml_file.error((*prefix, "status", "date"), "KH108", problem)
            valid = False
    for key in ("date", "from", "when"):
        value = entry.get(key)
        if not isinstance(value, str) or (
            key == "when" and not (dates.looks_like_date(value) or ISO_DATE.match(value))
        ):
            continue
        problem = dates.date_problem(value)
        if problem:
            yaml_file.error((*prefix, key), "KH108", problem)
            valid = False
    return valid


_TYPE_NAMES = {
    "string": "chữ",
    "null": "null (để trống)",
    "array": "danh sách",
    "object": "bảng khoá",
    "integer": "số",
    "boolean": "true hoặc false",
}


def _schema_message(error: jsonschema.ValidationError, schema: dict[str, Any]) -> tuple[str, str]:
    """A schema violation in the words and codes the editors' guide documents."""
    value: Any = error.validator_value
    instance: Any = error.instance
    where_schema: Any = error.schema
    if error.validator == "required":
        missing = [k for k in value if k not in instance]
        return "KH103", f"thiếu khoá bắt buộc «{missing[0]}»; mỗi mục cần đủ các khoá: {', '.join(value)}"
    if error.validator == "additionalProperties":
        allowed = list(where_schema.get("properties", {}))
        unknown = [k for k in instance if k not in allowed]
        close = difflib.get_close_matches(str(unknown[0]), allowed, n=1)
        hint = f"; có phải ý là «{close[0]}»?" if close else f"; các khoá hợp lệ: {', '.join(allowed)}"
        return "KH104", f"khoá không hợp lệ «{unknown[0]}»{hint}"
    if error.validator == "type":
        expected: list[str] = value if isinstance(value, list) else [value]
        expected_words = " hoặc ".join(_TYPE_NAMES.get(t, t) for t in expected)
        key = error.absolute_path[-1] if error.absolute_path else ""
        where = f"khoá «{key}»" if isinstance(key, str) and key else "giá trị này"
        return "KH105", f"{where} phải là {expected_words}, không phải «{error.instance}»"
    key = error.absolute_path[-1] if error.absolute_path else ""
    where = f"khoá «{key}»" if isinstance(key, str) and key else "giá trị này"
    if error.validator == "dependentRequired":
        missing = [k for k in value if k not in instance]
        present = next(
            k
            for k, needs in where_schema["dependentRequired"].items()
            if k in instance and missing and missing[0] in needs
        )
        return "KH103", f"khoá «{present}» cần đi cùng khoá «{missing[0]}»; ghi cả hai, hoặc bỏ cả hai"
    if error.validator in ("minimum", "maximum"):
        low, high = where_schema.get("minimum"), where_schema.get("maximum")
        return "KH105", f"{where} phải là số từ {low} đến {high}, không phải «{error.instance}»"
    if error.validator == "enum":
        return "KH105", f"{where} phải là một trong: {', '.join(map(str, value))}, không phải «{error.instance}»"
    if error.validator == "minItems":
        return "KH105", f"{where} cần ít nhất một mục"
    if error.validator == "minLength":
        return "KH105", f"{where} không được để trống"
    if error.validator == "pattern":
        return "KH105", f"{where} không đúng dạng «{error.instance}»: {where_schema.get('description', value)}"
    return "KH105", f"giá trị không hợp lệ: {error.message}"


def _document(entry: dict[str, Any]) -> Document:
    date = dt.date.fromisoformat(entry["date"]) if entry["date"] else None
    return Document(
        entry["id"],
        entry["number"],
        entry["kind"],
        date,
        entry["issuer"],
        entry["title"],
        tuple(entry["implements"]),
        entry.get("name"),
        entry.get("superior"),
        entry.get("place"),
        entry.get("source"),
        _status(entry.get("status")),
        entry.get("text"),
    )


def _status(entry: dict[str, Any] | None) -> Status | None:
    if not entry:
        return None
    date = entry.get("date")
    return Status(
        entry["state"],
        entry["source"],
        entry.get("replaced_by"),
        dt.date.fromisoformat(date) if date else None,  # checked by _dates_valid
    )


def _unit(entry: dict[str, Any]) -> Unit:
    return Unit(
        entry["id"],
        entry["name"],
        entry["parent"],
        entry["code"],
        tuple(entry["aliases"]),
        (),
        bool(entry.get("collective", False)),
        tuple(
            ReportingLine(r["to"], r.get("via"), r["section"], r["document"], i)
            for i, r in enumerate(entry.get("reports_to", []))
        ),
        tuple(
            NotAssigned(d["section"], d["reason"], d["document"], i)
            for i, d in enumerate(entry.get("not_assigned", []))
        ),
        tuple((doc_id, tuple(ids)) for doc_id, ids in entry["assigned"].items()),
    )


def _deadline(entry: dict[str, Any]) -> Deadline:
    start = dt.date.fromisoformat(entry["from"]) if entry.get("from") else None  # checked by _dates_valid
    return Deadline(
        entry["id"],
        entry["what"],
        entry["owner"],
        entry["when"],
        entry["section"],
        entry["document"],
        entry.get("every"),
        start,
        bool(entry.get("goal", False)),
    )


def _report(entry: dict[str, Any]) -> Report:
    return Report(
        entry["id"],
        entry["unit"],
        entry["number"],
        dt.date.fromisoformat(entry["date"]),
        entry["title"],
        tuple(entry["covers"]),
        entry.get("file"),
        entry["document"],
    )


def _amendments(yaml_file: YamlFile, entries: list[dict[str, Any]]) -> list[Amendment]:
    """The amendments of the valid entries; one whose decision date is not a real date is left out
    (kehoach.amendments reports it)."""
    index = {id(entry): i for i, entry in enumerate(yaml_file.value or [])}
    return [a for a in (_amendment(index[id(e)], e) for e in entries) if a]


def _amendment(index: int, entry: dict[str, Any]) -> Amendment | None:
    decision = entry["decision"]
    if isinstance(decision, dict):
        if not ISO_DATE.match(decision["date"]):
            return None
        try:
            decision = Decision(decision["number"], dt.date.fromisoformat(decision["date"]))
        except ValueError:
            return None
    else:
        decision = Decision(None, None)
    date = dt.date.fromisoformat(entry["date"])  # checked by _dates_valid
    return Amendment(
        entry["id"],
        date,
        decision,
        entry["section"],
        entry["before"],
        entry["after"],
        entry["reason"],
        index,
        entry["document"],
    )

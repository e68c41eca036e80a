"""`make import`: a document read from a file (kehoach.importing) written into the collection.

What is written, in the layout of "many documents, one site" (one folder of pages and one registry file
per document):

- `data/<name>.txt`: the official text (a `.txt` byte for byte as received; a `.docx` as the words a
  reader sees, one paragraph a line, as the office's plain-text copies are laid out) and
  `data/<name>.sha256`, its pin; `<name>` is the kind and number without marks ("Kế hoạch số 32-KH/ĐU"
  gives `ke-hoach-32-KH-DU`);
- `docs/<id>/`: the opening page (`index.md`), one page per top-level section (`muc-i.md`, …), the
  print page (`ban-in.md`); the id is given (ID=…) or made from the kind and the serial number
  (`ke-hoach-32`);
- `data/documents/<id>.yml`: the registry entry, filled from the header; and one entry per document the
  text cites by number that the registry does not have yet, with the number and date as the text writes
  them, marked unverified by a comment;
- a line for the text and one for its pin in `.github/CODEOWNERS`.

Nothing is overwritten: if any target exists, nothing is written. The files are made in a temporary
folder inside the project, then moved into place; a failure while moving takes back what was moved.
Nothing is committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kehoach import docnumber, model, plantext
from kehoach.model import Document, Project

from . import render
from .errors import ImportFailed
from .structure import CitedDocument, ImportedDocument, unresolved_references
from .units import UnitName, recognise_units

CODEOWNERS = ".github/CODEOWNERS"
PRINT_PAGE = "ban-in.md"
# The registry's kinds and their type codes (Hướng dẫn 36-HD/VPTW)
KIND_CODES = docnumber.KIND_CODES
KINDS_BY_CODE = {code: kind for kind, code in KIND_CODES.items()}
UNVERIFIED = "# chưa kiểm chứng"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/document.schema.json"


def slug(text: str) -> str:
    """`text` without marks, Đ as D, every run of other characters one hyphen; case kept."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def registry_kind(kind: str) -> str:
    """The kind as the registry names it (KIND_CODES): "Chương trình hành động" -> "Chương trình";
    a kind it does not know stays as written (the checker says so, KH203)."""
    known = [name for name in KIND_CODES if kind.lower() == name.lower() or kind.lower().startswith(name.lower() + " ")]
    return max(known, key=len) if known else kind


def text_name(kind: str, number: str) -> str:
    """The file stem of a document's text and downloads: "Kế hoạch", "32-KH/ĐU" -> "ke-hoach-32-KH-DU"."""
    return f"{slug(kind).lower()}-{slug(number)}"


def default_id(kind: str, number: str) -> str:
    """The id a document gets unless one is given: "Kế hoạch", "32-KH/ĐU" -> "ke-hoach-32"."""
    parsed = docnumber.parse(number)
    serial = parsed.serial if parsed else slug(number).split("-")[0]
    return f"{slug(kind).lower()}-{serial.lower()}"


@dataclass
class Published:
    """A published document of the project: what its pages can cite."""

    id: str
    number: str
    citation_ids: frozenset[str]


def published_documents(project: Project) -> dict[str, Published]:
    """Canonical number -> the published document with that number (each registry entry with a `text`,
    whose official text the model has read)."""
    found: dict[str, Published] = {}
    for doc_id, view in project.views.items():  # one view per published document
        if doc_id and view.plan.number:
            found[view.plan.number] = Published(doc_id, view.plan.number, frozenset(view.official.citation_ids()))
    return found


@dataclass
class Entry:
    """A registry entry to write: its keys in order, and comment lines above them."""

    doc_id: str
    values: dict[str, Any]
    comments: list[str] = field(default_factory=list)
    key_comments: dict[str, str] = field(default_factory=dict)  # key -> a comment line above it

    def yaml(self) -> str:
        lines = [SCHEMA_LINE, *self.comments]
        for key, value in self.values.items():
            if key in self.key_comments:
                lines.append(self.key_comments[key])
            lines.append(_yaml_line(key, value))
        return "\n".join(lines) + "\n"


def _yaml_line(key: str, value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{key}: {value.isoformat()}"  # the loader keeps it a string (kehoach.yamlload)
    if isinstance(value, list) and all(isinstance(item, str) and model.ID_FORM.match(item) for item in value):
        return f"{key}: [{', '.join(value)}]"
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10**6).strip()


@dataclass
class Written:
    """What an import wrote, and what a person must look at."""

    doc_id: str
    name: str
    files: list[str]  # paths relative to the project, in the order written
    review: dict[str, list[str]]  # heading -> lines, in Vietnamese


@dataclass
class Plan:
    """The files of an import, before anything is written."""

    doc_id: str
    name: str
    files: dict[str, bytes]  # path relative to the project -> content
    codeowners: str | None  # the new content of .github/CODEOWNERS, None: no such file
    review: dict[str, list[str]]


def _unit_index(units: Mapping[str, model.Unit]) -> dict[str, str]:
    return {unit.code: unit.id for unit in units.values() if unit.code}


def plan_import(document: ImportedDocument, project: Project, doc_id: str | None = None) -> Plan:
    """Every file an import of `document` into `project` writes, and what it asks a person to check.
    ImportFailed when the document is already there, or no id can be made."""
    header = document.header
    kind = registry_kind(header.kind)
    registry = dict(project.documents)
    by_number = {doc.number: doc for doc in registry.values() if doc.number}
    review: dict[str, list[str]] = {
        "registry": [],
        "units": [],
        "unrecognised": [],
        "cited": [],
        "structure": [],
        "references": [],
        "dropped": [],
    }
    if header.number and header.number in by_number:
        existing = by_number[header.number]
        raise ImportFailed(
            f"Văn bản số {header.number} đã có trong sổ đăng ký với mã «{existing.id}» "
            f"(data/documents/{existing.id}.yml). Nếu đã đăng rồi thì không cần nhập lại. Nếu sổ mới chỉ ghi số "
            f"và ngày của nó (văn bản chưa đăng), hãy xoá tệp data/documents/{existing.id}.yml rồi nhập lại với "
            f"ID={existing.id}, để các trang đang dẫn văn bản này dẫn tới bản vừa đăng."
        )
    if doc_id is None:
        if not header.number:
            raise ImportFailed(
                "Không đọc được số hiệu văn bản ở phần đầu (dòng «Số …»), nên không tự đặt được mã cho văn bản. "
                "Hãy nhập lại và ghi mã, ví dụ: make import FILE=… ID=ke-hoach-05"
            )
        doc_id = default_id(kind, header.number)
    if not model.ID_FORM.match(doc_id):
        raise ImportFailed(
            f"Mã «{doc_id}» không đúng dạng: mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ "
            "«ke-hoach-05»."
        )
    name = text_name(kind, header.number) if header.number else doc_id
    text_taken = [path for path in _targets(doc_id, name)[1:3] if (project.root / path).exists()]
    if text_taken:
        raise ImportFailed(
            f"Đã có bản gốc của văn bản này ({', '.join(text_taken)}): văn bản {_label(header.kind, header.number)} "
            "đã được nhập; lệnh nhập không ghi đè. Nếu bản cũ là của một lần nhập hỏng, hãy xoá các tệp của nó "
            "(git status cho biết những tệp nào) rồi nhập lại."
        )
    taken = [path for path in _targets(doc_id, name) if (project.root / path).exists()]
    if doc_id in registry or taken:
        where = ", ".join(taken) or f"sổ đăng ký (mã «{doc_id}»)"
        raise ImportFailed(
            f"Mã «{doc_id}» đã có trong trang ({where}); lệnh nhập không ghi đè văn bản đã có. Nếu đây là một văn "
            f"bản khác, hãy nhập lại với một mã khác, ví dụ: make import FILE=… ID={doc_id}-moi"
        )

    names = recognise_units(document, project.units)
    codes = _unit_index(project.units)
    issuer_of = {n.role: n for n in names}
    _review_units(names, by_number, review)

    # documents cited by number that the registry does not have: new entries, unverified
    new_entries: dict[str, Entry] = {}
    ids_by_number: dict[str, str] = {number: doc.id for number, doc in by_number.items()}
    own = {header.number} if header.number else set()
    for cited in _each_cited(document):
        if cited.number in ids_by_number or cited.number in own:
            continue
        entry = _cited_entry(cited, document, issuer_of.get(f"issuer:{cited.number}"), codes, project, new_entries)
        if any((project.root / path).exists() for path in _entry_targets(entry.doc_id)):
            continue  # a registry file the model did not read (invalid): the checker says why
        new_entries[entry.doc_id] = entry
        ids_by_number[cited.number] = entry.doc_id
        where = ", ".join(sorted({f"dòng {place.line}" for place in cited.places}, key=_line_key))
        date = cited.date.strftime("%d/%m/%Y") if cited.date else "không ghi ngày"
        issuer_note = (
            "đơn vị ban hành chưa biết: ghi issuer"
            if not entry.values["issuer"]
            else f"đơn vị ban hành «{entry.values['issuer']}»"
            + (" suy ra từ ký hiệu của số hiệu" if "issuer" in entry.key_comments else "")
        )
        review["cited"].append(
            f"data/documents/{entry.doc_id}.yml: {entry.values['kind']} số {cited.number} ({date}; {where}): "
            f"số và ngày ghi theo lời văn, chưa kiểm chứng; {issuer_note}"
        )

    entry = _document_entry(document, doc_id, name, issuer_of, ids_by_number, review)
    # the pages: macro calls for every registered document, the new ones included
    registry[doc_id] = _as_document(entry)
    for new in new_entries.values():
        registry[new.doc_id] = _as_document(new)
    published = published_documents(project)
    targets = {number: (p.id, p.citation_ids) for number, p in published.items()}
    pages = render.render_pages(document, registry, targets)

    # what a person must check
    own_references = [line for line in document.unread if "không có trong văn bản này" in line]
    structure = [line for line in document.unread if line.startswith("dòng ") and line not in own_references]
    header_fields = [line for line in document.unread if line not in own_references and line not in structure]
    review["registry"] = header_fields + review["registry"]
    review["structure"] = structure
    review["references"] = [
        line.replace("văn bản này chưa đăng", "văn bản được dẫn chưa đăng")
        for line in unresolved_references(document, {n: set(p.citation_ids) for n, p in published.items()})
    ] + own_references
    review["references"].sort(key=_line_key)
    review["dropped"] = list(document.notes)
    if document.closing:
        review["dropped"].append(
            f"phần cuối ({document.closing[0]} …, {len(document.closing)} dòng: nơi nhận, chữ ký) giữ nguyên trong "
            "bản gốc và hiện ở trang Bản in, không thành mục"
        )

    files: dict[str, bytes] = {}
    files[f"data/{name}.txt"] = document.official_bytes
    digest = hashlib.sha256(document.official_bytes).hexdigest()
    files[f"data/{name}.sha256"] = f"{digest}  data/{name}.txt\n".encode()
    files[f"data/documents/{doc_id}.yml"] = entry.yaml().encode()
    for new in new_entries.values():
        files[f"data/documents/{new.doc_id}.yml"] = new.yaml().encode()
    proper = proper_words(document)
    menus = {render.OPENING_PAGE: "Mở đầu"}
    menus |= {f"{section.id}.md": menu_title(section.label, section.text, proper) for section in document.sections}
    for page, markdown in pages.items():
        files[f"docs/{doc_id}/{page}"] = f"---\n{_yaml_line('menu', menus[page])}\n---\n\n{markdown}".encode()
    files[f"docs/{doc_id}/{PRINT_PAGE}"] = print_page(_label(header.kind, header.number), document.closing).encode()
    return Plan(doc_id, name, files, _codeowners(project.root, name), review)


def proper_words(document: ImportedDocument) -> set[str]:
    """The words the text writes with a capital inside a sentence ("Đảng", "Sở", "Chi bộ Văn phòng"…)."""
    found: set[str] = set()
    for text in [document.preamble, *(part.text for part in document.parts())]:
        tokens = text.split()
        for before, word in zip(tokens, tokens[1:], strict=False):
            word = word.strip(",.;:()\"'")
            if before[-1:] not in ".:;!?" and len(word) > 1 and word[0].isupper() and word[1:].islower():
                found.add(word)
    return found


def menu_title(label: str, heading: str, proper: set[str]) -> str:
    """A section's short title in the menu: "I.", "MỤC ĐÍCH, YÊU CẦU" -> "I. Mục đích, yêu cầu", as plan 32's
    pages have it; a word the text writes with a capital inside a sentence keeps it ("Đảng", "Sở")."""
    if heading != heading.upper():
        return f"{label} {heading}"
    words = []
    for index, word in enumerate(heading.split()):
        core = word.strip(",.;:()\"'")
        lowered = word.lower()
        if index == 0 or core.capitalize() in proper:
            lowered = lowered.replace(core.lower(), core.capitalize(), 1)
        words.append(lowered)
    return f"{label} {' '.join(words)}"


def _line_key(text: str) -> int:
    """The line a review line names first ("dòng 27: …"), 0 if none."""
    match = re.search(r"dòng (\d+)", text)
    return int(match[1]) if match else 0


def _each_cited(document: ImportedDocument) -> Iterable[CitedDocument]:
    seen: set[str] = set()
    for cited in [*document.implements, *document.cited]:
        if cited.number not in seen:
            seen.add(cited.number)
            yield next((c for c in document.cited if c.number == cited.number), cited)


def _targets(doc_id: str, name: str) -> list[str]:
    return [f"docs/{doc_id}", f"data/{name}.txt", f"data/{name}.sha256", *_entry_targets(doc_id)]


def _entry_targets(doc_id: str) -> list[str]:
    return [f"data/documents/{doc_id}.yml"]


def _label(kind: str, number: str | None) -> str:
    return f"{kind} số {number}" if number else kind


def _review_units(names: list[UnitName], registered: Iterable[str], review: dict[str, list[str]]) -> None:
    registered = set(registered)
    roles = {"issuer": "cơ quan ban hành", "superior": "cấp trên"}
    for name in names:
        if name.role.removeprefix("issuer:") in registered:
            continue  # a document the registry has: its issuer is known
        role = roles.get(name.role) or f"cơ quan ban hành văn bản số {name.role.removeprefix('issuer:')}"
        if name.unit_id:
            review["units"].append(f"«{name.written}» ({role}): đơn vị «{name.unit_id}» của data/units.yml")
        else:
            review["unrecognised"].append(
                f"«{name.written}» ({role}): không có đơn vị nào tên như vậy trong data/units.yml (kể cả tên khác "
                "ở aliases)"
            )


def _document_entry(
    document: ImportedDocument,
    doc_id: str,
    name: str,
    issuer_of: Mapping[str, UnitName],
    ids_by_number: Mapping[str, str],
    review: dict[str, list[str]],
) -> Entry:
    header = document.header
    entry = Entry(doc_id, {})
    where = f"data/documents/{doc_id}.yml"
    values = entry.values
    values["number"] = header.number
    values["kind"] = registry_kind(header.kind)
    if values["kind"] != header.kind:
        review["registry"].append(
            f"{where}: kind «{values['kind']}» là loại văn bản của sổ ứng với tên loại «{header.kind_line}» ở phần đầu"
        )
    values["date"] = header.date
    issuer = issuer_of.get("issuer")
    if issuer and issuer.unit_id:
        values["issuer"] = issuer.unit_id
    else:
        written = header.issuer or "?"
        values["issuer"] = slug(written).lower() or "chua-ro"
        entry.key_comments["issuer"] = (
            f"# chưa nhận ra đơn vị ban hành «{written}»: thêm đơn vị này vào data/units.yml với mã dưới đây, "
            "hoặc sửa thành mã của đơn vị đúng"
        )
        review["registry"].append(
            f"{where}: issuer «{values['issuer']}» là mã đặt tạm theo tên «{written}» ở phần đầu; thêm đơn vị vào "
            "data/units.yml hoặc sửa mã"
        )
    superior = issuer_of.get("superior")
    if superior and superior.unit_id:
        values["superior"] = superior.unit_id
    elif header.superior:
        review["registry"].append(
            f"{where}: không ghi superior (cấp trên «{header.superior}» chưa có trong data/units.yml)"
        )
    if header.place:
        values["place"] = header.place
    values["text"] = name
    values["title"] = header.subject or None
    values["implements"] = [ids_by_number[d.number] for d in document.implements if d.number in ids_by_number]
    if header.date is None:
        review["registry"].append(f"{where}: date để trống (null): ghi ngày ban hành theo bản đã ký")
    return entry


def _cited_entry(
    cited: CitedDocument,
    document: ImportedDocument,
    issuer: UnitName | None,
    codes: Mapping[str, str],
    project: Project,
    planned: Mapping[str, Entry],
) -> Entry:
    parsed = docnumber.parse(cited.number)
    kind = cited.kind if cited.kind and cited.kind.split()[0] in _KIND_WORDS else None
    kind = kind or (KINDS_BY_CODE.get(parsed.type) if parsed else None) or "Văn bản"
    doc_id = default_id(kind, cited.number)
    if doc_id in project.documents or doc_id in planned:
        doc_id = f"{doc_id}-{slug(parsed.issuer).lower()}" if parsed else f"{doc_id}-2"
    lines = sorted({place.line for place in cited.places})
    own = f"{document.header.kind} số {document.header.number}" if document.header.number else "văn bản nhập"
    entry = Entry(doc_id, {})
    entry.comments = [
        f"{UNVERIFIED}: số hiệu và ngày ghi theo lời văn của {own} (dòng {', '.join(map(str, lines))} bản gốc);",
        "# trích yếu và các điều khác chỉ ghi khi đã kiểm chứng, kèm khoá source.",
    ]
    values = entry.values
    values["number"] = cited.number
    values["kind"] = kind
    values["date"] = cited.date
    if issuer and issuer.unit_id:
        values["issuer"] = issuer.unit_id
    elif parsed and parsed.issuer in codes:
        values["issuer"] = codes[parsed.issuer]
        entry.key_comments["issuer"] = (
            f"# đơn vị ban hành suy ra từ ký hiệu «{parsed.issuer}» của số hiệu (code trong data/units.yml)"
        )
    else:
        written = cited.issuer_written or (parsed.issuer if parsed else "?")
        values["issuer"] = ""
        entry.key_comments["issuer"] = (
            f"# chưa biết đơn vị ban hành (ký hiệu «{written}»): ghi mã đơn vị của data/units.yml"
        )
    values["title"] = None
    values["implements"] = []
    return entry


_KIND_WORDS = {kind.split()[0] for kind in KIND_CODES} | {"Chương", "Đề", "Phương", "Công", "Điều", "Lời"}


def _as_document(entry: Entry) -> Document:
    values = entry.values
    return Document(
        id=entry.doc_id,
        number=values.get("number"),
        kind=values["kind"],
        date=values.get("date"),
        issuer=values.get("issuer") or "",
        title=values.get("title"),
        implements=tuple(values.get("implements", [])),
    )


def print_page(label: str, closing: list[str] | None = None) -> str:
    """The print page of a document, as plan 32's (front matter, then the macro that writes the text),
    then the document's closing as the official text has it ("Nơi nhận" and its list, the signature
    block): shown on the print page and in its Word copy, not made into sections."""
    lines: list[str] = []
    for line in closing or []:
        if plantext.CLOSING_MARK.match(line):
            lines += [f"- {render.escape(plantext.CLOSING_MARK.sub('', line))}"]
        else:
            if lines and lines[-1].startswith("- "):
                lines.append("")
            lines += [render._start(render.escape(line)), ""]
    block = "\n" + "\n".join(lines).rstrip("\n") + "\n" if lines else ""
    return (
        "---\n"
        "title: Bản in\n"
        f'description: "Toàn văn {label} trên một trang, trình bày để in khổ A4 theo thể thức văn bản của Đảng; '
        'kèm bản Word để tải về."\n'
        "# The whole document for printing (scripts/kehoach/printing.py). Left out of search: the section\n"
        "# pages already hold the same text, and results should lead there.\n"
        "kh_print_plan: true\n"
        "search:\n"
        "  exclude: true\n"
        "---\n"
        "\n"
        "{{ print_plan() }}\n" + block
    )


def _codeowners(root: Path, name: str) -> str | None:
    """.github/CODEOWNERS with the new text and its pin owned as the other official texts are: after the
    last of their lines, else before the first line of data/ (None: the file has no owner line)."""
    path = root / CODEOWNERS
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").split("\n")
    owned = re.compile(r"^(?P<path>/\S+)(?P<gap>\s+)(?P<owners>@\S.*)$")
    texts = [i for i, line in enumerate(lines) if re.match(r"^/data/[^/\s]+\.(?:txt|sha256)\s", line)]
    data = [i for i, line in enumerate(lines) if line.startswith("/data/") and owned.match(line)]
    anywhere = [i for i, line in enumerate(lines) if owned.match(line)]
    if not anywhere:
        return None
    match = owned.match(lines[texts[-1] if texts else (data or anywhere)[0]])
    assert match is not None
    width = max(len(match["path"]) + len(match["gap"]), len(f"/data/{name}.sha256") + 2)
    new = [f"{f'/data/{name}.{ext}':<{width}}{match['owners']}" for ext in ("txt", "sha256")]
    at = texts[-1] + 1 if texts else (data[0] if data else len(lines))
    return "\n".join(lines[:at] + new + lines[at:])


def write_plan(root: Path, plan: Plan) -> list[str]:
    """Write the files of `plan` under `root`: all of them, or none. ImportFailed if a target exists."""
    root = Path(root)
    taken = sorted({_top(path) for path in plan.files if (root / _top(path)).exists()})
    if taken:
        raise ImportFailed(
            f"Đã có {', '.join(taken)}: lệnh nhập không ghi đè. Hãy nhập lại với một mã khác (ID=…), hoặc xoá "
            "các tệp đó nếu chúng là của một lần nhập hỏng."
        )
    try:
        staging = Path(tempfile.mkdtemp(prefix=".kehoach-import-", dir=root))
    except OSError as error:
        raise ImportFailed(
            f"Không ghi được vào thư mục dự án «{root}» ({error.strerror or error}). Hãy kiểm tra quyền ghi, rồi "
            "nhập lại."
        ) from None
    moved: list[Path] = []
    try:
        for path, content in plan.files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if plan.codeowners is not None:
            (staging / "CODEOWNERS").write_text(plan.codeowners, encoding="utf-8")
        for top in dict.fromkeys(_top(path) for path in plan.files):
            destination = root / top
            destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.exists():
                raise ImportFailed(f"«{top}» vừa được tạo trong lúc nhập; không ghi đè. Hãy nhập lại.")
            os.rename(staging / top, destination)
            moved.append(destination)
        if plan.codeowners is not None:
            os.replace(staging / "CODEOWNERS", root / CODEOWNERS)
    except BaseException as error:
        for done in reversed(moved):
            shutil.rmtree(done) if done.is_dir() else done.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ImportFailed(
                f"Không ghi được các tệp vào thư mục dự án ({error.strerror or error}); những gì đã ghi đã được "
                "xoá lại. Hãy kiểm tra chỗ trống trên đĩa và quyền ghi, rồi nhập lại."
            ) from None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = list(plan.files)
    if plan.codeowners is not None:
        written.append(CODEOWNERS)
    return written


def _top(path: str) -> str:
    """What is moved into place for `path`: the document's page folder, else the file itself."""
    return "/".join(path.split("/")[:2]) if path.startswith("docs/") else path

"""YAML mistakes editors make, on every data file: the first finding is KH101 at the line (and column)
the editor must change, in Vietnamese, naming the fix; never the parser's English, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach.checks import check_project
from kehoach.model import DATA_FILES, load_project
from kehoach.yamlload import load_yaml
from support.amendments import AMENDMENT_WITH_DECISION
from support.project import ROOT, copy_project

# The key each test breaks in each list file: a line in the middle of an entry.
TARGET_KEY = {"units": "parent", "deadlines": "owner", "amendments": "section"}
ENGLISH = re.compile(r"\b(expected|found|while|could not|mapping|scanning|block|token)\b")


def data_text(name: str) -> str:
    text = (ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8")
    if name == "amendments":
        text = re.sub(r"^\[\]\s*$", "", text, flags=re.M) + AMENDMENT_WITH_DECISION
    return text


def target(lines: list[str], name: str) -> int:
    """The index of the line of TARGET_KEY in the last entry of the file."""
    return max(i for i, line in enumerate(lines) if line.startswith(f"  {TARGET_KEY[name]}: "))


def last_key_line(lines: list[str]) -> int:
    """The index of the last key line of the last entry."""
    return max(i for i, line in enumerate(lines) if re.match(r"  \w+: ", line))


def first_finding(tmp_path: Path, name: str, text: str) -> tuple:
    copy = copy_project(tmp_path / "project")
    (copy / "data" / f"{name}.yml").write_text(text, encoding="utf-8")
    findings = check_project(load_project(copy))
    assert findings, "the mistake must be reported"
    first = findings[0]
    assert not ENGLISH.search(first.message), first.message
    return first.path, first.line, first.col, first.code, first.message


def mistake(name: str, kind: str) -> tuple[str, int, int, str]:
    """(broken text, expected line, expected column, words the message must hold)."""
    lines = data_text(name).split("\n")
    i = target(lines, name)
    key, value = lines[i].strip().split(": ", 1)
    if kind == "missing colon":
        lines[i] = f"  {key} {value}"
        return "\n".join(lines), i + 1, 3 + len(key), f"thiếu dấu hai chấm sau «{key}»: viết «{key}: {value}»"
    if kind == "missing colon, last key":
        j = last_key_line(lines)
        last_key, last_value = lines[j].strip().split(": ", 1)
        lines[j] = f"  {last_key} {last_value}"
        return "\n".join(lines), j + 1, 3 + len(last_key), f"thiếu dấu hai chấm sau «{last_key}»"
    if kind in ("one space too many", "three spaces", "one space too few", "no indentation"):
        spaces = {"one space too many": 3, "three spaces": 3, "one space too few": 1, "no indentation": 0}[kind]
        lines[i] = " " * spaces + lines[i].lstrip()
        return "\n".join(lines), i + 1, 1, f"khoá «{key}»" if spaces else "thụt lề 2 dấu cách như các dòng trên"
    if kind == "tab":
        lines[i] = "\t" + lines[i].lstrip()
        return "\n".join(lines), i + 1, 1, "Tab"
    if kind == "unclosed quote":
        lines[i] = f'  {key}: "{value}'
        return "\n".join(lines), i + 1, 5 + len(key), 'ngoặc kép «"» mở ở đây chưa được đóng'
    if kind == "unclosed bracket":
        lines[i] = f"  {key}: [{value}"
        return "\n".join(lines), i + 1, 5 + len(key), "dấu «[» mở ở đây chưa được đóng: thêm «]»"
    if kind == "list item misaligned":
        j = max(k for k, line in enumerate(lines) if line.startswith("- id: "))
        lines[j] = " " + lines[j]
        return "\n".join(lines), j + 1, 1, "dấu gạch đầu dòng «-» thụt lề 1 dấu cách"
    if kind == "colon in a value":
        lines[i] = f"  {key}: Ghi chú: {value}"
        return "\n".join(lines), i + 1, 5 + len(key), f'viết «{key}: "Ghi chú: {value}"»'
    raise AssertionError(kind)


KINDS = [
    "missing colon",
    "missing colon, last key",
    "one space too many",
    "three spaces",
    "one space too few",
    "no indentation",
    "tab",
    "unclosed quote",
    "unclosed bracket",
    "list item misaligned",
    "colon in a value",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", DATA_FILES)
def test_a_yaml_mistake_is_reported_at_its_line_with_its_fix(tmp_path, name, kind):
    text, line, col, words = mistake(name, kind)
    path, found_line, found_col, code, message = first_finding(tmp_path, name, text)
    assert (path, found_line, found_col, code) == (f"data/{name}.yml", line, col, "KH101"), message
    assert message.startswith("lỗi cú pháp YAML: ") and words in message, message


def test_the_issues_own_rows(tmp_path):
    """A key without its colon in units.yml is reported at its own line, not the next one; a key indented
    one space reads "thụt lề 2 dấu cách như các dòng trên"; three spaces do not blame a colon."""
    lines = data_text("units").split("\n")
    i = lines.index("  parent: dang-cong-san-viet-nam")
    broken = lines[:i] + ["  parent dang-cong-san-viet-nam"] + lines[i + 1 :]
    assert first_finding(tmp_path / "a", "units", "\n".join(broken))[:4] == ("data/units.yml", i + 1, 9, "KH101")
    assert "thiếu dấu hai chấm sau «parent»" in first_finding(tmp_path / "b", "units", "\n".join(broken))[4]
    for spaces in (1, 3):
        broken = lines[:i] + [" " * spaces + "parent: dang-cong-san-viet-nam"] + lines[i + 1 :]
        path, line, col, code, message = first_finding(tmp_path / f"s{spaces}", "units", "\n".join(broken))
        assert (path, line, col, code) == ("data/units.yml", i + 1, 1, "KH101")
        assert message.endswith("thụt lề 2 dấu cách như các dòng trên"), message
        assert "ngoặc kép" not in message


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_key_of_every_entry_misindented_is_reported_at_its_own_line(tmp_path, name):
    """Not fixture-shaped: each key line of the file, one or three spaces, too few or none."""
    lines = data_text(name).split("\n")
    path = tmp_path / f"{name}.yml"
    key_lines = [i for i, line in enumerate(lines) if re.match(r"  \w+: ", line)]
    assert len(key_lines) >= 5
    for i in key_lines:
        key = lines[i].strip().split(":")[0]
        for spaces in (0, 1, 3, 4):
            broken = lines[:i] + [" " * spaces + lines[i].strip()] + lines[i + 1 :]
            path.write_text("\n".join(broken), encoding="utf-8")
            findings = load_yaml(path, f"data/{name}.yml").findings
            assert findings, (i, spaces)
            first = findings[0]
            assert (first.line, first.col, first.code) == (i + 1, 1, "KH101"), (spaces, first.as_text())
            assert f"khoá «{key}»" in first.message and "thụt lề 2 dấu cách như các dòng trên" in first.message


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_key_without_its_colon_is_reported_at_its_own_line(tmp_path, name):
    lines = data_text(name).split("\n")
    path = tmp_path / f"{name}.yml"
    for i, line in enumerate(lines):
        match = re.match(r"(- |  )(\w+): (\S.*)$", line)
        if not match:
            continue
        broken = lines[:i] + [f"{match[1]}{match[2]} {match[3]}"] + lines[i + 1 :]
        path.write_text("\n".join(broken), encoding="utf-8")
        findings = load_yaml(path, f"data/{name}.yml").findings
        if not findings and ": " in match[3]:
            # YAML reads «source "…: …"» as one long key: the model says what is missing
            copy = copy_project(tmp_path / f"p{i}") if not (tmp_path / f"p{i}").exists() else tmp_path / f"p{i}"
            (copy / "data" / f"{name}.yml").write_text("\n".join(broken), encoding="utf-8")
            findings = check_project(load_project(copy))
        first = findings[0]
        assert (first.line, first.col, first.code) == (i + 1, 3 + len(match[2]), "KH101"), first.as_text()
        assert f"thiếu dấu hai chấm sau «{match[2]}»" in first.message


def test_a_nested_block_is_held_to_its_own_indentation(tmp_path):
    block = AMENDMENT_WITH_DECISION.replace(
        "  decision: {number: 45-QĐ/ĐU, date: 2024-02-28}", "  decision:\n    number: 45-QĐ/ĐU\n    date: 2024-02-28"
    )
    path = tmp_path / "amendments.yml"
    path.write_text(block, encoding="utf-8")
    assert load_yaml(path, "data/amendments.yml").findings == []
    path.write_text(block.replace("    date: 2024-02-28", "     date: 2024-02-28"), encoding="utf-8")
    first = load_yaml(path, "data/amendments.yml").findings[0]
    assert (first.line, first.col) == (6, 1)
    assert first.message.endswith("thụt lề 4 dấu cách như các dòng trên")


@pytest.mark.parametrize(
    "text, line, col, words",
    [
        ('- id: a\n  name: "Ban "Chấp" hành"\n', 2, 15, "viết «name: 'Ban \"Chấp\" hành'»"),
        (
            "- id: a\n  name: @Ban\n",
            2,
            9,
            'không được bắt đầu bằng «@»: đặt cả giá trị trong ngoặc kép, viết «name: "@Ban"»',
        ),
        ("- id: a\n  name:Ban\n", 2, 8, "thiếu dấu cách sau dấu hai chấm của «name»: viết «name: Ban»"),
        ("-id: a\n- id: b\n", 1, 2, "sau dấu gạch đầu dòng «-» cần một dấu cách: viết «- id: a»"),
        ("- id: a\n  name: x\n  aliases: [a, b\n- id: b\n", 3, 12, "dấu «[» mở ở đây chưa được đóng"),
        ('- id: a\n  name: "x\n  code: "TW"\n', 2, 9, 'ngoặc kép «"» mở ở đây chưa được đóng'),
        ("- id: a\n  name: x\n  \tcode: TW\n", 3, 3, "có ký tự Tab"),
        (
            "- id: a\n  aliases:\n    - A\n   - B\n",
            4,
            1,
            "«-» thụt lề 3 dấu cách, các mục cùng cấp ở các dòng trên thụt lề 4",
        ),
        ("- id: a\n  aliases:\n    - A\n     - B: c\n", 4, 1, "«-» thụt lề 5 dấu cách"),
        ("- id: a\n  aliases: [A]]\n", 2, 15, "thừa dấu «]»"),
        ("- id: a\n  assigned: [muc-i]ii-1]\n", 2, 20, "sau dấu «]» đóng còn chữ «ii-1]»"),
        (
            "# Ghi chú\nbị xuống dòng\n- id: a\n",
            2,
            1,
            "dòng này nằm ngoài mọi mục của tệp: nếu là lời ghi chú, bắt đầu",
        ),
        (": # ghi chú\n- id: a\n", 1, 1, "thừa ký tự «:» ở đầu dòng"),
        ("- id: a\n!  name: b\n", 2, 1, "thừa ký tự «!» ở đầu dòng"),
        ('- id: a\n  source: "https://x.vn\\đ"\n', 2, 24, "dấu «\\» mở đầu một ký tự đặc biệt"),
        ("- id:a\n  name: x\n", 1, 6, "thiếu dấu cách sau dấu hai chấm của «id»: viết «id: a»"),
        ("- id: a\n  decision {number: 45-QĐ/ĐU, date: 2024-02-28}\n", 2, 11, "thiếu dấu hai chấm sau «decision»"),
    ],
)
def test_other_mistakes_of_the_same_families(tmp_path, text, line, col, words):
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    first = load_yaml(path, "data/units.yml").findings[0]
    assert (first.line, first.col, first.code) == (line, col, "KH101"), first.as_text()
    assert words in first.message and not ENGLISH.search(first.message), first.message


def test_no_input_makes_the_explanation_fail(tmp_path):
    """Whatever the bytes, a finding in Vietnamese and no exception (a sweep of one-character edits)."""
    text = data_text("units")[:1200]
    path = tmp_path / "units.yml"
    for position in range(0, len(text), 7):
        for char in ":-\t\"'[{ #*&!|>":
            path.write_text(text[:position] + char + text[position:], encoding="utf-8")
            for finding in load_yaml(path, "data/units.yml").findings:
                assert not ENGLISH.search(finding.message), finding.as_text()


# --- an entry file of a registry (data/documents/<id>.yml): one mapping, its keys at the line start ---

ENTRY = "data/documents/kh-113-duk.yml"


@pytest.mark.parametrize(
    "old, new, col, words",
    [
        ("kind: Kế hoạch", "kind Kế hoạch", 5, "thiếu dấu hai chấm sau «kind»: viết «kind: Kế hoạch»"),
        ("kind: Kế hoạch", "kind:Kế hoạch", 6, "thiếu dấu cách sau dấu hai chấm của «kind»: viết «kind: Kế hoạch»"),
        (
            "kind: Kế hoạch",
            " kind: Kế hoạch",
            1,
            "khoá «kind» thụt lề 1 dấu cách, các khoá cùng cấp ở các dòng trên thụt lề 0: "
            "không thụt lề (viết sát đầu dòng) như các dòng trên",
        ),
        ("kind: Kế hoạch", "  kind: Kế hoạch", 1, "khoá «kind» thụt lề 2 dấu cách"),
        ("kind: Kế hoạch", "\tkind: Kế hoạch", 1, "có ký tự Tab ở đầu dòng; YAML chỉ thụt lề bằng dấu cách"),
        ("kind: Kế hoạch", 'kind: "Kế hoạch', 7, 'ngoặc kép «"» mở ở đây chưa được đóng'),
        ("implements: [nq-43-tw]", "implements: [nq-43-tw", 13, "dấu «[» mở ở đây chưa được đóng: thêm «]»"),
        ("kind: Kế hoạch", "kind: Ghi chú: Kế hoạch", 7, 'viết «kind: "Ghi chú: Kế hoạch"»'),
    ],
)
def test_a_yaml_mistake_in_an_entry_file_is_reported_at_its_line_with_its_fix(tmp_path, old, new, col, words):
    """The file is one entry: its keys sit at the start of the line, none is «outside every entry»."""
    copy = copy_project(tmp_path / "project")
    path = copy / ENTRY
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index(old) + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    first = check_project(load_project(copy))[0]
    assert (first.path, first.line, first.col, first.code) == (ENTRY, line, col, "KH101"), first.as_text()
    assert words in first.message and "- id" not in first.message, first.message
    assert not ENGLISH.search(first.message), first.message


def test_every_key_of_every_document_file_without_its_colon_is_reported_at_its_own_line(tmp_path):
    files = sorted((ROOT / "data" / "documents").glob("*.yml"))
    assert len(files) > 5
    for source in files:
        lines = source.read_text(encoding="utf-8").split("\n")
        path = tmp_path / source.name
        for i, line in enumerate(lines):
            match = re.match(r"(\w+): (\S.*)$", line)
            if not match or ": " in match[2]:
                continue
            broken = lines[:i] + [f"{match[1]} {match[2]}"] + lines[i + 1 :]
            path.write_text("\n".join(broken), encoding="utf-8")
            first = load_yaml(path, f"data/documents/{source.name}", one_entry=True).findings[0]
            assert (first.line, first.col, first.code) == (i + 1, 1 + len(match[1]), "KH101"), first.as_text()
            assert f"thiếu dấu hai chấm sau «{match[1]}»" in first.message

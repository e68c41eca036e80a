"""The cross-reference checker: each rule on its fixture, the whole CLI, bad input, the build hook."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach import cli
from kehoach.checks import check_project
from support.checker import FIXTURES, bad_cases, expected, findings_text, make_fixture
from support.project import copy_project, mkdocs_build

BAD_CASES = bad_cases()
KEHOACH_CHECK = Path(sys.executable).parent / "kehoach-check"  # the console script `make setup` installs
FINDING_LINE = re.compile(r"^(docs|data)/[^:]+:\d+:\d+: KH\d{3} ")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KEHOACH_CHECK), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )


# --- one test per rule ---------------------------------------------------------------------------


def test_good_fixture_has_no_finding(tmp_path):
    # its code fence and inline code carry 99-NQ/TW, 31/02/2024 and mojibake: all skipped
    assert findings_text(make_fixture(tmp_path / "good")) == []


@pytest.mark.parametrize("case", BAD_CASES)
def test_rule_reports_its_mistake(tmp_path, case):
    assert findings_text(make_fixture(tmp_path / case, case)) == expected(case)


def test_real_project_has_no_finding(project):
    assert [f.as_text() for f in check_project(project)] == []


# --- the whole CLI -------------------------------------------------------------------------------

DATE_CASE = "KH403-date-mismatch"
DATE_MESSAGE = (
    "«43-NQ/TW» ghi ngày 25/11/2023 nhưng sổ văn bản ghi ngày 24/11/2023 (data/documents/nq-43-tw.yml); sửa cho khớp"
)


# The date case also changes a word of the plan: one cause, one message (KH403, not a second KH710).


def test_cli_text(tmp_path):
    result = run_cli("--root", str(make_fixture(tmp_path / "p", DATE_CASE)))
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        f"docs/ke-hoach-32/muc-i.md:3:38: KH403 {DATE_MESSAGE}\n",
        "Có 1 lỗi, 0 cảnh báo.\n",
    )


def test_cli_json(tmp_path):
    result = run_cli("--root", str(make_fixture(tmp_path / "p", DATE_CASE)), "--format", "json")
    assert (result.returncode, result.stderr) == (1, "Có 1 lỗi, 0 cảnh báo.\n")
    assert json.loads(result.stdout) == [
        {
            "path": "docs/ke-hoach-32/muc-i.md",
            "line": 3,
            "col": 38,
            "code": "KH403",
            "severity": "error",
            "message": DATE_MESSAGE,
        }
    ]


def test_cli_github(tmp_path):
    result = run_cli("--root", str(make_fixture(tmp_path / "p", DATE_CASE)), "--format", "github")
    lines = result.stdout.splitlines()
    assert (result.returncode, lines, result.stderr) == (
        1,
        [f"::error file=docs/ke-hoach-32/muc-i.md,line=3,col=38,title=KH403::KH403 {DATE_MESSAGE}"],
        "Có 1 lỗi, 0 cảnh báo.\n",
    )


def test_cli_clean_project_and_warnings_exit_zero(tmp_path):
    clean = run_cli("--root", str(make_fixture(tmp_path / "good")))
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "Không có lỗi.\n")
    warned = run_cli("--root", str(make_fixture(tmp_path / "warn", "KH406-unused")), "--format", "github")
    assert warned.returncode == 0
    assert warned.stdout.startswith(
        "::warning file=data/documents/ct-05-tw.yml,line=1,col=1,title=KH406::KH406 văn bản «ct-05-tw»"
    )
    assert warned.stderr == "Có 0 lỗi, 1 cảnh báo.\n"


def test_cli_cannot_run(tmp_path):
    usage = run_cli("--format", "xml")
    assert (usage.returncode, usage.stdout) == (2, "")
    assert usage.stderr.startswith("kehoach-check: tham số không hợp lệ (argument --format: invalid choice: 'xml'")
    assert "--format {text,json,github}" in usage.stderr
    nowhere = run_cli("--root", str(tmp_path / "khong-co"))
    assert (nowhere.returncode, nowhere.stdout) == (2, "")
    assert nowhere.stderr == (
        f"kehoach-check: «{tmp_path / 'khong-co'}» không phải thư mục dự án "
        "(cần có thư mục data/ và docs/); chỉ đúng thư mục bằng --root\n"
    )


def test_cli_reports_a_missing_data_file(tmp_path):
    """(Was a build test: the build runs the same checker and stops on its errors.)"""
    root = make_fixture(tmp_path / "p")
    (root / "data" / "deadlines.yml").unlink()
    result = run_cli("--root", str(root))
    assert result.returncode == 1
    assert "data/deadlines.yml" in result.stdout and "KH100" in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_reports_a_broken_schema_without_traceback(tmp_path):
    root = make_fixture(tmp_path / "p")
    (root / "data" / "schema" / "units.schema.json").write_text("{", encoding="utf-8")
    result = run_cli("--root", str(root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("kehoach-check: không đọc được dự án")


# --- corrupted input: a clean finding, never a traceback -----------------------------------------

EDITABLE = [
    "data/documents/ke-hoach-32.yml",
    "data/documents/kh-187-tu.yml",
    "data/units.yml",
    "data/deadlines.yml",
    "data/amendments.yml",
    "docs/ke-hoach-32/muc-i.md",
    "docs/ke-hoach-32/index.md",
]
PIECES = list(":-[]{}&*!|>'\"#%@`, \n\t\x01\x85\u00a0\u200b\ufeff§¶ûđĐảệ01aZ()") + [
    "- id: x\n",
    "  implements: [",
    '{{ doc_number("',
    "ngày 31/02/2024",
    "43 - NQ/TW",
    "parent: dang-uy-so",
    "{ #muc-i-1 }",
    "của Ban Thường vụ Tỉnh uỷ",
]
NOISE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@st.composite
def corruption(draw):
    file = draw(st.sampled_from(EDITABLE))
    original = (FIXTURES / "good" / file).read_text(encoding="utf-8")
    how = draw(st.sampled_from(["insert", "delete", "replace", "bytes"]))
    at = draw(st.integers(0, len(original)))
    if how == "insert":
        return file, (original[:at] + draw(NOISE) + original[at:]).encode()
    if how == "delete":
        return file, (original[:at] + original[at + draw(st.integers(1, 80)) :]).encode()
    if how == "replace":
        return file, draw(NOISE).encode()
    return file, original.encode()[:at] + draw(st.binary(max_size=8)) + original.encode()[at:]


@settings(
    max_examples=int(os.environ.get("KH_FUZZ_EXAMPLES", 50)),
    deadline=None,
    derandomize=not os.environ.get("KH_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(corruption())
def test_corrupted_input_gives_findings_never_a_traceback(change):
    file, content = change
    with tempfile.TemporaryDirectory() as tmp:
        root = make_fixture(Path(tmp) / "p")
        (root / file).write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--root", str(root)], stdout=out, stderr=err)
    assert code in {0, 1, 2}
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert "lỗi nội bộ" not in err.getvalue()  # a data mistake is the editor's to fix, not a crash
    assert all(FINDING_LINE.match(line) for line in out.getvalue().splitlines()), out.getvalue()


# --- the build: same checker, same message, nothing published ------------------------------------


@pytest.mark.build
def test_build_fails_with_the_checkers_message(tmp_path):
    site_copy = copy_project(tmp_path / "project")
    index = site_copy / "docs" / "ke-hoach-32" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            '(Nghị quyết số {{ doc_number("nq-43-tw") }})', "(Nghị quyết số 44-NQ/TW)"
        ),
        encoding="utf-8",
    )
    cli = run_cli("--root", str(site_copy))
    assert cli.returncode == 1
    assert "docs/ke-hoach-32/index.md:7:" in cli.stdout  # after the front matter (menu)
    assert "KH710" not in cli.stdout  # the changed word is the mistyped number: one cause, one message
    assert "KH401 số hiệu «44-NQ/TW» không có trong sổ văn bản data/documents/" in cli.stdout
    build = mkdocs_build(site_copy, tmp_path / "site")
    assert build.returncode != 0
    assert cli.stdout.strip() in build.stderr
    assert "Traceback" not in build.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.build
def test_build_reports_an_unreadable_page_instead_of_a_traceback(tmp_path):
    site_copy = copy_project(tmp_path / "project")
    (site_copy / "docs" / "ghi-chu.md").write_bytes("# Ghi chú\n".encode("cp1258"))  # Windows-1258, not UTF-8
    build = mkdocs_build(site_copy, tmp_path / "site")
    assert build.returncode != 0
    assert (
        "docs/ghi-chu.md:1:9: KH600 tệp không phải văn bản UTF-8 (byte 0xFA); lưu lại tệp với mã hoá UTF-8"
        in build.stderr
    )
    assert "Traceback" not in build.stderr
    assert not (tmp_path / "site" / "index.html").exists()

"""The registries kept one entry per file (data/documents/<id>.yml, data/reports/<id>.yml): two pull
requests that each add an entry merge without a conflict; what the folders may hold, and the loader's
message for each thing they may not, at its file, line and column."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach.checks import check_project
from kehoach.macros import page_macros
from kehoach.model import Report, load_project
from kehoach.pages import read_pages
from support.checker import make_fixture
from support.project import ROOT, copy_project
from support.registry import write_entry, write_report

REPORT = "unit: chi-bo\nnumber: {number}\ndate: 2024-06-20\ntitle: Báo cáo kết quả thực hiện\ncovers: [muc-i-2]\n"
DOCUMENT = (
    "number: {number}\nkind: Chỉ thị\ndate: 2016-05-15\nissuer: ban-chap-hanh-trung-uong\ntitle: null\nimplements: []\n"
)


def found(root: Path) -> list[str]:
    return [f.as_text() for f in check_project(load_project(root))]


# --- two pull requests, each adding an entry, merge cleanly ------------------------------------------


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Biên tập viên",
        "GIT_AUTHOR_EMAIL": "bien-tap@example.invalid",
        "GIT_COMMITTER_NAME": "Biên tập viên",
        "GIT_COMMITTER_EMAIL": "bien-tap@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_branches_each_adding_a_document_and_a_report_merge_without_conflict(tmp_path):
    root = make_fixture(tmp_path / "kho")
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    git(root, "add", "-A")
    assert git(root, "commit", "-q", "-m", "Bộ mẫu").returncode == 0
    added = {
        "a": ("ct-05-tw", "05-CT/TW", "bc-chi-bo-2024-06", "07-BC/CB"),
        "b": ("ct-06-tw", "06-CT/TW", "bc-chi-bo-2024-12", "08-BC/CB"),
    }
    for branch, (doc_id, doc_number, report_id, report_number) in added.items():
        git(root, "switch", "-q", "-c", branch, "main")
        write_entry(root, "documents", doc_id, DOCUMENT.format(number=doc_number))
        write_report(root, report_id, REPORT.format(number=report_number))
        git(root, "add", "-A")
        assert git(root, "commit", "-q", "-m", f"Thêm {doc_id}, {report_id}").returncode == 0
    git(root, "switch", "-q", "main")
    assert git(root, "merge", "-q", "--no-edit", "a").returncode == 0
    merge = git(root, "merge", "--no-edit", "b")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "CONFLICT" not in merge.stdout + merge.stderr
    project = load_project(root)
    assert {"ct-05-tw", "ct-06-tw"} <= set(project.documents)
    assert list(project.reports) == ["bc-chi-bo-2024-06", "bc-chi-bo-2024-12"]
    # both added documents are cited by no page: a warning each, and nothing else
    assert [f.split(" KH")[1][:3] for f in found(root)] == ["406", "406"]


def test_the_same_two_additions_to_one_list_file_would_conflict(tmp_path):
    """Why the registries are folders: two branches appending to the same list file conflict."""
    root = tmp_path / "kho"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "reports.yml").write_text("[]\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Sổ trống")
    for branch in ("a", "b"):
        git(root, "switch", "-q", "-c", branch, "main")
        (root / "reports.yml").write_text(f"- id: bc-{branch}\n  unit: chi-bo\n", encoding="utf-8")
        git(root, "commit", "-q", "-am", branch)
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "a")
    assert git(root, "merge", "--no-edit", "b").returncode != 0


# --- the entries and the model --------------------------------------------------------------------


def test_an_entrys_id_is_its_file_name_and_entries_come_in_id_order(tmp_path):
    root = make_fixture(tmp_path / "p")
    write_report(root, "bc-chi-bo-lan-2", REPORT.format(number="08-BC/CB"))
    write_report(root, "bc-chi-bo", REPORT.format(number="07-BC/CB"))
    project = load_project(root)
    assert list(project.documents) == ["ke-hoach-32", "kh-187-tu", "kl-21-tw", "nq-43-tw"]
    assert list(project.reports) == ["bc-chi-bo", "bc-chi-bo-lan-2"]
    report = project.reports["bc-chi-bo"]
    assert isinstance(report, Report) and report.document == "ke-hoach-32" and report.number == "07-BC/CB"
    assert project.documents["ke-hoach-32"].text == "ke-hoach-32-KH-DU"
    assert project.documents["kh-187-tu"].text is None
    assert project.position("reports", "bc-chi-bo", "number") == ("data/reports/bc-chi-bo.yml", 4, 1)
    assert project.position("documents", "kh-187-tu", "implements", 0) == ("data/documents/kh-187-tu.yml", 6, 14)
    assert project.position("units", "chi-bo", "parent")[0] == "data/units.yml"


def test_an_entry_added_or_removed_is_seen_at_the_next_load(tmp_path):
    root = make_fixture(tmp_path / "p")
    assert load_project(root).reports == {}
    path = write_report(root, "bc-chi-bo", REPORT.format(number="07-BC/CB"))
    assert list(load_project(root).reports) == ["bc-chi-bo"]
    path.unlink()
    assert load_project(root).reports == {}


def test_without_a_reports_folder_there_is_no_report_and_no_finding(tmp_path):
    root = make_fixture(tmp_path / "p")
    assert not (root / "data" / "reports").exists()
    assert load_project(root).reports == {} and found(root) == []


def test_a_missing_documents_folder_is_reported(tmp_path):
    root = make_fixture(tmp_path / "p")
    shutil.rmtree(root / "data" / "documents")
    assert found(root) == [
        "data/documents/:1:1: KH100 không tìm thấy thư mục data/documents/; cần có thư mục này",
    ]


# --- what the loader refuses, each with its message ------------------------------------------------


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            "Ct 05 TW.yml",
            DOCUMENT.format(number="05-CT/TW"),
            "data/documents/Ct 05 TW.yml:1:1: KH106 tên tệp «Ct 05 TW.yml» không phải một id: id của văn bản là "
            "tên tệp, chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối; đổi tên tệp thành «ct-05-tw.yml»",
        ),
        (
            "chỉ-thị-05.yml",
            DOCUMENT.format(number="05-CT/TW"),
            "data/documents/chỉ-thị-05.yml:1:1: KH106 tên tệp «chỉ-thị-05.yml» không phải một id: id của văn bản "
            "là tên tệp, chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối; đổi tên tệp thành «chi-thi-05.yml»",
        ),
        (
            "ct-05-tw.yml",
            "- id: ct-05-tw\n  number: 05-CT/TW\n",
            "data/documents/ct-05-tw.yml:1:1: KH103 tệp là một danh sách (dòng bắt đầu bằng «-»); mỗi tệp chỉ ghi "
            "một văn bản: các khoá viết sát lề trái, không có «- » và không có id (id là tên tệp)",
        ),
        (
            "ct-05-tw.yml",
            "# chưa ghi gì\n",
            "data/documents/ct-05-tw.yml:1:1: KH103 tệp trống; ghi các khoá của văn bản, mỗi dòng «khoá: giá trị» "
            "(xem CONTRIBUTING.md)",
        ),
        (
            "ct-05-tw.yml",
            "id: ct-05-tw\n" + DOCUMENT.format(number="05-CT/TW"),
            "data/documents/ct-05-tw.yml:1:1: KH104 khoá «id» không ghi trong tệp: id của văn bản là tên tệp "
            "(«ct-05-tw»); xoá dòng này",
        ),
        (
            "ct-05-tw.yaml",
            DOCUMENT.format(number="05-CT/TW"),
            "data/documents/ct-05-tw.yaml:1:1: KH810 tệp «ct-05-tw.yaml» phải có đuôi «.yml» viết thường: "
            "đổi tên thành «ct-05-tw.yml»",
        ),
        (
            "README.md",
            "# Sổ văn bản\n",
            "data/documents/README.md:1:1: KH810 data/documents/ chỉ chứa tệp <id>.yml, mỗi tệp một mục; «README.md» "
            "không phải tệp .yml: xoá tệp (hướng dẫn về sổ nằm trong CONTRIBUTING.md), hoặc nếu đó là một mục, lưu lại "
            "thành «readme.yml»",
        ),
    ],
)
def test_a_file_of_the_documents_folder_that_is_not_an_entry_is_refused(tmp_path, name, content, expected):
    root = make_fixture(tmp_path / "p")
    (root / "data" / "documents" / name).write_text(content, encoding="utf-8")
    assert found(root) == [expected]


def test_a_folder_inside_a_registry_is_refused(tmp_path):
    root = make_fixture(tmp_path / "p")
    (root / "data" / "reports" / "2024").mkdir(parents=True)
    assert found(root) == [
        "data/reports/2024:1:1: KH810 data/reports/ chỉ chứa tệp <id>.yml, mỗi tệp một mục, không chứa thư mục "
        "«2024»; chuyển các tệp ra",
    ]


def test_a_report_without_its_document_is_refused(tmp_path):
    root = make_fixture(tmp_path / "p")
    write_entry(root, "reports", "bc-chi-bo", REPORT.format(number="07-BC/CB"))
    assert found(root) == [
        "data/reports/bc-chi-bo.yml:2:1: KH103 thiếu khoá bắt buộc «document»; mỗi mục cần đủ các khoá: "
        "document, unit, number, date, title, covers",
    ]


def test_a_published_documents_text_must_be_in_data(tmp_path):
    root = make_fixture(tmp_path / "p")
    path = root / "data" / "documents" / "ke-hoach-32.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("text: ke-hoach-32-KH-DU", "text: ke-hoach-32-KH-DV"),
        encoding="utf-8",
    )
    line = path.read_text(encoding="utf-8").split("\n").index("text: ke-hoach-32-KH-DV") + 1
    assert found(root) == [
        f"data/documents/ke-hoach-32.yml:{line}:1: KH100 văn bản «ke-hoach-32» ghi text: ke-hoach-32-KH-DV nhưng "
        "không có tệp văn bản gốc «data/ke-hoach-32-KH-DV.txt»; có phải ý là: «ke-hoach-32-KH-DU»?; đặt tệp vào "
        "data/, hoặc sửa text",
    ]


def test_a_text_name_that_is_not_a_file_stem_is_refused(tmp_path):
    root = make_fixture(tmp_path / "p")
    path = root / "data" / "documents" / "ke-hoach-32.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("text: ke-hoach-32-KH-DU", "text: ../ke-hoach-32-KH-DU"),
        encoding="utf-8",
    )
    [finding] = found(root)
    assert finding.startswith("data/documents/ke-hoach-32.yml:7:1: KH105 khoá «text» không đúng dạng «../ke-hoach-32")
    assert "tên tệp văn bản gốc trong data/" in finding


# --- the generated overview of the registry ----------------------------------------------------------


def register_ids(root: Path) -> list[str]:
    register = page_macros(load_project(root), read_pages(root / "docs"))["documents_register"]()
    return [i for i in re.findall(r"^## .+ \{ #([a-z0-9-]+) \}$", register, re.M) if i != "chuoi-trien-khai"]


def test_the_overview_page_shows_every_entry_file_of_the_registry(tmp_path):
    ids = register_ids(ROOT)
    assert sorted(ids) == sorted(p.stem for p in (ROOT / "data" / "documents").glob("*.yml"))
    assert "{{ documents_register() }}" in (ROOT / "docs" / "van-ban-lien-quan.md").read_text(encoding="utf-8")
    copy = copy_project(tmp_path / "p")
    write_entry(copy, "documents", "ct-05-tw", DOCUMENT.format(number="05-CT/TW"))
    assert sorted(register_ids(copy)) == sorted([*ids, "ct-05-tw"])

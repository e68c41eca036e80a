"""What the site says of its own rests on the plan (issue 18): reporting lines, assignments and owners come
from a clause that names the unit, the organisation tree is shown as membership, tracking says only what is
known, and a document's force is shown only when verified. The checker refuses each kind of statement the
plan does not make."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach import exports, macros, tracking, units, views
from kehoach.checks import check_project
from kehoach.model import load_project
from kehoach.pages import read_pages
from support.checker import make_fixture
from support.project import ROOT, copy_project


def make_check(root: Path) -> subprocess.CompletedProcess[str]:
    """What `make check` runs, on the project at `root`."""
    return subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "--root", str(root)], capture_output=True, text=True, timeout=120
    )


def edited_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the real project with one change in data/<name>.yml (a list file, or an entry file as
    documents/kh-187-tu)."""
    root = copy_project(tmp_path / "p")
    path = root / "data" / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def codes(root: Path) -> list[str]:
    return [f.code for f in check_project(load_project(root))]


# --- make check refuses each statement the plan does not make ----------------------------------------


@pytest.mark.parametrize(
    "case, code, path",
    [
        # a reporting line naming a body the clause does not: I.2 says "về Văn phòng Đảng ủy", not Đảng uỷ Sở
        ("KH309-reporting-line", "KH309", "data/units.yml:48:7"),
        # an owner whose clause does not name it
        ("KH407-owner-not-named", "KH407", "data/deadlines.yml:11:3"),
        # an assignment whose clause does not name the unit
        ("KH405-assignment", "KH405", "data/units.yml:46:37"),
        # a replacing document that is not in the registry
        ("KH310-document-status", "KH310", "data/documents/kh-187-tu.yml:9:3"),
    ],
)
def test_make_check_refuses_a_statement_the_clause_does_not_make(tmp_path, case, code, path):
    result = make_check(make_fixture(tmp_path / case, case))
    assert result.returncode != 0
    assert f"{path}: {code} " in result.stdout
    assert "Traceback" not in result.stderr


def test_the_real_reporting_lines_are_the_plans_and_a_made_up_one_is_refused(tmp_path, project):
    assert codes(ROOT) == []
    lines = {(u, line.to, line.via, line.section) for u in project.units for line in project.units[u].reports_to}
    assert lines == {
        ("van-phong-dang-uy", "dang-uy-so", None, "muc-iii-1"),
        ("chi-bo", "dang-uy-so", "van-phong-dang-uy", "muc-iii-2"),
        ("doan-the", "dang-uy-so", "van-phong-dang-uy", "muc-iii-2"),
    }
    # the old page told Tổ chức công đoàn to report to its parent: the tree is not a reporting line
    made_up = edited_copy(
        tmp_path,
        "units",
        "  aliases: [công đoàn]\n  assigned: {ke-hoach-32: [muc-ii-2-2]}\n",
        "  aliases: [công đoàn]\n  assigned: {ke-hoach-32: [muc-ii-2-2]}\n  reports_to:\n    - to: doan-the\n      document: ke-hoach-32\n      section: muc-ii-2-2\n",
    )
    found = [f for f in check_project(load_project(made_up)) if f.code == "KH309"]
    assert len(found) == 1 and "«doan-the»" in found[0].message and "Mục II.2, ý 2" in found[0].message


def test_owners_are_only_those_the_plan_names(tmp_path, project):
    goals = {d.id: d for d in project.deadlines.values() if d.goal}
    assert set(goals) == {"muc-tieu-2030", "muc-tieu-2045"}
    assert all(d.owner is None for d in goals.values())
    assert project.deadlines["nhiem-ky-2020-2025"].owner is None
    # the old data: the national goal of 2030 given to Đảng uỷ Sở, which I.2 does not name
    root = edited_copy(
        tmp_path, "deadlines", '  owner: null\n  goal: true\n  when: "2030"', '  owner: dang-uy-so\n  when: "2030"'
    )
    [finding] = [f for f in check_project(load_project(root)) if f.code == "KH407"]
    assert finding.path == "data/deadlines.yml" and "owner: null" in finding.message


def test_a_clause_naming_a_unit_not_assigned_it_is_warned_unless_a_decision_says_why(tmp_path, project):
    # II.2 ý 3 opens "Đảng ủy, các chi bộ quan tâm chỉ đạo…": the chi bộ are given it
    assert "muc-ii-2-3" in units.assigned_ids(project, "chi-bo")
    assert "muc-ii-2-3" in units.assigned_ids(project, "chi-bo") & units.assigned_ids(project, "dang-uy-so")
    # every other mention of a unit the plan directs is a recorded decision with its reason
    decisions = {(u.id, d.section) for u in project.units.values() for d in u.not_assigned}
    assert ("dang-uy-so", "muc-ii-2-5") in decisions  # «cấp ủy các chi bộ» is not Đảng uỷ Sở
    assert all(d.reason.strip() for u in project.units.values() for d in u.not_assigned)
    # the old data: II.2 ý 3 not given to the chi bộ
    root = edited_copy(
        tmp_path,
        "units",
        "  assigned: {ke-hoach-32: [muc-ii-2-3, muc-ii-2-5, muc-iii-2]}",
        "  assigned: {ke-hoach-32: [muc-ii-2-5, muc-iii-2]}",
    )
    found = [f for f in check_project(load_project(root)) if f.code == "KH408"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert "Mục II.2, ý 3" in found[0].message and "«các chi bộ»" in found[0].message
    # a decision that no longer applies is reported too
    stale = edited_copy(
        tmp_path / "stale",
        "units",
        "  not_assigned:\n    - section: muc-iii-2\n",
        "  not_assigned:\n    - section: muc-ii-1\n      document: ke-hoach-32\n      reason: thử.\n    - section: muc-iii-2\n",
    )
    assert "KH408" in codes(stale)


def test_the_office_is_one_name_not_dang_uy_inside_it(project):
    # «Văn phòng Đảng ủy» is one name, the longest wins; «Đảng ủy Sở» in III.1 names the issuer
    from kehoach.rules.context import Context

    context = Context(project, [])
    assert set(context.units_named("muc-iii-1")) == {"van-phong-dang-uy", "dang-uy-so", "chi-bo"}
    assert context.units_named("muc-ii-2-5")["dang-uy-so"] == "cấp ủy"
    assert context.units_named("muc-iii-2")["van-phong-dang-uy"] == "Văn phòng Đảng ủy"


# --- unit pages: membership, and reporting lines with their clause ---------------------------------


@pytest.fixture(scope="module")
def pages():
    return read_pages(ROOT / "docs")


def test_a_unit_page_shows_membership_and_the_plans_reporting_line(project, pages):
    page = macros.unit_page(project, pages, "cong-doan")
    assert "Báo cáo kết quả lên" not in page and "Ban Chấp hành Trung ương" not in page
    assert "**Thuộc:** [Các tổ chức đoàn thể](doan-the.md)." in page
    assert (
        "**Báo cáo về:** [Đảng ủy Sở Văn hóa, Thể thao và Du lịch](dang-uy-so.md) "
        "(qua [Văn phòng Đảng ủy](van-phong-dang-uy.md)), theo [Mục III.2](/ke-hoach-32/muc-iii.md#muc-iii-2) "
        "(mục giao cho các tổ chức đoàn thể)." in page
    )
    issuer = macros.unit_page(project, pages, "dang-uy-so")
    assert "**Nhận báo cáo của:** [Văn phòng Đảng ủy](van-phong-dang-uy.md), theo [Mục III.1]" in issuer
    assert "**Báo cáo về:**" not in issuer
    chi_bo = macros.unit_page(project, pages, "chi-bo")
    assert 'data-kh-quote="muc-ii-2-3"' in chi_bo  # II.2 ý 3 on the chi bộ's page


def test_a_unit_the_plan_does_not_ask_to_report_shows_kế_hoạch_không_nêu(tmp_path):
    root = edited_copy(
        tmp_path,
        "units",
        "  reports_to:\n    - to: dang-uy-so\n      document: ke-hoach-32\n      section: muc-iii-1\n",
        "",
    )
    project = load_project(root)
    page = macros.unit_page(project, read_pages(root / "docs"), "van-phong-dang-uy")
    assert "**Báo cáo về:** Kế hoạch không nêu." in page
    assert "van-phong-dang-uy" not in {s.unit.id for s in tracking.unit_states(project)}


# --- tracking says what is known ----------------------------------------------------------------------


def test_tracking_lists_only_the_units_the_plan_asks_to_report(project, pages):
    states = tracking.unit_states(project)
    assert [s.unit.id for s in states] == [
        "van-phong-dang-uy",
        "chi-bo",
        "cong-doan",
        "doan-thanh-nien",
        "hoi-cuu-chien-binh",
    ]
    assert all(item.citation_id != "muc-i-1" for s in states for item in s.items)  # a purpose, not a task
    register = macros.page_macros(project, pages)["tracking_register"]()
    assert "Chưa ghi nhận báo cáo nào của các đơn vị." in register
    assert "Chưa ghi nhận báo cáo" in register and "<strong" not in register.split("## Nhiệm vụ định kỳ")[0]
    assert "Chưa báo cáo" not in register and "Tình hình đến ngày" not in register
    assert "(0%)" in register and "0 %" not in register
    assert "data/" not in register and "dựng lại" not in register
    page = (ROOT / "docs" / "theo-doi.md").read_text(encoding="utf-8")
    assert "data/reports" not in page and "dựng lại" not in page


# --- goals and owners on the time line ----------------------------------------------------------------


def test_the_time_line_shows_goals_as_the_plans_and_no_invented_owner(project, pages):
    register = macros.page_macros(project, pages)["deadlines_register"]()
    goal = register.split("{ #muc-tieu-2030 }", 1)[1].split("##", 1)[0]
    assert "Mục tiêu của Kế hoạch, nêu tại [Mục I.2](/ke-hoach-32/muc-i.md#muc-i-2)" in goal
    assert "Đơn vị thực hiện" not in goal
    term = register.split("{ #nhiem-ky-2020-2025 }", 1)[1].split("##", 1)[0]
    assert "Đơn vị thực hiện: Kế hoạch không nêu" in term and "Đảng bộ Sở" not in term


# --- the status of each document -----------------------------------------------------------------------


def test_without_a_verified_status_the_site_says_chưa_cập_nhật(project, pages):
    assert project.plan.status is None  # nothing verified for plan 32: never guessed
    assert views.status_line(project, project.plan) == "Tình trạng hiệu lực: chưa cập nhật"
    register = macros.page_macros(project, pages)["documents_register"]()
    assert "- **Tình trạng hiệu lực:** Chưa cập nhật\n" in register
    data = exports.plan_json(project, views.page_of_parts(pages))
    assert data["plan"]["status"] is None
    assert all(d["status"] is None for d in data["documents"])
    exports.validate_json(data, exports.json_schema(ROOT))


def test_a_verified_status_is_shown_with_its_source_and_exported(tmp_path):
    root = edited_copy(
        tmp_path,
        "documents/kh-187-tu",
        "implements: [nq-43-tw]\n",
        "implements: [nq-43-tw]\nstatus:\n  state: replaced\n  replaced_by: kh-113-duk\n"
        "  date: 2024-01-29\n  source: Nguồn thử\n",
    )
    project = load_project(root)
    assert codes(root) == []
    doc = project.documents["kh-187-tu"]
    assert views.status_line(project, doc) == (
        "Tình trạng hiệu lực: Đã được thay thế bởi Kế hoạch số 113-KH/ĐUK từ ngày 29/01/2024 (nguồn: Nguồn thử)"
    )
    assert exports.status_json(doc.status) == {
        "state": "replaced",
        "words": "Đã được thay thế",
        "replaced_by": "kh-113-duk",
        "date": "2024-01-29",
        "source": "Nguồn thử",
    }
    register = macros.page_macros(project, read_pages(root / "docs"))["documents_register"]()
    assert "- **Tình trạng hiệu lực:** Đã được thay thế bởi [Kế hoạch số 113-KH/ĐUK](#kh-113-duk)" in register


def test_a_status_without_source_or_with_an_unknown_state_is_refused_in_vietnamese(tmp_path):
    root = edited_copy(
        tmp_path,
        "documents/kh-187-tu",
        "implements: [nq-43-tw]\n",
        "implements: [nq-43-tw]\nstatus:\n  state: het-han\n",
    )
    result = make_check(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "thiếu khoá bắt buộc «source»" in result.stdout or "phải là một trong: in_force" in result.stdout


def test_the_export_schema_holds_status_reporting_lines_and_null_owners(project):
    schema = json.loads((ROOT / "data" / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    assert "status" in schema["properties"]["plan"]["required"]
    assert {"reports_to", "not_assigned"} <= set(schema["properties"]["units"]["items"]["required"])
    assert "goal" in schema["properties"]["deadlines"]["items"]["required"]


def test_a_reporting_line_on_a_clause_that_does_not_give_the_unit_the_task_is_refused(tmp_path):
    # III.1 names Đảng ủy Sở as the body reported to, but it is the office's task, not the trade union's
    root = edited_copy(
        tmp_path,
        "units",
        "  aliases: [công đoàn]\n  assigned: {ke-hoach-32: [muc-ii-2-2]}\n",
        "  aliases: [công đoàn]\n  assigned: {ke-hoach-32: [muc-ii-2-2]}\n  reports_to:\n    - to: dang-uy-so\n      document: ke-hoach-32\n      section: muc-iii-1\n",
    )
    [finding] = [f for f in check_project(load_project(root)) if f.code == "KH309"]
    assert "không giao việc cho đơn vị «cong-doan»" in finding.message
    result = make_check(root)
    assert result.returncode != 0 and "KH309" in result.stdout

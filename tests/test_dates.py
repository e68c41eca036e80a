"""Dates: the data holds ISO dates only; a day/month/year value is an error that offers the ISO value,
an impossible date says why; pages show dd/mm/yyyy and the deadlines register is in real date order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach.checks import check_project
from kehoach.macros import page_macros
from kehoach.model import load_project
from kehoach.pages import read_pages
from support.amendments import AMENDMENT_WITH_DECISION
from support.project import ROOT, copy_project


def edited(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, int, int]:
    """A copy of the project with `old` replaced by `new` in data/NAME.yml (NAME: a list file, or an entry
    file as documents/kh-187-tu); the line and column of `new`."""
    copy = copy_project(tmp_path / "project")
    path = copy / "data" / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    if name == "amendments":
        text = re.sub(r"^\[\]\s*$", "", text, flags=re.M) + AMENDMENT_WITH_DECISION
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    before = text[: text.index(new)]
    return copy, before.count("\n") + 1, len(before) - before.rfind("\n")


def first(copy: Path) -> tuple:
    findings = check_project(load_project(copy))
    assert findings
    f = findings[0]
    return f.path, f.line, f.col, f.code, f.message


@pytest.mark.parametrize(
    "name, old, new, iso",
    [
        ("documents/kh-113-duk", "date: 2024-01-29", "date: 29/01/2024", "2024-01-29"),
        ("documents/nq-43-tw", "date: 2023-11-24", "date: 24-11-2023", "2023-11-24"),
        ("documents/kh-187-tu", "date: 2023-12-25", "date: 25.12.2023", "2023-12-25"),
        ("documents/kh-113-duk", "date: 2024-01-29", "date: 29/1/2024", "2024-01-29"),
        ("deadlines", 'when: "2045"', "when: 15/12/2024", "2024-12-15"),
        ("deadlines", 'when: "2030"', 'when: "5/1/2030"', "2030-01-05"),
        ("amendments", "  date: 2024-03-01", "  date: 01/03/2024", "2024-03-01"),
        ("amendments", "date: 2024-02-28}", "date: 28/02/2024}", "2024-02-28"),
    ],
)
def test_a_day_month_year_date_is_an_error_offering_the_iso_date(tmp_path, name, old, new, iso):
    copy, line, col = edited(tmp_path, name, old, new)
    path, found_line, found_col, code, message = first(copy)
    key = new.strip().split(":")[0]
    assert (path, found_line, found_col, code) == (f"data/{name}.yml", line, col + new.index(key), "KH108"), message
    assert message.endswith(f"viết {iso}"), message


@pytest.mark.parametrize(
    "name, old, new, why",
    [
        ("documents/kh-113-duk", "date: 2024-01-29", "date: 2023-02-29", "tháng 2 năm 2023 chỉ có 28 ngày"),
        ("documents/kh-113-duk", "date: 2024-01-29", "date: 31/04/2024", "tháng 4 năm 2024 chỉ có 30 ngày"),
        ("deadlines", 'when: "2045"', "when: 2024-13-01", "không có tháng 13"),
        ("amendments", "  date: 2024-03-01", "  date: 2024-02-30", "tháng 2 năm 2024 chỉ có 29 ngày"),
    ],
)
def test_an_impossible_date_says_why(tmp_path, name, old, new, why):
    copy, line, _ = edited(tmp_path, name, old, new)
    path, found_line, _, code, message = first(copy)
    assert (path, found_line, code) == (f"data/{name}.yml", line, "KH108")
    assert why in message, message


def test_when_keeps_its_other_forms_and_an_iso_date_is_shown_and_sorted_as_a_date(tmp_path):
    copy, _, _ = edited(tmp_path, "deadlines", 'when: "2045"', "when: 2024-12-15")
    project = load_project(copy)
    assert check_project(project) == []
    assert {d.when for d in project.deadlines.values()} >= {"2030", "2020 - 2025", "định kỳ", None, "2024-12-15"}
    register = page_macros(project, read_pages(copy / "docs"))["deadlines_register"]()
    headings = re.findall(r"^## (.+?):", register, re.M)
    assert "15/12/2024" in headings and "2024-12-15" not in register
    assert headings.index("2020 - 2025") < headings.index("15/12/2024") < headings.index("2030")
    assert headings[-1] == "Kế hoạch không ghi thời gian"


def test_the_real_data_has_only_iso_dates():
    files = [ROOT / "data" / "deadlines.yml", *sorted((ROOT / "data" / "documents").glob("*.yml"))]
    assert len(files) > 5
    text = "\n".join(path.read_text(encoding="utf-8") for path in files)
    assert not re.search(r"^\s*(date|when): .*\d{1,2}/\d{1,2}/\d{4}", text, re.M)

"""The text lock: the build publishes the official words, changed only by recorded amendments, and says
where and how a page differs; amendments are checked and shown in the history."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach import plantext, textlock
from kehoach.checks import check_project
from kehoach.model import load_project
from kehoach.pages import PART_ID, parse_page, read_pages, strip_front_matter
from support.amendments import AMENDMENT, CHANGED, SIGNED, change_word, record
from support.project import ROOT, built_page, copy_project, mkdocs_build


@pytest.mark.build
def test_every_built_page_publishes_the_official_words_of_its_parts(project, doc_pages, built_site):
    plan_pages = [page for page in doc_pages if page.plan_part_ids()]
    assert len(plan_pages) >= 7
    for page in doc_pages:
        html = built_page(built_site, page.path).read_text(encoding="utf-8")
        assert textlock.lock_page(project.official, project.amendments, page, html) == [], page.path


@pytest.mark.build
def test_a_changed_word_without_amendment_stops_the_build_naming_page_line_and_words(tmp_path):
    copy = copy_project(tmp_path / "project")
    part_line = change_word(copy)
    # the finding is at the first differing word of the page: the "chi" where the page lacks "xây dựng"
    markdown = (copy / "docs" / "ke-hoach-32" / "muc-ii-2.md").read_text(encoding="utf-8")
    part_start = sum(len(line) + 1 for line in markdown.split("\n")[: part_line - 1])
    at = markdown.index(CHANGED, part_start) + len("tham gia xây dựng ")
    line, col = markdown.count("\n", 0, at) + 1, at - markdown.rfind("\n", 0, at)
    site = tmp_path / "site"
    result = mkdocs_build(copy, site)
    assert result.returncode != 0
    assert f"docs/ke-hoach-32/muc-ii-2.md:{line}:{col}: KH710" in result.stderr, result.stderr
    assert result.stderr.count("KH710") == 1  # one cause, one message
    assert "mục II.2, ý 4 (muc-ii-2-4)" in result.stderr
    assert "thiếu «xây dựng»" in result.stderr
    assert "data/amendments.yml" in result.stderr  # tells how to record an approved change
    assert "Traceback" not in result.stderr
    # nothing of a site that would publish the changed words
    assert not site.exists() or not any(site.iterdir())


@pytest.mark.build
def test_a_failed_build_empties_the_site_it_was_writing(tmp_path):
    """A build that fails after pages were written (strict-mode warning) leaves no half site behind."""
    copy = copy_project(tmp_path / "project")
    page = copy / "docs" / "lich-su-cap-nhat.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[liên kết hỏng](khong-co-trang-nay.md)\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "index.html").write_text("bản cũ")
    # not mkdocs_build(): its -q hides warnings from MkDocs' strict-mode counter (MkDocs 1.6)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(copy / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "khong-co-trang-nay.md" in result.stderr
    assert not (site / "index.html").exists() and not (site / "ke-hoach-32" / "muc-i" / "index.html").exists()


@pytest.mark.build
def test_the_same_change_with_its_amendment_builds_and_shows_in_the_history(tmp_path):
    copy = copy_project(tmp_path / "project")
    change_word(copy)
    record(copy, AMENDMENT)
    site = tmp_path / "site"
    result = mkdocs_build(copy, site)
    assert result.returncode == 0, result.stderr

    section = (site / "ke-hoach-32" / "muc-ii-2" / "index.html").read_text(encoding="utf-8")
    assert CHANGED + ", đảng bộ" in " ".join(textlock.published_text(section).split())
    note = re.search(r'<aside class="kh-extra kh-amended".*?</aside>', section, re.S).group()
    assert "Mục II.2, ý 4 đã được sửa đổi ngày 01/03/2024" in " ".join(note.split())
    assert 'href="../../lich-su-cap-nhat/#dinh-chinh-2024-03-01"' in note

    history = (site / "lich-su-cap-nhat" / "index.html").read_text(encoding="utf-8")
    entry = history[history.index('id="dinh-chinh-2024-03-01"') :]
    assert 'href="../ke-hoach-32/muc-ii-2/#muc-ii-2-4"' in entry
    assert f"«{SIGNED}»" in entry and f"«{CHANGED}»" in entry and "Bỏ từ lặp do lỗi đánh máy." in entry
    assert "chưa được sửa đổi" not in history

    other = (site / "ke-hoach-32" / "muc-ii-3" / "index.html").read_text(encoding="utf-8")
    assert "kh-amended" not in other  # the note is only where the words changed


@pytest.mark.build
def test_the_history_says_honestly_that_nothing_was_amended(project, built_site):
    assert project.amendments == []
    history = textlock.published_text((built_site / "lich-su-cap-nhat" / "index.html").read_text(encoding="utf-8"))
    assert "chưa được sửa đổi lần nào" in " ".join(history.split())
    assert f"bản đã ký ngày {project.plan.date_text}" in " ".join(history.split())
    # The menu is pruned to the page's own section (mkdocs.yml: navigation.prune): the home page's menu
    # leads into «Tra cứu», whose pages' menu lists the history.
    nav = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="van-ban-lien-quan/"' in nav and "Tra cứu" in nav
    section = (built_site / "van-ban-lien-quan" / "index.html").read_text(encoding="utf-8")
    assert 'href="../lich-su-cap-nhat/"' in section


def test_history_lists_newest_first(tmp_path):
    copy = copy_project(tmp_path / "project")
    record(
        copy,
        AMENDMENT
        + AMENDMENT.replace("dinh-chinh-2024-03-01", "dinh-chinh-2024-05-02")
        .replace("2024-03-01", "2024-05-02")
        .replace(f"before: {SIGNED}", "before: vững mạnh.")
        .replace(f"after: {CHANGED}", "after: vững mạnh!"),
    )
    from kehoach import views

    project = load_project(copy)
    assert [row["amendment"].id for row in views.amendments_view(project, read_pages(copy / "docs"))] == [
        "dinh-chinh-2024-05-02",
        "dinh-chinh-2024-03-01",
    ]
    # both apply, oldest first, to the words the page must publish
    expected = " ".join(textlock.expected_words(project.official, ["muc-ii-2-4"], project.amendments))
    assert CHANGED in expected and expected.endswith("vững mạnh!")


@pytest.mark.build
def test_a_whole_plan_page_is_held_to_the_whole_text(project, doc_pages, built_site):
    """The print page (front matter `kh_print_plan: true`) must publish every part, in order."""
    page = parse_page("ke-hoach-32/ban-in.md", "---\nkh_print_plan: true\n---\n# Bản in\n")
    ids = textlock.locked_part_ids(page, project.official, {"kh_print_plan": True})
    assert ids == [plantext.OPENING_ID, *project.citation_ids]
    order = {cid: i for i, cid in enumerate(ids)}
    plan_pages = sorted((p for p in doc_pages if p.plan_part_ids()), key=lambda p: order[p.plan_part_ids()[0]])
    articles = [
        re.search(r"<article.*?</article>", built_page(built_site, p.path).read_text(encoding="utf-8"), re.S).group()
        for p in plan_pages
    ]
    assert textlock.lock_page(project.official, [], page, "".join(articles), ids) == []
    without_iii = [a for a, p in zip(articles, plan_pages, strict=True) if p.path != "ke-hoach-32/muc-iii.md"]
    findings = textlock.lock_page(project.official, [], page, "".join(without_iii), ids)
    assert findings and all(f.code == "KH710" and f.path == "docs/ke-hoach-32/ban-in.md" for f in findings)
    assert "thiếu «III. TỔ CHỨC THỰC HIỆN" in findings[0].message


# --- malformed amendments: each rule, its message -------------------------------------------------


def checked(tmp_path: Path, entries: str, today: dt.date | None = None) -> list[str]:
    """The checker's findings when `entries` are recorded and the page carries the change they approve."""
    copy = copy_project(tmp_path / "project")
    record(copy, entries)
    change_word(copy)
    project = load_project(copy)
    findings = check_project(project, read_pages(copy / "docs"))
    if today:
        from kehoach.amendments import check_amendments

        findings = list(check_amendments(project, today))
    return [f.as_text() for f in findings]


def test_an_amendment_of_a_section_that_does_not_exist(tmp_path):
    found = checked(tmp_path, AMENDMENT.replace("section: muc-ii-2-4", "section: muc-ii-2-9"))
    assert any(
        re.match(
            r"data/amendments\.yml:\d+:3: KH701 mục «muc-ii-2-9» không có trong Kế hoạch; có phải ý là: "
            r".*«muc-ii-2-4»",
            f,
        )
        for f in found
    ), found


def test_an_amendment_whose_before_text_is_not_in_the_section(tmp_path):
    found = checked(tmp_path, AMENDMENT.replace(f"before: {SIGNED}", "before: tham gia xây đựng"))
    assert any(
        "KH702 lời văn trước khi sửa «tham gia xây đựng» không có trong mục II.2, ý 4 (muc-ii-2-4)" in f for f in found
    ), found


def test_an_amendment_dated_in_the_future(tmp_path):
    found = checked(tmp_path, AMENDMENT, today=dt.date(2024, 2, 20))
    lines = (tmp_path / "project" / "data" / "amendments.yml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  date: 2024-03-01") + 1
    assert found == [
        f"data/amendments.yml:{line}:3: KH703 ngày sửa đổi 2024-03-01 ở tương lai (hôm nay là 2024-02-20); "
        "chỉ ghi sửa đổi đã có hiệu lực"
    ]


def test_an_amendment_with_an_unknown_kind_of_decision(tmp_path):
    found = checked(tmp_path, AMENDMENT.replace("decision: đính chính", "decision: sửa lỗi"))
    assert any("KH704 quyết định «sửa lỗi» không hợp lệ; ghi đúng «đính chính»" in f for f in found), found


def test_an_amendment_approved_by_a_decision_needs_its_number_and_date(tmp_path):
    good = checked(
        tmp_path / "good", AMENDMENT.replace("decision: đính chính", "decision: {number: 45-QĐ/ĐU, date: 2024-02-28}")
    )
    assert good == []
    found = checked(tmp_path / "bad", AMENDMENT.replace("decision: đính chính", "decision: {number: 45-QĐ/ĐU}"))
    assert any("KH103 thiếu khoá bắt buộc «date»" in f for f in found), found


def test_an_amendment_with_a_missing_key_or_a_yaml_error(tmp_path):
    found = checked(tmp_path / "missing", AMENDMENT.replace("  reason: Bỏ từ lặp do lỗi đánh máy.\n", ""))
    assert any(re.match(r"data/amendments\.yml:\d+:\d+: KH103 thiếu khoá bắt buộc «reason»", f) for f in found), found
    found = checked(tmp_path / "syntax", AMENDMENT.replace("  section: muc-ii-2-4", "   section: muc-ii-2-4:"))
    assert any(re.match(r"data/amendments\.yml:\d+:\d+: KH101 lỗi cú pháp YAML", f) for f in found), found


def test_an_amendment_with_an_impossible_date(tmp_path):
    found = checked(tmp_path, AMENDMENT.replace("date: 2024-03-01", "date: 2024-02-30"))
    assert any("KH108 ngày «2024-02-30» không hợp lệ" in f for f in found), found


PLAN_PAGES = (
    "ke-hoach-32/index.md",
    "ke-hoach-32/muc-i.md",
    "ke-hoach-32/muc-ii.md",
    "ke-hoach-32/muc-ii-1.md",
    "ke-hoach-32/muc-ii-2.md",
    "ke-hoach-32/muc-ii-3.md",
    "ke-hoach-32/muc-iii.md",
)


def print_page(pages: tuple[str, ...] = PLAN_PAGES) -> str:
    """A whole-plan page assembled from the section pages' own Markdown, as a print plugin would (pages
    may not include each other: only macro calls are allowed); the citation ids stay on the section
    pages, where they are published once."""
    bodies = [
        PART_ID.sub("", strip_front_matter((ROOT / "docs" / name).read_text(encoding="utf-8"))).lstrip("\n")
        for name in pages
    ]
    return "---\nkh_print_plan: true\n---\n" + "\n\n".join(bodies) + "\n"


@pytest.mark.build
def test_a_print_page_of_the_whole_plan_is_locked_too(tmp_path):
    copy = copy_project(tmp_path / "project")
    with (copy / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("not_in_nav: ban-in.md\n")
    (copy / "docs" / "ke-hoach-32" / "ban-in.md").write_text(print_page(), encoding="utf-8")
    assert mkdocs_build(copy, tmp_path / "whole").returncode == 0
    (copy / "docs" / "ke-hoach-32" / "ban-in.md").write_text(print_page(PLAN_PAGES[:-1]), encoding="utf-8")
    site = tmp_path / "partial"
    result = mkdocs_build(copy, site)
    assert result.returncode != 0
    assert "docs/ke-hoach-32/ban-in.md:1:1: KH710 chữ trên trang khác văn bản gốc ở mục III (muc-iii)" in result.stderr
    assert "thiếu «III. TỔ CHỨC THỰC HIỆN 1." in result.stderr
    assert not (site / "index.html").exists()

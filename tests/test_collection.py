"""Many documents, one site: a second document added as the guide (CONTRIBUTING, mục 11) says, with no
change to code; its references to plan 32 linked to the clauses and shown there as backlinks; each broken
reference refused at its line. The second document is fictional and lives under tests/fixtures/collection/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from docx import Document

from kehoach import pages as page_files
from kehoach import units, visibility
from kehoach.checks import check_project
from kehoach.gzipserve import SiteServer
from kehoach.model import load_project
from support.project import ROOT, copy_project, mkdocs_build
from support.tiers import chromium

FIXTURE = ROOT / "tests" / "fixtures" / "collection"
DOC_ID = "gia-dinh-ke-hoach-45"
TEXT = "gia-dinh-ke-hoach-45-KH-DU"
# the names the guide's example uses, replaced by this document's
GUIDE_ID, GUIDE_TEXT = "ke-hoach-45", "ke-hoach-45-KH-DU"


def guide_section() -> str:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return guide.split("## 11. Thêm một văn bản", 1)[1].split("\n## ", 1)[0]  # up to the next section


def add_document_as_the_guide_says(project):
    """Each step of the guide, in its order, with the guide's own command and lines where it gives them."""
    section = guide_section()
    # 1. the official text, as received
    shutil.copy2(FIXTURE / "data" / f"{TEXT}.txt", project / "data" / f"{TEXT}.txt")
    # 2. its SHA-256, with the guide's command
    [command] = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    subprocess.run(["sh", "-c", command.replace(GUIDE_TEXT, TEXT)], cwd=project, check=True)
    # 3. the CODEOWNERS lines the guide gives
    [owners] = re.findall(r"```text\n(.*?)\n```", section, re.S)
    codeowners = project / ".github" / "CODEOWNERS"
    codeowners.parent.mkdir(exist_ok=True)
    shutil.copy2(ROOT / ".github" / "CODEOWNERS", codeowners)
    with codeowners.open("a", encoding="utf-8") as file:
        file.write(owners.replace(GUIDE_TEXT, TEXT) + "\n")
    # 4. the registry entry: the keys of the guide's example
    [example] = re.findall(r"```yaml\n(.*?)\n```", section, re.S)
    entry = (FIXTURE / "data" / "documents" / f"{DOC_ID}.yml").read_text(encoding="utf-8")
    keys = lambda text: [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]  # noqa: E731
    assert keys(entry) == keys(example)
    shutil.copy2(FIXTURE / "data" / "documents" / f"{DOC_ID}.yml", project / "data" / "documents" / f"{DOC_ID}.yml")
    # 5. the pages; the print page is plan 32's but for its description
    shutil.copytree(FIXTURE / "docs" / DOC_ID, project / "docs" / DOC_ID)
    without_description = lambda text: re.sub(r"^description:.*\n", "", text, flags=re.M)  # noqa: E731
    ours = (project / "docs" / DOC_ID / "ban-in.md").read_text(encoding="utf-8")
    plan_32 = (ROOT / "docs" / "ke-hoach-32" / "ban-in.md").read_text(encoding="utf-8")
    assert without_description(re.sub(r"^#.*\n", "", ours, flags=re.M)) == without_description(
        re.sub(r"^#.*\n", "", plan_32, flags=re.M)
    )
    return project


@pytest.fixture
def collection(tmp_path):
    return add_document_as_the_guide_says(copy_project(tmp_path / "kho"))


def errors(project_dir):
    return [f for f in check_project(load_project(project_dir)) if f.severity == "error"]


def test_the_second_document_passes_the_checker_with_no_code_changed(collection):
    assert errors(collection) == []
    views = load_project(collection).views
    assert list(views) == sorted(views) and set(views) == {"ke-hoach-32", DOC_ID}
    for part in ("scripts", "overrides", "mkdocs.yml"):
        assert not subprocess.run(
            ["diff", "-r", str(ROOT / part), str(collection / part)], capture_output=True
        ).returncode or (
            part == "scripts"  # only caches may differ
            and all(
                "__pycache__" in line or ".cache" in line
                for line in subprocess.run(
                    ["diff", "-rq", str(ROOT / part), str(collection / part)], capture_output=True, text=True
                ).stdout.splitlines()
            )
        )


@pytest.mark.parametrize("taken", ["theo-doi", "moc-thoi-gian"])
def test_a_document_may_not_take_the_address_of_the_sites_own_pages(collection, taken):
    """theo-doi/ holds each document's tracking page and /moc-thoi-gian/ is a page of the collection: a
    document of that id would take their place. The editor is told which names are the site's."""
    (collection / "data" / "documents" / f"{DOC_ID}.yml").rename(collection / "data" / "documents" / f"{taken}.yml")
    shutil.move(str(collection / "docs" / DOC_ID), str(collection / "docs" / taken))
    found = [f for f in errors(collection) if f.code == "KH106"]
    assert [(f.path, f.line) for f in found] == [(f"data/documents/{taken}.yml", 1)]
    assert f"không được có id «{taken}»" in found[0].message and "theo-doi, " in found[0].message


def test_what_a_document_implements_is_held_to_its_text_both_ways(collection):
    """Plan 45's text says it carries out plan 32 («Thực hiện Kế hoạch số 32-KH/ĐU…») and names no other
    plan: the registry may not say it implements Kế hoạch 113-KH/ĐUK, nor leave plan 32 out."""
    entry = collection / "data" / "documents" / f"{DOC_ID}.yml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace("implements: [ke-hoach-32]", "implements: [ke-hoach-32, kh-113-duk]"), encoding="utf-8"
    )
    [found] = [f for f in check_project(load_project(collection)) if f.code in ("KH311", "KH312")]
    assert (found.code, found.path, found.line) == (
        "KH311",
        f"data/documents/{DOC_ID}.yml",
        line_of(entry, "implements"),
    )
    assert "«kh-113-duk» (Kế hoạch số 113-KH/ĐUK)" in found.message and found.severity == "error"
    entry.write_text(text.replace("implements: [ke-hoach-32]", "implements: []"), encoding="utf-8")
    [found] = [f for f in check_project(load_project(collection)) if f.code in ("KH311", "KH312")]
    assert (found.code, found.severity) == ("KH312", "warning")
    assert (
        "ghi thực hiện Kế hoạch số 32-KH/ĐU" in found.message and "thêm «ke-hoach-32» vào implements" in found.message
    )


def test_the_published_site_carries_no_made_up_document():
    assert not list((ROOT / "docs").glob(f"{DOC_ID}*")) and not list((ROOT / "data").rglob(f"*{DOC_ID}*"))
    assert "giả định" in (FIXTURE / "data" / f"{TEXT}.txt").read_text(encoding="utf-8")


def line_of(path, text):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


BROKEN = {
    # code: (what the page writes instead of the first clause() call, severity)
    "KH511": ('{{ clause("ke-hoach-23", "muc-iii-2", "mục III.2 Kế hoạch số 32-KH/ĐU") }}', "error"),
    "KH512": ('{{ clause("kh-113-duk", "muc-iii-2", "mục III.2 Kế hoạch số 32-KH/ĐU") }}', "warning"),
    "KH513": ('{{ clause("ke-hoach-32", "muc-iii-9", "mục III.2 Kế hoạch số 32-KH/ĐU") }}', "error"),
    "KH514": ('mục III.2 Kế hoạch số {{ doc_number("ke-hoach-32") }}', "warning"),
}


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_each_broken_reference_is_refused_at_its_line(collection, code):
    page = collection / "docs" / DOC_ID / "muc-i.md"
    markdown = page.read_text(encoding="utf-8")
    original = '{{ clause("ke-hoach-32", "muc-iii-2", "mục III.2 Kế hoạch số 32-KH/ĐU") }}'
    replacement, severity = BROKEN[code]
    page.write_text(markdown.replace(original, replacement), encoding="utf-8")
    line = line_of(page, replacement)
    col = page.read_text(encoding="utf-8").splitlines()[line - 1].index(replacement) + 1
    found = [f for f in check_project(load_project(collection)) if f.code == code]
    assert [(f.path, f.line, f.col, f.severity) for f in found] == [(f"docs/{DOC_ID}/muc-i.md", line, col, severity)]
    if code == "KH513":
        assert "«muc-iii-1»" in found[0].message or "«muc-iii-2»" in found[0].message  # the closest ids
    if code == "KH514":
        assert 'clause("ke-hoach-32", "muc-iii-2"' in found[0].message  # the macro it offers


def test_pages_of_a_document_not_in_the_registry_are_refused(collection):
    (collection / "data" / "documents" / f"{DOC_ID}.yml").unlink()
    found = [f for f in check_project(load_project(collection)) if f.code == "KH510"]
    assert {f.path for f in found} == {
        f"docs/{DOC_ID}/index.md",
        f"docs/{DOC_ID}/muc-i.md",
        f"docs/{DOC_ID}/muc-ii.md",
        f"docs/{DOC_ID}/ban-in.md",
    }


def test_a_changed_text_of_the_second_document_is_held_to_its_own_pin(collection):
    text = collection / "data" / f"{TEXT}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Các chi bộ", "Những chi bộ"), encoding="utf-8")
    assert any(f.code == "KH111" and f.path == f"data/{TEXT}.txt" for f in errors(collection))


# --- the built collection -----------------------------------------------------------------------


# a time point of the second document (guide, step 5: data/deadlines.yml with the key `document`)
DEADLINE = """
- id: gia-dinh-bao-cao-6-thang
  what: Báo cáo kết quả thực hiện (mốc giả định, chỉ dùng để kiểm thử)
  owner: null
  when: "2024-06-30"
  section: muc-ii-1
  document: gia-dinh-ke-hoach-45
"""


# the second document's work for "Các chi bộ" (its I.1 and II.2 name them; II.2 says where they report),
# and a report on it: data/units.yml's `assigned` and `reports_to` by document, a report file naming it
CHI_BO_32 = "  assigned: {ke-hoach-32: [muc-ii-2-3, muc-ii-2-5, muc-iii-2]}\n  collective: true\n  reports_to:\n"
CHI_BO_BOTH = (
    f"  assigned: {{ke-hoach-32: [muc-ii-2-3, muc-ii-2-5, muc-iii-2], {DOC_ID}: [muc-i-1, muc-ii-2]}}\n"
    "  collective: true\n  reports_to:\n"
    f"    - to: dang-uy-so\n      document: {DOC_ID}\n      via: van-phong-dang-uy\n      section: muc-ii-2\n"
)
REPORT_ID = "bc-gia-dinh-chi-bo-2024-04"
REPORT = f"""document: {DOC_ID}
unit: chi-bo
number: 01-BC/GĐ
date: 2024-04-20
title: Báo cáo giả định, chỉ dùng để kiểm thử
covers: [muc-i-1]
"""


def give_the_second_document_work(project):
    units = project / "data" / "units.yml"
    text = units.read_text(encoding="utf-8")
    assert CHI_BO_32 in text
    units.write_text(text.replace(CHI_BO_32, CHI_BO_BOTH), encoding="utf-8")
    (project / "data" / "reports").mkdir(exist_ok=True)
    (project / "data" / "reports" / f"{REPORT_ID}.yml").write_text(REPORT, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = add_document_as_the_guide_says(copy_project(tmp_path_factory.mktemp("kho")))
    with (project / "data" / "deadlines.yml").open("a", encoding="utf-8") as file:
        file.write(DEADLINE)
    give_the_second_document_work(project)
    assert errors(project) == []
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_the_second_document_has_its_own_pages_print_word_json_and_xml(built):
    for path in ("", "muc-i", "muc-ii", "ban-in"):
        assert (built / DOC_ID / path / "index.html").is_file(), path
    for suffix in ("docx", "json", "xml"):
        assert (built / f"{TEXT}.{suffix}").stat().st_size > 1000, suffix
    data = json.loads((built / f"{TEXT}.json").read_text(encoding="utf-8"))
    assert data["plan"]["number"] == "45-KH/ĐU" and data["plan"]["implements"] == ["ke-hoach-32"]
    assert "kiểm thử việc dẫn chiếu" in html(built, f"{DOC_ID}/ban-in")


@pytest.mark.build
def test_its_references_link_to_the_clauses_of_plan_32_and_show_there_as_backlinks(built):
    page = html(built, f"{DOC_ID}/muc-i")
    assert 'href="../../ke-hoach-32/muc-iii/#muc-iii-2">mục III.2 Kế hoạch số 32-KH/ĐU</a>' in page
    assert 'href="../../ke-hoach-32/muc-iii/#muc-iii-1">mục III.1 Kế hoạch số 32-KH/ĐU</a>' in page
    cited = html(built, "ke-hoach-32/muc-iii")
    backlink = re.search(r'<li id="muc-iii-2"|<p id="muc-iii-2"', cited)
    assert backlink
    after = cited[backlink.start() :]
    assert re.search(
        r'Được dẫn chiếu tại: <a href="../../gia-dinh-ke-hoach-45/muc-i/#muc-i-1">mục I.1 Kế hoạch số 45-KH/ĐU</a>',
        after,
    )
    # a clause nobody cites shows no such line
    assert "Được dẫn chiếu tại" not in html(built, "ke-hoach-32/muc-i")
    # in the JSON export of plan 32 too, with the document that implements it
    data = json.loads((built / "ke-hoach-32-KH-DU.json").read_text(encoding="utf-8"))
    assert DOC_ID in data["plan"]["implemented_by"]
    parts = {}

    def walk(part):
        parts[part["id"]] = part
        for child in part["children"]:
            walk(child)

    for section in data["structure"]:
        walk(section)
    assert [(c["document"], c["section"]) for c in parts["muc-iii-2"]["cited_by"]] == [(DOC_ID, "muc-i-1")]
    assert [(c["document"], c["section"]) for c in parts["muc-ii-2-5"]["cited_by"]] == [(DOC_ID, "muc-ii-1")]
    assert parts["muc-i-1"]["cited_by"] == []


@pytest.mark.build
def test_the_home_page_lists_the_documents_newest_first_and_the_menu_has_both(built):
    home = html(built, "")
    newer, older = home.index("Kế hoạch số 45-KH/ĐU"), home.index("Kế hoạch số 32-KH/ĐU")
    assert newer < older
    assert 'href="gia-dinh-ke-hoach-45/"' in home and 'href="ke-hoach-32/"' in home
    assert 'href="gia-dinh-ke-hoach-45/ban-in/"' in home and f'href="{TEXT}.docx"' in home
    menu = html(built, "ke-hoach-32/muc-i")
    assert "I. Mục đích, yêu cầu" in menu and "II. Tổ chức thực hiện" in menu


@pytest.mark.build
def test_the_calendar_keeps_plan_32_s_event_ids_and_adds_the_new_document(built):
    calendar = (built / "moc-thoi-gian.ics").read_text(encoding="utf-8")
    assert "UID:ke-hoach-32@ke-hoach-32-kh-du" in calendar
    assert f"UID:{DOC_ID}@{TEXT.lower()}" in calendar


@pytest.mark.build
def test_the_registry_overview_names_the_document_of_each_citing_place(built):
    overview = html(built, "van-ban-lien-quan")
    entry = overview[overview.index('id="ke-hoach-32"') :]
    entry = entry[: entry.index("<h2", 10)]
    assert 'href="../gia-dinh-ke-hoach-45/muc-i/#muc-i-1">Mục I.1, Kế hoạch số 45-KH/ĐU</a>' in entry
    nq = overview[overview.index('id="nq-43-tw"') :]
    assert 'href="../ke-hoach-32/muc-i/#muc-i-1">Mục I.1, Kế hoạch số 32-KH/ĐU</a>' in nq[: nq.index("<h2", 10)]


@pytest.mark.build
def test_every_search_result_of_a_document_names_it(built):
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {entry["location"]: entry["title"] for entry in index["docs"]}
    assert titles[f"{DOC_ID}/muc-i/#muc-i-1"] == "Mục I.1, Kế hoạch số 45-KH/ĐU"
    assert titles["ke-hoach-32/muc-i/#muc-i-1"] == "Mục I.1, Kế hoạch số 32-KH/ĐU"
    for location, title in titles.items():
        if location.startswith((f"{DOC_ID}/", "ke-hoach-32/")) and "#mo-dau" not in location:
            assert title.endswith(("Kế hoạch số 45-KH/ĐU", "Kế hoạch số 32-KH/ĐU")), location


def test_a_typed_reference_to_a_clause_that_does_not_exist_says_so(collection):
    page = collection / "docs" / DOC_ID / "muc-ii.md"
    original = '{{ clause("ke-hoach-32", "muc-ii-2-5") }}'
    page.write_text(
        page.read_text(encoding="utf-8").replace(original, 'mục III.9 Kế hoạch số {{ doc_number("ke-hoach-32") }}'),
        encoding="utf-8",
    )
    [found] = [f for f in check_project(load_project(collection)) if f.code == "KH514"]
    assert found.path == f"docs/{DOC_ID}/muc-ii.md" and found.line == line_of(page, "mục III.9")
    assert "Kế hoạch số 32-KH/ĐU không có mục «muc-iii-9»" in found.message and "«muc-iii-1»" in found.message


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Mục II.2 của Kế hoạch số 32-KH/ĐU", "Mục II.2 của Kế hoạch số 32-KH/ĐU"),
        ("mục II.2, ý 4 kế hoạch số 32-KH/ĐU", "mục II.2, ý 4 kế hoạch số 32-KH/ĐU"),
        ("mục II.2 Kế hoạch 32-KH/ĐU", "mục II.2 Kế hoạch 32-KH/ĐU"),
        ("mục II.2 Kế hoạch số 32 - KH/ĐU", "mục II.2 Kế hoạch số 32 - KH/ĐU"),
        ("mục II.2 Kế hoạch\nsố 32-KH/ĐU", "mục II.2 Kế hoạch số 32-KH/ĐU"),  # wrapped in its paragraph
    ],
)
def test_a_clause_typed_in_the_ways_editors_write_it_gets_the_macro_offered(collection, typed, words):
    page = collection / "docs" / DOC_ID / "muc-ii.md"
    original = '{{ clause("ke-hoach-32", "muc-ii-2-5") }}'
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(original, f"theo {typed}"), encoding="utf-8")
    [found] = [f for f in check_project(load_project(collection)) if f.code == "KH514"]
    line = text[: text.index(original)].count("\n") + 1
    col = len(text[: text.index(original)].rsplit("\n", 1)[-1]) + len("theo ") + 1
    assert (found.path, found.line, found.col) == (f"docs/{DOC_ID}/muc-ii.md", line, col)
    cid = "muc-ii-2-4" if "ý 4" in typed else "muc-ii-2"
    assert f'{{{{ clause("ke-hoach-32", "{cid}", "{words}") }}}}' in found.message


def test_a_mention_that_is_no_clause_reference_gets_no_warning(collection):
    page = collection / "docs" / DOC_ID / "muc-ii.md"
    original = '{{ clause("ke-hoach-32", "muc-ii-2-5") }}'
    text = page.read_text(encoding="utf-8")
    # the clause and the plan in two paragraphs; a table's cells; the plan's number alone
    page.write_text(text.replace(original, "mục II.2\n\nKế hoạch số 32-KH/ĐU, Kế hoạch số 32-KH/ĐU"), encoding="utf-8")
    assert [f for f in check_project(load_project(collection)) if f.code == "KH514"] == []


@pytest.mark.build
def test_the_time_line_and_the_calendar_carry_every_document_s_points(built):
    timeline = html(built, "moc-thoi-gian")
    ours = timeline[timeline.index('id="gia-dinh-bao-cao-6-thang"') :]
    assert 'href="../gia-dinh-ke-hoach-45/muc-ii/#muc-ii-1">Mục II.1, Kế hoạch số 45-KH/ĐU</a>' in ours[:2000]
    assert 'href="../ke-hoach-32/muc-iii/#muc-iii-1">Mục III.1, Kế hoạch số 32-KH/ĐU</a>' in timeline
    calendar = (built / "moc-thoi-gian.ics").read_text(encoding="utf-8")
    assert f"UID:gia-dinh-bao-cao-6-thang@{TEXT.lower()}" in calendar and "DTSTART;VALUE=DATE:20240630" in calendar


# --- units and tracking across documents -----------------------------------------------------------


def section_of(page, element_id):
    """The HTML from the heading with `element_id` to the next heading of the same level."""
    start = page.index(f'id="{element_id}"')
    level = page.rfind("<h", 0, start)
    tag = page[level : level + 3]
    end = page.find(tag, start)
    return page[start : end if end != -1 else len(page)]


@pytest.mark.build
def test_a_units_page_lists_its_assignments_from_every_document_grouped_by_document(built):
    page = html(built, "don-vi/chi-bo")
    newer, older = section_of(page, DOC_ID), section_of(page, "ke-hoach-32")
    assert page.index(f'id="{DOC_ID}"') < page.index('id="ke-hoach-32"')  # newest first, as the home page
    assert "Kế hoạch số 45-KH/ĐU ngày 15/03/2024" in newer and "Kế hoạch số 32-KH/ĐU ngày 06/02/2024" in older
    # each document's items, quoted in its own words, linked to its own pages
    assert f'href="../../{DOC_ID}/muc-i/#muc-i-1"' in newer and "Các chi bộ thực hiện" in newer
    assert f'data-kh-document="{DOC_ID}"' in newer and 'data-kh-document="ke-hoach-32"' not in newer
    assert 'href="../../ke-hoach-32/muc-ii-2/#muc-ii-2-3"' in older and f"{DOC_ID}/" not in older
    # where it reports, as each document says; its report under the document it answers
    assert f'href="../../{DOC_ID}/muc-ii/#muc-ii-2"' in newer and 'href="../../ke-hoach-32/muc-iii/#muc-iii-2"' in older
    assert f'id="bao-cao-{REPORT_ID}"' in newer and f"bao-cao-{REPORT_ID}" not in older
    # the ids of the two documents' parts do not collide
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


@pytest.mark.build
def test_the_tracking_page_gives_totals_by_document_and_overall_and_each_units_items_by_document(built):
    page = html(built, "theo-doi")
    totals = section_of(page, "tong-hop")
    rows = re.findall(r"<tr>(.*?)</tr>", totals, re.S)
    cells = [re.sub(r"<[^>]+>", "", row).split("\n") for row in rows[1:]]
    cells = [[c.strip() for c in row if c.strip()] for row in cells]
    assert cells[0] == ["Kế hoạch số 45-KH/ĐU", "1", "1/2 mục đã ghi nhận báo cáo (50%)"]
    assert cells[1][:2] == ["Kế hoạch số 32-KH/ĐU", "5"] and cells[1][2].startswith("0/")
    plan_32_items = int(cells[1][2].split("/")[1].split()[0])
    assert cells[2] == [
        "Tất cả các văn bản",
        "5",
        f"1/{plan_32_items + 2} mục đã ghi nhận báo cáo ({round(100 / (plan_32_items + 2))}%)",
    ]
    # the unit keeps its own id on the page; under it, one block per document
    chi_bo = section_of(page, "chi-bo")
    newer = chi_bo[chi_bo.index(f'id="chi-bo--{DOC_ID}"') : chi_bo.index('id="chi-bo--ke-hoach-32"')]
    assert "1/2 mục đã ghi nhận báo cáo (50%)" in newer and "Báo cáo số 01-BC/GĐ ngày 20/04/2024" in newer
    older = chi_bo[chi_bo.index('id="chi-bo--ke-hoach-32"') :]
    assert "0/3 mục đã ghi nhận báo cáo (0%)" in older and "Báo cáo số" not in older
    assert "Chưa ghi nhận báo cáo nào của các đơn vị." not in page


@pytest.mark.build
def test_each_document_has_its_own_tracking_page_with_its_units_and_items_only(built):
    tracking = html(built, "theo-doi")
    rows = re.findall(r"<tr>(.*?)</tr>", section_of(tracking, "tong-hop"), re.S)
    # each document's figures on /theo-doi/ lead to its own page
    assert f'<a href="{DOC_ID}/">1/2 mục đã ghi nhận báo cáo (50%)</a>' in rows[1]
    assert '<a href="ke-hoach-32/">0/' in rows[2]
    ours = html(built, f"theo-doi/{DOC_ID}")
    assert "<h1" in ours and "Theo dõi thực hiện Kế hoạch số 45-KH/ĐU" in ours.split("<h1", 1)[1].split("</h1>")[0]
    assert "<title>Theo dõi thực hiện Kế hoạch số 45-KH/ĐU" in ours
    article = ours[ours.index("<article") : ours.index("</article>")]
    # its one reporting unit, the chi bộ, with the items plan 45 gives and the report on it; nothing of plan 32's
    assert 'id="chi-bo"' in article and 'id="van-phong-dang-uy"' not in article
    assert "1/2 mục đã ghi nhận báo cáo (50%)" in article and "Báo cáo số 01-BC/GĐ ngày 20/04/2024" in article
    assert f'href="../../{DOC_ID}/muc-i/#muc-i-1"' in article and "ke-hoach-32/muc-" not in article
    assert 'id="tong-hop"' not in article and f'id="chi-bo--{DOC_ID}"' not in article  # one document: no grouping
    assert 'href="../">Theo dõi thực hiện</a>' in article  # back to every document's state
    assert 'id="nhiem-vu-dinh-ky"' not in article  # plan 45 has no periodic duty: no empty section
    plan_32 = html(built, "theo-doi/ke-hoach-32")
    article = plan_32[plan_32.index("<article") : plan_32.index("</article>")]
    assert 'id="van-phong-dang-uy"' in article and 'id="chi-bo"' in article and DOC_ID not in article
    assert "0/3 mục đã ghi nhận báo cáo (0%)" in section_of(article, "chi-bo")
    # each document's opening says where its state is followed; furniture: not in the Word copy
    for doc_id, label in ((DOC_ID, "45-KH/ĐU"), ("ke-hoach-32", "32-KH/ĐU")):
        opening = html(built, doc_id)
        line = opening[opening.index("Tình hình thực hiện:") :].split("</p>", 1)[0]
        assert f'<a href="../theo-doi/{doc_id}/">Theo dõi thực hiện Kế hoạch số {label}</a>' in line
    word = "\n".join(p.text for p in Document(str(built / f"{TEXT}.docx")).paragraphs)
    assert "Tình hình thực hiện" not in word


@pytest.mark.build
def test_the_units_tree_and_the_history_name_each_document(built):
    tree = html(built, "don-vi")
    chi_bo = tree[tree.index('id="chi-bo"') :]
    chi_bo = chi_bo[: chi_bo.index("</li>")]
    assert "Được giao theo Kế hoạch số 45-KH/ĐU:" in chi_bo and "Được giao theo Kế hoạch số 32-KH/ĐU:" in chi_bo
    assert f'href="../{DOC_ID}/muc-i/#muc-i-1"' in chi_bo
    history = html(built, "lich-su-cap-nhat")
    for doc_id in (DOC_ID, "ke-hoach-32"):
        assert "chưa được sửa đổi lần nào" in section_of(history, doc_id)
    # the collection's pages name every published document
    for path in ("theo-doi", "don-vi", "lich-su-cap-nhat", "moc-thoi-gian"):
        lead = html(built, path).split("<h1", 1)[1][:3000]
        assert "Kế hoạch số 45-KH/ĐU</a> và" in lead and "Kế hoạch số 32-KH/ĐU</a>" in lead, path


def test_a_quote_of_the_second_document_on_a_units_page_is_held_to_that_documents_words(collection):
    give_the_second_document_work(collection)
    project = load_project(collection)
    words = "1. Các chi bộ thực hiện mục III.2 Kế hoạch số 32-KH/ĐU trong văn bản giả định này."
    quote = '<blockquote data-kh-quote="muc-i-1" data-kh-document="{}">{}</blockquote>'
    assert units.check_quotes(project, "don-vi/chi-bo.md", quote.format(DOC_ID, words)) == []
    # the same clause id of plan 32 has other words: a quote is checked against its own document
    [wrong] = units.check_quotes(project, "don-vi/chi-bo.md", quote.format("ke-hoach-32", words))
    assert wrong.code == "KH710" and "khác văn bản gốc" in wrong.message
    [unknown] = units.check_quotes(project, "don-vi/chi-bo.md", quote.format("ke-hoach-23", words))
    assert "«ke-hoach-23»" in unknown.message
    # the visible-text check holds each document's quotes on the page to that document
    doc_pages = page_files.read_pages(collection / "docs")
    [ours] = [p for p in visibility.locked_pages(project.views[DOC_ID], doc_pages) if p.url == "don-vi/chi-bo/"]
    assert ours.part_ids == ["muc-i-1", "muc-ii-2"] and f'data-kh-document="{DOC_ID}"' in ours.scope


@pytest.mark.build
def test_each_document_shows_what_it_implements_and_what_implements_it(built):
    plan_32 = html(built, "ke-hoach-32")
    by = plan_32[plan_32.index("Được triển khai bởi:") :].split("</p>", 1)[0]
    assert '<a href="../gia-dinh-ke-hoach-45/">Kế hoạch số 45-KH/ĐU ngày 15/03/2024</a>' in by
    implements = plan_32[plan_32.index("Triển khai thực hiện:") :].split("</p>", 1)[0]
    assert '<a href="../van-ban-lien-quan/#nq-43-tw">Nghị quyết số 43-NQ/TW ngày 24/11/2023</a>' in implements
    ours = html(built, DOC_ID)
    implements = ours[ours.index("Triển khai thực hiện:") :].split("</p>", 1)[0]
    assert '<a href="../ke-hoach-32/">Kế hoạch số 32-KH/ĐU ngày 06/02/2024</a>' in implements
    assert "Được triển khai bởi" not in ours  # nothing implements it
    # site furniture: set apart from the document's words, not in the Word copy
    assert re.search(r'<p class="[^"]*\bkh-extra kh-relations\b[^>]*><strong>Được triển khai bởi:', plan_32)
    word = "\n".join(p.text for p in Document(str(built / "ke-hoach-32-KH-DU.docx")).paragraphs)
    assert "Được triển khai bởi" not in word and "Triển khai thực hiện:" not in word


@pytest.mark.browser
@pytest.mark.build
def test_every_word_of_both_documents_is_seen_where_it_is_published_a_units_page_included(built, tmp_path):
    """The visible-text lock per document: each document's pages and its quotes on the units' pages (the
    page of "Các chi bộ" quotes both), at 390 px and in print."""
    project_dir = give_the_second_document_work(add_document_as_the_guide_says(copy_project(tmp_path / "kho")))
    project = load_project(project_dir)
    doc_pages = page_files.read_pages(project_dir / "docs")
    checked, problems = set(), []
    with SiteServer(built) as server, chromium() as browser:
        tab = browser.new_page()
        for view in project.views.values():
            for locked in visibility.locked_pages(view, doc_pages):
                tab.goto(server.url + "/" + locked.url)
                for viewport, media in (
                    ({"width": 390, "height": 844}, "screen"),
                    ({"width": 624, "height": 971}, "print"),
                ):
                    tab.set_viewport_size(viewport)
                    tab.emulate_media(media=media)
                    hidden = visibility.hidden_on_page(tab, view.official, locked, view.amendments)
                    problems += [part.describe(f"/{locked.url} ({media})") for part in hidden]
                checked.add((view.document_id, locked.url))
    assert {(DOC_ID, "don-vi/chi-bo/"), ("ke-hoach-32", "don-vi/chi-bo/"), (DOC_ID, f"{DOC_ID}/muc-i/")} <= checked
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_units_with_work_in_any_document_have_their_page_and_the_chain_holds_every_document(built):
    # the fictional document comes first in the registry's order; Tổ chức công đoàn has work in plan 32 only
    assert list(load_project(ROOT).views) == ["ke-hoach-32"] and DOC_ID < "ke-hoach-32"
    page = html(built, "don-vi/cong-doan")
    assert "Kế hoạch số 32-KH/ĐU" in page and 'data-kh-document="ke-hoach-32"' in page
    overview = html(built, "van-ban-lien-quan")
    chain = overview[overview.index('id="chuoi-trien-khai"') :].split("</ol>", 1)[0]
    levels = re.findall(r"<li>(.*?)</li>", chain, re.S)
    assert "Nghị quyết số 43-NQ/TW" in levels[0]
    assert "Kế hoạch số 32-KH/ĐU" in levels[-2] and "Kế hoạch số 45-KH/ĐU" in levels[-1]

"""The published site carries the official text, word for word, in the plan's structure."""

from __future__ import annotations

import re

import pytest

from kehoach import plantext, textlock
from kehoach.pagetemplates import macro_calls
from support.project import ROOT, SHARED_SOURCE, built_page, copy_project, mkdocs_build

ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


def test_repository_copy_of_the_source_is_byte_identical():
    if not SHARED_SOURCE.exists():
        pytest.skip("../shared is not beside this checkout")
    assert (ROOT / "data" / "ke-hoach-32-KH-DU.txt").read_bytes() == SHARED_SOURCE.read_bytes()


def plan_pages_in_order(project, doc_pages):
    order = {cid: i for i, cid in enumerate([plantext.OPENING_ID, *project.citation_ids])}
    pages = [p for p in doc_pages if p.plan_part_ids()]
    return sorted(pages, key=lambda p: order[p.plan_part_ids()[0]])


@pytest.mark.build
def test_built_site_has_every_word_of_the_source_in_order(project, doc_pages, built_site):
    published: list[str] = []
    for page in plan_pages_in_order(project, doc_pages):
        published += plantext.words(textlock.published_text(built_page(built_site, page.path).read_text()))
    source = (ROOT / "data" / "ke-hoach-32-KH-DU.txt").read_text(encoding="utf-8")
    # Read straight from the file, not through the parser. The bullets' dashes at the start of a
    # line are drawn by the page; every other word must be there, in order.
    official = plantext.words("\n".join(re.sub(r"^[\s\u00a0]*-[\s\u00a0]+", "", line) for line in source.splitlines()))
    diffs = textlock.compare(official, published)
    assert not diffs, [d.describe() for d in diffs[:5]]


@pytest.mark.build
def test_every_page_publishes_exactly_its_parts(project, doc_pages, built_site):
    for page in plan_pages_in_order(project, doc_pages):
        html = built_page(built_site, page.path).read_text()
        published = plantext.words(textlock.published_text(html))
        expected = textlock.expected_words(project.official, page.plan_part_ids())
        assert textlock.compare(expected, published) == [], page.path


@pytest.mark.build
def test_source_quirks_survive(built_site):
    """Spellings of the original are kept, the doubled word too; numbers are canonical."""
    text = " ".join(textlock.published_text(p.read_text()) for p in built_site.rglob("index.html"))
    for spelling in (
        "ĐẢNG UỶ SỞ VĂN HÓA",
        "cấp uỷ",
        "cấp ủy",
        "văn hoá",
        "Văn hóa",
        "xây dựng xây dựng",
        "Số 32-KH/ĐU",
        "113-KH/ĐUK",
    ):
        assert spelling in " ".join(text.split()), spelling
    assert "113 - KH" not in text


@pytest.mark.build
@pytest.mark.parametrize("section_id", ["muc-i", "muc-ii-1", "muc-ii-2", "muc-ii-3", "muc-iii"])
def test_each_section_has_the_items_and_bullets_of_the_source(project, built_site, section_id):
    part = project.part(section_id)
    expected = [child.id for child in part.children]
    html = "".join(p.read_text() for p in built_site.glob("ke-hoach-32/muc-*/index.html"))
    present = set(ID_ATTRIBUTE.findall(html))
    assert [cid for cid in expected if cid in present] == expected
    # II.2 has five bullets, the one after "-\u00a0" included
    if section_id == "muc-ii-2":
        assert len(expected) == 5
        page = (built_site / "ke-hoach-32" / "muc-ii-2" / "index.html").read_text()
        assert page.count('<li id="muc-ii-2-') == 5


@pytest.mark.build
def test_every_citation_id_is_an_anchor_on_a_page(project, built_site):
    present = set()
    for html in built_site.rglob("*.html"):
        present |= set(ID_ATTRIBUTE.findall(html.read_text()))
    missing = [cid for cid in project.citation_ids if cid not in present]
    assert not missing


def test_every_id_used_in_docs_exists_in_data(project, doc_pages):
    known = {
        "doc_number": project.documents,
        "doc_date": project.documents,
        "doc_link": project.documents,
        "section_contents": set(project.citation_ids),
    }
    for page in doc_pages:
        for call in page.macros:
            if call.name in known and call.args:
                assert call.args[0] in known[call.name], f"{page.path}:{call.line} {call.args[0]}"
        for part in page.parts:
            assert part.id in project.citation_ids, f"{page.path}:{part.line} {part.id}"


@pytest.mark.build
def test_malformed_data_stops_the_build_with_file_and_line(tmp_path):
    copy = copy_project(tmp_path / "project")
    units = copy / "data" / "units.yml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("  code: ĐUK\n", "  code: ĐUK\n  isuer: x\n"), encoding="utf-8"
    )
    result = mkdocs_build(copy, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"data/units\.yml:\d+:\d+: KH104 khoá không hợp lệ «isuer»", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


# What makes a browser fetch from another host: src, a stylesheet/icon/preload <link>, CSS url() or
# @import. A plain <a href> (the edit button) or rel=canonical only names an address.
EXTERNAL = r"""["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)"""
FETCHES = re.compile(
    r"\ssrc\s*=\s*"
    + EXTERNAL
    + r"|url\(\s*"
    + EXTERNAL
    + r"|@import\s+"
    + EXTERNAL
    + r"|<link\b(?![^>]*rel=\"?canonical)[^>]*\shref\s*=\s*"
    + EXTERNAL
)


@pytest.mark.build
def test_built_pages_request_nothing_from_another_host(built_site):
    offenders = []
    for path in [*built_site.rglob("*.html"), *built_site.rglob("*.css"), *built_site.rglob("*.js")]:
        text = path.read_text(errors="replace")
        offenders += [f"{path.relative_to(built_site)}: {m.group()}" for m in FETCHES.finditer(text)]
    assert not offenders
    assert "fonts.googleapis.com" not in "".join(p.read_text() for p in built_site.rglob("*.html"))


@pytest.mark.build
def test_generated_pages_show_the_registry(project, built_site):
    register = (built_site / "van-ban-lien-quan" / "index.html").read_text()
    for doc in project.documents.values():
        assert f'id="{doc.id}"' in register
    assert "Chưa rõ" in register  # unverified dates are said to be unknown, not invented
    units = (built_site / "don-vi" / "index.html").read_text()
    assert 'href="../ke-hoach-32/muc-iii/#muc-iii-1"' in units
    deadlines = (built_site / "moc-thoi-gian" / "index.html").read_text()
    headings = re.findall(r'<h2 id="([^"]+)">([^<]+)', deadlines)
    order = [heading_id for heading_id, _ in headings]
    # in time order: the term, the goals, then the duties the plan sets "định kỳ", then the undated
    assert (
        order.index("nhiem-ky-2020-2025")
        < order.index("muc-tieu-2030")
        < order.index("muc-tieu-2045")
        < order.index("so-ket-tong-ket")
        < order.index("bao-cao-ket-qua")
    )
    assert dict(headings)["so-ket-tong-ket"].startswith("Định kỳ: Sơ kết")
    assert dict(headings)["bao-cao-ket-qua"].startswith("Kế hoạch không ghi thời gian")


@pytest.mark.build
def test_no_macro_source_leaks_into_the_site(built_site):
    for html in built_site.rglob("*.html"):
        text = html.read_text()
        assert "{{" not in text and "{%" not in text, html
        assert not macro_calls(text)


@pytest.mark.build
def test_readers_see_no_english_interface_text(built_site):
    """Material's strings that its Vietnamese translation leaves in English, and its footer credit."""
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for english in ("Made with", "Initializing search", ">Tabs<", "Skip to content", "Back to top"):
            assert english not in text, f"{html.relative_to(built_site)}: {english}"


def test_the_plan_header_names_the_top_of_the_issuers_chain_from_data(tmp_path):
    """plan_header's right-hand line (the Party) is the unit at the top of the issuer's `parent` chain,
    read from data/units.yml, not an id written in the code; a cycle (KH305) does not hang it."""
    from kehoach.model import load_project
    from support.checker import make_fixture

    root = make_fixture(tmp_path / "p")
    assert load_project(root).top_unit("dang-uy-so").id == "ban-chap-hanh-trung-uong"
    units = root / "data" / "units.yml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "- id: ban-chap-hanh-trung-uong\n  name: Ban Chấp hành Trung ương Đảng\n  parent: null",
            "- id: ban-chap-hanh-trung-uong\n  name: Ban Chấp hành Trung ương Đảng\n  parent: dang-uy-so",
        ),
        encoding="utf-8",
    )
    # the chain closes on itself: the walk stops at the last unit before the repeat
    assert load_project(root).top_unit("dang-uy-so").id == "ban-chap-hanh-trung-uong"

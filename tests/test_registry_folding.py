"""The registry overview ("Văn bản liên quan") of a large collection: a list of more than ten places
citing a document, or of documents implementing it, is folded under its count
(overrides/macros/documents_register.md), every link still in the page. Unfolded, the ~800 links of the
40-document collection made the page's rendering and Material's start-up restyle its longest tasks
(Lighthouse Total Blocking Time, scripts/budget.py --collection 40). Short lists stay as they were.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from kehoach.gzipserve import SiteServer
from support.project import ROOT, copy_project, mkdocs_build
from support.tiers import chromium

DOCUMENTS = 12  # plan 32 and eleven copies (scripts/bench.py): each of plan 32's citations cited 12 times
COPIES = [f"ban-sao-{i:02d}" for i in range(1, DOCUMENTS)]


def folded(entry: str) -> list[tuple[str, str]]:
    """(summary, content) of each folded list of one registry entry's HTML."""
    return re.findall(r'<details class="kh-cited">\s*<summary>(.*?)</summary>(.*?)</details>', entry, re.S)


def entry_of(overview: str, doc_id: str) -> str:
    start = overview.index(f'<h2 id="{doc_id}"')
    end = overview.find("<h2", start + 10)
    return overview[start : end if end > 0 else None]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic collection of DOCUMENTS documents (scripts/bench.py make_collection), built."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    work = tmp_path_factory.mktemp("large")
    project = bench.make_collection(copy_project(work / "project"), DOCUMENTS)
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.build
def test_a_document_cited_in_many_places_has_them_folded_under_their_count_every_link_kept(large):
    overview = (large / "van-ban-lien-quan" / "index.html").read_text(encoding="utf-8")
    entry = entry_of(overview, "nq-tw4-khoa-xi")  # cited by item II.3.1 of plan 32 and of each copy
    [(summary, places)] = folded(entry)
    assert summary == f"Được trích dẫn tại {DOCUMENTS} chỗ"
    assert "Được trích dẫn tại:" not in entry  # the unfolded sentence is not written as well
    for doc_id, number in [("ke-hoach-32", 32), *((copy, 100 + i) for i, copy in enumerate(COPIES, 1))]:
        link = f'<a href="../{doc_id}/muc-ii-3/#muc-ii-3-1">Mục II.3, ý 1, Kế hoạch số {number}-KH/ĐU</a>'
        assert link in places
    assert len(re.findall(r"<a ", places)) == DOCUMENTS


@pytest.mark.build
def test_a_document_implemented_by_many_has_them_folded_under_the_label(large):
    overview = (large / "van-ban-lien-quan" / "index.html").read_text(encoding="utf-8")
    entry = entry_of(overview, "nq-43-tw")
    by = entry[entry.index("<strong>Được triển khai bởi:</strong>") :].split("</li>", 1)[0]
    [(summary, documents)] = folded(by)
    linked = re.findall(r'<a href="#([^"]+)">', documents)
    assert summary == f"{len(linked)} văn bản"
    assert {"ke-hoach-32", *COPIES} <= set(linked)
    # a short list of the same entry's kind stays a line of links
    plan = entry_of(overview, "ban-sao-01")
    assert re.search(r'<strong>Triển khai thực hiện:</strong> <a href="#', plan) and "kh-cited" not in plan


@pytest.mark.build
def test_the_real_registry_keeps_its_short_lists_unfolded(built_site):
    overview = (built_site / "van-ban-lien-quan" / "index.html").read_text(encoding="utf-8")
    assert "Được trích dẫn tại: <a " in overview and 'class="kh-cited"' not in overview


@pytest.mark.build
@pytest.mark.browser
def test_a_reader_opens_a_folded_list_and_follows_a_place(large):
    with SiteServer(large) as server, chromium() as browser:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(server.url + "/van-ban-lien-quan/#nq-tw4-khoa-xi")
        entry = tab.locator("h2#nq-tw4-khoa-xi ~ details.kh-cited").first
        link = entry.get_by_role("link", name="Mục II.3, ý 1, Kế hoạch số 101-KH/ĐU")
        assert not link.is_visible()  # folded: the page renders the count, not the links
        summary = entry.locator("summary")
        assert summary.inner_text() == f"Được trích dẫn tại {DOCUMENTS} chỗ"
        box = summary.bounding_box()
        assert box is not None and box["height"] >= 24  # a finger-sized target on a phone
        summary.click()
        assert link.is_visible()
        link.click()
        tab.wait_for_url("**/ban-sao-01/muc-ii-3/#muc-ii-3-1")

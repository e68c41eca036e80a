"""scripts/budget.py: which pages a large site's budget measures, and that measuring several pages at
once gives the figures of measuring them one by one."""

from __future__ import annotations

import contextlib
import importlib.util
import random
import sys
from pathlib import Path

import pytest

from support.project import ROOT

spec = importlib.util.spec_from_file_location("budget", ROOT / "scripts" / "budget.py")
budget = importlib.util.module_from_spec(spec)
sys.modules["budget"] = budget  # dataclasses look their module up there
spec.loader.exec_module(budget)


def page(body: str = "", noise: int = 0) -> str:
    """A page's HTML; `noise` bytes that gzip cannot shrink make it heavier on the wire."""
    filler = random.Random(noise).randbytes(noise).hex() if noise else ""
    return f"<!doctype html><html><head><title>t</title></head><body>{body}<p>{filler}</p></body></html>"


def redirect(to: str) -> str:
    """A redirect page as mkdocs-redirects writes it."""
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đang chuyển tới địa chỉ mới…</title>'
        f'<link rel="canonical" href="{to}"><meta http-equiv="refresh" content="0; url={to}"></head>'
        f'<body>Trang đã chuyển tới <a href="{to}">địa chỉ mới</a>.</body></html>'
    )


def write(site: Path, path: str, html: str) -> None:
    target = site / path if path.endswith(".html") else site / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built collection of two documents, laid out as the real one is, with a known heaviest page of
    each kind that has several pages."""
    site = tmp_path / "site"
    write(site, "", page())
    write(site, "404.html", page())
    for doc in ("ke-hoach-32", "ban-sao-01"):
        write(site, f"{doc}/", page(noise=300 if doc == "ban-sao-01" else 0))
        write(site, f"{doc}/ban-in/", page(noise=900 if doc == "ke-hoach-32" else 600))
        for section in ("muc-i", "muc-ii", "muc-ii-1"):
            heavy = doc == "ke-hoach-32" and section == "muc-ii-1"
            write(site, f"{doc}/{section}/", page(noise=700 if heavy else 100))
    for register in budget.REGISTERS:
        write(site, register, page())
    write(site, "don-vi/chi-bo/", page(noise=50))
    write(site, "don-vi/cong-doan/", page(noise=400))
    write(site, "theo-doi/ke-hoach-32/", page(noise=500))
    write(site, "theo-doi/ban-sao-01/", page(noise=20))
    # old addresses: the same redirect HTML, leading to a light and to the heaviest page
    write(site, "muc-i/", redirect("../ke-hoach-32/muc-i/"))
    write(site, "ban-in/", redirect("../ke-hoach-32/ban-in/"))
    write(site, "muc-ii/", redirect("../ke-hoach-32/muc-ii/"))
    return site


def chosen(site: Path) -> dict[str, str]:
    return {kind.name: kind.chosen for kind in budget.page_kinds(site, budget.page_urls(site)) if kind.pages}


def test_the_sample_has_every_kind_of_page_and_the_heaviest_of_each(site):
    assert chosen(site) == {
        budget.HOME: "",
        budget.OPENING: "ban-sao-01/",
        budget.SECTION: "ke-hoach-32/muc-ii-1/",
        budget.PRINT: "ke-hoach-32/ban-in/",
        "trang /don-vi/": "don-vi/",
        "trang /theo-doi/": "theo-doi/",
        "trang /moc-thoi-gian/": "moc-thoi-gian/",
        "trang /van-ban-lien-quan/": "van-ban-lien-quan/",
        "trang /lich-su-cap-nhat/": "lich-su-cap-nhat/",
        budget.UNIT: "don-vi/cong-doan/",
        budget.TRACKING: "theo-doi/ke-hoach-32/",
        budget.REDIRECT: "ban-in/",  # its own HTML weighs as the others; the page it leads to is the heaviest
        budget.NOT_FOUND: "404.html",
    }
    kinds = budget.page_kinds(site, budget.page_urls(site))
    assert set(budget.EXPECTED_KINDS) <= set(chosen(site))
    assert budget.sample_pages(kinds)[0] == ""  # the search is measured on the first page measured: home


def test_the_heaviest_is_found_wherever_it_is(site):
    """Move the weight to another document's section: the sample follows it."""
    write(site, "ban-sao-01/muc-i/", page(noise=5000))
    assert chosen(site)[budget.SECTION] == "ban-sao-01/muc-i/"


def test_no_page_is_left_out_of_every_kind(site):
    """A page of a shape the budget does not know (one a later change adds) is a kind of its own."""
    write(site, "tin-tuc/", page())
    write(site, "ke-hoach-32/phu-luc/bang-1/", page())
    kinds = budget.page_kinds(site, budget.page_urls(site))
    assert sum(len(kind.pages) for kind in kinds) == len(budget.page_urls(site))
    assert {"trang /tin-tuc/", "trang /ke-hoach-32/phu-luc/bang-1/"} <= set(chosen(site))
    assert {"tin-tuc/", "ke-hoach-32/phu-luc/bang-1/"} <= set(budget.sample_pages(kinds))


def test_a_missing_kind_is_said_not_skipped(site, capsys):
    for unit in ("chi-bo", "cong-doan"):
        (site / "don-vi" / unit / "index.html").unlink()
        (site / "don-vi" / unit).rmdir()
    budget.report_kinds(budget.page_kinds(site, budget.page_urls(site)), sampled=True)
    out = capsys.readouterr().out
    assert f"{budget.UNIT} " in out and "không có trang nào loại này" in out
    assert "→ /ke-hoach-32/muc-ii-1/" in out  # and the page chosen for each kind is named


@pytest.mark.build
def test_every_kind_of_page_is_found_on_the_real_site(built_site):
    kinds = {kind.name: kind for kind in budget.page_kinds(built_site, budget.page_urls(built_site))}
    assert [name for name in budget.EXPECTED_KINDS if not kinds[name].pages] == []
    assert len(budget.sample_pages(list(kinds.values()))) == len([kind for kind in kinds.values() if kind.pages])
    assert kinds[budget.PRINT].chosen == "ke-hoach-32/ban-in/"


@pytest.mark.build
@pytest.mark.browser
def test_pages_measured_at_once_weigh_what_they_weigh_one_by_one(built_site):
    """Each lane has its own server: a page's bytes are never counted for the page of another lane."""
    from kehoach.gzipserve import SiteServer

    kinds = budget.page_kinds(built_site, budget.page_urls(built_site))
    paths = budget.sample_pages(kinds)

    def measure(lanes: int) -> dict[str, list[tuple[str, int]]]:
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(SiteServer(built_site)) for _ in range(lanes)]
            views, search, foreign = budget.measure_browser(servers, paths)
        assert foreign == []
        assert any("search_index" in path for path, _, _ in search.responses)
        return {view.path: sorted((path, body) for path, body, _ in view.responses) for view in views}

    one_by_one = measure(1)
    assert all(len(responses) > 5 for responses in one_by_one.values())  # the page, Material's CSS and JS…
    assert measure(4) == one_by_one


def test_several_lighthouse_runs_give_the_median_run():
    """The figure printed is the middle run's, all its scores together, not the best of each category."""
    runs = [{"performance": p, "seo": s} for p, s in ((97, 100), (100, 92), (99, 100), (73, 100), (100, 100))]
    assert budget.median_run(runs) == {"performance": 99, "seo": 100}
    assert budget.median_run(runs[:1]) == runs[0]
    assert budget.median_run([{"performance": 98}, {"performance": 100}]) == {"performance": 98}


def test_a_slow_page_says_where_its_main_thread_time_went():
    """When Total Blocking Time costs points, the line under the scores names the work (in Vietnamese,
    largest first), the longest tasks with the file that ran them, and the page's number of elements."""
    audits = {
        "mainthread-work-breakdown": {
            "details": {
                "items": [
                    {"group": "scriptEvaluation", "duration": 290.4},
                    {"group": "styleLayout", "duration": 632.0},
                    {"group": "parseHTML", "duration": 136.2},
                ]
            }
        },
        "long-tasks": {
            "details": {
                "items": [
                    {"url": "http://127.0.0.1:8000/van-ban-lien-quan/", "duration": 289.0},
                    {"url": "http://127.0.0.1:8000/assets/javascripts/bundle.a5f9d56c.min.js", "duration": 145.0},
                    {"url": "http://127.0.0.1:8000/assets/javascripts/bundle.a5f9d56c.min.js", "duration": 120.0},
                    {"url": "Unattributable", "duration": 54.0},
                ]
            }
        },
        "dom-size": {"numericValue": 2398},
    }
    assert budget.main_thread(audits) == (
        "luồng chính: kiểu và bố cục 632 ms, chạy script 290 ms, phân tích HTML và CSS 136 ms; "
        "tác vụ dài nhất: 289 ms (trang /van-ban-lien-quan/), 145 ms (bundle.a5f9d56c.min.js), 120 ms (bundle.a5f9d56c.min.js); "
        "2398 phần tử HTML"
    )
    assert budget.main_thread({}) == ""

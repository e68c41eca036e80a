"""What readers reach for, outside the plan's own text: the download buttons (offered only for files the
site holds), and the calendar page (the next dated point or plainly none, and a one-tap subscription)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from kehoach import calendar_export, publish
from kehoach.gzipserve import SiteServer
from kehoach.model import Deadline
from support.project import ROOT, mkdocs_build
from support.tiers import chromium

# --- downloads ---------------------------------------------------------------------------------


def test_only_the_later_downloads_can_be_announced():
    assert publish.announced_downloads({}) == frozenset()
    assert publish.announced_downloads({"KH_DOWNLOADS": "pdf"}) == {"pdf"}
    assert publish.announced_downloads({"KH_DOWNLOADS": "pdf, offline docx ../x"}) == {"pdf", "offline"}


def download_links(site, page: str = "index.html") -> list[str]:
    return re.findall(r'<a href="([^"]+)" download>', (site / page).read_text(encoding="utf-8"))


@pytest.mark.build
def test_a_plain_build_offers_only_what_it_makes(built_site):
    """`make build` and `make serve` make the Word copy, not the PDF or the offline copy: no button for them."""
    for page in ("index.html", "ke-hoach-32/index.html", "ke-hoach-32/ban-in/index.html"):
        links = download_links(built_site, page)
        assert [link.rsplit("/", 1)[-1] for link in links] == ["ke-hoach-32-KH-DU.docx"], page


@pytest.mark.build
def test_make_pdf_and_make_offline_announce_their_files_to_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("KH_DOWNLOADS", "pdf offline")
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    # the document's opening page (the home page before the collection) offers its three files
    assert [link.rsplit("/", 1)[-1] for link in download_links(tmp_path / "site", "ke-hoach-32/index.html")] == [
        "ke-hoach-32-KH-DU.pdf",
        "ke-hoach-32-KH-DU.docx",
        "ke-hoach-32-KH-DU-offline.zip",
    ]
    # the home page: each document's Word copy and PDF, and the offline copy of the whole collection
    assert sorted(download_links(tmp_path / "site")) == [
        "ke-hoach-32-KH-DU-offline.zip",
        "ke-hoach-32-KH-DU.docx",
        "ke-hoach-32-KH-DU.pdf",
    ]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "offline: export KH_DOWNLOADS = pdf offline" in makefile
    assert "publish.DOWNLOADS_ENV: announced" in (ROOT / "scripts" / "make_pdf.py").read_text(encoding="utf-8")


# --- the calendar page ---------------------------------------------------------------------------


def deadline(**values) -> Deadline:
    base = {
        "id": "d",
        "what": "Báo cáo sơ kết",
        "owner": "chi-bo",
        "when": None,
        "section": "muc-iii-2",
        "document": "ke-hoach-32",
    }
    return Deadline(**{**base, **values})


def with_deadlines(project, *deadlines: Deadline):
    return dataclasses.replace(project, deadlines={d.id: d for d in deadlines})


def test_the_next_milestone_is_the_first_dated_point_ahead(project):
    today = dt.date(2026, 12, 5)
    past = deadline(id="a", when="2026-01-15")
    soon = deadline(id="b", when="2027-03-01", what="Sơ kết")
    later = deadline(id="c", when="2027-06-30")
    year = deadline(id="e", when="2030")  # a year is a goal, not a day
    assert calendar_export.next_milestone(with_deadlines(project, past, year), today) is None
    assert calendar_export.next_milestone(with_deadlines(project, later, past, soon), today) == (
        dt.date(2027, 3, 1),
        soon,
    )
    assert calendar_export.next_milestone(with_deadlines(project, soon), dt.date(2027, 3, 1))[0] == dt.date(2027, 3, 1)
    # a duty that recurs every 6 months from 31/01/2024: its next occurrence on or after today
    every = deadline(id="f", every=6, start=dt.date(2024, 1, 31))
    assert calendar_export.occurrence_from(every, today) == dt.date(2027, 1, 31)
    assert calendar_export.occurrence_from(every, dt.date(2026, 7, 31)) == dt.date(2026, 7, 31)
    assert calendar_export.occurrence_from(deadline(every=1, start=dt.date(2026, 1, 31)), dt.date(2026, 2, 1)) == (
        dt.date(2026, 2, 28)
    )


def test_the_calendar_page_says_plainly_when_no_point_is_ahead(project):
    today = dt.date(2026, 12, 5)
    none = calendar_export.next_milestone_html(with_deadlines(project, deadline(when="2025-01-01")), today)
    assert 'Chưa có mốc sắp tới <span class="kh-next__date">(tính đến ngày 05/12/2026)</span>.' in none
    some = calendar_export.next_milestone_html(with_deadlines(project, deadline(id="x", when="2027-03-01")), today)
    assert 'Mốc sắp tới: ngày 01/03/2027, <a href="#x">Báo cáo sơ kết</a>, nêu tại Mục III.2 <span' in some
    content = "<h1>Mốc thời gian</h1>\n<p>Lời dẫn.</p>\n<h2>Lịch</h2>"
    placed = calendar_export.with_next_milestone(content, project, today)
    assert placed.index("Lời dẫn") < placed.index('class="kh-extra kh-next"') < placed.index("<h2>")


@pytest.mark.build
def test_the_built_calendar_page_names_the_next_point_or_none(built_site, project):
    from kehoach import reports

    text = (built_site / "moc-thoi-gian" / "index.html").read_text(encoding="utf-8")
    found = calendar_export.next_milestone(project, reports.as_of())
    assert ("Chưa có mốc sắp tới" in text) == (found is None)
    assert 'id="kh-calendar-subscribe"' in text and 'id="kh-calendar-file"' in text
    for word in ("iPhone (iOS 18)", "Thêm lịch đã đăng ký", "Android (Google Lịch)", "Từ URL"):
        assert word in text


@pytest.mark.browser
@pytest.mark.build
def test_the_subscription_is_one_tap_webcal_with_the_https_file_beside_it(built_site):
    with SiteServer(built_site) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page.goto(server.url + "moc-thoi-gian/")
        host = server.url.split("://", 1)[1]
        subscribe = page.locator("#kh-calendar-subscribe")
        assert subscribe.get_attribute("href") == f"webcal://{host}moc-thoi-gian.ics"
        assert page.locator("#kh-calendar-file").evaluate("a => a.href") == f"{server.url}moc-thoi-gian.ics"
        assert page.request.get(f"{server.url}moc-thoi-gian.ics").ok
        assert subscribe.is_visible()


# --- the copied citation's link: the published address when the site's address is known -------------


def test_the_citation_block_names_the_published_page_when_site_url_is_set():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True)
    template = env.get_template("partials/reading-citations.html")

    class Page:
        canonical_url = "https://dang-uy.example/ke-hoach/muc-ii-2/"

    block = template.render(kh_citations=[{"id": "muc-ii-2"}], page=Page())
    assert 'data-page-url="https://dang-uy.example/ke-hoach/muc-ii-2/"' in block

    class Local:
        canonical_url = None

    assert "data-page-url" not in template.render(kh_citations=[{"id": "muc-ii-2"}], page=Local())


@pytest.mark.browser
@pytest.mark.build
def test_the_copied_citation_links_to_the_published_page_when_its_address_is_known(built_site):
    published = "https://dang-uy.example/ke-hoach/muc-ii-2/"
    with SiteServer(built_site) as server, chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))

        def with_site_url(route):
            body = route.fetch().text().replace('id="kh-citations"', f'id="kh-citations" data-page-url="{published}"')
            route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

        context.route(server.url + "ke-hoach-32/muc-ii-2/", with_site_url)
        page = context.new_page()
        page.goto(server.url + "ke-hoach-32/muc-ii-2/")
        item = page.locator("#muc-ii-2-4")
        item.locator("button.kh-cite__toggle").click()
        item.get_by_role("button", name="Sao chép trích dẫn").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Mục II.2, ý 4, ") and copied.endswith(f": {published}#muc-ii-2-4")
        context.close()

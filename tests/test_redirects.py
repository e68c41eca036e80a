"""Plan 32's addresses as published before the collection keep working: a reader following an old link
lands on the same clause, fragment included, in a real browser and under the site's CSP; the files keep
their old names."""

from __future__ import annotations

import json
import re

import pytest

from kehoach import csp
from kehoach.browser import chromium
from kehoach.gzipserve import SiteServer
from support.project import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.build]

# mkdocs.yml, plugin redirects: every page plan 32 had at the top of the site
OLD_PAGES = re.findall(
    r"^        (muc-[a-z0-9-]+|ban-in)\.md: ke-hoach-32/\1\.md$",
    (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
    re.M,
)


def test_every_old_page_of_plan_32_is_listed():
    assert sorted(OLD_PAGES) == sorted(
        p.stem for p in (ROOT / "docs" / "ke-hoach-32").glob("*.md") if p.stem != "index"
    )


@pytest.fixture(scope="module")
def site(built_site):
    with SiteServer(built_site) as server, chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        yield server.url, context
        context.close()


@pytest.mark.parametrize(
    "old, fragment",
    [
        ("muc-iii", "muc-iii-2"),
        ("muc-ii-2", "muc-ii-2-4"),
        ("muc-i", "muc-i-3"),
        ("ban-in", "muc-iii-1"),
        ("muc-ii-1", ""),
    ],
)
def test_an_old_link_lands_on_the_same_clause(site, old, fragment):
    url, context = site
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{url}{old}/" + (f"#{fragment}" if fragment else ""))
    page.wait_for_url(re.compile(rf"/ke-hoach-32/{old}/"))
    assert page.url == f"{url}ke-hoach-32/{old}/" + (f"#{fragment}" if fragment else "")
    if fragment:
        page.wait_for_function(
            "id => { const e = document.getElementById(id); if (!e) return false; const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
            arg=fragment,
        )
    assert not blocked
    page.close()


def test_the_redirect_pages_speak_vietnamese_and_carry_the_policy(built_site):
    for old in OLD_PAGES:
        html = (built_site / old / "index.html").read_text(encoding="utf-8")
        assert '<html lang="vi">' in html and "Đang chuyển tới địa chỉ mới" in html, old
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, old
        for body in csp.inline_scripts(html):
            assert csp.script_hash(body).replace("'", "&#39;") in policy.group(1), old


def test_the_old_file_names_still_download_the_same_files(built_site):
    assert json.loads((built_site / "ke-hoach.json").read_text(encoding="utf-8")) == json.loads(
        (built_site / "ke-hoach-32-KH-DU.json").read_text(encoding="utf-8")
    )
    for name in ("ke-hoach-32-KH-DU.xml", "ke-hoach-32-KH-DU.docx"):
        assert (built_site / name).stat().st_size > 1000, name

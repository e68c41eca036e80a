"""Reading online: every page in a real browser (Debian's chromium through Playwright) behind a
server that gzips as GitHub Pages does. Nothing leaves 127.0.0.1, axe-core finds nothing at phone and
desktop widths, no page scrolls sideways at 360 px, citation links open on their part and the copy
controls give the right link and words; the Nu Html Checker finds no error in the built site.

One browser for the module; each page is loaded once per width.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kehoach import assets, citations, collection, plantext, textlock
from kehoach.collection import OPENING_PAGE, path_in
from kehoach.gzipserve import SiteServer
from support.project import ROOT, built_page, page_url, site_pages
from support.tiers import chromium

JS_TOOLS = ROOT / "tools" / "node" / "test" / "node_modules"
AXE = JS_TOOLS / "axe-core" / "axe.min.js"
VNU = JS_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# The one place where Nu Html Checker errors are accepted, each with its reason. Material's base.html
# puts autocomplete="off" on its two hidden toggles (menu drawer and search) so that Firefox does not
# restore them open on "back"; the attribute is not allowed on a checkbox. They sit outside any
# template block, so removing them would mean copying Material's whole base.html.
ACCEPTED_VNU_ERRORS = {
    "Material's drawer and search toggles: autocomplete=off keeps Firefox from restoring them open": (
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"'),
    ),
}


def needs(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make test` (it installs tools/node/test with npm ci)")


@pytest.fixture(scope="module")
def site_url(built_site):
    with SiteServer(built_site) as server:
        yield server.url


@pytest.fixture(scope="module")
def site_paths(built_site) -> list[str]:
    """Every page of the built site as a URL path: "", "ke-hoach-32/muc-i/", …, "404.html" (the home page first)."""
    paths = [
        "" if p.parent == built_site else p.parent.relative_to(built_site).as_posix() + "/"
        for p in site_pages(built_site, "index.html")  # an old address only sends the reader on
    ]
    paths += [p.relative_to(built_site).as_posix() for p in built_site.glob("404.html")]
    return sorted(paths, key=lambda path: (path != "", path))


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def open_page(context, url: str, wait_until: str = "load"):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until=wait_until)
    page.kh_errors = errors  # read by the tests that care about script errors
    return page


def with_axe(context):
    """axe-core in every page of `context`, as an init script: a Content-Security-Policy that allows
    inline scripts only by hash would refuse an injected <script> tag."""
    needs(AXE)
    context.add_init_script(path=str(AXE))
    return context


def settled(page) -> None:
    """Wait until Material's fades and slides end: axe measures colours half-way through otherwise."""
    page.wait_for_timeout(50)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def run_axe(page, selector: str | None = None) -> list[str]:
    target = json.dumps(selector) if selector else "document"
    result = page.evaluate(f"axe.run({target}, {{resultTypes: ['violations']}})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_every_page_has_no_axe_violation_and_asks_nothing_of_another_host(browser, site_url, site_paths, viewport):
    context = with_axe(browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE))
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    problems = []
    try:
        for path in site_paths:
            # networkidle: the search worker fetches its index after load, and that counts too
            page = open_page(context, site_url + path, wait_until="networkidle")
            problems += [f"/{path}: {v}" for v in run_axe(page)]
            problems += [f"/{path}: script error {e}" for e in page.kh_errors]
            page.close()
        # The open search with results, and on a phone the open menu.
        page = open_page(context, site_url + "ke-hoach-32/muc-i/", wait_until="networkidle")
        search_opener = "label.md-header__button[for='__search']" if viewport is PHONE else "input.md-search__input"
        page.locator(search_opener).click()
        page.keyboard.type("doan ket")
        page.locator(".md-search-result__item").first.wait_for()
        settled(page)
        problems += [f"search open: {v}" for v in run_axe(page)]
        page.keyboard.press("Escape")
        if viewport is PHONE:
            page.locator("label.md-header__button[for='__drawer']").click()
            settled(page)
            problems += [f"menu open: {v}" for v in run_axe(page)]
        page.close()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    own = urlsplit(site_url).netloc
    foreign = sorted(
        {url for url in requested if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own}
    )
    assert not foreign
    assert len(requested) > len(site_paths)  # the pages and their assets were all seen


@pytest.mark.browser
@pytest.mark.build
def test_no_page_scrolls_sideways_at_360px(browser, site_url, site_paths):
    context = browser.new_context(viewport=NARROW_PHONE, is_mobile=True, has_touch=True)
    wide = []
    try:
        for path in site_paths:
            page = open_page(context, site_url + path)
            # Open every citation panel too: they hold the longest unbroken text, the link.
            page.evaluate("document.querySelectorAll('.kh-cite__toggle').forEach(button => button.click())")
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1]:
                wide.append(f"/{path}: {width[0]} px wide in a {width[1]} px screen")
            page.close()
    finally:
        context.close()
    assert not wide


@pytest.mark.browser
@pytest.mark.build
def test_headings_leave_room_for_the_text_on_the_first_phone_screen(browser, site_url, doc_pages):
    """A section page's heading ends in the upper half of a 390 px phone screen; on the home page,
    below the opening block and the title, the plan's first paragraph starts on the first screen."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    too_low = []
    try:
        for doc in doc_pages:
            ids = doc.plan_part_ids()
            if not ids:
                continue
            if ids[0] == plantext.OPENING_ID:
                page = open_page(context, site_url + page_url(doc.path))
                where = page.evaluate(
                    "document.querySelector('h1#mo-dau ~ p:not(.kh-title__rule)').getBoundingClientRect().top"
                )
                limit = PHONE["height"] - 3 * 28  # three lines of text
            else:
                page = open_page(context, site_url + page_url(doc.path))
                where = page.evaluate(f"document.getElementById({json.dumps(ids[0])}).getBoundingClientRect().bottom")
                limit = PHONE["height"] / 2
            if where > limit:
                too_low.append(f"{doc.path}: the text starts {where:.0f} px down a {PHONE['height']} px screen")
            page.close()
    finally:
        context.close()
    assert not too_low


def expected_words(project, label: str) -> str:
    """The citation in words, composed here from the data: where, then which plan and who issued it."""
    plan = project.plan
    return f"{label}, {plan.label} ngày {plan.date_text} của {project.units[plan.issuer].name}"


@pytest.mark.browser
@pytest.mark.build
def test_copy_controls_give_the_link_and_the_words_of_a_part(browser, site_url, project):
    context = with_axe(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        page = open_page(context, site_url + "ke-hoach-32/muc-ii-2/")
        item = page.locator("#muc-ii-2-4")
        toggle = item.locator("button.kh-cite__toggle")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        panel = item.locator(".kh-cite")
        words = expected_words(project, "Mục II.2, ý 4")
        assert panel.locator(".kh-cite__words").inner_text() == words
        link = f"{site_url}ke-hoach-32/muc-ii-2/#muc-ii-2-4"

        panel.get_by_role("button", name="Sao chép liên kết").click()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert "Đã sao chép liên kết" in panel.get_by_role("status").inner_text()
        # The citation is copied with its link: pasted into a chat, the message opens the part.
        panel.get_by_role("button", name="Sao chép trích dẫn").click()
        assert page.evaluate("navigator.clipboard.readText()") == f"{words}: {link}"
        assert "kèm liên kết" in panel.get_by_role("status").inner_text()

        assert not run_axe(page, "#muc-ii-2-4")  # the open panel is accessible too
        page.keyboard.press("Escape")
        assert panel.is_hidden()
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "kh-cite-muc-ii-2-4"
        assert not page.kh_errors

        # The copied link opens the page on the part, below the sticky header, and marks it.
        opened = open_page(context, link)
        box = opened.evaluate("""() => {
            const item = document.getElementById('muc-ii-2-4'), other = document.getElementById('muc-ii-2-1');
            const rect = item.getBoundingClientRect();
            return {top: rect.top, bottom: rect.bottom, header: document.querySelector('.md-header').offsetHeight,
                    target: item.matches(':target'), mark: getComputedStyle(item).backgroundColor,
                    plain: getComputedStyle(other).backgroundColor};
        }""")
        assert box["target"]
        assert box["header"] <= box["top"] < PHONE["height"], box
        assert box["mark"] != box["plain"], box

        # Arriving from a search result (Material adds ?h=…) still gives the plain link.
        from_search = open_page(context, site_url + "ke-hoach-32/muc-ii-2/?h=doan+ket")
        assert from_search.locator("#muc-ii-2-4 .kh-cite__link").text_content() == link
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_every_part_on_every_page_can_be_cited_without_changing_the_text(
    browser, site_url, project, doc_pages, built_site
):
    context = browser.new_context(viewport=DESKTOP)
    try:
        for doc in doc_pages:
            ids = doc.plan_part_ids()
            if not ids:
                continue
            url_path = page_url(doc.path)
            page = open_page(context, site_url + url_path)
            cited = page.evaluate("""() => [...document.querySelectorAll('article .kh-cite')].map(panel => [
                panel.parentElement.id, panel.querySelector('.kh-cite__words').textContent])""")
            assert [part_id for part_id, _ in cited] == ids, doc.path
            for part_id, words in cited:
                opening = part_id == plantext.OPENING_ID
                label = "Phần mở đầu" if opening else "Mục " + plantext.citation_number(part_id)
                assert words == expected_words(project, label)
            # What the script adds is not the plan's text: the text lock reads the same words.
            static = (built_site / url_path / "index.html").read_text(encoding="utf-8")
            assert plantext.words(textlock.published_text(page.content())) == plantext.words(
                textlock.published_text(static)
            ), doc.path
            page.close()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_a_subsection_page_shows_its_full_number_above_the_heading(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = open_page(context, site_url + "ke-hoach-32/muc-ii-1/")
        label = page.locator("article h1#muc-ii-1").evaluate("h => h.previousElementSibling.textContent")
        assert label == "Mục II.1"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_the_menu_shows_the_plans_numbering(browser, site_url, doc_pages):
    context = browser.new_context(viewport=DESKTOP)
    try:
        for doc in doc_pages:
            ids = doc.part_ids()
            if not ids:
                continue
            page = open_page(context, site_url + page_url(doc.path))
            active = page.locator("nav.md-nav--primary .md-nav__link--active").last
            number = plantext.citation_number(ids[0])
            assert active.is_visible(), doc.path
            # "II.1. Nâng cao nhận thức", "Các mục của phần II": the number stands as a word of its own
            title = active.inner_text()
            assert re.search(rf"(?<![\w.]){re.escape(number)}(?!\w)", title), (doc.path, title)
            page.close()
    finally:
        context.close()


@pytest.mark.build
def test_every_page_has_a_language_title_and_its_own_description(built_site):
    descriptions = {}
    for html in site_pages(built_site, "index.html"):  # an old address only sends the reader on
        text = html.read_text(encoding="utf-8")
        name = html.parent.relative_to(built_site).as_posix()
        assert '<html lang="vi"' in text, name
        assert re.search(r"<title>[^<]{5,}</title>", text), name
        found = re.search(r'<meta name="description" content="([^"]{50,})">', text)
        assert found, name
        descriptions.setdefault(found.group(1), []).append(name)
    shared = {text: names for text, names in descriptions.items() if len(names) > 1}
    assert not shared


def accepted(message: dict) -> bool:
    return any(
        text.search(message.get("message", "")) and where.search(message.get("extract", ""))
        for text, where in ACCEPTED_VNU_ERRORS.values()
    )


@pytest.mark.build
def test_the_nu_html_checker_finds_no_error_in_the_built_site(built_site):
    needs(VNU)
    java = shutil.which("java")
    if not java:
        pytest.fail("java is missing: install default-jre-headless (.ci/run does it)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    unexpected = [
        f"{Path(urlsplit(m['url']).path).relative_to(built_site)}:{m.get('lastLine')}: {m['message']}"
        for m in errors
        if not accepted(m)
    ]
    assert not unexpected, "\n".join(unexpected)
    # The accepted errors are still there (else the list above is stale and must shrink).
    assert errors, "Material no longer writes autocomplete on its toggles: remove it from ACCEPTED_VNU_ERRORS"


def test_citation_entries_name_each_part_as_a_reader_cites_it(project):
    entries = {e["id"]: e for e in citations.page_citations(project, ["mo-dau", "muc-ii-2", "muc-ii-2-4"])}
    assert entries["mo-dau"]["label"] == "Phần mở đầu"
    assert entries["muc-ii-2"]["label"] == "Mục II.2" and entries["muc-ii-2"]["kind"] == "item"
    assert entries["muc-ii-2-4"]["label"] == "Mục II.2, ý 4" and entries["muc-ii-2-4"]["kind"] == "bullet"
    assert entries["muc-ii-2-4"]["words"] == expected_words(project, "Mục II.2, ý 4")


def test_a_section_page_description_says_where_it_stands_and_fits_a_search_result(project):
    assert citations.page_description(project, ["mo-dau"]) is None
    description = citations.page_description(project, ["muc-ii-2", "muc-ii-2-1"])
    assert description.startswith(f"Mục II.2, {project.plan.label} ngày {project.plan.date_text}: Cụ thể hóa")
    assert len(description) <= citations.DESCRIPTION_LENGTH and description.endswith("…")
    assert citations.shorten("một hai ba", 160) == "một hai ba"


def test_comments_leave_the_shipped_assets_but_code_and_strings_stay():
    source = (
        "/* why, for maintainers\n   over two lines */\n.a {\n  color: red; /* kept: after code */\n}\n"
        '  /* indented */\nvar s = "/* not a comment */";\n'
    )
    assert assets.without_comments(source) == (
        '.a {\ncolor: red; /* kept: after code */\n}\nvar s = "/* not a comment */";\n'
    )


# --- the home page on a phone: the plan's parts and the units, without the menu --------------------


@pytest.mark.browser
@pytest.mark.build
def test_the_home_page_on_a_phone_leads_to_every_part_and_to_the_units(browser, site_url, project):
    """The document's opening page (the site's home page before the collection; the home page now lists
    the documents) leads to every part of the document and to the units."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = open_page(context, site_url + page_url(path_in(project, OPENING_PAGE)))
        block = page.locator("article nav.kh-home-nav")
        assert block.is_visible()
        links = block.locator("a").evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])")
        titles = [title for title, _ in links]
        # the parts as the menu numbers them, in the plan's order, then the units' tasks
        numbers = [title.split(". ")[0] for title in titles[:-1]]
        assert numbers == ["I", "II", "II.1", "II.2", "II.3", "III"], titles
        assert titles[-1] == "Nhiệm vụ của đơn vị" and links[-1][1] == site_url + "don-vi/"
        # after the official opening, set apart from it: not inside the plan's text
        assert page.evaluate(
            "document.getElementById('mo-dau').compareDocumentPosition(document.querySelector('.kh-home-nav'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        assert block.evaluate("b => getComputedStyle(b).borderLeftStyle") == "solid"
        # every link opens a page of the site, and the units link leads to the units
        for _, href in links:
            assert context.request.get(href).ok, href
        block.get_by_role("link", name="Nhiệm vụ của đơn vị").click()
        page.wait_for_url(site_url + "don-vi/")
        assert page.locator("article h1").evaluate("h => h.firstChild.textContent") == "Đơn vị"
    finally:
        context.close()


@pytest.mark.build
def test_the_home_page_block_is_made_from_the_menu_not_typed(built_site, project, doc_pages):
    """On the document's opening page; the menu of a document is made from the registry and its pages
    (collection.document_nav), no longer typed in mkdocs.yml."""
    opening = built_page(built_site, path_in(project, OPENING_PAGE)).read_text(encoding="utf-8")
    block = opening[opening.index('class="kh-extra kh-home-nav"') :]
    block = block[: block.index("</nav>")]

    def titles(entries) -> set[str]:
        found = set()
        for entry in entries:
            for title, value in entry.items():
                found.add(title)
                if isinstance(value, list):
                    found |= titles(value)
        return found

    menu = titles(collection.document_nav(project, doc_pages))
    shown = re.findall(r">([^<]+)</a>", block)[:-1]
    assert shown and all(title in menu for title in shown), shown  # the menu's own titles
    assert not (ROOT / "docs" / "ke-hoach-32" / "index.md").read_text(encoding="utf-8").count("kh-home-nav")
    # the home page lists the documents and has no block of one document's parts
    assert "kh-home-nav" not in (built_site / "index.html").read_text(encoding="utf-8")


# --- the 404 page --------------------------------------------------------------------------------


@pytest.mark.build
def test_the_404_page_speaks_vietnamese_and_leads_back(built_site):
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in text and "404 - " not in text
    assert "<title>Không tìm thấy trang - " in text and "<h1>Không tìm thấy trang</h1>" in text
    article = text[text.index("<article") : text.index("</article>")]
    hrefs = re.findall(r'href="([^"]+)"', article)
    # absolute links: the server answers 404.html at any depth
    assert {"/ke-hoach-32/muc-i/", "/ke-hoach-32/muc-ii-1/", "/ke-hoach-32/muc-iii/", "/don-vi/"} <= set(hrefs)
    assert {"/", "/."} & set(hrefs)  # the home page ("/." as MkDocs writes it resolves to "/")
    assert re.search(r'<form [^>]*action="/\.?" method="get" role="search"', article)
    assert 'name="q"' in article


@pytest.mark.browser
@pytest.mark.build
def test_a_missing_address_on_a_phone_offers_the_way_back_and_the_search(browser, site_url):
    context = with_axe(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    try:
        page = context.new_page()
        response = page.goto(site_url + "khong/co/trang-nay/", wait_until="networkidle")
        assert response.status == 404
        assert page.locator("article h1").inner_text() == "Không tìm thấy trang"
        assert page.locator("article .kh-home-nav").is_visible()
        assert not run_axe(page, "article")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1]
        # the page's own link (the menu has a «Trang chủ» too, now that the home page lists the documents)
        page.locator("article").get_by_role("link", name="trang chủ", exact=True).click()
        page.wait_for_url(site_url)
        # the search form opens Material's search box with the words typed
        page.goto(site_url + "khong/co/", wait_until="networkidle")
        page.locator("#kh-notfound-q").fill("đoàn kết")
        page.get_by_role("button", name="Tìm", exact=True).click()
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert page.locator("input.md-search__input").input_value() == "đoàn kết"
    finally:
        context.close()


# --- downloads: a button never leads to a missing file ----------------------------------------------


@pytest.mark.build
def test_every_download_link_on_every_built_page_resolves_to_a_file(built_site):
    missing, seen = [], 0
    for html in sorted(built_site.rglob("*.html")):
        for href in re.findall(r'<a href="([^"]+)" download>', html.read_text(encoding="utf-8")):
            seen += 1
            target = (html.parent / href).resolve() if not href.startswith("/") else built_site / href.lstrip("/")
            if not target.is_file():
                missing.append(f"{html.relative_to(built_site)} -> {href}")
    assert seen and not missing, missing


# --- Material's labels ---------------------------------------------------------------------------


@pytest.mark.build
def test_material_labels_read_as_natural_vietnamese(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', home).group(1))
    labels = config["translations"]
    assert labels["search.result.term.missing"] == "Không chứa"
    assert labels["search.result.more.other"] == "Thêm # kết quả trong trang này"
    assert "tài liệu" not in " ".join(labels.values())
    assert "Lên đầu trang" in home and "Trở lại mục lục" not in home

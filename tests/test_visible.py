"""The visible-text lock: on every page that carries official text, at 390 px, at 1280 px and in print
emulation, a reader sees every official word (kehoach.visibility); and the lock fails, naming the page
and the part of the plan, when a page hides one, whichever way it is hidden.

One browser and one tab for the module; each page is loaded once and measured in the three modes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kehoach import textlock, units, visibility
from kehoach.gzipserve import SiteServer
from kehoach.plantext import OPENING_ID
from support.project import copy_project, mkdocs_build
from support.tiers import chromium

# (name, viewport, media): a phone, a desktop, and the print edition: the text area of an A4 page
# within the print margins (210 - 30 - 15 mm by 297 - 20 - 20 mm, at 96 px to the inch), where
# Chromium lays the page out when it prints.
MODES = [
    ("390 px", {"width": 390, "height": 844}, "screen"),
    ("1280 px", {"width": 1280, "height": 800}, "screen"),
    ("bản in", {"width": 624, "height": 971}, "print"),
]
DESKTOP = [MODES[1]]


@pytest.fixture(scope="module")
def site_url(built_site):
    with SiteServer(built_site) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def tab(browser):
    # bypass_csp: the tests below add styles to the page, as a page of a hostile pull request would
    # (its own stylesheet, which the site's policy would allow); the lock does not depend on it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def unseen(
    tab: Any,
    site_url: str,
    project: Any,
    locked: visibility.LockedPage,
    change: Callable[[Any], None] | None = None,
    modes: list[tuple[str, dict[str, int], str]] = MODES,
) -> list[str]:
    """Load a page (then apply `change` to it, as a hostile page would be), and name every part of the
    plan with words a reader does not see, in each mode."""
    tab.set_viewport_size(modes[0][1])
    tab.emulate_media(media=modes[0][2])
    tab.goto(site_url + locked.url)
    if change:
        change(tab)
    problems = []
    for name, viewport, media in modes:
        tab.set_viewport_size(viewport)
        tab.emulate_media(media=media)
        hidden = visibility.hidden_on_page(tab, project.official, locked, project.amendments)
        problems += [part.describe(f"/{locked.url} ({name})") for part in hidden]
    return problems


def locked(project, doc_pages, url: str) -> visibility.LockedPage:
    return next(page for page in visibility.locked_pages(project, doc_pages) if page.url == url)


def test_the_pages_checked_are_every_page_that_carries_official_text(project, doc_pages):
    """Found from the text lock and the units, not listed by hand: the document's opening page holds the opening,
    the print page the whole plan, every part of the plan is on a section page too, and every unit
    page with assigned items quotes them."""
    pages = {page.url: page for page in visibility.locked_pages(project, doc_pages)}
    assert pages["ke-hoach-32/"].part_ids == [OPENING_ID]
    assert pages["ke-hoach-32/ban-in/"].part_ids == [OPENING_ID, *project.citation_ids]
    on_sections = {
        part_id
        for url, page in pages.items()
        if page.scope == "article" and url != "ke-hoach-32/ban-in/"
        for part_id in page.part_ids
    }
    assert on_sections == {OPENING_ID, *project.citation_ids}
    assert not {"don-vi/", "theo-doi/", "van-ban-lien-quan/"} & pages.keys()
    unit_pages = {url for url, page in pages.items() if page.scope != "article"}
    assert unit_pages == {
        f"don-vi/{unit.id}/" for unit in units.paged_units(project) if units.assignments(project, unit.id)
    }
    assert "muc-ii-2-5" in pages["don-vi/chi-bo/"].part_ids


@pytest.mark.browser
@pytest.mark.build
def test_every_official_word_is_seen_on_every_page_at_phone_desktop_and_print(tab, site_url, project, doc_pages):
    problems = []
    for page in visibility.locked_pages(project, doc_pages):
        problems += unseen(tab, site_url, project, page)
    assert not problems, "\n".join(problems)


def wrap(selector: str, html: str) -> Callable[[Any], None]:
    """Wrap the element `selector` in the elements `html` (nested, empty but for a <summary>)."""

    def change(tab: Any) -> None:
        tab.evaluate(
            """([selector, html]) => {
                const target = document.querySelector(selector);
                const holder = document.createElement('div');
                holder.innerHTML = html;
                const wrapper = holder.firstElementChild;
                let inner = wrapper;
                while (inner.firstElementChild && inner.firstElementChild.tagName !== 'SUMMARY') {
                    inner = inner.firstElementChild;
                }
                target.replaceWith(wrapper);
                inner.appendChild(target);
            }""",
            [selector, html],
        )

    return change


def styled(css: str) -> Callable[[Any], None]:
    return lambda tab: tab.add_style_tag(content=css)


def hide_words(part_id: str, words: str, tag: str = "span hidden") -> Callable[[Any], None]:
    """Put `words` of a part, inside one text node, into an element `<tag>`."""

    def change(tab: Any) -> None:
        tab.evaluate(
            """([id, words, tag]) => {
                const walker = document.createTreeWalker(document.getElementById(id), NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode()) && !node.data.includes(words));
                const start = node.data.indexOf(words);
                const rest = node.splitText(start);
                rest.splitText(words.length);
                const holder = document.createElement('div');
                holder.innerHTML = `<${tag}></${tag.split(' ')[0]}>`;
                const wrapper = holder.firstElementChild;
                rest.replaceWith(wrapper);
                wrapper.appendChild(rest);
            }""",
            [part_id, words, tag],
        )

    return change


I1 = "#muc-i-1"
# Ways a pull request could keep a clause from readers while its words stay in the HTML.
HIDING = {
    "hidden-wrapper": wrap(I1, "<div hidden></div>"),
    "closed-details": wrap(I1, "<details><summary>Xem</summary></details>"),
    "display-none": styled(f"{I1} {{ display: none }}"),
    "visibility-hidden": styled(f"{I1} {{ visibility: hidden }}"),
    "opacity": styled(f"{I1} {{ opacity: 0.02 }}"),
    "opacity-of-ancestors": wrap(I1, '<div style="opacity: .3"><div style="opacity: .2"></div></div>'),
    "visually-hidden": styled(
        f"{I1} {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0) }}"
    ),
    "clip-path": styled(f"{I1} {{ clip-path: inset(50%) }}"),
    "zero-height": styled(f"{I1} {{ height: 0; overflow: hidden; margin: 0 }}"),
    "one-line-shown": styled(f"{I1} {{ max-height: 1.2em; overflow: hidden }}"),
    "off-page-left": styled(f"{I1} {{ position: absolute; left: -9999px }}"),
    "text-indent": styled(f"{I1} {{ text-indent: -9999px }}"),
    "font-size-zero": styled(f"{I1} {{ font-size: 0 }}"),
    "scaled-to-nothing": styled(f"{I1} {{ transform: scale(0.01) }}"),
    "colour-of-background": styled(f"{I1} {{ color: var(--md-default-bg-color); background: none }}"),
    "transparent-text": styled(f"{I1} {{ color: transparent }}"),
    "removed": lambda tab: tab.evaluate(f"document.querySelector('{I1}').remove()"),
    "letters-reversed": styled(f"{I1} {{ unicode-bidi: bidi-override; direction: rtl }}"),
    "upside-down": styled(f"{I1} {{ transform: rotate(180deg) }}"),
    "mirrored": styled(f"{I1} {{ transform: scaleX(-1) }}"),
    "vertical": styled(f"{I1} {{ writing-mode: vertical-rl }}"),
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("how", HIDING)
def test_a_clause_hidden_in_any_way_fails_the_lock_naming_the_page_and_the_clause(
    tab, site_url, project, doc_pages, how
):
    problems = unseen(tab, site_url, project, locked(project, doc_pages, "ke-hoach-32/muc-i/"), HIDING[how], DESKTOP)
    assert len(problems) == 1, problems
    assert problems[0].startswith("/ke-hoach-32/muc-i/ (1280 px): Mục I.1: "), problems


@pytest.mark.browser
@pytest.mark.build
def test_one_hidden_word_is_named_with_its_clause(tab, site_url, project):
    """A single word hidden changes the plan as much as a clause: the lock goes word by word."""
    page = visibility.LockedPage("ke-hoach-32/muc-i/", ["muc-i-1"])
    problems = unseen(tab, site_url, project, page, hide_words("muc-i-1", "đồng bộ,"), DESKTOP)
    assert problems == [
        "/ke-hoach-32/muc-i/ (1280 px): Mục I.1: 2 từ người đọc không thấy (bị ẩn (display: none)): «đồng bộ,»"
    ]


@pytest.mark.browser
@pytest.mark.build
def test_text_hidden_only_on_a_phone_or_only_on_paper_is_caught_in_that_mode(tab, site_url, project):
    phone_only = styled("@media (max-width: 500px) { #muc-ii-2-4 { display: none } }")
    problems = unseen(
        tab, site_url, project, visibility.LockedPage("ke-hoach-32/muc-ii-2/", ["muc-ii-2-4"]), phone_only
    )
    assert [p.split(":")[0] for p in problems] == ["/ke-hoach-32/muc-ii-2/ (390 px)"], problems
    assert "Mục II.2, ý 4" in problems[0]
    paper_only = styled("@media print { .kh-header__superior { visibility: hidden } }")
    problems = unseen(
        tab, site_url, project, visibility.LockedPage("ke-hoach-32/ban-in/", [OPENING_ID, "muc-i"]), paper_only
    )
    assert len(problems) == 1 and problems[0].startswith("/ke-hoach-32/ban-in/ (bản in): Phần mở đầu: 7 từ"), problems
    assert "«ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH»" in problems[0]


@pytest.mark.browser
@pytest.mark.build
def test_clauses_shown_out_of_the_plans_order_fail_the_lock(tab, site_url, project):
    """Every word seen, but the items of II.2 in reverse: each that starts above the one before it is named."""
    ids = ["muc-ii-2", *(f"muc-ii-2-{n}" for n in range(1, 6))]
    reversed_list = styled("#muc-ii-2 + ul { display: flex; flex-direction: column-reverse }")
    problems = unseen(
        tab, site_url, project, visibility.LockedPage("ke-hoach-32/muc-ii-2/", ids), reversed_list, DESKTOP
    )
    assert [p.split(": ")[1] for p in problems] == [f"Mục II.2, ý {n}" for n in range(2, 6)], problems
    assert all("thứ tự bị đảo" in p for p in problems)


@pytest.mark.browser
@pytest.mark.build
def test_a_pull_request_that_hides_a_clause_with_the_sites_own_css_is_caught_on_the_built_site(
    browser, project, doc_pages, tmp_path
):
    """Pages pass every check and build; a line of the site's stylesheet hides clause I.1 wherever it is
    published. Only the visible-text lock sees it: on the section page and on the print page."""
    copy = copy_project(tmp_path / "project")
    css = copy / "docs" / "assets" / "reading.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n#muc-i-1 { display: none }\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(copy, site)
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    tab = context.new_page()
    problems = []
    try:
        with SiteServer(site) as server:
            for page in visibility.locked_pages(project, doc_pages):
                problems += unseen(tab, server.url, project, page, modes=DESKTOP)
    finally:
        context.close()
    assert [p.split(" từ ")[0] for p in problems] == [
        "/ke-hoach-32/ban-in/ (1280 px): Mục I.1: 123",
        "/ke-hoach-32/muc-i/ (1280 px): Mục I.1: 123",
    ], problems


@pytest.mark.browser
@pytest.mark.build
def test_a_hidden_quote_on_a_unit_page_fails_the_lock(tab, site_url, project, doc_pages):
    """A unit's page quotes the items it must carry out: a quote hidden is named like a clause."""
    page = locked(project, doc_pages, "don-vi/chi-bo/")
    hide = styled('[data-kh-quote="muc-ii-2-5"] { visibility: hidden }')
    problems = unseen(tab, site_url, project, page, hide, DESKTOP)
    count = len(textlock.expected_words(project.official, ["muc-ii-2-5"], project.amendments))
    assert [p.split(" từ ")[0] for p in problems] == [f"/don-vi/chi-bo/ (1280 px): Mục II.2, ý 5: {count}"], problems

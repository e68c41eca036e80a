"""Search in Material's own box forgives missing diacritics, finds quoted phrases next to punctuation,
accepts decomposed input, ranks the sections where the words stand together first, and never breaks.

Browser tests type into the real search box of the built site (Playwright + Debian's chromium).
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import quote

import pytest

from kehoach.gzipserve import SiteServer
from kehoach.search import (
    FIELDS,
    SEPARATOR,
    PageItems,
    enrich_index,
    fold,
    hidden_fields,
    in_index,
    numbered_title,
    page_items,
    phrases,
    plain_text,
    tokens,
)
from kehoach.search_quality import SearchBox, load_queries, ranked
from support.tiers import chromium

# --- the folding function and the index --------------------------------------------------------


@pytest.mark.parametrize(
    "written, folded",
    [
        ("Đoàn Kết", "doan ket"),
        ("ĐẢNG UỶ", "dang uy"),
        ("Cựu chiến binh", "cuu chien binh"),
        ("tự diễn biến", "tu dien bien"),
        ("văn hoá", "van hoa"),
        ("Văn hóa", "van hoa"),
        ("43-NQ/TW", "43-nq/tw"),
    ],
)
def test_fold_lowers_and_strips_diacritics(written, folded):
    assert fold(written) == folded
    assert fold(unicodedata.normalize("NFD", written)) == folded


def test_tokens_leave_vietnamese_punctuation_out():
    assert tokens("thống nhất; bồi dưỡng nhân tài, (đoàn kết) “dân tộc”… 32-KH/ĐU.") == [
        "thống",
        "nhất",
        "bồi",
        "dưỡng",
        "nhân",
        "tài",
        "đoàn",
        "kết",
        "dân",
        "tộc",
        "32",
        "kh",
        "đu",
    ]


def test_syllable_pairs_do_not_cross_punctuation():
    assert phrases("sự đoàn kết, thống nhất trong Đảng") == [
        "_su_doan",
        "_doan_ket",
        "_thong_nhat",
        "_nhat_trong",
        "_trong_dang",
    ]


def test_enriched_index_keeps_shown_text_and_leaves_out_the_print_page():
    index = {
        "config": {
            "lang": ["vi"],
            "separator": r"[\s\-]+",
            "pipeline": ["stopWordFilter"],
            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
        },
        "docs": [
            {"location": "ke-hoach-32/muc-i/", "title": "I. MỤC ĐÍCH", "text": "<p>đoàn kết, thống nhất</p>"},
            {"location": "ke-hoach-32/ban-in/", "title": "Bản in", "text": "<p>đoàn kết</p>"},
            {"location": "ke-hoach-32/ban-in/#muc-i", "title": "I.", "text": "<p>đoàn kết</p>"},
        ],
    }
    enriched = enrich_index(index)
    assert [doc["location"] for doc in enriched["docs"]] == ["ke-hoach-32/muc-i/"]
    doc = enriched["docs"][0]
    assert doc == index["docs"][0]
    assert enriched["config"]["separator"] == SEPARATOR
    assert set(FIELDS) <= set(enriched["config"]["fields"])
    assert hidden_fields(doc) == {
        "fold_title": "i muc dich",
        "fold": "doan ket thong nhat",
        "phrase_title": "_muc_dich",
        "phrase": "_doan_ket _thong_nhat",
    }


def test_each_citable_item_is_an_entry_of_its_own():
    content = (
        '<h1 id="muc-ii-2">2. Cụ thể hóa<a class="headerlink" href="#muc-ii-2">¶</a></h1>'
        '<p class="kh-extra">Ghi chú của trang</p><p>Lời dẫn</p>'
        '<ul><li id="muc-ii-2-1">Tăng cường <em>vai trò</em>;</li>'
        '<li id="muc-ii-2-4">Hội Cựu chiến binh<button>Chép liên kết</button></li></ul>'
    )
    page = page_items(content, {"muc-ii-2", "muc-ii-2-1", "muc-ii-2-4"})
    assert page == PageItems([("muc-ii-2-1", "Tăng cường vai trò;"), ("muc-ii-2-4", "Hội Cựu chiến binh")], "Lời dẫn")
    index = {
        "config": {},
        "docs": [{"location": "ke-hoach-32/muc-ii-2/", "title": "2. Cụ thể hóa", "text": "<ul>…</ul>"}],
    }
    docs = enrich_index(index, {"ke-hoach-32/muc-ii-2/": page})["docs"]
    assert [(d["location"], d["title"], d["text"]) for d in docs] == [
        ("ke-hoach-32/muc-ii-2/", "2. Cụ thể hóa", "<p>Lời dẫn</p>"),
        ("ke-hoach-32/muc-ii-2/#muc-ii-2-1", "Mục II.2, ý 1", "<p>Tăng cường vai trò;</p>"),
        ("ke-hoach-32/muc-ii-2/#muc-ii-2-4", "Mục II.2, ý 4", "<p>Hội Cựu chiến binh</p>"),
    ]
    assert hidden_fields(docs[2])["phrase"] == "_hoi_cuu _cuu_chien _chien_binh"


def test_a_page_of_a_numbered_item_is_titled_with_its_full_number():
    assert numbered_title("1. Nâng cao nhận thức", "muc-ii-1") == "II.1. Nâng cao nhận thức"
    assert numbered_title("II. NHIỆM VỤ", "muc-ii") == "II. NHIỆM VỤ"
    assert numbered_title("Mở đầu", "mo-dau") == "Mở đầu"
    assert numbered_title("Đơn vị", None) == "Đơn vị"
    page = PageItems([("muc-ii-2-1", "Tăng cường")], "", heading="muc-ii-2")
    index = {"config": {}, "docs": [{"location": "ke-hoach-32/muc-ii-2/", "title": "2. Cụ thể hóa", "text": ""}]}
    assert enrich_index(index, {"ke-hoach-32/muc-ii-2/": page})["docs"][0]["title"] == "II.2. Cụ thể hóa"
    whole = PageItems([], "", heading="muc-iii-1")
    index = {"config": {}, "docs": [{"location": "ke-hoach-32/muc-iii-1/", "title": "1. Giao", "text": ""}]}
    assert enrich_index(index, {"ke-hoach-32/muc-iii-1/": whole})["docs"][0]["title"] == "III.1. Giao"


def test_unit_and_tracking_pages_stay_in_the_index_whatever_their_front_matter():
    for path in ("don-vi/cong-doan.md", "theo-doi.md"):
        meta = {"title": "x", "search": {"exclude": True, "boost": 2}}
        in_index(path, meta)
        assert meta["search"] == {"boost": 2}, path
    meta = {"search": {"exclude": True}}
    in_index("lich-su-cap-nhat.md", meta)
    assert meta == {"search": {"exclude": True}}
    # a unit page's reports section as such (the same on every unit page) is left out; its reports stay
    index = {
        "config": {},
        "docs": [
            {"location": "don-vi/cong-doan/", "title": "Tổ chức công đoàn", "text": ""},
            {"location": "don-vi/cong-doan/#bao-cao", "title": "Báo cáo của đơn vị", "text": "<p>Chưa có</p>"},
            {"location": "don-vi/cong-doan/#bao-cao-bc-07", "title": "Báo cáo số 07", "text": "<p>…</p>"},
        ],
    }
    assert [d["location"] for d in enrich_index(index)["docs"]] == [
        "don-vi/cong-doan/",
        "don-vi/cong-doan/#bao-cao-bc-07",
    ]


# --- the real search box -------------------------------------------------------------------------

ISSUE_QUERIES = ["doan ket", "Doan Ket", "đoàn kết", "dang uy", "cuu chien binh", "tu dien bien"]


@pytest.fixture(scope="module")
def index(built_site):
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def box(built_site):
    with SiteServer(built_site) as server, chromium() as browser:
        base = server.url
        page = browser.new_page(viewport={"width": 390, "height": 844})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        search_box = SearchBox(page, base)
        search_box.errors = errors
        search_box.server = server  # for fresh views of a page (tests of the lazy search)
        search_box.browser = browser
        yield search_box


def right_sections(index, query: str) -> set[str]:
    """The index entries whose shown words hold the query's words side by side (folded)."""
    found = load_queries(index, [fold(query)])
    assert found, f"no section of the plan holds {query!r}"
    return found[0].right


def shown_text(box) -> str:
    return unicodedata.normalize("NFC", box.page.locator(".md-search-result__list").inner_text())


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("query", ISSUE_QUERIES)
def test_query_finds_every_section_with_the_words(box, index, query):
    expected = right_sections(index, query)
    groups = box.search_groups(query)
    found = {location for group in groups for location, score in group if score > 0}
    assert expected <= found, f"missing {sorted(expected - found)}"
    # the sections where the words stand together come first
    assert ranked(groups, expected)[0] in expected


@pytest.mark.parametrize(
    "query, written", [("doan ket", "đoàn kết"), ("cuu chien binh", "cựu chiến binh"), ("tu dien bien", "tự diễn biến")]
)
@pytest.mark.browser
@pytest.mark.build
def test_unaccented_query_shows_the_accented_text(box, query, written):
    box.search(query)
    assert written in shown_text(box).lower()
    marked = box.page.locator(".md-search-result__list mark").all_inner_texts()
    assert set(written.split()) <= {unicodedata.normalize("NFC", word).lower() for word in marked}


@pytest.mark.browser
@pytest.mark.build
def test_unaccented_result_leads_to_the_words_marked_on_the_page(box):
    box.search("cuu chien binh")
    link = box.page.locator(".md-search-result__list a[href*='#muc-']").first
    href = link.get_attribute("href")
    link.click()
    box.page.wait_for_url(href)
    # Material marks the words after the page has loaded, from a script: wait for the marks, not the URL
    # alone (reading them at once raced the script on a loaded machine).
    box.page.locator("article mark[data-md-highlight]").first.wait_for(timeout=15000)
    marked = box.page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert "cựu chiến binh" in " ".join(marked).lower()
    box.reopen()


@pytest.mark.browser
@pytest.mark.build
def test_decomposed_input_finds_what_composed_input_finds(box):
    composed = box.search("đoàn kết dân tộc")
    decomposed_query = unicodedata.normalize("NFD", "đoàn kết dân tộc")
    assert decomposed_query != "đoàn kết dân tộc"
    assert composed and box.search(decomposed_query) == composed


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("phrase", ["thống nhất", "nhân tài"])
def test_quoted_phrase_is_found_next_to_punctuation(box, index, phrase):
    expected = right_sections(index, phrase)
    # "thống nhất" is the issue's example; the plan writes "nhân tài" only as "nhân tài;", the case
    # the separator fixes (Material's own search finds nothing for it)
    if phrase == "nhân tài":
        texts = [plain_text(doc["text"]) for doc in index["docs"] if doc["location"] in expected]
        assert all("nhân tài;" in text for text in texts)
    found = box.search(f'"{phrase}"')
    assert set(found) == expected
    assert set(box.search(f'"{fold(phrase)}"')) == expected


@pytest.mark.browser
@pytest.mark.build
def test_quoted_phrase_requires_the_words_side_by_side(box, index):
    # "xây dựng" and "Đảng" both occur in many sections; side by side in a few only
    expected = right_sections(index, "xây dựng Đảng")
    scattered = {
        doc["location"]
        for doc in index["docs"]
        if {"xay", "dung", "dang"} <= {fold(word) for word in tokens(plain_text(doc["title"] + " " + doc["text"]))}
    }
    assert scattered - expected, "the check needs a section where the words stand apart"
    assert set(box.search('"xay dung dang"')) == expected


@pytest.mark.build
def test_print_page_is_not_in_the_index(index):
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith("ke-hoach-32/ban-in/")]


@pytest.mark.browser
@pytest.mark.build
def test_folding_in_the_browser_agrees_with_kehoach(box, index):
    words = sorted({word for doc in index["docs"] for word in tokens(plain_text(doc["title"] + " " + doc["text"]))})
    words += [unicodedata.normalize("NFD", word) for word in words]
    browser_folded = box.page.evaluate("words => words.map(window.kehoachSearch.fold)", words)
    assert browser_folded == [fold(word) for word in words]


@pytest.mark.browser
@pytest.mark.build
def test_hidden_fields_in_the_browser_agree_with_kehoach(box, index):
    browser = box.page.evaluate("docs => docs.map(window.kehoachSearch.hidden)", index["docs"])
    assert browser == [hidden_fields(doc) for doc in index["docs"]]


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("query", ["", "   ", "!!! … ;;; “” ()", '"', "+ - ~ ^ * :", "đoàn " * 100])
def test_odd_queries_raise_no_console_error(box, query):
    box.errors.clear()
    box.search(query[:500])
    assert box.errors == []
    assert box.search("doan ket"), "search still answers afterwards"
    assert box.errors == []


# --- what readers see: whole words marked, pages named with their section, units and tracking found ---


def marks_inside_words(page, selector: str) -> list[str]:
    """Each mark under `selector` that does not stand as a whole word, with the letters around it."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].flatMap(mark => {
            const before = mark.previousSibling ? mark.previousSibling.textContent.slice(-1) : "";
            const after = mark.nextSibling ? mark.nextSibling.textContent.slice(0, 1) : "";
            return /[\\p{L}\\p{N}]/u.test(before + after) ? [before + "[" + mark.textContent + "]" + after] : [];
        })""",
        selector,
    )


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize(
    "path, words, inside",
    [
        ("ke-hoach-32/muc-ii-1/", "uy uỷ", "quyết"),  # "uy" stands in "quyết", "truyền", "phát huy" is a word
        ("ke-hoach-32/muc-ii-2/", "chi bộ", "chiến"),  # "chi" stands in "chiến binh"
    ],
)
def test_the_opened_page_marks_whole_words_only(box, path, words, inside):
    page = box.page
    page.goto(f"{box.base}{path}?h={words.replace(' ', '+')}")
    page.locator("article mark[data-md-highlight]").first.wait_for(timeout=15000)
    page.wait_for_timeout(100)
    marked = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert marked and not marks_inside_words(page, "article mark[data-md-highlight]")
    assert {fold(word) for text in marked for word in text.split()} <= {fold(word) for word in words.split()}
    assert inside in page.locator("article").inner_text()  # the word is there, unmarked
    box.reopen()


@pytest.mark.browser
@pytest.mark.build
def test_the_result_list_marks_whole_words_only(box):
    box.search("chi bo ")  # both words typed in full: "chiến", "bồi" are not "chi", "bo"
    marked = box.page.locator(".md-search-result__list mark").all_inner_texts()
    assert marked
    assert {fold(word) for text in marked for word in text.split()} <= {"chi", "bo"}
    assert not marks_inside_words(box.page, ".md-search-result__list mark")


@pytest.mark.browser
@pytest.mark.build
def test_a_whole_page_result_is_named_with_its_section(box):
    box.search("nang cao nhan thuc trach nhiem")
    titles = box.page.locator(".md-search-result__article h1").all_inner_texts()
    assert any(title.startswith("II.1. Nâng cao nhận thức") for title in titles), titles
    assert not [title for title in titles if re.match(r"\d\. ", title)], titles


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize(
    "query, location",
    [
        ("cong doan", "don-vi/cong-doan/"),
        ("Hội Cựu chiến binh Sở", "don-vi/hoi-cuu-chien-binh/"),
        ("theo doi thuc hien", "theo-doi/"),
    ],
)
def test_unit_and_tracking_pages_are_found(box, query, location):
    assert location in box.search(query)


@pytest.mark.build
def test_the_units_page_is_found_by_its_words_not_as_the_whole_tree(index):
    """A search for a unit leads to its own page; the tree on /don-vi/ would be one long, shapeless result."""
    locations = [doc["location"] for doc in index["docs"]]
    tree_text = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"] == "don-vi/" or doc["location"].startswith("don-vi/#")
    )
    assert "Được giao" not in tree_text and "Tổ chức công đoàn" not in tree_text, tree_text[:300]
    assert "don-vi/cong-doan/" in locations


# --- the search loads when the reader searches (docs/assets/javascripts/lazy-search.js) -------------

SEARCH_FILES = re.compile(r"/search/search_index\.json|/workers/search\.[^/]*\.js")
FIRST_VIEW_BUDGET = 80 * 1024  # scripts/budget.py: FIRST_VIEW_TARGET


def served_since(box, first: int) -> list[tuple[str, int]]:
    """(path, body bytes) of what the site's server sent since request number `first`, worker's included."""
    return [(path, body) for path, _, body, _ in box.server.served.requests[first:]]


def search_files(served: list[tuple[str, int]]) -> list[str]:
    return [path for path, _ in served if SEARCH_FILES.search(path)]


def open_search(page, opener: str) -> None:
    if opener == "click":
        page.locator("input.md-search__input").click()
    elif opener == "phone":
        page.locator("header label[for=__search]").first.click()
    else:  # one of Material's keys
        page.locator("body").press(opener)
    page.keyboard.type("doan ket")  # a Vietnamese query without diacritics
    page.keyboard.press("End")


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize(
    "path, opener",
    [
        ("", "phone"),
        ("ke-hoach-32/muc-ii-1/", "click"),
        ("ke-hoach-32/muc-iii/", "/"),
        ("ke-hoach-32/", "s"),
        ("404.html", "f"),
    ],
)
def test_search_loads_only_when_the_reader_opens_it(box, path, opener):
    phone = opener == "phone"
    context = box.browser.new_context(
        viewport={"width": 390 if phone else 1280, "height": 844}, is_mobile=phone, has_touch=phone
    )
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        first = len(box.server.served.requests)
        page.goto(box.base + path, wait_until="networkidle")
        page.wait_for_timeout(1500)  # Material asked for the index and worker as the page loaded
        page.mouse.move(200, 400)  # a reader moving about the page does not start the search either
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(300)
        loaded = served_since(box, first)
        assert search_files(loaded) == []
        assert page.evaluate("window.kehoachLazySearch.active") is False
        weight = sum(body for _, body in loaded)
        assert weight <= FIRST_VIEW_BUDGET, f"first view of /{path}: {weight / 1024:.1f} KB gzip"
        first = len(box.server.served.requests)
        open_search(page, opener)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert "đoàn kết" in unicodedata.normalize("NFC", page.locator(".md-search-result__list").inner_text()).lower()
        fetched = {SEARCH_FILES.search(url)[0].split(".")[0] for url in search_files(served_since(box, first))}
        assert fetched == {"/search/search_index", "/workers/search"}
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_an_address_that_asks_for_search_loads_it_at_once(box):
    """A search result opens its page with ?h= (words marked), the 404 form with ?q= (the box open):
    neither waits for the reader to open the search."""
    context = box.browser.new_context(viewport={"width": 1280, "height": 844})
    try:
        page = context.new_page()
        page.goto(box.base + "ke-hoach-32/muc-ii-1/?h=" + quote("đoàn kết"))  # as a result link writes it
        page.locator("article mark[data-md-highlight]").first.wait_for(timeout=15000)
        marked = page.locator("article mark[data-md-highlight]").all_inner_texts()
        assert {fold(word) for text in marked for word in text.split()} == {"doan", "ket"}
        page.goto(box.base + "?q=doan+ket")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        assert page.locator("input.md-search__input").input_value() == "doan ket"
    finally:
        context.close()

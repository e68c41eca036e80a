"""How well the site's search ranks: the queries, which sections are right for each, the search box
of a built site driven in Chromium (Playwright), and the results a reader goes through.

Shared by the measurement (scripts/search_eval.py) and the tests of the search (tests/test_search.py);
nothing of the site itself uses it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .search import fold, is_excluded, plain_text, tokens

INPUT = "input.md-search__input"
META = ".md-search-result__meta"

# Phrases of the plan whose syllables also stand apart in many other sections.
QUERIES = [
    "cuu chien binh",
    "tu dien bien",
    "thong nhat",
    "tu chuyen hoa",
    "dan chu",
    "xay dung dang",
    "doan thanh nien",
    "cong doan",
    "so ket",
    "bao cao",
    "tuyen truyen",
    "nhan dan",
    "khoi dai doan ket",
    "giam sat phan bien",
    "phong trao thi dua",
    "quy che dan chu",
    "can bo dang vien",
    "doan ket",
    "dang uy",
    "phat huy truyen thong",
    "chuyen doi so",
    "ban chap hanh trung uong",
    "thi dua yeu nuoc",
    "dang bo so",
    "nang cao chat luong",
    "hoi cuu chien binh",
    "to chuc co so dang",
    "dao duc loi song",
    "van phong dang uy",
    "tam tu nguyen vong",
    "bo doi cu ho",
    "suy thoai ve tu tuong",
    "hai duong",
    "doan vien hoi vien",
    "chinh don dang",
    "quan chung",
    "dong thuan xa hoi",
]


@dataclass
class Query:
    unaccented: str
    accented: str  # the words as the plan writes them, where they first stand together
    right: set[str]  # index locations of the right sections


def entry_words(entry: dict[str, Any]) -> list[str]:
    return tokens(plain_text(entry.get("title", "")) + " . " + plain_text(entry.get("text", "")))


def _find(words: list[str], wanted: list[str]) -> int:
    folded = [fold(word) for word in words]
    for start in range(len(folded) - len(wanted) + 1):
        if folded[start : start + len(wanted)] == wanted:
            return start
    return -1


def load_queries(index: dict[str, Any], texts: list[str] = QUERIES) -> list[Query]:
    """The queries with their right sections, read from the shown fields of a search index."""
    entries = [e for e in index["docs"] if not is_excluded(e["location"])]
    queries = []
    for text in texts:
        wanted = text.split()
        right, accented = set(), None
        for entry in entries:
            words = entry_words(entry)
            start = _find(words, wanted)
            if start >= 0:
                right.add(entry["location"])
                accented = accented or " ".join(words[start : start + len(wanted)])
        if right:
            queries.append(Query(text, accented or text, right))
    return queries


class SearchBox:
    """Material's search box on one open page: type a query, read the result links in order."""

    def __init__(self, page: Any, base: str):
        self.page = page
        self.base = base
        self.reopen()

    def reopen(self) -> None:
        """Load the home page and open its search box, ready for a query."""
        page = self.page
        page.goto(self.base)
        config = json.loads(page.locator("#__config").text_content())
        self.placeholder = config["translations"]["search.result.placeholder"]
        opener = page.locator("header label[for=__search]").first  # the magnifier on a phone
        (opener if opener.is_visible() else page.locator(INPUT)).click()
        page.wait_for_function(
            "([sel, text]) => document.querySelector(sel)?.textContent.trim() === text",
            arg=[META, self.placeholder],
            timeout=15000,
        )

    def state(self) -> tuple[str, str]:
        return self.page.evaluate(  # type: ignore[no-any-return]
            "([meta, list]) => [document.querySelector(meta).textContent.trim(),"
            " document.querySelector(list).innerHTML]",
            [META, ".md-search-result__list"],
        )

    def search(self, text: str, timeout: float = 10.0) -> list[str]:
        """The index locations of the matched results, in the order shown."""
        return [location for group in self.search_groups(text, timeout) for location, score in group if score > 0]

    def search_groups(self, text: str, timeout: float = 10.0) -> list[list[tuple[str, float]]]:
        """The results as shown: one group per page, the page first, then its sections; with scores."""
        self.page.fill(INPUT, text)
        self.page.press(INPUT, "End")  # Material reads the box on keyup
        self.settle(expect_results=bool(text.strip()), timeout=timeout)
        self.show_all(timeout)
        return self.groups()

    def show_all(self, timeout: float) -> None:
        """Material shows ten groups of results and the next ten as the list is scrolled to its end: scroll
        until every group the search found is shown."""
        deadline = time.monotonic() + timeout
        shown = -1
        while time.monotonic() < deadline:
            count = self.page.locator(".md-search-result__item").count()
            if count == shown:
                return
            shown = count
            self.page.evaluate(
                "() => { const wrap = document.querySelector('.md-search__scrollwrap');"
                " if (wrap) wrap.scrollTop = wrap.scrollHeight; }"
            )
            time.sleep(0.25)

    def settle(self, expect_results: bool, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last, stable = None, 0
        while time.monotonic() < deadline:
            current = self.state()
            answered = current[0] != self.placeholder or not expect_results
            stable = stable + 1 if current == last and answered else 0
            if stable >= 3:
                return
            last = current
            time.sleep(0.08)
        raise TimeoutError("search results did not settle")

    def groups(self) -> list[list[tuple[str, float]]]:
        groups = self.page.locator(".md-search-result__item").evaluate_all(
            """items => items.map(item => [...item.querySelectorAll("a.md-search-result__link")].map(
                   a => [a.href, parseFloat(a.querySelector("article").dataset.mdScore)]))"""
        )
        return [[(self.location(href), score) for href, score in group] for group in groups]

    def location(self, href: str) -> str:
        parts = urlsplit(href)
        path = parts.path.removeprefix(urlsplit(self.base).path)
        return path + (f"#{parts.fragment}" if parts.fragment else "")


def ranked(groups: list[list[tuple[str, float]]], right: set[str]) -> list[str]:
    """The results a reader goes through, in order. Material heads each group with its page even
    when only sections of the page match; such a heading counts only if it is itself right."""
    result = []
    for article, *sections in groups:
        matched = [location for location, score in sections if score > 0]
        if article[1] > 0 and (not matched or article[0] in right):
            result.append(article[0])
        result += matched
    return result


def reciprocal_rank(locations: list[str], right: set[str]) -> tuple[float, int | None]:
    for rank, location in enumerate(locations, start=1):
        if location in right:
            return 1 / rank, rank
    return 0.0, None

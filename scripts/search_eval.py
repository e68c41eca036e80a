"""How well the site's search ranks: mean reciprocal rank (MRR) of the first right section.

Drives the real search box of a built site in Chromium (Playwright, Debian's /usr/bin/chromium):
for each query, the rank of the first result that is a right section, 1/rank averaged over the
queries (0 when no right section is listed). A right section is one whose text holds the query's
syllables side by side, in order (compared folded: `cuu chien binh` is right for "Cựu chiến binh").
Each query is typed twice, without and with diacritics (the accented form is read from the plan).

    python scripts/search_eval.py            # builds the site with and without kehoach.search
    python scripts/search_eval.py --site DIR # measures an already built site only

Printed figures, not a test: the budget script runs it too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kehoach.browser import chromium
from kehoach.gzipserve import SiteServer
from kehoach.search import fold, is_excluded, plain_text, tokens

ROOT = Path(__file__).resolve().parents[1]
INPUT = "input.md-search__input"
META = ".md-search-result__meta"
LINKS = ".md-search-result__list a.md-search-result__link"

# Phrases of the plan whose syllables also stand apart in many other sections.
QUERIES = [
    "cuu chien binh", "tu dien bien", "thong nhat", "tu chuyen hoa", "dan chu", "xay dung dang",
    "doan thanh nien", "cong doan", "so ket", "bao cao", "tuyen truyen", "nhan dan",
    "khoi dai doan ket", "giam sat phan bien", "phong trao thi dua", "quy che dan chu",
    "can bo dang vien", "doan ket", "dang uy", "phat huy truyen thong", "chuyen doi so",
    "ban chap hanh trung uong", "thi dua yeu nuoc", "dang bo so", "nang cao chat luong",
    "hoi cuu chien binh", "to chuc co so dang", "dao duc loi song", "van phong dang uy",
    "tam tu nguyen vong", "bo doi cu ho", "suy thoai ve tu tuong", "hai duong", "doan vien hoi vien",
    "chinh don dang", "quan chung", "dong thuan xa hoi",
]


@dataclass
class Query:
    unaccented: str
    accented: str  # the words as the plan writes them, where they first stand together
    right: set[str]  # index locations of the right sections


def entry_words(entry: dict) -> list[str]:
    return tokens(plain_text(entry.get("title", "")) + " . " + plain_text(entry.get("text", "")))


def _find(words: list[str], wanted: list[str]) -> int:
    folded = [fold(word) for word in words]
    for start in range(len(folded) - len(wanted) + 1):
        if folded[start:start + len(wanted)] == wanted:
            return start
    return -1


def load_queries(index: dict, texts: list[str] = QUERIES) -> list[Query]:
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
                accented = accented or " ".join(words[start:start + len(wanted)])
        if right:
            queries.append(Query(text, accented, right))
    return queries


class SearchBox:
    """Material's search box on one open page: type a query, read the result links in order."""

    def __init__(self, page, base: str):
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
            arg=[META, self.placeholder], timeout=15000)

    def state(self) -> tuple[str, str]:
        return self.page.evaluate(
            "([meta, list]) => [document.querySelector(meta).textContent.trim(),"
            " document.querySelector(list).innerHTML]",
            [META, ".md-search-result__list"])

    def search(self, text: str, timeout: float = 10.0) -> list[str]:
        """The index locations of the matched results, in the order shown."""
        return [location for group in self.search_groups(text, timeout) for location, score in group if score > 0]

    def search_groups(self, text: str, timeout: float = 10.0) -> list[list[tuple[str, float]]]:
        """The results as shown: one group per page, the page first, then its sections; with scores."""
        self.page.fill(INPUT, text)
        self.page.press(INPUT, "End")  # Material reads the box on keyup
        self.settle(expect_results=bool(text.strip()), timeout=timeout)
        return self.groups()

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
                   a => [a.href, parseFloat(a.querySelector("article").dataset.mdScore)]))""")
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


def measure(site: Path, queries: list[Query], out=sys.stdout, label: str = "") -> dict[str, float]:
    """MRR of the first right section, without and with diacritics, on a built site."""
    figures: dict[str, list[float]] = {"unaccented": [], "accented": []}
    with SiteServer(site) as server, chromium() as browser:
        base = server.url
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        box = SearchBox(page, base)
        for query in queries:
            ranks = []
            for variant, text in (("unaccented", query.unaccented), ("accented", query.accented)):
                rr, rank = reciprocal_rank(ranked(box.search_groups(text), query.right), query.right)
                figures[variant].append(rr)
                ranks.append("-" if rank is None else str(rank))
            print(f"  {label}{query.accented:28} hạng {ranks[0]:>2} (không dấu) {ranks[1]:>2} (có dấu)"
                  f"  [{len(query.right)} mục đúng]", file=out)
    return {variant: sum(values) / len(values) for variant, values in figures.items()}


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(project / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, env=env)
    if result.returncode:
        sys.exit(f"Dựng trang thất bại:\n{result.stderr}")


def baseline_project(destination: Path) -> Path:
    """A copy of the project with Material's search as it comes: no index hook, no query script."""
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "data", "scripts", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    config = destination / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - scripts/hooks_search.py\n", ""),
                      encoding="utf-8")
    main = destination / "overrides" / "main.html"
    main.write_text(re.sub(r'{% include "partials/kehoach-search.html" %}', "", main.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return destination


def site_queries(site: Path, texts: list[str] = QUERIES) -> list[Query]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return load_queries(index, texts)


def report(name: str, figures: dict[str, float]) -> None:
    print(f"MRR {name}: không dấu {figures['unaccented']:.3f}, có dấu {figures['accented']:.3f}")


def sizes(site: Path) -> str:
    """What search costs every first page view: the index and the query script, gzip."""
    parts = [("search_index.json", site / "search" / "search_index.json"),
             ("kehoach-search.js", site / "assets" / "javascripts" / "kehoach-search.js")]
    return ", ".join(f"{name} {len(gzip.compress(path.read_bytes(), 9)) / 1024:.1f} KB"
                     for name, path in parts if path.exists())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo thứ hạng kết quả tìm kiếm (MRR) trên trang đã dựng.")
    parser.add_argument("--site", type=Path, help="thư mục trang đã dựng (mặc định: dựng lại)")
    parser.add_argument("--quiet", action="store_true", help="chỉ in các con số MRR")
    args = parser.parse_args(argv)
    out = open(os.devnull, "w") if args.quiet else sys.stdout
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        site = args.site
        if site is None:
            site = temp / "site"
            build(ROOT, site)
        queries = site_queries(site)
        print(f"{len(queries)} truy vấn, mỗi truy vấn gõ không dấu và có dấu", file=out)
        after = measure(site, queries, out)
        if args.site is None:
            before_site = temp / "before-site"
            build(baseline_project(temp / "before"), before_site)
            # the same words; right sections as that site cuts its pages
            before_queries = [Query(q.unaccented, q.accented, right.right)
                              for q, right in zip(queries, site_queries(before_site, [q.unaccented for q in queries]))]
            before = measure(before_site, before_queries, out, label="(Material gốc) ")
            report("Material gốc", before)
        report("trang này", after)
        print(f"Dung lượng gzip: {sizes(site)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Budgets of the published site, measured and printed (`make budget`).

- requests to any host but the site's own, on every page (target: none);
- bytes transferred on the first view of every page (a new browser context, empty cache, a phone),
  gzip as GitHub Pages serves it: <= 80 KB of response bodies per page. Material's CSS and JS are
  about 57 KB of it; its search worker and index (19 KB, growing with the documents) load only when
  the reader opens the search (docs/assets/javascripts/lazy-search.js) and are printed apart. HTTP
  headers are printed beside, they depend on the server;
- Lighthouse mobile scores behind the same gzip server (>= 98 performance, 100 the rest);
- the mean reciprocal rank of the search, from scripts/search_eval.py when it exists.

Needs the npm packages of tools/node/budget (installed by `make budget`), /usr/bin/chromium and the
project's .venv. Prints one line per figure. Exit 1 when a page's first view is over its budget, 2
when a tool fails, 0 otherwise (Lighthouse and search figures are printed, not enforced).
`--site DIR` measures a site already built (a synthetic collection, say) instead of building one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kehoach.browser import CHROMIUM, CHROMIUM_ARGS
from kehoach.gzipserve import SiteServer

ROOT = Path(__file__).resolve().parents[1]

LIGHTHOUSE = ROOT / "tools" / "node" / "budget" / "node_modules" / "lighthouse" / "cli" / "index.js"
FIRST_VIEW_TARGET = 80 * 1024
# After the load settles: what a page asks for late (Material's search did, before it waited for the reader).
LATE_REQUESTS_MS = 1000
SCORE_TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
CATEGORY_NAMES = {
    "performance": "hiệu năng",
    "accessibility": "trợ năng",
    "best-practices": "thực hành tốt",
    "seo": "SEO",
}
PHONE = {"width": 390, "height": 844}


class ToolError(Exception):
    """A measuring tool could not run: the message says which and why."""


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode:
        raise ToolError("dựng trang thất bại:\n" + result.stderr)


def page_urls(site: Path) -> list[str]:
    """Every page of the built site as a path under the server root: "", "muc-i/", …, "404.html"."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        paths.append("" if relative == "." else relative + "/")
    if (site / "404.html").is_file():
        paths.append("404.html")  # what a reader following a wrong address sees first
    return sorted(paths, key=lambda path: (path != "", path))  # the home page first


def ok(passed: bool) -> str:
    return "đạt" if passed else "CHƯA ĐẠT"


@dataclass
class View:
    """What the server sent for one view: (path, body bytes, header bytes) of each response."""

    path: str
    responses: list[tuple[str, int, int]]

    @property
    def body(self) -> int:
        return sum(body for _, body, _ in self.responses)

    @property
    def headers(self) -> int:
        return sum(header for _, _, header in self.responses)


def over_budget(views: list[View], limit: int = FIRST_VIEW_TARGET) -> list[View]:
    """The views whose response bodies weigh more than `limit` bytes."""
    return [view for view in views if view.body > limit]


def measure_browser(server: SiteServer, paths: list[str]) -> tuple[list[View], View, list[str]]:
    """(the first view of each page; what opening the search on the home page then loads; requests to
    other hosts).

    Bytes are counted by the server, so that a worker's own requests, which the page's network events
    do not report, are counted too. Each page is a first view: a new context starts with an empty cache.
    """
    from playwright.sync_api import sync_playwright

    base = server.url
    own = urlsplit(base).netloc
    foreign: list[str] = []

    def note(request) -> None:
        if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != own:
            foreign.append(request.url)

    def since(first: int) -> list[tuple[str, int, int]]:
        return [(path, body, headers) for path, _, body, headers in server.served.requests[first:]]

    views = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in paths:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            context.on("request", note)
            page = context.new_page()
            first = len(server.served.requests)
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(LATE_REQUESTS_MS)
            views.append(View(path, since(first)))
            if path == paths[0]:  # the home page: the reader opens the search and finds something
                first = len(server.served.requests)
                page.locator("header label[for=__search]").first.click()
                page.keyboard.type("doan ket")
                page.locator(".md-search-result__item").first.wait_for(timeout=30000)
                page.wait_for_load_state("networkidle")
                search = View(path, since(first))
            context.close()
        browser.close()
    return views, search, foreign


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def report_views(views: list[View], search: View) -> None:
    print(f"Lần xem đầu từng trang, nén gzip (thân phản hồi; mục tiêu <= {FIRST_VIEW_TARGET // 1024} KB mỗi trang):")
    for view in views:
        print(
            f"  {kb(view.body):>8}  {len(view.responses):2} yêu cầu  /{view.path}  "
            f"[{ok(view.body <= FIRST_VIEW_TARGET)}; thêm tiêu đề HTTP: {kb(view.body + view.headers)}]"
        )
    heaviest = max(views, key=lambda view: view.body)
    print(
        f"Lần xem đầu nặng nhất: /{heaviest.path} {kb(heaviest.body)} trong {len(heaviest.responses)} yêu cầu "
        f"[{ok(heaviest.body <= FIRST_VIEW_TARGET)}; mục tiêu <= {FIRST_VIEW_TARGET // 1024} KB]"
    )
    home = views[0]
    print(f"Lần xem đầu trang chủ /{home.path}, từng tệp:")
    for url, body, _ in sorted(home.responses, key=lambda item: -item[1]):
        print(f"  {kb(body):>8}  {url}")
    print(f"Tải thêm khi người đọc mở ô tìm kiếm (trang chủ, tìm «doan ket»): {kb(search.body)}")
    for url, body, _ in sorted(search.responses, key=lambda item: -item[1]):
        print(f"  {kb(body):>8}  {url}")


def lighthouse(url: str) -> dict[str, int]:
    if not LIGHTHOUSE.exists():
        raise ToolError(f"chưa cài Lighthouse ({LIGHTHOUSE.relative_to(ROOT)}): chạy `make budget`")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                "--output-path=stdout",
                "--form-factor=mobile",
                "--only-categories=" + ",".join(SCORE_TARGETS),
                "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS) + f" --user-data-dir={profile}",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    if result.returncode:
        raise ToolError(f"Lighthouse thất bại với {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    scores = {key: round(report["categories"][key]["score"] * 100) for key in SCORE_TARGETS}
    scores["_failing"] = failing  # type: ignore[assignment]
    return scores


def search_mrr(site: Path) -> None:
    """The search's mean reciprocal rank, measured by scripts/search_eval.py on the same built site."""
    script = ROOT / "scripts" / "search_eval.py"
    if not script.exists():
        print("Xếp hạng tìm kiếm (MRR): chưa có scripts/search_eval.py")
        return
    usage = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    options = (["--site", str(site)] if "--site" in usage else []) + (["--quiet"] if "--quiet" in usage else [])
    result = subprocess.run(
        [sys.executable, str(script), *options], capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    print("Xếp hạng tìm kiếm (scripts/search_eval.py):")
    print(result.stdout.rstrip() or result.stderr.rstrip()[-2000:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo ngân sách của trang: yêu cầu ra ngoài, dung lượng, Lighthouse.")
    parser.add_argument("--all-pages", action="store_true", help="chạy Lighthouse trên mọi trang (lâu)")
    parser.add_argument("--no-lighthouse", action="store_true", help="bỏ qua Lighthouse")
    parser.add_argument("--site", type=Path, help="đo trang đã dựng sẵn trong thư mục này (mặc định: dựng lại)")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as temp:
            site = args.site
            if site is None:
                site = Path(temp) / "site"
                build(site)
            elif not (site / "index.html").is_file():
                raise ToolError(f"{site} không phải trang đã dựng (thiếu index.html)")
            paths = page_urls(site)
            with SiteServer(site) as server:
                views, search, foreign = measure_browser(server, paths)
                print(f"Yêu cầu tới máy chủ khác ({len(paths)} trang): {len(foreign)} [{ok(not foreign)}; mục tiêu 0]")
                for url in sorted(set(foreign)):
                    print(f"  {url}")
                report_views(views, search)
                if not args.no_lighthouse:
                    targets = paths if args.all_pages else [paths[0], *[p for p in paths if p == "muc-ii-1/"]]
                    for path in targets:
                        scores = lighthouse(server.url + path)
                        figures = ", ".join(f"{CATEGORY_NAMES[key]} {scores[key]}" for key in SCORE_TARGETS)
                        passed = all(scores[key] >= target for key, target in SCORE_TARGETS.items())
                        print(f"Lighthouse di động /{path}: {figures} [{ok(passed)}]")
                        if scores["_failing"]:
                            print("  chưa đạt: " + ", ".join(scores["_failing"]))
            search_mrr(site)
    except ToolError as error:
        print(f"budget: {error}", file=sys.stderr)
        return 2
    if heavy := over_budget(views):
        print(
            f"budget: {len(heavy)} trang có lần xem đầu quá {FIRST_VIEW_TARGET // 1024} KB (nén gzip): "
            + ", ".join(f"/{view.path} {kb(view.body)}" for view in heavy)
            + ". Bớt tệp tải khi mở trang, hoặc để tệp đó tải khi người đọc cần (như ô tìm kiếm).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

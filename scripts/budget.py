"""Budgets of the published site, measured and printed (`make budget`).

- requests to any host but the site's own, on every page (target: none);
- bytes transferred on the first view of every page (a new browser context, empty cache, a phone),
  gzip as GitHub Pages serves it: <= 80 KB of response bodies per page. Material's CSS and JS are
  about 57 KB of it; its search worker and index (19 KB, growing with the documents) load only when
  the reader opens the search (docs/assets/javascripts/lazy-search.js) and are printed apart. HTTP
  headers are printed beside, they depend on the server;
- Lighthouse mobile scores behind the same gzip server (issue 19: 100 in each of the four categories), on
  one page of each kind (`sample_pages`), or on every page with `--all-pages`; `--lighthouse-runs K` prints
  the run of median performance (the score varies with the load of the shared machine);
- the mean reciprocal rank of the search, from scripts/search_eval.py when it exists.

Which pages: by default every page of the real site. `--collection N` builds instead the synthetic
collection of N documents of plan 32's size (scripts/bench.py `make_collection`) and measures one page of
each kind (home, a document's opening, section and print pages, each root register, a unit page, a
redirect, the 404 page): the one whose HTML weighs most gzipped (a redirect's with the page it leads to),
since within a kind the pages load the same CSS, JS and images and differ by their HTML (the menu and the
registers grow with the documents). On the 40-document collection (04/12/2026) the sampled page of each kind
weighed, to 0.1 KB, what the heaviest page of its kind did when every page (334) was measured.
`--pages every|sample` overrides the choice. Pages are opened by several browser pages at once (`--lanes`),
each lane with a server of its own, so that every byte is counted for the page that asked for it.

What a page's Total Blocking Time grows with (measured 05/12/2026 on the registry overview of the
40-document collection, Chromium traces): the elements it renders. Material's bundle, as it starts, swaps
the `no-js` class of <html> for `js`; Chromium then restyles every element of the page (selectors of
Material's CSS such as `.no-js … >:first-child` leave it no narrower invalidation), and the bundle then
reads the scroll offset, which forces that restyle and a layout inside its first task. Hence long lists of
links are folded on that page (overrides/macros/documents_register.md): what is folded is not rendered
until opened.

Needs the npm packages of tools/node/budget (installed by `make budget`), /usr/bin/chromium and the
project's .venv. Prints one line per figure. Exit 1 when a page's first view is over its budget, 2
when a tool fails, 0 otherwise (Lighthouse and search figures are printed, not enforced).
`--site DIR` measures a site already built instead of building one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from kehoach.browser import CHROMIUM, CHROMIUM_ARGS
from kehoach.collection import PRINT_PAGE
from kehoach.gzipserve import SiteServer
from kehoach.tracking import PAGES_DIR as TRACKING_PAGES_DIR
from kehoach.units import UNIT_PAGES_DIR

ROOT = Path(__file__).resolve().parents[1]

LIGHTHOUSE = ROOT / "tools" / "node" / "budget" / "node_modules" / "lighthouse" / "cli" / "index.js"
FIRST_VIEW_TARGET = 80 * 1024
# After the load settles: what a page asks for late (Material's search did, before it waited for the reader).
LATE_REQUESTS_MS = 1000
# Issue 19: Lighthouse mobile 100/100/100/100 on the real site and on the 40-document collection alike.
SCORE_TARGETS = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
CATEGORY_NAMES = {
    "performance": "hiệu năng",
    "accessibility": "trợ năng",
    "best-practices": "thực hành tốt",
    "seo": "SEO",
}
PHONE = {"width": 390, "height": 844}
LANES = 4  # browser pages measured at once: the time is mostly waiting for the network to settle

# The kinds of page, in the order they are printed. A page of no listed kind (a page a later change adds)
# is a kind of its own, named by its address, so that sampling never leaves a page out unseen.
HOME = "trang chủ"
OPENING = "trang mở đầu văn bản"
SECTION = "trang mục của văn bản"
PRINT = "bản in văn bản"
UNIT = "trang một đơn vị"
TRACKING = "trang theo dõi một văn bản"
REDIRECT = "trang chuyển tiếp"
NOT_FOUND = "trang 404"
REGISTERS = ("don-vi/", "theo-doi/", "moc-thoi-gian/", "van-ban-lien-quan/", "lich-su-cap-nhat/")
PRINT_FOLDER = PRINT_PAGE.removesuffix(".md")
REFRESH = re.compile(rb"<meta\s[^>]*http-equiv=[\"']?refresh", re.IGNORECASE)
REFRESH_URL = re.compile(rb"<meta\s[^>]*http-equiv=[\"']?refresh[^>]*content=[\"']?\s*\d*\s*;\s*url=([^\"'>]+)", re.I)


def register_kind(path: str) -> str:
    return f"trang /{path}"


EXPECTED_KINDS = (
    HOME,
    OPENING,
    SECTION,
    PRINT,
    *map(register_kind, REGISTERS),
    UNIT,
    TRACKING,
    REDIRECT,
    NOT_FOUND,
)


class ToolError(Exception):
    """A measuring tool could not run: the message says which and why."""


def build(site: Path, project: Path = ROOT) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode:
        raise ToolError("dựng trang thất bại:\n" + result.stderr)


def build_collection(work: Path, documents: int) -> Path:
    """The synthetic collection of `documents` documents (scripts/bench.py), built: the site's folder."""
    from kehoach.projectcopy import copy_project

    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    project = bench.make_collection(copy_project(work / "project"), documents)
    site = work / "site"
    build(site, project)
    return site


def page_urls(site: Path) -> list[str]:
    """Every page of the built site as a path under the server root: "", "muc-i/", …, "404.html"."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        paths.append("" if relative == "." else relative + "/")
    if (site / "404.html").is_file():
        paths.append("404.html")  # what a reader following a wrong address sees first
    return sorted(paths, key=lambda path: (path != "", path))  # the home page first


def html_file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


def is_redirect(html: Path) -> bool:
    """A page left at an old address (mkdocs-redirects): it sends the browser on with a meta refresh."""
    with html.open("rb") as file:
        return bool(REFRESH.search(file.read(4096)))


def document_folders(site: Path) -> set[str]:
    """The published documents' folders: each has its print page (README: «Mỗi văn bản có: bản in
    /<id>/ban-in/»); an old address such as /ban-in/ is a redirect, not a document."""
    return {
        print_page.parent.parent.name
        for print_page in site.glob(f"*/{PRINT_FOLDER}/index.html")
        if not is_redirect(print_page)
    }


def page_kind(site: Path, path: str, documents: set[str]) -> str:
    if path == "":
        return HOME
    if path == "404.html":
        return NOT_FOUND
    if is_redirect(html_file(site, path)):
        return REDIRECT
    parts = path.rstrip("/").split("/")
    if parts[0] in documents:
        if len(parts) == 1:
            return OPENING
        if parts[1:] == [PRINT_FOLDER]:
            return PRINT
        if len(parts) == 2:
            return SECTION
    if parts[0] == UNIT_PAGES_DIR and len(parts) == 2:
        return UNIT
    if parts[0] == TRACKING_PAGES_DIR and len(parts) == 2:
        return TRACKING
    return register_kind(path)


def gzip_size(path: Path) -> int:
    """The bytes the server sends for this file (kehoach.gzipserve compresses at the same level)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def redirect_target(site: Path, path: str) -> Path | None:
    """The HTML file a redirect page sends the browser on to, when it is a page of this site."""
    with html_file(site, path).open("rb") as file:
        match = REFRESH_URL.search(file.read(4096))
    if match is None:
        return None
    target = urlsplit(urljoin("/" + path, match.group(1).decode("utf-8", "replace").strip()))
    if target.netloc or not target.path.startswith("/"):
        return None
    html = html_file(site, target.path.lstrip("/"))
    return html if html.is_file() and site.resolve() in html.resolve().parents else None


def html_weight(site: Path, path: str, kind: str) -> int:
    """The page's HTML gzipped; for a redirect, its own and that of the page it leads to (the browser
    loads both on the first view)."""
    weight = gzip_size(html_file(site, path))
    if kind == REDIRECT and (target := redirect_target(site, path)) is not None:
        weight += gzip_size(target)
    return weight


@dataclass
class Kind:
    """The pages of one kind and the one measured for all: the heaviest HTML, gzipped (`html_weight`)."""

    name: str
    pages: list[tuple[str, int]] = field(default_factory=list)  # (path, HTML bytes gzipped)

    @property
    def chosen(self) -> str:
        return max(self.pages, key=lambda page: (page[1], page[0]))[0]

    @property
    def heaviest(self) -> int:
        return max(size for _, size in self.pages)

    @property
    def lightest(self) -> int:
        return min(size for _, size in self.pages)


def page_kinds(site: Path, paths: list[str]) -> list[Kind]:
    """Every page by kind, the kinds in EXPECTED_KINDS order (an expected kind the site lacks has no
    pages), then any other kind by address."""
    documents = document_folders(site)
    kinds = {name: Kind(name) for name in EXPECTED_KINDS}
    for path in paths:
        name = page_kind(site, path, documents)
        kinds.setdefault(name, Kind(name)).pages.append((path, html_weight(site, path, name)))
    return list(kinds.values())


def sample_pages(kinds: list[Kind]) -> list[str]:
    """One page of each kind present: its heaviest HTML. The home page first (the search is measured on it)."""
    return [kind.chosen for kind in kinds if kind.pages]


def report_kinds(kinds: list[Kind], sampled: bool) -> None:
    total = sum(len(kind.pages) for kind in kinds)
    present = [kind for kind in kinds if kind.pages]
    if sampled:
        print(
            f"Chọn trang: {total} trang, {len(present)} loại; mỗi loại đo một trang, trang có HTML nặng nhất "
            "(nén gzip) trong loại (cùng loại thì cùng CSS, JS, ảnh; HTML lớn dần theo menu và các sổ):"
        )
    else:
        print(f"Đo mọi trang: {total} trang, {len(present)} loại (HTML nén gzip, nhẹ nhất–nặng nhất trong loại):")
    for kind in kinds:
        if not kind.pages:
            print(f"  {kind.name:<32} không có trang nào loại này trong trang đã dựng")
            continue
        spread = f"{kb(kind.lightest)}–{kb(kind.heaviest)}" if len(kind.pages) > 1 else kb(kind.heaviest)
        chosen = f"  → /{kind.chosen}" if sampled else ""
        print(f"  {kind.name:<32} {len(kind.pages):4} trang  HTML {spread}{chosen}")


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


def measure_browser(servers: list[SiteServer], paths: list[str]) -> tuple[list[View], View, list[str]]:
    """(the first view of each page, in the order of `paths`; what opening the search on the first page
    then loads; requests to other hosts).

    Bytes are counted by the server, so that a worker's own requests, which the page's network events
    do not report, are counted too. Each page is a first view: a new context starts with an empty cache.
    One browser; each server is a lane that opens one page at a time, the lanes at once: a page's bytes
    are what its lane's server sent between its start and its end.
    """
    return asyncio.run(_measure(servers, paths))


async def _measure(servers: list[SiteServer], paths: list[str]) -> tuple[list[View], View, list[str]]:
    from playwright.async_api import async_playwright

    foreign: list[str] = []
    views: dict[str, View] = {}
    searches: list[View] = []
    queue = deque(paths)

    def note(own: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc != own:
            foreign.append(url)

    async def lane(browser: Any, server: SiteServer) -> None:
        own = urlsplit(server.url).netloc

        def since(first: int) -> list[tuple[str, int, int]]:
            return [(path, body, headers) for path, _, body, headers in server.served.requests[first:]]

        while queue:
            path = queue.popleft()
            context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            context.on("request", lambda request: note(own, request.url))
            try:
                page = await context.new_page()
                first = len(server.served.requests)
                # the load event waits for every file the HTML names, however slowly a busy machine parses
                # a long page; then the network settles, then what the page asks for late
                await page.goto(server.url + path, wait_until="load")
                await page.wait_for_load_state("networkidle")
                await page.wait_for_timeout(LATE_REQUESTS_MS)
                views[path] = View(path, since(first))
                if path == paths[0]:  # the home page: the reader opens the search and finds something
                    first = len(server.served.requests)
                    await page.locator("header label[for=__search]").first.click()
                    await page.keyboard.type("doan ket")
                    await page.locator(".md-search-result__item").first.wait_for(timeout=30000)
                    await page.wait_for_load_state("networkidle")
                    searches.append(View(path, since(first)))
            finally:
                await context.close()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(lane(browser, server) for server in servers))
        finally:
            await browser.close()
    return [views[path] for path in paths], searches[0], foreign


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


def lighthouse(url: str) -> dict[str, Any]:
    """The four category scores (0–100) of a mobile run, and under "_failing" the binary audits that failed."""
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
    scores: dict[str, Any] = {key: round(report["categories"][key]["score"] * 100) for key in SCORE_TARGETS}
    scores["_failing"] = failing
    # what kept performance under 100: the metrics Lighthouse scored below 1, with their values
    scores["_slow"] = [
        f"{report['audits'][ref['id']]['title']} {report['audits'][ref['id']].get('displayValue', '')}".strip()
        for ref in report["categories"]["performance"]["auditRefs"]
        if ref.get("weight") and (report["audits"][ref["id"]].get("score") or 0) < 1
    ]
    scores["_tbt"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    scores["_main_thread"] = main_thread(report["audits"])
    return scores


# Lighthouse's groups of main-thread work (mainthread-work-breakdown), in words editors read.
WORK_GROUPS = {
    "styleLayout": "kiểu và bố cục",
    "scriptEvaluation": "chạy script",
    "other": "khác",
    "parseHTML": "phân tích HTML và CSS",
    "paintCompositeRender": "vẽ",
    "scriptParseCompile": "biên dịch script",
    "garbageCollection": "dọn bộ nhớ",
}


def task_source(url: str) -> str:
    """What ran a long task: the script's file name, or the page itself (parsing, style, layout)."""
    if not url.startswith(("http://", "https://", "file:")):
        return "không rõ"  # Lighthouse's "Unattributable"
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return name if name and not name.endswith(".html") else f"trang {path}"


def main_thread(audits: dict[str, Any]) -> str:
    """Where the page's main-thread time went (Lighthouse's mobile CPU, 4x slower), its longest tasks and
    its number of elements: what to look at when Total Blocking Time costs points."""
    work = audits.get("mainthread-work-breakdown", {}).get("details", {}).get("items", [])
    groups = ", ".join(
        f"{WORK_GROUPS.get(item['group'], item['group'])} {item['duration']:.0f} ms"
        for item in sorted(work, key=lambda item: -item["duration"])
    )
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    longest = ", ".join(
        f"{item['duration']:.0f} ms ({task_source(item['url'])})"
        for item in sorted(tasks, key=lambda item: -item["duration"])[:3]
    )
    elements = audits.get("dom-size", {}).get("numericValue")
    parts = [f"luồng chính: {groups}" if groups else "", f"tác vụ dài nhất: {longest}" if longest else ""]
    if elements is not None:
        parts.append(f"{elements:.0f} phần tử HTML")
    return "; ".join(part for part in parts if part)


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose performance score is the median (the lower middle one of an even number): Lighthouse
    advises the median of several runs, the performance score varying with the load of the machine."""
    ordered = sorted(runs, key=lambda run: run["performance"])
    return ordered[(len(ordered) - 1) // 2]


def scores_passed(scores: dict[str, Any]) -> bool:
    return all(scores[key] >= target for key, target in SCORE_TARGETS.items())


def report_summary(kinds: list[Kind], views: list[View], scores: dict[str, dict[str, Any]]) -> None:
    """One line per measured page: its kind, first view, and Lighthouse's four scores when it ran there."""
    kind_of = {path: kind.name for kind in kinds for path, _ in kind.pages}
    header = " / ".join(CATEGORY_NAMES[key] for key in SCORE_TARGETS)
    print(f"Tóm tắt: trang, loại, lần xem đầu (nén gzip), Lighthouse di động ({header}):")
    for view in views:
        figures = scores.get(view.path)
        lighthouse_text = " / ".join(str(figures[key]) for key in SCORE_TARGETS) if figures else "—"
        print(f"  /{view.path:<34} {kind_of.get(view.path, ''):<32} {kb(view.body):>8}   {lighthouse_text}")


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
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--site", type=Path, help="đo trang đã dựng sẵn trong thư mục này (mặc định: dựng lại)")
    where.add_argument(
        "--collection",
        type=int,
        metavar="N",
        help="dựng bộ văn bản thử nghiệm N văn bản cỡ Kế hoạch 32 (scripts/bench.py) và đo nó",
    )
    parser.add_argument(
        "--pages",
        choices=("every", "sample"),
        help="every: mọi trang; sample: mỗi loại trang một trang, HTML nặng nhất "
        "(mặc định: sample với --collection, every nếu không)",
    )
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=1,
        metavar="K",
        help="chạy Lighthouse K lần mỗi trang, in lần có điểm hiệu năng trung vị (mặc định 1)",
    )
    parser.add_argument("--lanes", type=int, default=LANES, help=f"số trang mở cùng lúc (mặc định {LANES})")
    args = parser.parse_args(argv)
    sampled = (args.pages or ("sample" if args.collection else "every")) == "sample"
    started = time.perf_counter()
    timings: list[str] = []
    all_scores: dict[str, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory() as temp:
            site = args.site
            if args.collection:
                site = build_collection(Path(temp), args.collection)
                timings.append(f"dựng bộ {args.collection} văn bản {time.perf_counter() - started:.0f} s")
            elif site is None:
                site = Path(temp) / "site"
                build(site)
                timings.append(f"dựng trang {time.perf_counter() - started:.0f} s")
            elif not (site / "index.html").is_file():
                raise ToolError(f"{site} không phải trang đã dựng (thiếu index.html)")
            kinds = page_kinds(site, page_urls(site))
            samples = sample_pages(kinds)
            paths = samples if sampled else page_urls(site)
            report_kinds(kinds, sampled)
            with contextlib.ExitStack() as stack:
                lanes = max(1, min(args.lanes, len(paths)))
                servers = [stack.enter_context(SiteServer(site)) for _ in range(lanes)]
                step = time.perf_counter()
                views, search, foreign = measure_browser(servers, paths)
                timings.append(
                    f"lần xem đầu {len(paths)} trang, {len(servers)} trang cùng lúc {time.perf_counter() - step:.0f} s"
                )
                print(f"Yêu cầu tới máy chủ khác ({len(paths)} trang): {len(foreign)} [{ok(not foreign)}; mục tiêu 0]")
                for url in sorted(set(foreign)):
                    print(f"  {url}")
                report_views(views, search)
                if not args.no_lighthouse:
                    step = time.perf_counter()
                    targets = paths if args.all_pages else samples
                    for path in targets:  # one at a time: a run beside another would slow both down
                        runs = [lighthouse(servers[0].url + path) for _ in range(args.lighthouse_runs)]
                        scores = median_run(runs)
                        all_scores[path] = scores
                        figures = ", ".join(f"{CATEGORY_NAMES[key]} {scores[key]}" for key in SCORE_TARGETS)
                        spread = (
                            f" (trung vị {len(runs)} lần, hiệu năng: {', '.join(str(run['performance']) for run in runs)};"
                            f" TBT: {', '.join(str(run['_tbt']) for run in runs)} ms)"
                            if len(runs) > 1
                            else ""
                        )
                        print(f"Lighthouse di động /{path}: {figures}{spread} [{ok(scores_passed(scores))}]")
                        if scores["_failing"]:
                            print("  chưa đạt: " + ", ".join(scores["_failing"]))
                        if scores["performance"] < SCORE_TARGETS["performance"]:
                            print("  hiệu năng bị trừ điểm vì: " + "; ".join(scores["_slow"]))
                            if scores["_main_thread"]:
                                print("  " + scores["_main_thread"])
                    timings.append(f"Lighthouse {len(targets)} trang {time.perf_counter() - step:.0f} s")
            report_summary(kinds, views, all_scores)
            if args.collection:
                print("Xếp hạng tìm kiếm: bỏ qua với bộ văn bản thử nghiệm (các bản sao cùng một lời văn)")
            else:
                search_mrr(site)
    except ToolError as error:
        print(f"budget: {error}", file=sys.stderr)
        return 2
    print(f"Thời gian: {'; '.join(timings)}; cả lần chạy {time.perf_counter() - started:.0f} s")
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

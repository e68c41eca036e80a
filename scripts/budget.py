"""Budgets of the published site, measured and printed (`make budget`); figures, not a test.

- requests to any host but the site's own, on every page (target: none);
- bytes transferred on the first view of the home page, gzip as GitHub Pages serves it (<= 90 KB of
  response bodies, as the target was set: Material's CSS and JS are about 70 KB of it; HTTP headers
  are printed beside, they depend on the server);
- Lighthouse mobile scores behind the same gzip server (>= 98 performance, 100 the rest);
- the mean reciprocal rank of the search, from scripts/search_eval.py when it exists.

Needs the npm packages of tools/node/budget (installed by `make budget`), /usr/bin/chromium and the
project's .venv. Prints one line per figure; exit 0 whatever the figures, 2 when a tool fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from kehoach.browser import CHROMIUM, CHROMIUM_ARGS
from kehoach.gzipserve import SiteServer

ROOT = Path(__file__).resolve().parents[1]

LIGHTHOUSE = ROOT / "tools" / "node" / "budget" / "node_modules" / "lighthouse" / "cli" / "index.js"
HOME_BYTES_TARGET = 90 * 1024
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
    """Every page of the built site as a path under the server root: "", "muc-i/", …"""
    paths = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return sorted(paths, key=lambda path: (path != "", path))  # the home page first


def ok(passed: bool) -> str:
    return "đạt" if passed else "CHƯA ĐẠT"


def measure_browser(server: SiteServer, paths: list[str]) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(the home page's first view: path, body and header bytes of each response; requests to other hosts).

    Bytes are counted by the server, so that the search worker's own requests, which the page's
    network events do not report, are counted too.
    """
    from playwright.sync_api import sync_playwright

    base = server.url
    own = urlsplit(base).netloc
    foreign: list[str] = []

    def note(request) -> None:
        if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != own:
            foreign.append(request.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # First view: a new context starts with an empty cache.
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.on("request", note)
        page = context.new_page()
        first = len(server.served.requests)
        page.goto(base, wait_until="networkidle")
        page.wait_for_timeout(1000)  # late requests of Material's search worker
        home = [(path, body, headers) for path, _, body, headers in server.served.requests[first:]]
        for path in paths:
            page.goto(base + path, wait_until="networkidle")
        context.close()
        browser.close()
    return home, foreign


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
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as temp:
            site = Path(temp) / "site"
            build(site)
            paths = page_urls(site)
            with SiteServer(site) as server:
                home, foreign = measure_browser(server, paths)
                print(f"Yêu cầu tới máy chủ khác ({len(paths)} trang): {len(foreign)} [{ok(not foreign)}; mục tiêu 0]")
                for url in sorted(set(foreign)):
                    print(f"  {url}")
                bodies = sum(body for _, body, _ in home)
                headers = sum(header for _, _, header in home)
                print(
                    f"Lần xem đầu trang chủ, nén gzip: {bodies / 1024:.1f} KB trong {len(home)} yêu cầu "
                    f"[{ok(bodies <= HOME_BYTES_TARGET)}; mục tiêu <= {HOME_BYTES_TARGET // 1024} KB]; "
                    f"thêm tiêu đề HTTP: {(bodies + headers) / 1024:.1f} KB"
                )
                for url, body, _ in sorted(home, key=lambda item: -item[1]):
                    print(f"  {body / 1024:6.1f} KB  {url}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

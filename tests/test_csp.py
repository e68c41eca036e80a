"""Pages protect their readers: a Content-Security-Policy on every page that Chromium enforces with no
violation, and the checker refuses raw HTML that would run a script or load from elsewhere."""

from __future__ import annotations

import re
import shutil

import pytest

from kehoach import csp
from kehoach.checks import check_project
from kehoach.gzipserve import SiteServer
from kehoach.model import load_project
from kehoach.pages import read_pages
from support.project import copy_project, redirect_pages
from support.tiers import chromium

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# Report every violation to the console, where the test collects errors.
REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => "
    "console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI))"
)


def policy_of(html: str) -> dict[str, list[str]]:
    content = META.search(html).group(1).replace("&#39;", "'")
    return {d.split()[0]: d.split()[1:] for d in content.split("; ")}


@pytest.mark.build
def test_every_page_carries_a_policy_with_the_hash_of_each_inline_script(built_site, doc_pages, project):
    from kehoach.units import paged_units

    pages = sorted(built_site.rglob("*.html"))
    # 404.html, the units' generated pages, each document's tracking page, the pages left at plan 32's old
    # addresses (mkdocs-redirects)
    generated = len(paged_units(project)) + len(project.views)
    assert len(pages) == len(doc_pages) + 1 + generated + len(redirect_pages(built_site))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert len(META.findall(html)) == 1, path
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < head.index("<script"), path  # before any script
        policy = policy_of(html)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert not any(
            "unsafe" in value or value in ("*", "http:", "https:") for values in policy.values() for value in values
        ), path
        scripts = csp.inline_scripts(html)
        assert scripts, path  # Material's own inline scripts
        assert sorted(policy["script-src"][1:]) == sorted({csp.script_hash(s) for s in scripts}), path


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    """The built site on a local web server, plus one copy of a page with a script the build never saw."""
    root = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(built_site, root)
    page = (root / "ke-hoach-32" / "muc-i" / "index.html").read_text(encoding="utf-8")
    injected = root / "tiem-ma" / "index.html"
    injected.parent.mkdir()
    injected.write_text(
        page.replace("</article>", "<script>document.title = 'tiêm mã'</script></article>"), encoding="utf-8"
    )
    with SiteServer(root) as server:
        yield server.url, root


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def visit(browser, url: str, search: str | None = None) -> tuple[list[str], object]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"lỗi JavaScript: {e}"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"tải từ nơi khác: {r.url}")
            if not r.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2])
            and not r.url.startswith("data:")
            else None
        ),
    )
    page.add_init_script(REPORT_VIOLATIONS)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if search:
        page.keyboard.press("/")
        page.keyboard.type(search)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return problems, page


@pytest.mark.browser
@pytest.mark.build
def test_every_page_loads_in_chromium_with_no_violation_and_no_console_error(served, browser, built_site):
    base, _ = served
    for path in sorted(built_site.rglob("*.html")):
        url = base + path.relative_to(built_site).as_posix().removesuffix("index.html")
        problems, page = visit(browser, url)
        page.close()
        assert problems == [], url


@pytest.mark.browser
@pytest.mark.build
def test_search_still_works_under_the_policy(served, browser):
    base, _ = served
    problems, page = visit(browser, base, search="đoàn kết")
    assert page.locator(".md-search-result__item").count() > 0
    page.close()
    assert problems == []


@pytest.mark.browser
@pytest.mark.build
def test_a_script_the_build_did_not_hash_is_blocked_and_reported(served, browser):
    base, _ = served
    problems, page = visit(browser, base + "tiem-ma/")
    assert page.title() != "tiêm mã"
    page.close()
    assert any(p.startswith("CSP violation: script-src") for p in problems), problems


# --- the checker ---------------------------------------------------------------------------------


def checked(tmp_path, edit) -> list[str]:
    copy = copy_project(tmp_path / "project")
    edit(copy)
    return [f.as_text() for f in check_project(load_project(copy), read_pages(copy / "docs"))]


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_count(path) -> int:
    return len(path.read_text(encoding="utf-8").split("\n"))


def test_the_real_project_has_no_unsafe_html(project, doc_pages):
    assert [f for f in check_project(project, doc_pages) if f.code.startswith("KH8")] == []


def test_a_page_with_an_injected_script_fails_the_checker(tmp_path):
    found = checked(
        tmp_path, lambda copy: append(copy / "docs" / "ke-hoach-32" / "muc-iii.md", '\n<script>alert("x")</script>\n')
    )
    line = line_count(tmp_path / "project" / "docs" / "ke-hoach-32" / "muc-iii.md") - 1
    assert (
        f"docs/ke-hoach-32/muc-iii.md:{line}:1: KH801 thẻ <script> không được dùng trong trang hay dữ liệu: trang của "
        "Kế hoạch không chạy mã nào ngoài mã của giao diện; hãy xoá thẻ này"
    ) in found, found


def test_a_page_with_a_third_party_image_fails_the_checker(tmp_path):
    found = checked(
        tmp_path,
        lambda copy: append(
            copy / "docs" / "ke-hoach-32" / "index.md", '\n<img alt="logo" src="https://cdn.example.org/logo.png">\n'
        ),
    )
    line = line_count(tmp_path / "project" / "docs" / "ke-hoach-32" / "index.md") - 1
    col = '<img alt="logo" src="'.index('"', 15) + 2  # where the address starts
    assert any(
        f.startswith(
            f"docs/ke-hoach-32/index.md:{line}:{col}: KH805 «https://cdn.example.org/logo.png» làm trình duyệt"
        )
        for f in found
    ), found


def test_event_handlers_javascript_urls_frames_and_markdown_images_fail_the_checker(tmp_path):
    found = checked(
        tmp_path,
        lambda copy: append(
            copy / "docs" / "don-vi.md",
            (
                '\n<a href="javascript:alert(1)">a</a> <span onclick="x()">b</span>\n'
                '<iframe src="/khung.html"></iframe>\n![bản đồ](https://maps.example.com/map.png)\n'
            ),
        ),
    )
    codes = [f.split(": ")[1].split()[0] for f in found]
    assert sorted(codes) == ["KH802", "KH803", "KH804", "KH805"], found
    assert any("«onclick»" in f for f in found) and any("<iframe>" in f for f in found)


def test_html_written_as_code_is_text_not_html(tmp_path):
    found = checked(
        tmp_path,
        lambda copy: append(
            copy / "docs" / "don-vi.md",
            '\nViết `<script>` trong mã.\n\n```html\n<img src="https://x.org/a.png">\n```\n',
        ),
    )
    assert [f for f in found if " KH8" in f] == []


def test_data_that_would_run_a_script_fails_the_checker(tmp_path):
    def edit(copy):
        units = copy / "data" / "units.yml"
        units.write_text(
            units.read_text(encoding="utf-8").replace(
                "name: Đảng Cộng sản Việt Nam", 'name: "Đảng Cộng sản Việt Nam<script src=//x.org/a.js></script>"', 1
            ),
            encoding="utf-8",
        )

    found = checked(tmp_path, edit)
    lines = (tmp_path / "project" / "data" / "units.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "<script" in text)
    assert any(f.startswith(f"data/units.yml:{line}:") and " KH801 " in f for f in found), found
    assert any(f.startswith(f"data/units.yml:{line}:") and " KH805 «//x.org/a.js»" in f for f in found), found


@pytest.mark.build
def test_the_offline_copy_policy_still_allows_nothing_from_elsewhere(built_site):
    """The offline copy (opened from a folder; its search runs through iframe-worker, which writes its own
    script into a frame) lets inline scripts run, and still loads nothing from another site."""
    html = csp.protect((built_site / "ke-hoach-32" / "muc-i" / "index.html").read_text(encoding="utf-8"), **csp.OFFLINE)
    policy = policy_of(html)
    assert policy["script-src"] == ["'self'", "file:", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-src"] == ["'none'"]
    assert not any(value in ("*", "http:", "https:") or "//" in value for values in policy.values() for value in values)
    assert len(META.findall(html)) == 1  # replaced, not added


@pytest.mark.build
def test_an_offline_build_gets_the_offline_policy(tmp_path, monkeypatch, offline_shim):
    from support.project import mkdocs_build

    copy = copy_project(tmp_path / "project")
    monkeypatch.setenv("KH_OFFLINE", "true")  # how `make offline` switches the offline plugin on
    site = tmp_path / "site"
    result = mkdocs_build(copy, site)
    assert result.returncode == 0, result.stderr
    for path in (site / "ke-hoach-32" / "muc-i.html", site / "404.html"):
        policy = policy_of(path.read_text(encoding="utf-8"))
        assert policy["script-src"] == ["'self'", "file:", "'unsafe-inline'"], path
        assert policy["object-src"] == ["'none'"]

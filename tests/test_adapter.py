"""The build adapter (kehoach.mkdocs_plugin): the publish step, `make serve` for editors, and ProperDocs
building the same site as MkDocs."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kehoach import publish
from support.project import ROOT, copy_project, mkdocs_build
from support.tiers import require

pytestmark = pytest.mark.build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BROKEN_ID = ('doc_number("nq-43-tw")', 'doc_number("nq-34-tw")')
FINDING = re.compile(
    r"^docs/ke-hoach-32/muc-iii\.md:\d+:\d+: KH502 doc_number: không có văn bản với id «nq-34-tw»", re.M
)


def break_page(project: Path) -> None:
    page = project / "docs" / "ke-hoach-32" / "muc-iii.md"
    page.write_text(page.read_text(encoding="utf-8").replace(*BROKEN_ID, 1), encoding="utf-8")


def staging_left(site: Path) -> list[Path]:
    return [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}{publish.STAGING_PREFIX}")]


# --- the publish step ------------------------------------------------------------------------------


@pytest.mark.build
def test_a_build_stopped_by_the_checker_leaves_no_older_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert (site / "index.html").is_file()
    break_page(project)
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert FINDING.search(result.stderr), result.stderr
    assert site.is_dir() and not any(site.iterdir())  # emptied: the previous site does not stay
    assert not staging_left(site)
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_a_good_build_replaces_the_site_and_leaves_nothing_beside_it(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    (site / "cu").mkdir(parents=True)
    (site / "cu" / "index.html").write_text("bản cũ", encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file() and not (site / "cu").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


# Two builds in one process, as `make serve` runs them: a good one, then one that fails while pages
# render (after on_config). After each, nothing the build set aside from the garbage collector stays
# set aside, so a long preview does not keep every old build in memory.
REBUILDS = """
import gc, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from kehoach import units

def build_once():
    try:
        build(load_config(sys.argv[1], site_dir=sys.argv[2]))
        outcome = "built"
    except Exception:
        outcome = "failed"
    print(outcome, gc.get_freeze_count())

build_once()
def fail(*args):
    raise RuntimeError("a page fails to render")
units.check_quotes = fail
build_once()
"""


@pytest.mark.build
def test_each_build_gives_back_what_it_set_aside_from_the_garbage_collector(tmp_path):
    require("build", "builds a site")
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-c", REBUILDS, str(project / "mkdocs.yml"), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.stdout.split("\n")[:2] == ["built 0", "failed 0"], result.stdout + result.stderr


# A build in which a macro fails while the page renders, after the checker passed: the checker
# renders calls itself and leaves a call that fails to the build.
FAILING_MACRO = """
import sys
from kehoach import macros

page_macros = macros.page_macros

def with_failing_doc_number(*args, **kwargs):
    functions = page_macros(*args, **kwargs)
    def doc_number(doc_id):
        raise macros.MacroError("số hiệu của «" + doc_id + "» không đọc được")
    return {**functions, "doc_number": doc_number}

macros.page_macros = with_failing_doc_number
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", "-f", sys.argv[1], "-d", sys.argv[2]]
cli()
"""


@pytest.mark.build
def test_a_macro_failing_as_the_page_renders_stops_the_build_cleanly(tmp_path):
    """Said with the page and the macro's own words, no traceback, and no site half-built: mkdocs-macros
    alone would print a traceback and exit past the build's clean-up."""
    require("build", "builds a site")
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    # Renderings are remembered by the code's files (verdicts.code_key): a macro replaced in memory is
    # no file, so this build starts from an empty cache folder, as CI's first build does.
    result = subprocess.run(
        [sys.executable, "-c", FAILING_MACRO, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode != 0
    assert re.search(r"Không dựng được trang docs/[\w/.-]+\.md: số hiệu của «[\w-]+» không đọc được", result.stderr), (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert site.is_dir() and not any(site.iterdir())
    assert not staging_left(site)


def test_make_build_rejects_an_unknown_engine():
    result = subprocess.run(
        ["make", "-s", "build", "ENGINE=zensical"], cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=120
    )
    assert result.returncode != 0
    assert "ENGINE=zensical không được hỗ trợ; chọn một trong: mkdocs properdocs" in result.stderr


# --- engines ---------------------------------------------------------------------------------------

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.build
def test_properdocs_builds_the_same_site_apart_from_the_generator_tag(tmp_path, built_site):
    site = tmp_path / "properdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    ours = {p.relative_to(built_site): p for p in built_site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(site): p for p in site.rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(theirs)
    differing = []
    for name, path in ours.items():
        a, b = path.read_bytes(), theirs[name].read_bytes()
        if a != b:
            if name.suffix == ".gz":  # sitemap.xml.gz carries a time stamp: compare what it holds
                import gzip

                a, b = gzip.decompress(a), gzip.decompress(b)
            tags = GENERATOR.findall(a), GENERATOR.findall(b)
            assert tags[0] != tags[1] or a == b, name
            if GENERATOR.sub(b"", a) != GENERATOR.sub(b"", b):
                differing.append(str(name))
    assert differing == []
    assert b"ProperDocs" in GENERATOR.search((site / "index.html").read_bytes()).group()


# --- make serve ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serve:
    """`mkdocs serve` on a copy of the project, its output collected in a file."""

    def __init__(self, project: Path, port: int, log: Path):
        self.port, self.log = port, log
        self.output = open(log, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--strict",
                "-f",
                str(project / "mkdocs.yml"),
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            stdout=self.output,
            stderr=subprocess.STDOUT,
            env=ENV,
        )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, predicate, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if predicate(text):
                return text
            assert self.process.poll() is None, text
            time.sleep(0.2)
        raise AssertionError(f"timed out; output so far:\n{self.text()}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.output.close()


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path / "project")
    server = Serve(project, free_port(), tmp_path / "serve.log")
    yield project, server
    server.stop()


def test_serve_reports_every_failed_rebuild_and_shows_an_error_page(served):
    project, server = served
    server.wait_for(lambda text: "Xem trang tại" in text)
    status, _ = server.get("/ke-hoach-32/muc-i/")
    assert status == 200

    break_page(project)
    server.wait_for(lambda text: "Dựng trang thất bại" in text)
    status, page = server.get("/ke-hoach-32/muc-i/")  # answers at once, with why
    assert '<html lang="vi">' in page and "Chưa dựng được trang" in page
    assert "KH502" in page and "nq-34-tw" in page

    page_file = project / "docs" / "ke-hoach-32" / "muc-iii.md"
    page_file.write_text(page_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the same mistake saved again
    server.wait_for(lambda text: text.count("Dựng trang thất bại") == 2)
    assert len(FINDING.findall(server.text())) == 2  # the finding, printed again on the second failure

    page_file.write_text(page_file.read_text(encoding="utf-8").replace(BROKEN_ID[1], BROKEN_ID[0]), encoding="utf-8")
    server.wait_for(lambda text: "Đã dựng xong" in text)
    status, page = server.get("/ke-hoach-32/muc-i/")
    assert status == 200 and "Chưa dựng được trang" not in page
    assert "Traceback" not in server.text()


def test_serve_says_only_vietnamese_lines_on_a_normal_rebuild(served):
    project, server = served
    before = len(server.wait_for(lambda text: "Xem trang tại" in text))
    page_file = project / "docs" / "ke-hoach-32" / "muc-i.md"
    page_file.write_text(page_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rebuild = server.wait_for(lambda text: "Đã dựng xong" in text[before:])[before:]
    lines = [line for line in rebuild.splitlines() if line.strip()]
    assert lines == [
        "INFO    -  kehoach: Đang dựng lại trang…",
        "INFO    -  kehoach: Đã dựng xong; trình duyệt tự tải lại trang.",
    ], rebuild


def test_a_busy_port_gets_a_vietnamese_message_naming_the_fix(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            ["make", "-s", "serve", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=120
        )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"Cổng {port} trên 127.0.0.1 đang có chương trình khác dùng" in output
    assert f"make serve PORT={port + 1}" in output
    assert "Traceback" not in output

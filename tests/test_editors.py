"""What editors rely on: "Sửa trang này" opens the right file, every page says when it last
changed (or honestly that it is unknown), and the CI/pre-commit files are valid."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import jsonschema
import pytest
import yaml

from kehoach import gitdates
from kehoach.browser import CHROMIUM
from kehoach.model import DATA_FILES, REGISTRIES
from kehoach.yamlload import load_yaml
from support.project import ROOT, built_page, copy_project, mkdocs_build
from support.tiers import chromium

LAST_UPDATED = re.compile(r'<aside class="[^"]*\bkh-last-updated\b[^"]*">(.*?)</aside>', re.S)
EDIT_LINK = re.compile(r'<a href="([^"]+)" title="([^"]+)" class="md-content__button md-icon" rel="edit">')
PLAN_PAGES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))


def visible_text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def last_updated_text(html: str) -> str:
    found = LAST_UPDATED.findall(html)
    assert len(found) == 1, "each page has exactly one «Cập nhật lần cuối»"
    return visible_text(found[0])


def edit_uri() -> str:
    return re.search(r"^edit_uri:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


# --- "Sửa trang này" --------------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("doc_path", PLAN_PAGES)
def test_edit_button_opens_the_pages_own_file(built_site, doc_path):
    html = built_page(built_site, doc_path).read_text(encoding="utf-8")
    links = EDIT_LINK.findall(html)
    assert links, f"{doc_path}: no edit button"
    ((href, title),) = links
    assert title == "Sửa trang này"
    assert href == edit_uri() + doc_path
    # the link names a file that is really in the repository, where the button says
    assert (ROOT / "docs" / href.removeprefix(edit_uri())).is_file()
    assert "api.github.com" not in html


# --- "Cập nhật lần cuối" ----------------------------------------------------------------------


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn phòng Đảng uỷ",
        "GIT_AUTHOR_EMAIL": "vp@example.org",
        "GIT_COMMITTER_NAME": "Văn phòng Đảng uỷ",
        "GIT_COMMITTER_EMAIL": "vp@example.org",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


# The first commit is late on 4 March in UTC, already 5 March in Viet Nam.
FIRST = "2026-03-04T23:30:00+00:00"
SECOND = "2026-11-29T09:00:00+07:00"


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """A copy of the project in a git repository of its own: everything committed at FIRST, then
    one data file changed at SECOND."""
    repo = copy_project(tmp_path_factory.mktemp("history") / "ke-hoach")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Kế hoạch", date=FIRST)
    units = repo / "data" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Dữ liệu", date=SECOND)
    return repo


@pytest.mark.build
def test_pages_say_when_they_last_changed_in_vietnamese(history, tmp_path):
    result = mkdocs_build(history, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    # a page with no macro changes only with its own file
    plain = built_page(tmp_path / "site", "ke-hoach-32/muc-ii-1.md").read_text(encoding="utf-8")
    assert last_updated_text(plain) == "Cập nhật lần cuối: ngày 05 tháng 3 năm 2026"
    assert '<time datetime="2026-03-05">' in plain
    # a page whose macros read data/ changes when the data does
    with_data = built_page(tmp_path / "site", "ke-hoach-32/muc-i.md").read_text(encoding="utf-8")
    assert last_updated_text(with_data) == "Cập nhật lần cuối: ngày 29 tháng 11 năm 2026"


@pytest.mark.build
def test_build_outside_a_git_checkout_says_the_date_is_unknown(tmp_path):
    project = copy_project(tmp_path / "no-git")
    assert not (project / ".git").exists()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for doc_path in PLAN_PAGES:
        html = built_page(tmp_path / "site", doc_path).read_text(encoding="utf-8")
        assert last_updated_text(html) == "Cập nhật lần cuối: chưa rõ", doc_path


def test_repository_without_commits_has_no_dates(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.md").write_text("x\n")
    assert gitdates.last_changes(tmp_path) == {}
    assert gitdates.last_updated({}, ["a.md"]) is None


def test_shallow_clone_gives_true_dates_or_none(history, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", history.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    # The clone's only commit looks as if it wrote every file: no file's date can be proved.
    changes = gitdates.last_changes(clone)
    assert changes and gitdates.last_updated(changes, ["docs/ke-hoach-32/muc-ii-1.md"]) is None
    assert gitdates.last_updated(changes, ["data/units.yml"]) is None
    # A change made after the boundary has its true date ...
    page = clone / "docs" / "ke-hoach-32" / "muc-ii-2.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(clone, "commit", "-q", "-am", "Sửa II.2", date="2026-12-01T08:00:00+07:00")
    changes = gitdates.last_changes(clone)
    assert gitdates.last_updated(changes, ["docs/ke-hoach-32/muc-ii-2.md"]).isoformat() == "2026-12-01T08:00:00+07:00"
    # ... and stays the answer when the page also depends on older files beyond the boundary.
    assert (
        gitdates.last_updated(changes, ["docs/ke-hoach-32/muc-ii-2.md", "data"]).isoformat()
        == "2026-12-01T08:00:00+07:00"
    )
    assert gitdates.last_updated(changes, ["docs/ke-hoach-32/muc-ii-1.md"]) is None
    # the full history knows the older dates
    assert gitdates.last_updated(gitdates.last_changes(history), ["docs/ke-hoach-32/muc-ii-1.md"]).isoformat() == FIRST


def test_a_file_never_committed_has_no_date(history):
    changes = gitdates.last_changes(history)
    assert gitdates.last_updated(changes, ["docs/trang-moi.md"]) is None
    assert gitdates.last_updated(changes, ["docs/ke-hoach-32/muc-ii-1.md", "docs/trang-moi.md"]) is None


# --- schemas referenced from the data files ---------------------------------------------------

SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def data_files_and_schemas() -> list[tuple[Path, str]]:
    """Every data file editors edit, with the name of its schema: the list files, and each entry file of
    the registries kept one entry per file."""
    files = [(ROOT / "data" / f"{name}.yml", name) for name in DATA_FILES]
    for name, schema in REGISTRIES.items():
        files += [(path, schema) for path in sorted((ROOT / "data" / name).glob("*.yml"))]
    return files


@pytest.mark.parametrize(
    "data_file, name",
    data_files_and_schemas(),
    ids=lambda v: v.relative_to(ROOT / "data").as_posix() if isinstance(v, Path) else "",
)
def test_each_data_file_points_editors_tools_at_its_schema(data_file, name):
    first_line = data_file.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_COMMENT.match(first_line)
    assert match, f"{data_file.name}: first line must be «# yaml-language-server: $schema=schema/…»"
    schema_path = (data_file.parent / match.group(1)).resolve()
    # the same schema the model validates with: data/NAME.yml -> data/schema/NAME.schema.json,
    # data/documents/ID.yml -> data/schema/document.schema.json
    assert schema_path == ROOT / "data" / "schema" / f"{name}.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # read as editors' tools read it (YAML 1.2: a date is a string), through the project's loader
    data = load_yaml(data_file, data_file.name)
    assert not data.findings
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data.value))
    assert not errors, [e.message for e in errors[:3]]


def test_every_yaml_file_in_data_is_one_the_model_reads():
    assert {p.stem for p in (ROOT / "data").glob("*.yml")} == set(DATA_FILES)
    folders = {p.name for p in (ROOT / "data").iterdir() if p.is_dir()}
    assert folders <= {"schema", *REGISTRIES} and "documents" in folders
    for name in REGISTRIES:
        assert all(p.suffix == ".yml" for p in (ROOT / "data" / name).glob("*")), name


# --- GitHub Actions, pre-commit, YAML lint ----------------------------------------------------

WORKFLOWS = ROOT / ".github" / "workflows"


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def validate_workflows(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_workflow(name: str) -> dict:
    # PyYAML reads the key "on" as True: look it up under both
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def test_workflows_are_valid_github_actions(tmp_path):
    result = validate_workflows(WORKFLOWS / "ci.yml", WORKFLOWS / "deploy.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    # the validator does catch a broken workflow: a job without runs-on
    broken = load_workflow("ci.yml")
    del broken["jobs"]["test"]["runs-on"]
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert validate_workflows(tmp_path / "broken.yml").returncode == 1


def test_pre_commit_config_is_valid():
    result = subprocess.run(
        [tool("pre-commit"), "validate-config", str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_yaml_lint_stops_a_duplicated_key_offline(tmp_path):
    """The YAML hook runs from .venv without a download, and names the file and line."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    for name in (".pre-commit-config.yaml", ".yamllint.yml"):
        shutil.copy2(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    units = repo / "data" / "units.yml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("  code: TW\n", "  code: TW\n  code: TU\n", 1), encoding="utf-8"
    )
    git(repo, "init", "-q")
    git(repo, "add", "data", ".pre-commit-config.yaml", ".yamllint.yml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [tool("pre-commit"), "run", "yamllint", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/units.yml" in result.stdout and 'duplication of key "code"' in result.stdout


def test_yaml_files_of_the_project_pass_the_lint():
    result = subprocess.run(
        [
            tool("yamllint"),
            "--strict",
            "-c",
            str(ROOT / ".yamllint.yml"),
            "data",
            "mkdocs.yml",
            ".github",
            ".pre-commit-config.yaml",
            ".yamllint.yml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_page_depends_on_its_file_and_on_data_when_it_calls_macros():
    assert gitdates.page_sources("docs/ke-hoach-32/muc-ii-1.md", "- Chữ.\n  { #muc-ii-1-1 }\n") == [
        "docs/ke-hoach-32/muc-ii-1.md"
    ]
    assert gitdates.page_sources("docs/ke-hoach-32/muc-i.md", 'số {{ doc_number("nq-43-tw") }}') == [
        "docs/ke-hoach-32/muc-i.md",
        "data",
    ]
    assert gitdates.page_sources(None, "") == ["docs", "data"]


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_last_updated_shows_on_screen_and_stays_out_of_print(built_site):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(built_page(built_site, "ke-hoach-32/muc-ii-1.md").as_uri())
        line = page.locator(".kh-last-updated")
        assert line.is_visible() and line.inner_text().startswith("Cập nhật lần cuối:")
        assert page.locator('a[rel="edit"]').get_attribute("title") == "Sửa trang này"
        page.emulate_media(media="print")
        assert not line.is_visible()


def test_build_findings_become_annotations_with_their_severity():
    """The problem matcher CI registers around the build turns each finding line into an annotation
    at its file, line and column; a warning stays a warning."""
    from kehoach.findings import WARNING, Finding

    ci = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    matcher_file = re.search(r"::add-matcher::([^\s\"]+)", ci).group(1)
    matchers = json.loads((ROOT / matcher_file).read_text(encoding="utf-8"))["problemMatcher"]
    for matcher in matchers:
        assert f"::remove-matcher owner={matcher['owner']}::" in ci

    def annotations(line: str) -> list[tuple]:
        found = []
        for matcher in matchers:
            pattern = matcher["pattern"][0]
            match = re.match(pattern["regexp"], line)
            if match:
                found.append(
                    (
                        matcher["severity"],
                        *(match.group(pattern[k]) for k in ("file", "line", "column", "code", "message")),
                    )
                )
        return found

    error = Finding("docs/muc-iii.md", 5, 1, "KH710", "chữ trên trang khác văn bản gốc ở mục III.2: thừa «hằng quý»")
    warning = Finding("data/documents/ct-05-tw.yml", 1, 1, "KH406", "văn bản «ct-05-tw» không được dùng", WARNING)
    assert annotations(error.as_text()) == [("error", "docs/muc-iii.md", "5", "1", "KH710", error.message)]
    assert annotations(warning.as_text()) == [
        ("warning", "data/documents/ct-05-tw.yml", "1", "1", "KH406", warning.message)
    ]
    # pytest's report of a failed assertion is not a finding of its own
    assert annotations("E       assert 1 == 0") == []

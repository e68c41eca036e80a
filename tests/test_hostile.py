"""Hostile pull requests: pages and data are never code, nothing outside the repository is read or
published, the official text cannot change unnoticed.

Each payload is applied to a copy of the project. The checker (what `make check`, pre-commit and CI
run) must refuse it, naming the file, without a traceback, within a memory bound, and without running
anything: a payload that ran would create the marker file. Some payloads are also built, the way
`make build`/`make serve` would: the build must refuse them too and publish no byte from outside.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from kehoach.textlock import published_text
from support.hostile import SECRET, assert_refused, run_checker
from support.project import copy_project, mkdocs_build


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: the payload would test nothing"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_code(marker: Path) -> str:
    """An expression that creates `marker` if a template engine ever evaluates it."""
    return f"cycler.__init__.__globals__.os.popen('touch {marker}').read()"


# name -> (payload(root, marker), file the finding must name)
Payload = Callable[[Path, Path], None]
PAGE_PAYLOADS: dict[str, tuple[Payload, str]] = {
    "expression runs a shell": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", f"\n{{{{ {run_code(m)} }}}}\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "expression inside a macro argument": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", f'\n{{{{ doc_link("nq-43-tw", {run_code(m)}) }}}}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "lipsum globals": (
        lambda r, m: append(
            r / "docs/ke-hoach-32/muc-ii.md", f"\n{{{{ lipsum.__globals__['os'].system('touch {m}') }}}}\n"
        ),
        "docs/ke-hoach-32/muc-ii.md",
    ),
    "config leak": (
        lambda r, m: append(r / "docs/ke-hoach-32/index.md", "\n{{ config.extra }}\n"),
        "docs/ke-hoach-32/index.md",
    ),
    "environment": (
        lambda r, m: append(r / "docs/ke-hoach-32/index.md", "\n{{ environment }}\n"),
        "docs/ke-hoach-32/index.md",
    ),
    "bare variable": (
        lambda r, m: append(r / "docs/ke-hoach-32/index.md", "\n{{ page }}\n"),
        "docs/ke-hoach-32/index.md",
    ),
    "filter": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{{ doc_number("nq-43-tw") | safe }}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "loop that exhausts": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", "\n{% for i in range(10**10) %}x{% endfor %}\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "huge string": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{{ "x" * 10**10 }}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "include a file of the machine": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{% include "../../etc/hostname" %}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "import": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{% import "index.md" as x %}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "extends": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{% extends "index.md" %}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "set and call": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", f"\n{{% set x = {run_code(m)} %}}\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "raw block": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", "\n{% raw %}{{ x }}{% endraw %}\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "comment": (lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", "\n{# hidden #}\n"), "docs/ke-hoach-32/muc-i.md"),
    "whitespace control": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{{- doc_number("nq-43-tw") -}}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "unclosed call": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", '\n{{ doc_number("nq-43-tw" }}\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "anchor typo": (
        lambda r, m: replace_once(r / "docs/ke-hoach-32/muc-iii.md", "{ #muc-iii-1 }", "{#muc-iii-1}"),
        "docs/ke-hoach-32/muc-iii.md",
    ),
    "code in a code fence": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", f"\n```\n{{{{ {run_code(m)} }}}}\n```\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "code in front matter": (
        lambda r, m: prepend(r / "docs/ke-hoach-32/muc-i.md", f'---\ntitle: "{{{{ {run_code(m)} }}}}"\n---\n'),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "macro call in front matter, which nothing renders": (
        lambda r, m: prepend(r / "docs/ke-hoach-32/muc-i.md", "---\ntitle: Mục I {{ doc_number('nq-43-tw') }}\n---\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "HTML in a front matter value": (
        lambda r, m: replace_once(
            r / "docs/don-vi.md", "description: ", "description: '\"><script>alert(1)</script>' #"
        ),
        "docs/don-vi.md",
    ),
    "attribute break-out in a front matter value": (
        lambda r, m: replace_once(r / "docs/don-vi.md", "description: ", "description: 'x\" onmouseover=\"alert(1)' #"),
        "docs/don-vi.md",
    ),
    "unknown front matter key": (
        lambda r, m: prepend(r / "docs/ke-hoach-32/muc-i.md", "---\ntemplate: 404.html\n---\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "new page with code": (
        lambda r, m: (r / "docs/ghi-chu.md").write_text(f"# Ghi chú\n\n{{{{ {run_code(m)} }}}}\n", encoding="utf-8"),
        "docs/ghi-chu.md",
    ),
    "alias bomb in front matter": (
        lambda r, m: (r / "docs/ghi-chu.md").write_text(
            "---\n"
            + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else "l0: &l0 [lol]\n" for i in range(10))
            + "---\n# Ghi chú\n",
            encoding="utf-8",
        ),
        "docs/ghi-chu.md",
    ),
    "brackets Markdown reads in quadratic time": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", "\n" + "[" * 50_000 + "\n"),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "a flood of whole-plan macro calls": (
        lambda r, m: append(r / "docs/ke-hoach-32/muc-i.md", "\n" + "{{ print_plan() }}\n" * 5_000),
        "docs/ke-hoach-32/muc-i.md",
    ),
    "oversized page": (
        lambda r, m: (r / "docs/ghi-chu.md").write_text("# Ghi chú\n\n" + "chữ " * 200_000, encoding="utf-8"),
        "docs/ghi-chu.md",
    ),
}


def billion_laughs(levels: int = 30) -> str:
    lines = ["- id: bom", '  name: &l0 "ha"']
    lines += [f"  a{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


DATA_PAYLOADS: dict[str, tuple[Payload, str]] = {
    "billion laughs": (
        lambda r, m: (r / "data/units.yml").write_text(billion_laughs(), encoding="utf-8"),
        "data/units.yml",
    ),
    "one anchor and alias": (
        lambda r, m: append(r / "data/units.yml", "- id: to-a\n  name: &ten Tổ A\n  aliases: [*ten]\n"),
        "data/units.yml",
    ),
    "merge key": (lambda r, m: append(r / "data/units.yml", "- id: to-b\n  <<: {name: Tổ B}\n"), "data/units.yml"),
    "python tag": (
        lambda r, m: append(
            r / "data/deadlines.yml", f'- id: x\n  what: !!python/object/apply:os.system ["touch {m}"]\n'
        ),
        "data/deadlines.yml",
    ),
    "python name tag": (
        lambda r, m: (r / "data/documents/x.yml").write_text("kind: !!python/name:os.system\n", encoding="utf-8"),
        "data/documents/x.yml",
    ),
    "custom tag": (lambda r, m: append(r / "data/amendments.yml", "- !mine {id: x}\n"), "data/amendments.yml"),
    "str tag": (lambda r, m: append(r / "data/units.yml", "- id: to-c\n  name: !!str Tổ C\n"), "data/units.yml"),
    "TAG directive": (
        lambda r, m: prepend(r / "data/units.yml", "%TAG !e! tag:example.com,2000:\n---\n"),
        "data/units.yml",
    ),
    "deep nesting": (
        lambda r, m: (r / "data/units.yml").write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"),
        "data/units.yml",
    ),
    "thousands of units, each a page to build": (
        lambda r, m: append(
            r / "data/units.yml",
            "".join(
                f"- id: to-{i}\n  name: Tổ {i}\n  parent: chi-bo\n  code: null\n  aliases: []\n  assigned: {{}}\n"
                for i in range(2100)
            ),
        ),
        "data/units.yml",
    ),
    "oversized file": (
        lambda r, m: append(r / "data/documents/kh-187-tu.yml", "# " + "x" * 1_000_000 + "\n"),
        "data/documents/kh-187-tu.yml",
    ),
    "thousands of report files, each a row to build": (
        lambda r, m: (
            [
                (r / "data/reports").mkdir(exist_ok=True),
                *(
                    (r / "data/reports" / f"bc-{i}.yml").write_text("unit: chi-bo\n", encoding="utf-8")
                    for i in range(2001)
                ),
            ]
            and None
        ),
        "data/reports/",
    ),
    "very long value": (
        lambda r, m: append(r / "data/units.yml", f'- id: to-d\n  name: "{"ư" * 200_000}"\n'),
        "data/units.yml",
    ),
}


def link_outside(root: Path, link: str, secret: Path) -> None:
    target = root / link
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(secret)


def link_git_config(root: Path, link: str) -> None:
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    target = root / link
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(os.path.relpath(root / ".git" / "config", target.parent))


FILE_PAYLOADS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "asset linked to a file of the machine": (
        lambda r, s: link_outside(r, "docs/assets/notes.txt", s),
        "docs/assets/notes.txt",
    ),
    "asset linked to .git/config": (
        lambda r, s: link_git_config(r, "docs/assets/config.txt"),
        "docs/assets/config.txt",
    ),
    "page linked outside": (lambda r, s: link_outside(r, "docs/ghi-chu.md", s), "docs/ghi-chu.md"),
    "folder linked outside": (lambda r, s: link_outside(r, "docs/assets/may", s.parent), "docs/assets/may"),
    "document entry linked outside": (
        lambda r, s: link_outside(r, "data/documents/ghi-chu.yml", s),
        "data/documents/ghi-chu.yml",
    ),
    "reports folder linked outside": (
        lambda r, s: link_outside(r, "data/reports", s.parent),
        "data/reports",
    ),
    "data file linked outside": (
        lambda r, s: (r / "data/units.yml").unlink() or link_outside(r, "data/units.yml", s),
        "data/units.yml",
    ),
    "template linked outside": (
        lambda r, s: link_outside(r, "overrides/partials/ghi-chu.html", s),
        "overrides/partials/ghi-chu.html",
    ),
}


@pytest.fixture()
def hostile(tmp_path):
    """A copy of the project, a marker that must stay uncreated, a secret file outside the copy."""
    root = copy_project(tmp_path / "kho")
    marker = tmp_path / "da-chay-ma"
    secret = tmp_path / "ngoai-kho" / "bi-mat.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return root, marker, secret


@pytest.mark.parametrize("name", sorted(PAGE_PAYLOADS))
def test_template_code_in_pages_is_refused_before_anything_renders(hostile, name):
    root, marker, _ = hostile
    payload, path = PAGE_PAYLOADS[name]
    payload(root, marker)
    assert_refused(run_checker(root), path, marker)


@pytest.mark.parametrize("name", sorted(DATA_PAYLOADS))
def test_data_files_are_data_only_and_judged_fast(hostile, name):
    root, marker, _ = hostile
    payload, path = DATA_PAYLOADS[name]
    payload(root, marker)
    started = time.perf_counter()
    result = run_checker(root)
    print(f"{name}: judged in {time.perf_counter() - started:.2f} s")
    assert_refused(result, path, marker)


@pytest.mark.parametrize("name", sorted(FILE_PAYLOADS))
def test_links_to_files_outside_the_repository_are_refused(hostile, name):
    root, marker, secret = hostile
    payload, path = FILE_PAYLOADS[name]
    payload(root, secret)
    assert_refused(run_checker(root), path, marker)


def test_official_text_rewritten_with_its_page_is_refused(hostile):
    root, marker, _ = hostile
    official, page = root / "data/ke-hoach-32-KH-DU.txt", root / "docs/ke-hoach-32/muc-i.md"
    sentence, changed = "đoàn kết", "đồng lòng"
    assert sentence in page.read_text(encoding="utf-8")
    for path in (official, page):
        path.write_bytes(path.read_bytes().replace(sentence.encode(), changed.encode(), 1))
    result = run_checker(root)
    assert_refused(result, "data/ke-hoach-32-KH-DU.txt", marker)
    assert "KH111" in result.stdout and "data/amendments.yml" in result.stdout


def test_the_pin_cannot_be_dropped(hostile):
    root, marker, _ = hostile
    (root / "data/ke-hoach-32-KH-DU.sha256").unlink()
    assert_refused(run_checker(root), "data/ke-hoach-32-KH-DU.sha256", marker)


# --- the build: the same payloads never run and never publish -------------------------------------

BUILT_PAGE_PAYLOADS = [
    "expression runs a shell",
    "include a file of the machine",
    "anchor typo",
    "code in front matter",
]
BUILT_FILE_PAYLOADS = ["asset linked to a file of the machine", "asset linked to .git/config", "folder linked outside"]


def assert_build_refused(root: Path, marker: Path, path: str) -> None:
    site = root / "site"
    result = mkdocs_build(root, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert path in output
    assert not marker.exists(), "the payload ran during the build"
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert not any(SECRET.encode() in p.read_bytes() for p in published), "a file of the machine was published"


@pytest.mark.build
@pytest.mark.parametrize("name", BUILT_PAGE_PAYLOADS)
def test_the_build_refuses_template_code(hostile, name):
    root, marker, _ = hostile
    payload, path = PAGE_PAYLOADS[name]
    payload(root, marker)
    assert_build_refused(root, marker, path)


@pytest.mark.build
@pytest.mark.parametrize("name", BUILT_FILE_PAYLOADS)
def test_the_build_publishes_nothing_from_outside(hostile, name):
    root, marker, secret = hostile
    payload, path = FILE_PAYLOADS[name]
    payload(root, secret)
    assert_build_refused(root, marker, path)


@pytest.mark.build
def test_template_looking_data_is_published_as_text(hostile):
    """Data values are escaped for Markdown and HTML: a deadline written as code or markup shows as
    the very characters the editor typed."""
    root, marker, _ = hostile
    deadlines = root / "data/deadlines.yml"
    text = deadlines.read_text(encoding="utf-8")
    first_what = next(line for line in text.splitlines() if line.strip().startswith("what:"))
    # No tag: the checker refuses tags in data (KH807); characters HTML reads as markup are still shown.
    shown = f'__init__ *nghiêng* {{{{ {run_code(marker)} }}}} 1 < 2 > 0 & {{: onclick="x" }} | 1. x'
    deadlines.write_text(
        text.replace(first_what, first_what.split("what:")[0] + "what: " + json.dumps(shown), 1), encoding="utf-8"
    )
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    html = (site / "moc-thoi-gian" / "index.html").read_text(encoding="utf-8")
    assert " ".join(shown.split()) in " ".join(unescape(published_text(html)).split())
    assert "<em>nghiêng</em>" not in html
    assert not re.search(r"<[^>]*\sonclick=", html), "data became an attribute"


# --- the second wall: the sandbox that renders pages ------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "{{ doc_number.__globals__['os'].system('touch MARKER') }}",
        "{{ lipsum.__globals__ }}",
        "{{ config }}",
        "{{ page.file.abs_src_path }}",
        '{% include "../../etc/hostname" %}',
        '{% import "index.md" as x %}',
        "{{ range(10) }}",
        "{{ 'x' | upper }}",
    ],
)
def test_the_page_sandbox_runs_nothing_but_the_macros(tmp_path, source):
    """Even a page the checker never saw cannot reach Python, the configuration, files or filters:
    the environment has no loader, no attribute access, no global but the macros."""
    from jinja2 import TemplateError

    from kehoach.pagetemplates import PageSandbox

    sandbox = PageSandbox({"doc_number": lambda doc_id: f"[{doc_id}]"})
    marker = tmp_path / "MARKER"
    with pytest.raises(TemplateError):
        sandbox.from_string(source.replace("MARKER", str(marker))).render(config={"extra": SECRET}, page=object())
    assert not marker.exists()
    assert sandbox.from_string('Số {{ doc_number("nq-43-tw") }}').render(config={}) == "Số [nq-43-tw]"

"""Checks remembered by content (issue 19): a second check or build of unchanged pages does not read
them again, anything changed is checked in full, and an empty cache (CI's fresh clone) checks everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from kehoach import checks, collection, exports, htmlsafety, model, verdicts
from kehoach.checks import check_project
from support.amendments import change_word
from support.project import copy_project, mkdocs_build


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of its own (verdicts.cache_dir), as on a fresh machine."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "kehoach"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The pages the HTML safety check reads and the documents the checker's text lock reads."""
    calls: dict[str, list[str]] = {"html": [], "lock": []}
    page_problems, lock_sources = htmlsafety.page_problems, checks.lock_sources

    def counting_problems(page):  # type: ignore[no-untyped-def]
        calls["html"].append(page.path)
        return page_problems(page)

    def counting_lock(view, pages, reported=()):  # type: ignore[no-untyped-def]
        calls["lock"].append(view.document_id)
        return lock_sources(view, pages, reported)

    monkeypatch.setattr(htmlsafety, "page_problems", counting_problems)
    monkeypatch.setattr(checks, "lock_sources", counting_lock)
    return calls


def check(root: Path) -> list[str]:
    model._cache.clear()
    return [finding.as_text() for finding in check_project(model.load_project(root))]


def test_an_unchanged_project_is_checked_once_then_remembered(tmp_path, cache, counted):
    copy = copy_project(tmp_path / "project")
    cold = check(copy)
    assert counted["html"] and counted["lock"]  # an empty cache checks every page and document
    pages = {page.relative_to(copy / "docs").as_posix() for page in (copy / "docs").rglob("*.md")}
    assert set(counted["html"]) == pages
    # the collection's own pages are read once, not once per document
    assert len(counted["html"]) == len(set(counted["html"]))
    counted["html"].clear(), counted["lock"].clear()
    assert check(copy) == cold  # the same findings (the warnings included) from what was remembered
    assert counted == {"html": [], "lock": []}


def test_a_page_changed_after_a_clean_check_is_checked_again(tmp_path, cache, counted):
    copy = copy_project(tmp_path / "project")
    assert not [line for line in check(copy) if "(cảnh báo)" not in line]
    change_word(copy)
    page = copy / "docs" / "ke-hoach-32" / "muc-i.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="https://example.com/x.png">\n', encoding="utf-8")
    counted["html"].clear(), counted["lock"].clear()
    errors = [line for line in check(copy) if "(cảnh báo)" not in line]
    assert any(line.startswith("docs/ke-hoach-32/muc-ii-2.md:") and "KH710" in line for line in errors), errors
    assert any(line.startswith("docs/ke-hoach-32/muc-i.md:") and " KH8" in line for line in errors), errors
    # the two pages changed, and only they, are read again
    assert sorted(counted["html"]) == ["ke-hoach-32/muc-i.md", "ke-hoach-32/muc-ii-2.md"]
    assert "ke-hoach-32" in counted["lock"]


def test_a_verdict_is_keyed_by_every_input_and_the_code(tmp_path, cache):
    parts = (b"page", b"content")
    verdicts.remember_valid(cache, "check-html", verdicts.code_key(), *parts)
    assert verdicts.known_valid(cache, "check-html", verdicts.code_key(), *parts)
    assert not verdicts.known_valid(cache, "check-html", verdicts.code_key(), b"page", b"content ")
    assert not verdicts.known_valid(cache, "check-html", b"other code", *parts)
    assert not verdicts.known_valid(cache, "check-lock", verdicts.code_key(), *parts)
    # the data's key changes with any file of data/, its name or its content
    data = tmp_path / "tree" / "data"
    data.mkdir(parents=True)
    (data / "a.yml").write_text("x: 1\n", encoding="utf-8")
    before = verdicts.tree_key(tmp_path / "tree", "data")
    (data / "a.yml").write_text("x: 2\n", encoding="utf-8")
    changed = verdicts.tree_key(tmp_path / "tree", "data")
    (data / "a.yml").rename(data / "b.yml")
    assert len({before, changed, verdicts.tree_key(tmp_path / "tree", "data")}) == 3


def test_exports_remembered_are_the_exports_made_and_still_validated(project, doc_pages, cache, monkeypatch):
    view = project.views["ke-hoach-32"]
    pages = collection.own_pages(view, doc_pages)
    made, tree = exports.build_exports(view, pages, {}, cited_by={})
    first, first_tree = exports.remembered_exports(view, pages, {}, {}, b"data")
    assert first == made and first_tree is not None
    calls: list[str] = []
    monkeypatch.setattr(exports, "plan_json", lambda *args: calls.append("made") or {})
    again, no_tree = exports.remembered_exports(view, pages, {}, {}, b"data")
    assert again == made and no_tree is None and calls == []  # nothing made again
    with pytest.raises(exports.ExportError):  # another input: made again (here, wrongly: refused)
        exports.remembered_exports(view, pages, {}, {}, b"other data")
    # a remembered Akoma Ntoso file not known valid is validated from its own bytes
    broken = again[exports.akn_name(view)].replace(b"</akn:doc>", b"<akn:notAnElement/></akn:doc>")
    broken = broken.replace(b"</doc>", b"<notAnElement/></doc>")
    assert broken != again[exports.akn_name(view)]
    with pytest.raises(exports.ExportError, match="notAnElement"):
        exports.validate_akn_all([(None, broken)], cache)
    exports.validate_akn_all([(None, again[exports.akn_name(view)])], cache)
    assert etree.fromstring(again[exports.akn_name(view)]).tag == tree.tag


@pytest.mark.build
def test_a_build_after_a_clean_build_still_locks_a_changed_word(tmp_path, cache):
    copy = copy_project(tmp_path / "project")
    first = mkdocs_build(copy, tmp_path / "site")
    assert first.returncode == 0, first.stderr
    assert any(path.name.startswith(("page-lock-", "whole-plan-lock-")) for path in cache.iterdir())
    change_word(copy)
    second = mkdocs_build(copy, tmp_path / "site-2")
    assert second.returncode != 0
    assert "docs/ke-hoach-32/muc-ii-2.md:" in second.stderr and "KH710" in second.stderr, second.stderr
    assert "Traceback" not in second.stderr

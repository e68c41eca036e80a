"""Checks remembered by content (issue 19): a second check or build of unchanged pages does not read
them again, anything changed is checked in full, and an empty cache (CI's fresh clone) checks everything."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from lxml import etree
from mkdocs.exceptions import PluginError

from kehoach import checks, collection, exports, htmlsafety, model, verdicts
from kehoach.checks import check_project
from kehoach.mkdocs_plugin import _checked_project
from support.amendments import change_word
from support.project import built_page, copy_project, mkdocs_build


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
    before = verdicts.checkout_key(tmp_path / "tree", "data")
    (data / "a.yml").write_text("x: 2\n", encoding="utf-8")
    changed = verdicts.checkout_key(tmp_path / "tree", "data")
    (data / "a.yml").rename(data / "b.yml")
    assert len({before, changed, verdicts.checkout_key(tmp_path / "tree", "data")}) == 3


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


def test_the_checkout_key_sees_every_entry(tmp_path):
    root = tmp_path / "tree"
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text("x", encoding="utf-8")
    keys = [verdicts.checkout_key(root, "docs", "data")]
    (docs / "empty").mkdir()  # a folder with nothing in it
    keys.append(verdicts.checkout_key(root, "docs", "data"))
    (docs / "b.md").symlink_to("a.md")  # a link, by what it points to
    keys.append(verdicts.checkout_key(root, "docs", "data"))
    (docs / "b.md").unlink()
    (docs / "b.md").symlink_to("/etc/hostname")
    keys.append(verdicts.checkout_key(root, "docs", "data"))
    os.mkfifo(docs / "pipe")  # neither file nor folder nor link
    keys.append(verdicts.checkout_key(root, "docs", "data"))
    (root / "data").mkdir()  # an empty folder is not a missing one
    keys.append(verdicts.checkout_key(root, "docs", "data"))
    (docs / "a.md").write_text("y", encoding="utf-8")
    keys.append(verdicts.checkout_key(root, "docs", "data"))
    assert len(set(keys)) == len(keys)
    assert verdicts.checkout_key(root, "docs", "data") == keys[-1]  # the same entries: the same key


def test_a_build_skips_the_checker_only_where_it_found_no_error_and_shows_its_warnings_again(
    tmp_path, cache, monkeypatch, caplog
):
    copy = copy_project(tmp_path / "project").resolve()
    runs: list[int] = []
    check = checks.check_project
    monkeypatch.setattr(checks, "check_project", lambda project, **given: runs.append(1) or check(project, **given))
    caplog.set_level(logging.INFO, logger="mkdocs")
    _checked_project(copy)
    assert len(runs) == 1
    _checked_project(copy)
    assert len(runs) == 1  # found error-free before, for the same inputs: not run again
    page = copy / "docs" / "ke-hoach-32" / "muc-i.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n{{ khong_co_macro_nay() }}\n", encoding="utf-8")
    with pytest.raises(PluginError, match="KH501"):  # a changed page: checked, its error stops the build
        _checked_project(copy)
    with pytest.raises(PluginError, match="KH501"):  # an error is never remembered
        _checked_project(copy)
    assert len(runs) == 3
    page.write_text(text, encoding="utf-8")
    _checked_project(copy)
    assert len(runs) == 3  # the inputs found error-free before
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # another build date (2030): checked again
    _checked_project(copy)
    assert len(runs) == 4
    # a warning (an entry of the registry that nothing uses): shown by the build that checks, and again
    # by the next one, which does not check
    (copy / "data" / "documents" / "ct-05-tw.yml").write_text(
        "number: 05-CT/TW\nkind: Chỉ thị\ndate: 2016-05-15\nissuer: ban-chap-hanh-trung-uong\n"
        "title: null\nimplements: []\n",
        encoding="utf-8",
    )
    shown = []
    for expected_runs in (5, 5):
        caplog.clear()
        _checked_project(copy)
        assert len(runs) == expected_runs
        shown.append([r.getMessage() for r in caplog.records if "KH406" in r.getMessage()])
    assert shown[0] and shown[0] == shown[1] and "ct-05-tw" in shown[0][0]


@pytest.mark.build
def test_a_remembered_page_still_shows_what_its_macros_read_now(tmp_path, cache, monkeypatch):
    copy = copy_project(tmp_path / "project")
    monkeypatch.delenv("KH_DOWNLOADS", raising=False)
    first = mkdocs_build(copy, tmp_path / "site-1")
    assert first.returncode == 0, first.stderr
    assert any(path.name.startswith("page-render-") for path in cache.iterdir())
    assert "bản PDF" not in built_page(tmp_path / "site-1", "index.md").read_text(encoding="utf-8")
    # a register entry changed in data/: the page that lists it shows the change
    entry = copy / "data" / "documents" / "kl-21-tw.yml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("title: ", "title: (đã sửa) ", 1), encoding="utf-8")
    second = mkdocs_build(copy, tmp_path / "site-2")
    assert second.returncode == 0, second.stderr
    assert "(đã sửa)" in built_page(tmp_path / "site-2", "van-ban-lien-quan.md").read_text(encoding="utf-8")
    # the environment announces the PDF (make pdf): the home page offers it
    monkeypatch.setenv("KH_DOWNLOADS", "pdf")
    third = mkdocs_build(copy, tmp_path / "site-3")
    assert third.returncode == 0, third.stderr
    assert "bản PDF" in built_page(tmp_path / "site-3", "index.md").read_text(encoding="utf-8")

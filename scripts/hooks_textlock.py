"""MkDocs hooks for the text lock: thin glue over kehoach.textlock and kehoach.amendments.

When:
- on_page_content (each page, after its Markdown is rendered, before any page is written): the page's
  words are compared with the official words of the parts it holds, recorded amendments applied;
  an amended page gets its note. Differences of all pages are collected.
- on_env (after every page is rendered, before static files and pages are written): any difference
  stops the build, naming page, line and words. Nothing of the new site has been written then.
- on_post_page: a page that publishes the whole plan (front matter `kh_print_plan: true`, the print page)
  is checked as written, since print plugins may assemble it after its content is rendered.
- on_build_error: whatever stops a build (this lock, a bad export, strict-mode warnings, which MkDocs
  raises only after writing every page) leaves site_dir empty, never a half-published site.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import clean_directory

from kehoach import amendments, textlock
from kehoach.model import load_project
from kehoach.pages import parse_page

HISTORY_PAGE = "lich-su-cap-nhat.md"
_LOCK_MESSAGE = ("Khoá văn bản: chữ trên trang khác văn bản gốc (đã tính các sửa đổi ghi nhận trong data/amendments.yml), "
                 "chưa dựng trang:\n")
_found: list = []
_build: dict = {}


def on_pre_build(config):
    _found.clear()
    _build.clear()


def on_files(files, config):
    # MkDocs has emptied site_dir by now: from here on, a failed build would leave part of a site.
    _build["site_dir"] = config.site_dir
    return files


def on_page_content(html, page, config, files):
    root = Path(config.config_file_path).parent
    project = load_project(root)
    source = parse_page(page.file.src_uri, page.file.content_string)
    part_ids = textlock.locked_part_ids(source, project.official, page.meta)
    if not _whole_plan(page):  # a whole-plan page may be completed later (print plugins): see on_post_page
        _found.extend(textlock.lock_page(project.official, project.amendments, source, html, part_ids))
    rows = amendments.notes(project.amendments, part_ids)
    if not rows:
        return html
    history = files.get_file_from_path(HISTORY_PAGE)
    note = _templates(root).get_template("amendment_note.html").render(
        rows=rows, history_url=history.url_relative_to(page.file) if history else "")
    heading_end = html.find("</h1>")
    at = heading_end + len("</h1>") if heading_end >= 0 else 0
    return html[:at] + note + html[at:]


def on_env(env, config, files):
    if _found:
        findings = sorted(_found)
        _found.clear()
        raise PluginError(_LOCK_MESSAGE + "\n".join(f.as_text() for f in findings))
    return env


@event_priority(-80)  # after plugins that assemble a print page, before the CSP hook (-90)
def on_post_page(output, page, config):
    """A whole-plan page (the print page) is checked as written; a difference stops the build there,
    and on_build_error empties the site."""
    if not _whole_plan(page):
        return output
    project = load_project(Path(config.config_file_path).parent)
    source = parse_page(page.file.src_uri, page.file.content_string)
    findings = textlock.lock_page(project.official, project.amendments, source, output,
                                  textlock.whole_plan_ids(project.official))
    if findings:
        raise PluginError(_LOCK_MESSAGE + "\n".join(f.as_text() for f in sorted(findings)))
    return output


def _whole_plan(page) -> bool:
    return textlock.is_whole_plan(page.meta)


def on_build_error(error):
    if "site_dir" in _build:
        clean_directory(_build.pop("site_dir"))


def _templates(root: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(root / "overrides" / "macros")),
                              undefined=jinja2.StrictUndefined, autoescape=True)

"""MkDocs hooks for what units do with the plan: thin glue over kehoach.units, kehoach.calendar_export,
kehoach.docx_export and kehoach.printing.

- on_files: a page per unit that has work (don-vi/<id>.md, generated from data: not in the menu, linked
  from the tree on /don-vi/) and the calendar moc-thoi-gian.ics join the site as generated files, so
  MkDocs writes them and strict validation checks the links to and from them.
- on_page_content: each quote of the plan on a unit page is held to the official words (KH710); short
  paragraphs of every page are marked to stay whole in print.
- on_post_page: the print page, as written, is turned into the Word copy (on_post_build writes it); a
  unit page's table-of-contents title no longer points at the menu toggle its page does not have.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from kehoach import calendar_export, docx_export, printing, reports, units
from kehoach.macros import unit_page
from kehoach.model import load_project
from kehoach.pages import read_pages

_docx: dict[str, bytes] = {}


def _project(config):
    return load_project(Path(config.config_file_path).parent)


def on_pre_build(config):
    _docx.clear()


def on_files(files, config):
    project = _project(config)
    pages = read_pages(Path(config.docs_dir))
    for unit in units.paged_units(project):
        files.append(File.generated(config, units.page_path(unit.id), content=unit_page(project, pages, unit.id),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    urls = {}
    for page in pages:
        file = files.get_file_from_path(page.path)
        for part_id in page.part_ids():
            if file is not None:
                urls.setdefault(part_id, f"{file.url.removeprefix('./')}#{part_id}")
    content = calendar_export.calendar_bytes(project, urls, config.site_url, reports.as_of())
    files.append(File.generated(config, calendar_export.CALENDAR_NAME, content=content))
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith(units.UNIT_PAGES_DIR + "/"):
        findings = units.check_quotes(_project(config), page.file.src_uri, html)
        if findings:
            raise PluginError("Lời trích Kế hoạch trên trang đơn vị khác văn bản gốc, chưa dựng trang:\n"
                              + "\n".join(f.as_text() for f in findings))
    return printing.keep_short_blocks(html)


# Material's table of contents names, in its title's label, the menu's toggle for the current page; a
# page that is not in the menu has no such toggle, and a label may not point at nothing (HTML checker).
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def on_post_page(output, page, config):
    if page.file.src_uri.startswith(units.UNIT_PAGES_DIR + "/") and 'id="__toc"' not in output:
        output = output.replace(_TOC_LABEL, '<label class="md-nav__title">')
    if page.file.src_uri == printing.PRINT_PAGE:
        _docx["content"] = docx_export.docx_bytes(_project(config), output)
    return output


def on_post_build(config):
    downloads = config.extra.get("kh_downloads")
    if "content" in _docx and downloads and downloads.docx:
        (Path(config.site_dir) / downloads.docx).write_bytes(_docx.pop("content"))

"""MkDocs hooks for the exports (site/ke-hoach.json, site/ke-hoach-32-KH-DU.xml): thin glue over
kehoach.exports.

They are built and validated in on_files, before any page is rendered or written, so an export that
does not validate stops the build rather than ship. They join the site as generated files: MkDocs
writes them, and checks the links pages make to them (strict validation), with either URL style."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kehoach import exports
from kehoach.model import load_project
from kehoach.pages import read_pages
from kehoach.plantext import OPENING_ID


def on_files(files, config):
    project = load_project(Path(config.config_file_path).parent)
    pages = read_pages(Path(config.docs_dir))
    urls = {}
    for page in pages:
        file = files.get_file_from_path(page.path)
        for part_id in page.plan_part_ids():
            if file is not None and (part_id != OPENING_ID or page.path == "index.md"):
                urls.setdefault(part_id, f"{file.url.removeprefix('./')}#{part_id}")
    try:
        built = exports.build_exports(project, pages, urls)
    except exports.ExportError as error:
        raise PluginError(f"Bản xuất dữ liệu không hợp lệ theo lược đồ, chưa dựng trang:\n{error}") from None
    for name, content in built.items():
        files.append(File.generated(config, name, content=content))
    return files

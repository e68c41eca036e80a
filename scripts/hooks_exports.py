"""MkDocs hooks for the exports (site/ke-hoach.json, site/ke-hoach-32-KH-DU.xml): thin glue over
kehoach.exports.

They are built in on_files, the JSON validated there; the Akoma Ntoso tree is validated on another
thread while pages render (its schema takes longer to load than the rest of the build's additions)
and the build waits for the verdict in on_post_build. An export that does not validate stops the
build rather than ship: the text-lock hook empties site/ on any build error. They join the site as generated files: MkDocs
writes them, and checks the links pages make to them (strict validation), with either URL style."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kehoach import exports
from kehoach.model import load_project
from kehoach.pages import read_pages
from kehoach.plantext import OPENING_ID


_validator = ThreadPoolExecutor(max_workers=1, thread_name_prefix="akn-validation")
_akn_verdict: Future | None = None


def on_files(files, config):
    global _akn_verdict
    project = load_project(Path(config.config_file_path).parent)
    pages = read_pages(Path(config.docs_dir))
    urls = {}
    for page in pages:
        file = files.get_file_from_path(page.path)
        for part_id in page.plan_part_ids():
            if file is not None and (part_id != OPENING_ID or page.path == "index.md"):
                urls.setdefault(part_id, f"{file.url.removeprefix('./')}#{part_id}")
    try:
        built, akn_tree = exports.build_exports(project, pages, urls)
    except exports.ExportError as error:
        raise PluginError(f"Bản xuất dữ liệu không hợp lệ theo lược đồ, chưa dựng trang:\n{error}") from None
    cache = Path(config.config_file_path).parent / ".cache" / "kehoach"
    _akn_verdict = _validator.submit(exports.validate_akn_once, akn_tree, built[exports.AKN_NAME], cache)
    for name, content in built.items():
        files.append(File.generated(config, name, content=content))
    return files


def on_post_build(config):
    global _akn_verdict
    verdict, _akn_verdict = _akn_verdict, None
    if verdict is None:
        return
    try:
        verdict.result()
    except exports.ExportError as error:
        raise PluginError(f"Bản xuất dữ liệu không hợp lệ theo lược đồ, không công bố trang:\n{error}") from None

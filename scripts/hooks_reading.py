"""MkDocs hooks for reading online: glue over kehoach.citations.

Each page gets the citation data of the parts it holds (written into the page by
overrides/partials/reading-citations.html) and, for a section page, a description built from data.
"""

from __future__ import annotations

from pathlib import Path

from kehoach import assets, citations
from kehoach.model import load_project
from kehoach.pages import read_pages

_parts_of_page: dict[str, list[str]] = {}


def on_config(config):
    _parts_of_page.clear()
    _parts_of_page.update({page.path: page.plan_part_ids()
                           for page in read_pages(Path(config["docs_dir"]))})
    return config


def on_page_context(context, page, config, nav):
    project = load_project(Path(config.config_file_path).parent)
    part_ids = _parts_of_page.get(page.file.src_uri, [])
    context["kh_citations"] = citations.page_citations(project, part_ids)
    if not page.meta.get("description"):
        description = citations.page_description(project, part_ids)
        if description:
            page.meta["description"] = description
    return context


# The site's own stylesheets and scripts (from docs/, not the theme's) are written without their
# comments (see kehoach.assets).
_own_assets: list[str] = []


def on_files(files, config):
    docs = Path(config["docs_dir"]).resolve()
    _own_assets[:] = [file.dest_uri for file in files
                      if (file.is_css() or file.is_javascript()) and file.abs_src_path
                      and docs in Path(file.abs_src_path).resolve().parents]
    return files


def on_post_build(config):
    for name in _own_assets:
        path = Path(config["site_dir"]) / name
        if path.exists():
            path.write_text(assets.without_comments(path.read_text(encoding="utf-8")), encoding="utf-8")

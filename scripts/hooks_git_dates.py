"""MkDocs hook: "Cập nhật lần cuối" on every page, from git history (see kehoach.gitdates).

Thin glue: one git pass per build, then each page gets `last_updated` for the template
overrides/partials/kh-last-updated.html (None when history cannot tell).
"""

from __future__ import annotations

from pathlib import Path

from kehoach import gitdates
from kehoach.pages import parse_page

_changes: dict[str, gitdates.LastChange] = {}


def on_files(files, config):
    global _changes
    _changes = gitdates.last_changes(Path(config.config_file_path).parent)
    return files


def on_page_context(context, page, config, nav):
    root = Path(config.config_file_path).parent
    source = Path(page.file.abs_src_path)
    sources = [source.relative_to(root).as_posix()] if source.is_relative_to(root) else []
    # A page whose macros draw on data/ changes when the data does.
    if sources and parse_page(page.file.src_uri, page.file.content_string).macros:
        sources.append("data")
    context["last_updated"] = gitdates.vietnamese_date(gitdates.last_updated(_changes, sources)) if sources else None
    return context

"""MkDocs hook: "Cập nhật lần cuối" on every page, from git history (see kehoach.gitdates).

Thin glue: one git pass per build, then each page gets `last_updated` for the template
overrides/partials/kh-last-updated.html (None when history cannot tell).
"""

from __future__ import annotations

from pathlib import Path

from kehoach import gitdates

_changes: dict[str, gitdates.LastChange] = {}


def on_files(files, config):
    global _changes
    _changes = gitdates.last_changes(Path(config.config_file_path).parent)
    return files


def on_page_context(context, page, config, nav):
    root = Path(config.config_file_path).parent
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    path = source.relative_to(root).as_posix() if source and source.is_relative_to(root) else None
    sources = gitdates.page_sources(path, page.file.content_string if path else "")
    context["last_updated"] = gitdates.vietnamese_date(gitdates.last_updated(_changes, sources))
    return context

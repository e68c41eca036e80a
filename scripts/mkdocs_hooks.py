"""MkDocs hooks: thin glue that runs the project's checks on every build (serve included), so a
mistake stops the build with the checker's own message before any page is written."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kehoach.checks import check_project
from kehoach.findings import DataError, errors_only
from kehoach.model import load_project


def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        findings = check_project(load_project(root))
    except DataError as error:
        findings = error.findings
    if errors_only(findings):
        raise PluginError("Kiểm tra dữ liệu và trích dẫn thấy lỗi, chưa dựng trang:\n"
                          + "\n".join(f.as_text() for f in findings))
    return config

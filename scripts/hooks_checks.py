"""MkDocs hooks: thin glue that runs the project's checks on every build (serve included), so a
mistake stops the build with the checker's own message before any page is written."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from kehoach.checks import check_project
from kehoach.findings import DataError, errors_only
from kehoach.model import load_project

log = get_plugin_logger("kiem-tra")


# Before the macros plugin reads the data (priority 0): a mistake is reported by the checker, in full.
@event_priority(100)
def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        findings = check_project(load_project(root))
    except DataError as error:
        findings = error.findings
    except Exception as error:  # never a traceback in the build log
        raise PluginError(f"Trình kiểm tra dữ liệu gặp lỗi nội bộ ({type(error).__name__}: {error}); "
                          "hãy chạy `make check` và báo cho người bảo trì") from None
    if errors_only(findings):
        raise PluginError("Kiểm tra dữ liệu và trích dẫn thấy lỗi, chưa dựng trang:\n"
                          + "\n".join(f.as_text() for f in findings))
    for finding in findings:  # warnings only: shown by `mkdocs serve`, without failing a --strict build
        log.info(finding.as_text())
    return config

"""mkdocs-macros glue: registers the macros of kehoach.macros for the pages.

Every macro is documented for editors in CONTRIBUTING.md (a test keeps the two in step).
"""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.exceptions import PluginError

from kehoach.findings import DataError
from kehoach.macros import MacroError, page_macros
from kehoach.model import load_project_or_fail
from kehoach.pages import read_pages


def define_env(env):
    root = Path(env.conf["config_file_path"]).parent
    try:
        project = load_project_or_fail(root)
    except DataError as error:
        raise PluginError("Dữ liệu trong data/ có lỗi, chưa thể dựng trang:\n" + str(error)) from None
    macros = page_macros(project, read_pages(Path(env.conf["docs_dir"])),
                         current_page=lambda: env.page.file.src_path,
                         render_markdown=lambda markdown: env.render(markdown, force_rendering=True))
    for name, function in macros.items():
        env.macro(_as_build_error(function), name)


def _as_build_error(function):
    """A macro's MacroError stops the build as a PluginError: MkDocs shows its message, no traceback."""

    @functools.wraps(function)
    def macro(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except MacroError as error:
            raise PluginError(str(error)) from None

    return macro

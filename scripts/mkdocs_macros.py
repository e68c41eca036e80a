"""mkdocs-macros glue: registers the macros of kehoach.macros for the pages.

Every macro is documented for editors in CONTRIBUTING.md (a test keeps the two in step).
"""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.exceptions import PluginError

from kehoach.checks import MACRO_ARGUMENTS
from kehoach.findings import DataError
from kehoach.macros import MacroError, page_macros
from kehoach.pagetemplates import PageSandbox, template_findings
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


def on_pre_page_macros(env):
    """Before a page is rendered: it holds macro calls only (also a page that no file of docs/ holds,
    which the checker never saw), and it is rendered in the page sandbox, never in the plugin's own
    unsandboxed Jinja environment."""
    findings = template_findings(f"docs/{env.page.file.src_uri}", env.markdown)
    if findings:
        raise PluginError("Trang có cú pháp mẫu không được phép, chưa dựng trang:\n"
                          + "\n".join(f.as_text() for f in findings))
    if not isinstance(env.env, PageSandbox):
        env._env = PageSandbox({name: env.macros[name] for name in MACRO_ARGUMENTS})

"""The templates of overrides/macros/: one Jinja environment, one escaping policy, for every fragment
the site renders from data (the macros' output and the note on an amended page).

Policy: `.html` templates are escaped (data values become text, never markup); in `.md` templates,
whose output is Markdown that the page's Markdown then renders, every data value goes through the
`md` filter (markdown_text), escaped for Markdown and HTML at once. Ids and links are built by code.

Compiled templates are kept in the checkout's cache folder outside it (verdicts.cache_dir; Jinja's
own bytecode cache, keyed by each template's source): a build does not compile unchanged templates
again, and no compiled code can come with a pull request."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import Any

import jinja2

from .plantext import citation_label
from .verdicts import cache_dir

TEMPLATES = Path("overrides") / "macros"


def _bytecode_cache(directory: Path) -> jinja2.BytecodeCache | None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout compiles every time
    return jinja2.FileSystemBytecodeCache(str(directory))


# Characters that mean something to Python-Markdown and its extensions here anywhere in a line
# (emphasis, code, links, raw HTML, attr_list's `{…}`, tables' `|`, a heading's closing `#`), and those
# that do only where a line starts (lists, quotes, headings): a backslash makes each one plain text.
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]|#])")
_MARKDOWN_LINE_START = re.compile(r"^(\d+(?=[.)])|(?=[-+>]))")


def markdown_text(value: object) -> str:
    """A data value as literal text inside Markdown: HTML-escaped, Markdown punctuation escaped, one
    line. `__init__` stays `__init__`, `{{ x }}` and `{: onclick=… }` stay words, `<b>` stays `<b>`;
    a document number such as 43-NQ/TW is left as it is."""
    text = " ".join(html.escape("" if value is None else str(value), quote=False).split())
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(r"\1\\", text, count=1)


@functools.lru_cache(maxsize=4)
def environment(root: Path) -> jinja2.Environment:
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(root) / TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(cache_dir() / "jinja"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
    )
    templates.filters["md"] = markdown_text
    templates.filters["citation_label"] = citation_label
    return templates


def render(root: Path, template: str, **data: Any) -> str:
    return environment(Path(root)).get_template(template).render(**data)

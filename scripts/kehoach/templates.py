"""The templates of overrides/macros/: one Jinja environment, one escaping policy, for every fragment
the site renders from data (the macros' output and the note on an amended page).

Policy: `.html` templates are escaped (data values become text, never markup); `.md` templates are
not, since their output is Markdown that the page's Markdown then renders (data/ may not hold HTML at
all: kehoach.htmlsafety refuses it, KH80x).

Compiled templates are kept under .cache/kehoach/jinja/ (Jinja's own bytecode cache, keyed by each
template's source): a build does not compile unchanged templates again."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

TEMPLATES = Path("overrides") / "macros"
CACHE = Path(".cache") / "kehoach" / "jinja"


def _bytecode_cache(directory: Path) -> jinja2.BytecodeCache | None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout compiles every time
    return jinja2.FileSystemBytecodeCache(str(directory))


@functools.lru_cache(maxsize=4)
def environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(root) / TEMPLATES)),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              bytecode_cache=_bytecode_cache(Path(root) / CACHE),
                              autoescape=jinja2.select_autoescape(enabled_extensions=("html",),
                                                                  default_for_string=False, default=False))


def render(root: Path, template: str, **data) -> str:
    return environment(Path(root)).get_template(template).render(**data)

"""The Content-Security-Policy every built page carries (a meta tag: static hosting sets no headers).

Nothing from another origin, no plugins or frames, and no inline script except those the page itself
holds, allowed by their SHA-256 hash computed when the page is built. `policy()` is the one place the
rules are written; the offline copy (opened from a folder) can call it with its own sources.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from typing import TypedDict

import jinja2

# <script> types a browser runs; any other type (application/json: Material's __config) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
META = re.compile(r"""<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\s*""", re.I)
HEAD = re.compile(r"<head[^>]*>(\s*<meta\s+charset=[^>]*>)?", re.I)
_META_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    '<meta http-equiv="Content-Security-Policy" content="{{ policy }}">'
)


# A script's body is raw text up to the first "</script" (HTML's "script data" state), so one regex
# reads it the way a browser does; comments are matched first so that a <script> inside one is skipped.
# Python's HTMLParser gives the same bodies but is some twenty times slower on a page with a long menu,
# and this runs on every page of every build.
_SCRIPT_OR_COMMENT = re.compile(r"<!--.*?-->|<script(?=[\s>/])(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run, exactly as written."""
    bodies = []
    for match in _SCRIPT_OR_COMMENT.finditer(html):
        if match["body"] is None:
            continue  # a comment
        attributes = {
            m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTRIBUTE.finditer(match["attrs"])
        }
        if "src" not in attributes and (attributes.get("type") or "").strip().lower() in SCRIPT_TYPES:
            bodies.append(match["body"])
    return bodies


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(script_hashes: list[str], extra_sources: tuple[str, ...] = (), any_inline_script: bool = False) -> str:
    """The policy text. `extra_sources` widen what 'self' allows, e.g. ("file:",) for a copy opened
    from a folder, where a page has no origin of its own. `any_inline_script` lets every inline script
    run (then no hash is listed, since a hash would switch that off): only for the offline copy, whose
    search runs through iframe-worker, which writes a script of its own into a frame at run time."""
    own = " ".join(("'self'", *extra_sources))
    inline = ("'unsafe-inline'",) if any_inline_script else tuple(sorted(set(script_hashes)))
    directives = {
        "default-src": own,
        "script-src": " ".join((own, *inline)),
        "style-src": own,
        "img-src": f"{own} data:",  # Material's CSS draws its icons from data: SVG
        "font-src": own,
        "connect-src": own,  # the search index
        "worker-src": own,  # the search worker
        "manifest-src": own,
        "media-src": own,
        "object-src": "'none'",
        "frame-src": "'none'",
        "child-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class Allowances(TypedDict, total=False):
    """Keyword arguments of `protect` beyond the page."""

    extra_sources: tuple[str, ...]
    any_inline_script: bool


# protect(html, **OFFLINE) for the offline copy
OFFLINE: Allowances = {"extra_sources": ("file:",), "any_inline_script": True}


def protect(html: str, extra_sources: tuple[str, ...] = (), any_inline_script: bool = False) -> str:
    """The page with its policy at the top of <head>, after the charset (a policy applies only to what
    follows it; the charset must stay in the first 1024 bytes), replacing any policy it had."""
    html = META.sub("", html)
    hashes = [script_hash(body) for body in inline_scripts(html)]
    meta = _META_TEMPLATE.render(policy=policy(hashes, extra_sources, any_inline_script))
    head = HEAD.search(html)
    if head is None:
        return html
    return html[: head.end()] + meta + html[head.end() :]

"""MkDocs hook: every page gets its Content-Security-Policy (kehoach.csp), hashes of its own inline
scripts included. Runs last (priority -90), after other hooks and plugins changed the page; the
offline plugin (-100) must use kehoach.csp.protect with ("file:",) for its copy."""

from __future__ import annotations

from mkdocs.plugins import event_priority

from kehoach import csp


@event_priority(-90)
def on_post_page(output, page, config):
    return csp.protect(output)


@event_priority(-90)
def on_post_template(output_content, template_name, config):
    """404.html is a theme template, not a page: it gets its policy here."""
    return csp.protect(output_content) if template_name.endswith(".html") else output_content

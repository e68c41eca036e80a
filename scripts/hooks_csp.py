"""MkDocs hook: every page gets its Content-Security-Policy (kehoach.csp), hashes of its own inline
scripts included. Runs late (priority -90), after other hooks and plugins changed the page.

In a build with Material's offline plugin on (the copy opened from a folder), pages get the offline
policy (kehoach.csp.OFFLINE): its search runs through iframe-worker, which writes a script of its own
into a frame, so inline scripts cannot be listed by hash there. Nothing from elsewhere is allowed in
either policy."""

from __future__ import annotations

from mkdocs.plugins import event_priority

from kehoach import csp


def _options(config) -> dict:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return csp.OFFLINE if plugin is not None and plugin.config.get("enabled", True) else {}


@event_priority(-90)
def on_post_page(output, page, config):
    return csp.protect(output, **_options(config))


@event_priority(-90)
def on_post_template(output_content, template_name, config):
    """404.html is a theme template, not a page: it gets its policy here."""
    return csp.protect(output_content, **_options(config)) if template_name.endswith(".html") else output_content

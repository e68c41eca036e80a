"""Pages left at an old address: the redirects plugin (mkdocs-redirects) writes them; here they get the
site's language and its Content-Security-Policy.

The plugin's page sends the browser on with a meta refresh and an inline script that carries the
fragment (#muc-iii-2) across; the policy allows that script by its hash (kehoach.csp), so a reader
following an old link lands on the same clause.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

REDIRECTS_PLUGIN = "redirects"


def written(config: Any, site: Path) -> list[Path]:
    """The redirect pages the redirects plugin wrote into `site` for this build."""
    plugin = config.plugins.get(REDIRECTS_PLUGIN)
    if plugin is None:
        return []
    use_directory_urls = bool(config.use_directory_urls)
    from mkdocs_redirects.plugin import get_html_path  # type: ignore[import-untyped]

    return [
        site / get_html_path(old, use_directory_urls)
        for old in plugin.config.get("redirect_maps", {})
        if (site / get_html_path(old, use_directory_urls)).is_file()
    ]


def vietnamese(html: str) -> str:
    """The plugin's page in the site's language: what a reader sees for a moment while it moves on."""
    return (
        html.replace('<html lang="en">', '<html lang="vi">')
        .replace("<title>Redirecting...</title>", "<title>Đang chuyển tới địa chỉ mới…</title>")
        .replace("You're being redirected to a", "Trang đã chuyển tới")
        .replace(">new destination</a>.", ">địa chỉ mới</a>.")
    )

"""MkDocs hooks for the print edition: the download names and the print page's title from data,
and, in the offline build, the iframe-worker shim served from the site instead of unpkg.com."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kehoach import printing
from kehoach.findings import DataError
from kehoach.model import load_project
from kehoach.printing import SHIM_SOURCE, SHIM_TARGET


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


# Before Material's offline plugin (priority 0): with a polyfill naming iframe-worker already in
# place, it does not add its https://unpkg.com/iframe-worker/shim script.
@event_priority(50)
def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        config.extra["kh_downloads"] = printing.downloads(load_project(root))
    except DataError:
        return config  # hooks_checks reports the data errors and stops the build
    if _offline_enabled(config):
        if not (root / SHIM_SOURCE).is_file():
            raise PluginError(f"Thiếu {SHIM_SOURCE} cho bản dùng không cần mạng: chạy `make offline` "
                              "(lệnh này cài gói npm iframe-worker bằng `npm ci --prefix tools/offline`).")
        config.extra["polyfills"] = [SHIM_TARGET]
        # The offline copy is itself the zip: no link to it inside.
        config.extra["kh_downloads"] = dataclasses.replace(config.extra["kh_downloads"], offline=None)
    return config


def on_post_build(config):
    if _offline_enabled(config):
        target = Path(config.site_dir) / SHIM_TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(config.config_file_path).parent / SHIM_SOURCE, target)

"""A throw-away copy of the site's sources: the tests break it on purpose, the benchmark enlarges it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a build reads: configuration, pages, data, logic, look, and the offline copy's vendored shim
# (not the other npm tools: lighthouse alone is hundreds of megabytes).
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "scripts", "overrides", "tools/node/offline")


def copy_project(destination: Path, root: Path = ROOT) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination

"""The project under test: where it is, a throw-away copy of it, and a strict build of a copy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kehoach.projectcopy import copy_project

from .tiers import require

ROOT = Path(__file__).resolve().parents[2]
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "ke-hoach-32-KH-DU.txt"

__all__ = [
    "ROOT",
    "SHARED_SOURCE",
    "built_page",
    "copy_project",
    "mkdocs_build",
    "page_url",
    "redirect_pages",
    "site_pages",
]


def mkdocs_build(project_dir: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project_dir` into `site_dir`, in a subprocess (tests marked `build`)."""
    require("build", "builds a site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project_dir / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def built_page(site: Path, doc_path: str) -> Path:
    """The HTML file MkDocs writes for a docs/ page (directory URLs)."""
    stem = doc_path.removesuffix(".md")
    if stem == "index":
        return site / "index.html"
    # A folder's index.md (ke-hoach-32/index.md) is the folder's own page (ke-hoach-32/index.html).
    return site / stem.removesuffix("/index") / "index.html"


def page_url(doc_path: str) -> str:
    """The address of a docs/ page from the top of the site (directory URLs): "" for the home page,
    "ke-hoach-32/" for a folder's index.md, "ke-hoach-32/muc-i/" for a page."""
    stem = doc_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


REFRESH = '<meta http-equiv="refresh"'


def redirect_pages(site: Path) -> list[Path]:
    """The pages left at an old address (mkdocs-redirects: /muc-i/ → /ke-hoach-32/muc-i/)."""
    return sorted(p for p in site.rglob("*.html") if REFRESH in p.read_text(encoding="utf-8"))


def site_pages(site: Path, pattern: str = "*.html") -> list[Path]:
    """The pages a reader reads: every built HTML file but the redirect pages."""
    redirects = set(redirect_pages(site))
    return sorted(p for p in site.rglob(pattern) if p not in redirects)

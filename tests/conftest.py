"""Shared fixtures: the project model and a strict build of the real site, made once per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.model import load_project
from kehoach.pages import read_pages
from kehoach.projectcopy import copy_project  # noqa: F401 (the tests import it from here)

ROOT = Path(__file__).resolve().parents[1]
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "ke-hoach-32-KH-DU.txt"


def mkdocs_build(project_dir: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(project_dir / "mkdocs.yml"), "-d", str(site_dir), *extra],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="session")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="session")
def doc_pages():
    return read_pages(ROOT / "docs")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def built_page(site: Path, doc_path: str) -> Path:
    """The HTML file MkDocs writes for a docs/ page (directory URLs)."""
    stem = doc_path.removesuffix(".md")
    return site / "index.html" if stem == "index" else site / stem / "index.html"


@pytest.fixture(scope="session")
def offline_shim() -> Path:
    """The iframe-worker shim the offline copy serves itself, installed from the npm lock if missing."""
    from kehoach import printing

    shim = ROOT / printing.SHIM_SOURCE
    if not shim.is_file():
        subprocess.run(["npm", "ci", "--prefix", str(ROOT / "tools" / "offline"), "--no-audit", "--no-fund",
                        "--loglevel=error"], check=True, timeout=300)
    return shim

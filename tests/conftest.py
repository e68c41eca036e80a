"""Shared fixtures: the project model and a strict build of the real site, made once per run.

Helpers the tests import live in tests/support (`from support.project import ROOT, …`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kehoach.model import Project, load_project
from kehoach.pages import Page, read_pages
from support.project import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT)


@pytest.fixture(scope="session")
def doc_pages() -> list[Page]:
    return read_pages(ROOT / "docs")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def offline_shim() -> Path:
    """The iframe-worker shim the offline copy serves itself, installed from the npm lock if missing."""
    from kehoach import printing

    shim = ROOT / printing.SHIM_SOURCE
    if not shim.is_file():
        subprocess.run(["npm", "ci", "--prefix", str(ROOT / "tools" / "offline"), "--no-audit", "--no-fund",
                        "--loglevel=error"], check=True, timeout=300)
    return shim

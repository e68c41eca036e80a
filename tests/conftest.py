"""Shared fixtures: the project model and a strict build of the real site, made once per run.

Helpers the tests import live in tests/support (`from support.project import ROOT, …`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kehoach.model import Project, load_project
from kehoach.pages import Page, read_pages
from support import tiers
from support.project import ROOT, mkdocs_build

# Fixtures that build the site or open Chromium: a test using one must carry the marker.
TIER_FIXTURES = {"build": {"built_site", "offline_site"}, "browser": {"browser", "box", "printed"}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in TIER_FIXTURES.items():
            if used & fixtures and item.get_closest_marker(marker) is None:
                raise pytest.UsageError(f"{item.nodeid} uses {sorted(used & fixtures)}: mark it @pytest.mark.{marker}")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tell support.tiers the markers of the test about to run, before any of its fixtures (a session
    fixture such as built_site is set up inside the first test that asks for it)."""
    tiers.current_markers = {mark.name for mark in item.iter_markers()}


def pytest_runtest_teardown(item: pytest.Item) -> None:
    tiers.current_markers = set()


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT)


@pytest.fixture(scope="session")
def doc_pages() -> list[Page]:
    return read_pages(ROOT / "docs")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per run; only for tests marked `build`."""
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
        subprocess.run(
            [
                "npm",
                "ci",
                "--prefix",
                str(ROOT / "tools" / "node" / "offline"),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
            check=True,
            timeout=300,
        )
    return shim

"""The fast tier stays fast: a test that builds or opens Chromium without its marker fails at once, so
`make test-fast` (-m "not browser and not build") can never start either by accident."""

from __future__ import annotations

import pytest

from support.project import mkdocs_build
from support.tiers import chromium


def test_an_unmarked_test_cannot_build(tmp_path):
    with pytest.raises(AssertionError, match=r"mark it @pytest\.mark\.build"):
        mkdocs_build(tmp_path, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_an_unmarked_test_cannot_open_chromium():
    with pytest.raises(AssertionError, match=r"mark it @pytest\.mark\.browser"), chromium():
        pass


def test_the_markers_are_registered(pytestconfig):
    markers = " ".join(pytestconfig.getini("markers"))
    assert "browser:" in markers and "build:" in markers

"""The checker's fixtures: a small good project, and bad cases that each hold one mistake."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kehoach.checks import check_project
from kehoach.model import load_project

from .project import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "checker"
BAD = FIXTURES / "bad"


def bad_cases() -> list[str]:
    """The folders under bad/, named <code>-<slug>[-<variant>]."""
    return sorted(p.name for p in BAD.iterdir() if p.is_dir())


# A bad case lists in this file (one path a line, from the project root) the files of good/ it removes: an
# entry file of data/documents/, say. Its other files are laid over good/, which adds or replaces, never removes.
REMOVED = "removed.txt"


def make_fixture(destination: Path, case: str | None = None) -> Path:
    """A copy of the good fixture, with the real schemas, and the files of one bad case on top (less the
    files its removed.txt names)."""
    shutil.copytree(FIXTURES / "good", destination)
    shutil.copytree(ROOT / "data" / "schema", destination / "data" / "schema")
    if case:
        shutil.copytree(
            BAD / case,
            destination,
            dirs_exist_ok=True,
            symlinks=True,
            ignore=shutil.ignore_patterns("expected.txt", REMOVED),
        )
        removed = BAD / case / REMOVED
        for name in removed.read_text(encoding="utf-8").split() if removed.exists() else []:
            (destination / name).unlink()
    return destination


def findings_text(root: Path) -> list[str]:
    return [f.as_text() for f in check_project(load_project(root))]


def expected(case: str) -> list[str]:
    """The exact findings of a bad case; «{today}» stands for today's date (a finding about a date in the
    future says which day it is)."""
    text = (BAD / case / "expected.txt").read_text(encoding="utf-8")
    return text.replace("{today}", dt.date.today().isoformat()).splitlines()

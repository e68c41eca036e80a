"""The project is one installed package (pyproject.toml): `kehoach` is imported because it is installed,
never by editing the import path, and the tests import only the package, their own `support` helpers and
libraries, never a script or another test module."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

from support.project import ROOT

SCRIPTS = {path.stem for path in (ROOT / "scripts").glob("*.py")}


def test_kehoach_is_the_installed_package_with_its_console_script():
    assert importlib.metadata.version("kehoach-32") == "1.0.0"
    [entry] = [e for e in importlib.metadata.entry_points(group="console_scripts") if e.name == "kehoach-check"]
    assert entry.value == "kehoach.cli:main"
    assert (Path(sys.executable).parent / "kehoach-check").exists()


def test_no_code_edits_the_import_path():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("scripts", "tests")
        for path in (ROOT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bsys\.path\b", line)
    ]
    assert offenders == []


def test_tests_import_no_script_and_no_other_test():
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in SCRIPTS or top.startswith("test_") or top == "conftest":
                    offenders.append(f"{path.relative_to(ROOT)}: import {name}")
    assert offenders == []

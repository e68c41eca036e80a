"""The guide's list of common mistakes shows the checker's real messages: generated, never retyped."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from support.project import ROOT

spec = importlib.util.spec_from_file_location("contributing_examples", ROOT / "scripts" / "contributing_examples.py")
examples = importlib.util.module_from_spec(spec)
sys.modules["contributing_examples"] = examples  # dataclasses look their module up there
spec.loader.exec_module(examples)

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FINDING = re.compile(r"^(?P<path>(?:data|docs)/[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>KH\d{3}) (?P<message>.+)$")


def test_the_block_in_the_guide_is_what_the_checker_says_now():
    """Fails when a message or a line number changed: run `python scripts/contributing_examples.py`."""
    assert examples.current_block(GUIDE) == examples.block()
    assert examples.main(["--check"]) == 0


def test_the_check_fails_on_a_stale_block(tmp_path, monkeypatch):
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text(GUIDE.replace("thiếu dấu hai chấm sau «parent»", "thiếu dấu hai chấm"), encoding="utf-8")
    monkeypatch.setattr(examples, "GUIDE", stale)
    assert examples.main(["--check"]) == 1
    assert examples.main([]) == 0  # rewritten
    assert examples.current_block(stale.read_text(encoding="utf-8")) == examples.current_block(GUIDE)


@pytest.mark.parametrize("mistake", examples.MISTAKES, ids=lambda m: m.title[:40])
def test_each_mistake_is_reported_in_the_file_the_editor_changed(mistake):
    line = examples.first_finding(mistake)
    match = FINDING.match(line)
    assert match, line
    edited = {name for name, _, _ in mistake.edits}
    # where the editor must act: a reference to a renamed id where the old id is still used (KH302); a
    # recorded amendment on the page that still has the old words (KH705)
    assert match["path"] in edited or match["code"] in ("KH302", "KH705"), line
    assert f"- {mistake.title}:" in GUIDE and line in GUIDE

"""The GitHub workflows meet zizmor's standard: actions pinned by commit SHA, no credentials left in
the checkout, least permissions, no pull_request_target. zizmor runs offline, pinned in the lock."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

from support.project import ROOT

BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def zizmor(*paths: Path) -> list[dict]:
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--format", "json", "--min-severity", "medium", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().startswith("["), result.stderr
    return json.loads(result.stdout)


def test_zizmor_finds_nothing_at_medium_or_above():
    findings = zizmor(*WORKFLOWS, ROOT / ".github" / "dependabot.yml")
    assert findings == [], [(f["ident"], f["desc"]) for f in findings]


def test_zizmor_would_catch_an_unpinned_action(tmp_path):
    """The check above can fail: the same workflow with a tag instead of a SHA is reported."""
    workflow = tmp_path / "ci.yml"
    workflow.write_text(
        re.sub(
            r"actions/checkout@[0-9a-f]{40}",
            "actions/checkout@v5",
            (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    assert "unpinned-uses" in {f["ident"] for f in zizmor(workflow)}


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_every_action_is_pinned_with_its_version_beside_it():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        for step in steps(yaml.safe_load(text)):
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a commit"
                line = next(line for line in text.splitlines() if step["uses"] in line)
                assert re.search(r"#\s*v\d", line), f"{path.name}: {step['uses']} has no version comment"


def test_no_credentials_persist_and_no_pull_request_target():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "pull_request_target" not in workflow[True], path.name  # PyYAML reads `on:` as True
        assert workflow.get("permissions") == {}, f"{path.name}: no permission by default"
        for step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, path.name

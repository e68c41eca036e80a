"""Hostile pull requests as the tests try them: the checker's command under a memory bound, and what a
refusal must look like (a finding at the file, no traceback, nothing run, nothing of the machine shown)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

SECRET = "kh-secret-3f9c2d"  # bytes of the build machine that must never reach the site
MEMORY_LIMIT = 1024**3  # the checker must judge any input within 1 GiB of address space


def run_checker(root: Path) -> subprocess.CompletedProcess:
    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "kehoach.cli", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def assert_refused(result: subprocess.CompletedProcess, path: str, marker: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert any(line.startswith(f"{path}:") for line in result.stdout.splitlines()), result.stdout
    assert not marker.exists(), "the payload ran"
    assert SECRET not in result.stdout + result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) < 700, "a finding quotes too much"

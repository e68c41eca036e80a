"""When each page last changed, from git history, honestly: a date only when git can prove it.

One `git log --name-only` pass gives the last commit of every file. Outside a git checkout, in a
repository with no commits, or when git is missing, every date is unknown and the build goes on.
In a shallow clone the oldest commits we have (the shallow boundary) look as if they added every
file; a file whose last change is such a commit may have changed long before, so its date is
unknown rather than wrong.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .model import date_in_words
from .pages import parse_page

# The plan's readers are in Viet Nam (UTC+7 all year): a commit at 23:30 UTC is the next day there.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class LastChange:
    """The last commit that touched a file. `exact` is False when the commit is a shallow boundary:
    the file changed at that commit or at some unknown time before it."""

    when: dt.datetime
    exact: bool


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def last_changes(root: Path) -> dict[str, LastChange]:
    """The last change of every file in the history of `root`, by path relative to `root`.

    Empty when `root` is not in a git checkout, has no commits yet, or git cannot run.
    """
    root = Path(root)
    # one git call for three answers (each call costs a process start on every build)
    facts = (
        _git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow", "--verify", "HEAD") or ""
    ).splitlines()
    if len(facts) != 3:  # no checkout, no commit yet, or no git
        return {}
    shallow, shallow_file, _head = facts
    boundary: set[str] = set()
    if shallow == "true":
        try:
            boundary = set((root / shallow_file).read_text().split())
        except OSError:
            boundary = set()
    log = _git(root, "log", "-z", "--format=%x01%H %cI", "--name-only", "--no-renames", "--relative", "--", ".")
    if log is None:
        return {}
    changes: dict[str, LastChange] = {}
    for record in log.split("\x01")[1:]:
        header, *names = (item.strip("\n") for item in record.split("\0"))
        commit, _, stamp = header.partition(" ")
        when = dt.datetime.fromisoformat(stamp)
        for name in filter(None, names):
            # newest commit first: the first time a file appears is its last change
            changes.setdefault(name, LastChange(when, commit not in boundary))
    return changes


def page_sources(path: str | None, markdown: str = "", *, has_macros: bool | None = None) -> list[str]:
    """What a page is made from, relative to the project root: its own file, and data/ when its
    macros draw on the data. A page with no file of its own (one a plugin generates, such as a
    print page) is made from the whole project. `has_macros`: whether the page calls a macro, when the
    caller has already parsed it (else `markdown` is parsed here)."""
    if path is None:
        return ["docs", "data"]
    if has_macros is None:
        has_macros = bool(parse_page(path, markdown).macros)
    return [path, "data"] if has_macros else [path]


def last_updated(changes: dict[str, LastChange], paths: list[str]) -> dt.datetime | None:
    """When the newest of `paths` (files or folders, relative to the root) last changed, or None
    when history cannot tell: a path was never committed, or a shallow boundary hides its change."""
    exact: list[dt.datetime] = []
    bounds: list[dt.datetime] = []
    for path in paths:
        prefix = path.rstrip("/") + "/"
        found = [change for name, change in changes.items() if name == path or name.startswith(prefix)]
        if not found:
            return None
        exact += [c.when for c in found if c.exact]
        bounds += [c.when for c in found if not c.exact]
    if not exact or (bounds and max(bounds) > max(exact)):
        return None
    return max(exact)


def vietnamese_date(when: dt.datetime | None) -> dict[str, str] | None:
    """What the page footer shows: the date in words as the plan writes dates, and an ISO date for
    the <time> element; None when the date is unknown."""
    if when is None:
        return None
    day = when.astimezone(VIETNAM).date()
    return {"words": date_in_words(day), "iso": day.isoformat()}

"""The two slow tiers of the suite, `build` and `browser`, and the guard that keeps a test out of the
fast tier (`make test-fast`) only when it carries the marker of what it starts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kehoach import browser as _browser

# the markers of the test being run, set by tests/conftest.py
current_markers: set[str] = set()


def require(marker: str, what: str) -> None:
    if marker not in current_markers:
        raise AssertionError(f"this test {what}: mark it @pytest.mark.{marker} (see pytest.ini)")


@contextmanager
def chromium() -> Iterator[Any]:
    """kehoach.browser.chromium, for tests marked `browser`."""
    require("browser", "opens Chromium")
    with _browser.chromium() as launched:
        yield launched

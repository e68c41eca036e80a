#!/usr/bin/env python3
"""Kept only for scripts/bench.py, which times this command: the checker is `kehoach-check`
(kehoach.cli), installed by `make setup`."""

import sys

from kehoach.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""`python -m kehoach.importing FILE [--id ID]`: the import command (kehoach.importing.cli)."""

import sys

from .cli import main

sys.exit(main())

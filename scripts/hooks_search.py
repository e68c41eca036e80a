"""MkDocs hook: thin glue that rewrites Material's search index for Vietnamese (kehoach.search).

Runs after Material's search plugin has written search/search_index.json (priority 0) and before
the offline plugin would copy it (priority -100).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from kehoach.search import enrich_index

INDEX = Path("search") / "search_index.json"


@event_priority(-50)
def on_post_build(config):
    path = Path(config["site_dir"]) / INDEX
    if not path.exists():  # search plugin switched off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(enrich_index(index), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")

"""MkDocs hook: thin glue that rewrites Material's search index for Vietnamese (kehoach.search).

Each page's content is read for its citable items as it is rendered; after Material's search plugin
has written search/search_index.json (priority 0), the index is rewritten, before the offline
plugin would copy it (priority -100).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from kehoach.model import load_project
from kehoach.search import PageItems, enrich_index, page_items

INDEX = Path("search") / "search_index.json"
_pages: dict[str, PageItems] = {}


def on_pre_build(config):
    _pages.clear()


@event_priority(-90)  # late: the content as other hooks and plugins leave it
def on_page_content(html, page, config, files):
    citation_ids = set(load_project(Path(config.config_file_path).parent).citation_ids)
    _pages[page.url] = page_items(html, citation_ids)


@event_priority(-50)
def on_post_build(config):
    path = Path(config["site_dir"]) / INDEX
    if not path.exists():  # search plugin switched off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(enrich_index(index, _pages), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")

"""Vietnamese search: the one folding function, and the post-processing of Material's search index.

Material's search (lunr in a Web Worker) lower-cases tokens but keeps diacritics, and its default
separator leaves punctuation on words (`nhất;`). At build time the index is rewritten so that:

- a `separator` also splits on punctuation, so a quoted `"thống nhất"` finds `thống nhất;`;
- each numbered item or bullet of a page (an element whose id is a citation id, `muc-ii-2-4`) is
  an entry of its own, titled with its citation number ("Mục II.2, ý 4"): a result leads to the item,
  and a phone shows one paragraph per result, not the whole page;
- a page whose heading is a numbered item of a part (`1. Nâng cao nhận thức…` on /muc-ii-1/) is titled
  with its full number (`II.1. Nâng cao nhận thức…`), as the menu names it: "1." alone says nothing in
  a list of results from every part;
- the print page, which repeats the whole plan, is left out of the index; a unit's page and the
  tracking page are in it whatever their front matter says (`READER_PAGES`): readers look for a unit
  by its name (the unit page keeps the plan's quotes out of the index itself, `data-search-exclude`);
- hidden fields are registered in the index config: `fold_title` and `fold` (the folded words of
  title and text, once each: `đoàn` -> `doan`), `phrase_title` and `phrase` (the folded syllable
  pairs of each run of words: `_doan_ket`). The query side asks for the folded words and pairs, so
  that a query finds words typed without diacritics and ranks first the sections where its
  syllables stand together, in order.

The hidden fields' values are not written into search_index.json: the browser derives them from
each entry's title and text when the search starts (docs/assets/javascripts/kehoach-search.js),
by the rules of `hidden_fields` below, which a test holds it to. Written at build time they would
add about 10 KB (gzip) to the index, which every reader who searches downloads (when the search is
opened: docs/assets/javascripts/lazy-search.js), and which grows with every document.
The shown `title` and `text` stay as written: results show the accented text.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import unicodedata
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from .plantext import citation_label, citation_number
from .printing import PRINT_URL
from .textlock import SKIPPED_CLASSES, SKIPPED_TAGS, VOID_TAGS

# Whitespace, hyphens and dashes, and the punctuation of Vietnamese prose. A JavaScript regex source
# too: Material compiles it in the browser, and splits both the indexed text and the query with it.
SEPARATOR = r"""[\s\-\u2010-\u2015.,;:!?…()\[\]{}"'“”‘’«»/]+"""
SEPARATOR_RE = re.compile(SEPARATOR)
TAG = re.compile(r"<[^>]*>")
# Syllable pairs are written `_doan_ket`: the separator never splits on `_`, and the leading one keeps
# a one-word query (`doan*`, Material adds the star) from matching every pair that starts with it.
PHRASE_JOINER = "_"
# Where a run of words ends: punctuation, or a dash between spaces (a hyphen inside 43-NQ does not).
RUN_BREAK = r"""[.,;:!?…()\[\]{}"“”‘’«»\n]+|\s[\-\u2010-\u2015]+\s"""
RUN_BREAK_RE = re.compile(RUN_BREAK)
# Pages left out of the index: a document's print page holds the whole document and would crowd results.
EXCLUDED_PAGES = re.compile(r"^[^/#]+/" + re.escape(PRINT_URL))
# Source paths (docs/) of pages that are always in the index: the units' pages (generated under don-vi/)
# and the tracking page. Their front matter may say `search: exclude: true`; readers look for them.
READER_PAGES = ("don-vi/", "theo-doi.md")
# A unit page's reports section as such: the same heading and empty-state line on every unit page, which
# would crowd a search for "báo cáo"; each report is an entry of its own (#bao-cao-<id>) and stays.
DROPPED_ENTRIES = re.compile(r"^don-vi/[^/#]+/#bao-cao$")
# The number a page heading starts with when it is a numbered item of a part ("1. " of II.1).
ITEM_NUMBER = re.compile(r"^\d{1,2}\.\s+")

# Field boosts, tuned with scripts/search_eval.py (mean reciprocal rank of the first right section).
# Ranking reads the folded fields only, so a query ranks the same with or without diacritics; the
# shown `title` and `text` stay indexed (nearly weightless) for Material to highlight the words
# typed with diacritics. A pair of the query's syllables side by side outweighs its syllables
# scattered through a heading, and a heading outweighs the body.
FIELDS = {
    "title": {"boost": 0.001},
    "text": {"boost": 0.001},
    "fold_title": {"boost": 100.0},
    "fold": {"boost": 1.0},
    "phrase_title": {"boost": 2000.0},
    "phrase": {"boost": 1200.0},
}


def fold(text: str) -> str:
    """Lower case, `đ` -> `d`, combining marks stripped: `Đoàn Kết` -> `doan ket` (any input form)."""
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


def plain_text(markup: str) -> str:
    """The words of an index entry's HTML text: tags dropped, entities decoded, NFC."""
    return unicodedata.normalize("NFC", html.unescape(TAG.sub(" ", markup)))


def tokens(text: str) -> list[str]:
    """Lower-cased tokens as Material's tokenizer cuts them with SEPARATOR."""
    return [token for token in SEPARATOR_RE.split(text.lower()) if token]


def _runs(text: str) -> list[list[str]]:
    """Runs of words not broken by punctuation: a syllable pair never spans a comma or a full stop."""
    runs = []
    for chunk in RUN_BREAK_RE.split(text):
        words = [fold(token) for token in tokens(chunk)]
        if words:
            runs.append(words)
    return runs


def folded_tokens(text: str) -> list[str]:
    """The folded tokens of `text`, once each, in order of appearance."""
    return list(dict.fromkeys(fold(token) for token in tokens(text)))


def phrases(text: str) -> list[str]:
    """The folded syllable pairs of `text`, once each: `đoàn kết dân tộc` -> _doan_ket _ket_dan _dan_toc."""
    seen: dict[str, None] = {}
    for run in _runs(text):
        for first, second in itertools.pairwise(run):
            seen.setdefault(PHRASE_JOINER + first + PHRASE_JOINER + second)
    return list(seen)


@dataclass
class PageItems:
    """The words of a page's content: each citable item's, and the rest outside any item."""

    items: list[tuple[str, str]] = field(default_factory=list)  # (citation id, text) in page order
    outside: str = ""
    heading: str | None = None  # the citation id of the page's own heading (muc-ii-1), if it is a part
    document: str | None = None  # the label of the document the page belongs to ("Kế hoạch số 32-KH/ĐU")


class _ItemParser(HTMLParser):
    """Splits a page's content HTML by the elements whose id is a citation id; the page heading
    (the entry's title already) and what readers see besides the plan (permalinks, kh-extra) are
    left out."""

    def __init__(self, ids: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.ids = ids
        self.stack: list[tuple[str | None, bool]] = []  # per open element: item id it opens, skipped?
        self.item: str | None = None
        self.skip_depth = 0
        self.texts: dict[str, list[str]] = {}
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skipped = tag in SKIPPED_TAGS or tag == "h1" or bool(classes & SKIPPED_CLASSES)
        item_id = attributes.get("id")
        opens = item_id if item_id in self.ids and self.item is None and not skipped else None
        self.stack.append((opens, skipped))
        if opens:
            self.item = opens
            self.texts[opens] = []
        if skipped:
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not self.stack:
            return
        opens, skipped = self.stack.pop()
        if skipped:
            self.skip_depth -= 1
        if opens:
            self.item = None

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            (self.texts[self.item] if self.item else self.outside).append(data)


ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')


def page_items(content_html: str, citation_ids: set[str]) -> PageItems:
    """The citable items of a page's content HTML, with their words."""
    if not citation_ids.intersection(ID_ATTRIBUTE.findall(content_html)):
        return PageItems([], "")  # no item here: the page stays one entry, no need to parse it
    parser = _ItemParser(citation_ids)
    parser.feed(content_html)
    parser.close()
    return PageItems(
        [(cid, _squash("".join(chunks))) for cid, chunks in parser.texts.items()], _squash("".join(parser.outside))
    )


def remembered_page_items(content_html: str, citation_ids: set[str]) -> PageItems:
    """page_items, remembered by its every input (this module's code and the libraries, the ids, the
    HTML): a page built before the same way is not parsed again."""
    from . import verdicts

    if not citation_ids.intersection(ID_ATTRIBUTE.findall(content_html)):
        return page_items(content_html, citation_ids)  # no item: nothing to parse, nothing to remember

    def produce() -> bytes:
        found = page_items(content_html, citation_ids)
        return json.dumps([found.items, found.outside], ensure_ascii=False).encode("utf-8", "surrogatepass")

    key = [verdicts.code_key(), "\0".join(sorted(citation_ids)).encode(), content_html.encode("utf-8", "surrogatepass")]
    items, outside = json.loads(
        verdicts.remembered_output("search-items", key, produce).decode("utf-8", "surrogatepass")
    )
    return PageItems([(cid, text) for cid, text in items], outside)


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _as_text(words: str) -> str:
    return f"<p>{html.escape(words, quote=False)}</p>" if words else ""


def in_index(src_uri: str, meta: MutableMapping[str, Any]) -> None:
    """A reader's page (READER_PAGES) stays in the index: its front matter's `search: exclude` is dropped
    before Material's search plugin reads it."""
    search = meta.get("search")
    if src_uri.startswith(READER_PAGES) and isinstance(search, dict) and search.get("exclude"):
        meta["search"] = {key: value for key, value in search.items() if key != "exclude"}


def numbered_title(title: str, heading: str | None) -> str:
    """`1. Nâng cao…` -> `II.1. Nâng cao…` when the page's heading is item II.1; other titles as they are."""
    if not heading:
        return title
    number = citation_number(heading)
    if "." not in number or not ITEM_NUMBER.match(title):
        return title
    return ITEM_NUMBER.sub(f"{number}. ", title, count=1)


def split_entry(entry: dict[str, Any], page: PageItems) -> list[dict[str, Any]]:
    """A page's index entry, split into the page (its words outside any item) and one entry per item."""
    # every result names its document: "Mục II.2, ý 4, Kế hoạch số 32-KH/ĐU"
    of_document = f", {page.document}" if page.document else ""
    title = numbered_title(entry.get("title", ""), page.heading) + of_document
    article = {**entry, "title": title, "text": _as_text(page.outside)}
    return [
        article,
        *(
            {
                "location": f"{entry['location']}#{cid}",
                "title": citation_label(cid) + of_document,
                "text": _as_text(text),
            }
            for cid, text in page.items
        ),
    ]


def is_excluded(location: str) -> bool:
    return bool(EXCLUDED_PAGES.match(location))


def hidden_fields(entry: dict[str, Any]) -> dict[str, str]:
    """The hidden fields of an index entry, as the browser derives them (empty ones left out)."""
    title = plain_text(entry.get("title", ""))
    text = plain_text(entry.get("text", ""))
    hidden = {
        "fold_title": " ".join(folded_tokens(title)),
        "fold": " ".join(folded_tokens(text)),
        "phrase_title": " ".join(phrases(title)),
        "phrase": " ".join(phrases(text)),
    }
    return {name: value for name, value in hidden.items() if value}


def engine_settings() -> dict[str, Any]:
    """lunr's settings in the index config. lunr's Vietnamese support adds only a four-word stop list,
    for two more requests (1.6 KB) on every page; folding and the separator do the language's work
    here, with no stop words."""
    return {"lang": ["en"], "pipeline": [], "separator": SEPARATOR}


def enrich_index(index: dict[str, Any], pages: dict[str, PageItems] | None = None) -> dict[str, Any]:
    """Material's search_index.json data, rewritten for Vietnamese (see the module docstring).

    `pages` maps a page's URL (its entry's location) to its items; pages without items stay whole.
    """
    pages = pages or {}
    config = {**index.get("config", {}), **engine_settings()}
    config["fields"] = {**config.get("fields", {}), **FIELDS}
    # for the browser, which derives the pairs (Material ignores keys it does not know)
    config["phrase"] = {"joiner": PHRASE_JOINER, "break": RUN_BREAK}
    docs: list[dict[str, Any]] = []
    for entry in index.get("docs", []):
        location = entry.get("location", "")
        if is_excluded(location) or DROPPED_ENTRIES.match(location):
            continue
        page = pages.get(location)
        if page and page.items:
            entries = split_entry(entry, page)
        elif page and "#" not in location:
            of_document = f", {page.document}" if page.document else ""
            entries = [{**entry, "title": numbered_title(entry.get("title", ""), page.heading) + of_document}]
        else:
            entries = [entry]
        docs += entries
    return {**index, "config": config, "docs": docs}

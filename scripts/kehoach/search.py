"""Vietnamese search: the one folding function, and the post-processing of Material's search index.

Material's search (lunr in a Web Worker) lower-cases tokens but keeps diacritics, and its default
separator leaves punctuation on words (`nhất;`). At build time the index is rewritten so that:

- a `separator` also splits on punctuation, so a quoted `"thống nhất"` finds `thống nhất;`;
- each entry carries hidden fields: `fold` and `fold_title` (the folded words of text and title,
  once each: `đoàn` -> `doan`), and `phrase` (the folded syllable pairs of
  each run of words, `_doan_ket`), which the query side (docs/assets/javascripts/kehoach-search.js)
  asks for so that sections where the query's syllables stand together, in order, rank first;
- the print page, which repeats the whole plan, is left out of the index.

The shown `title` and `text` stay as written: results show the accented text.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Whitespace, hyphens and dashes, and the punctuation of Vietnamese prose. A JavaScript regex source
# too: Material compiles it in the browser, and splits both the indexed text and the query with it.
SEPARATOR = r"""[\s\-\u2010-\u2015.,;:!?…()\[\]{}"'“”‘’«»/]+"""
SEPARATOR_RE = re.compile(SEPARATOR)
TAG = re.compile(r"<[^>]*>")
# Syllable pairs are written `_doan_ket`: the separator never splits on `_`, and the leading one keeps
# a one-word query (`doan*`, Material adds the star) from matching every pair that starts with it.
PHRASE_JOINER = "_"
# URL prefix of pages left out of the index: /ban-in/ holds the whole plan and would crowd results.
EXCLUDED_PREFIXES = ("ban-in/",)

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
    for chunk in re.split(r"""[.,;:!?…()\[\]{}"“”‘’«»\n]+|\s[\-\u2010-\u2015]+\s""", text):
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
        for first, second in zip(run, run[1:]):
            seen.setdefault(PHRASE_JOINER + first + PHRASE_JOINER + second)
    return list(seen)


def is_excluded(location: str) -> bool:
    return location.startswith(EXCLUDED_PREFIXES)


def enrich_entry(entry: dict) -> dict:
    """An index entry with its hidden folded and phrase fields added; shown fields untouched."""
    title = plain_text(entry.get("title", ""))
    text = plain_text(entry.get("text", ""))
    hidden = {
        "fold_title": " ".join(folded_tokens(title)),
        "fold": " ".join(folded_tokens(text)),
        "phrase_title": " ".join(phrases(title)),
        "phrase": " ".join(phrases(text)),
    }
    return {**entry, **{name: value for name, value in hidden.items() if value}}


def enrich_index(index: dict) -> dict:
    """Material's search_index.json data, rewritten for Vietnamese (see the module docstring)."""
    config = dict(index.get("config", {}))
    config["separator"] = SEPARATOR
    config["fields"] = {**config.get("fields", {}), **FIELDS}
    docs = [enrich_entry(entry) for entry in index.get("docs", []) if not is_excluded(entry.get("location", ""))]
    return {**index, "config": config, "docs": docs}

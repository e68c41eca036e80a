"""The visible-text lock: every official word on a page is one a reader sees, in a real browser.

The text lock (kehoach.textlock) proves that the built HTML holds every official word. This module
proves that the browser shows it: one script, run once per page and viewport, walks the article as
the text lock reads it (same skipped tags and classes, same block breaks) and gives each word the
reason it cannot be seen, if any: no box, display:none, visibility:hidden, a closed <details>,
near-zero opacity, clip-path or clip, cut off by an ancestor's overflow, off the page, text too small
to read, text the colour of its background, letters reversed, turned or set vertically; and a part
shown above the part before it is out of the plan's order. The words are then matched, in order, with the official words of the
parts the page must publish (textlock.expected_parts), so that a hidden or missing word is named by
the part of the plan that holds it ("Mục I.1").

Plain functions over a Playwright page (`Any`: Playwright is only needed where a browser runs).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import collection, docnumber, textlock, units
from .model import Amendment, Project
from .pages import Page, front_matter
from .plantext import OfficialText, citation_label, words

# The reasons the script gives, in the words a reader of a failure understands.
REASONS = {
    "missing": "không có trên trang",
    "no-box": "không chiếm chỗ nào trên trang (bị ẩn hoặc thu gọn)",
    "display": "bị ẩn (display: none)",
    "visibility": "bị ẩn (visibility: hidden)",
    "content-visibility": "bị thu gọn, không hiện (content-visibility, <details> đóng)",
    "opacity": "trong suốt (opacity gần 0)",
    "clip-path": "bị cắt (clip-path)",
    "clip": "bị cắt (clip)",
    "overflow": "bị cắt khỏi khung chứa (overflow)",
    "off-page": "nằm ngoài trang",
    "tiny": "chữ quá nhỏ để đọc",
    "color": "cùng màu với nền hoặc trong suốt",
    "direction": "chữ đảo chiều hoặc xoay dọc (direction, unicode-bidi, writing-mode)",
    "transform": "bị xoay, lật hoặc nghiêng (transform)",
    "order": "hiện ra trước phần đứng trước nó trong văn bản (thứ tự bị đảo)",
}

# The smallest text a reader is taken to see, in CSS px (font size and the height of the word's box):
# far under any text meant to be read, so that only text shrunk on purpose is caught.
MIN_TEXT_PX = 6
# The least contrast between a word and its background that still shows it (1 = the same colour).
MIN_CONTRAST = 1.5
# Opacity, multiplied down the ancestors, under which a word is taken as not seen.
MIN_OPACITY = 0.1

# The script: returns [[text, reason, top], …] in document order, reason "" for a visible run, top the
# distance down the page at which its text node starts (null when hidden); a block boundary is
# ["\n", "", null]. Whitespace runs are kept (they separate words) with reason "".
_SCRIPT = """
(options) => {
  const skipTags = new Set(options.skipTags.map((t) => t.toUpperCase()));
  const skipClasses = options.skipClasses;
  const blockTags = new Set(options.blockTags.map((t) => t.toUpperCase()));
  const root = document.documentElement;
  const pageWidth = root.clientWidth;
  const pageHeight = Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const out = [];

  const parseColour = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = (c) => {
    const lin = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };

  // Per element: the reason its text cannot be seen whatever the word (from its own style and its
  // ancestors'), the opacity it is drawn with, the boxes that clip it, its background.
  const states = new Map();
  const stateOf = (element) => {
    if (!element || element.nodeType !== 1) {
      return {reason: "", opacity: 1, clips: [], background: [255, 255, 255, 1]};
    }
    if (states.has(element)) return states.get(element);
    const parent = stateOf(element.parentElement);
    const style = getComputedStyle(element);
    let reason = parent.reason;
    const opacity = parent.opacity * parseFloat(style.opacity || "1");
    if (!reason) {
      if (style.display === "none") reason = "display";
      else if (style.visibility !== "visible") reason = "visibility";
      // skipped by an ancestor's content-visibility: the inside of a closed <details>, among others
      // (an element of display: contents has no box of its own: its children are asked instead)
      else if (style.contentVisibility === "hidden") reason = "content-visibility";
      else if (style.display !== "contents" && !element.checkVisibility()) reason = "content-visibility";
      else if (opacity < options.minOpacity) reason = "opacity";
      else if (style.clipPath && style.clipPath !== "none") reason = "clip-path";
      else if (style.clip && style.clip !== "auto" && /absolute|fixed/.test(style.position)) reason = "clip";
      // letters or lines in another order or direction than the plan's: right to left, vertical
      else if (style.direction !== "ltr" || /override/.test(style.unicodeBidi)) reason = "direction";
      else if (style.writingMode !== "horizontal-tb") reason = "direction";
      else if (style.transform && style.transform !== "none") {
        const m = new DOMMatrix(style.transform);  // turned, mirrored or skewed (a shrink is "tiny")
        if (m.a <= 0 || m.d <= 0 || Math.abs(m.b) > 1e-6 || Math.abs(m.c) > 1e-6) reason = "transform";
      }
    }
    let clips = parent.clips;
    if (/hidden|clip/.test(style.overflowX + " " + style.overflowY) && element !== root && element !== document.body) {
      const r = element.getBoundingClientRect();
      const clipX = /hidden|clip/.test(style.overflowX), clipY = /hidden|clip/.test(style.overflowY);
      clips = clips.concat([{
        left: clipX ? r.left : -Infinity, right: clipX ? r.right : Infinity,
        top: clipY ? r.top : -Infinity, bottom: clipY ? r.bottom : Infinity,
      }]);
    }
    let background = parent.background;
    const own = parseColour(style.backgroundColor);
    if (own && own[3] > 0) background = over(own, parent.background);
    const state = {reason, opacity, clips, background, style};
    states.set(element, state);
    return state;
  };

  // The reason of the element's own style (same for every word of a text node), cached on its state.
  const styleReason = (state) => {
    if (state.styleReason !== undefined) return state.styleReason;
    const style = state.style;
    let reason = "";
    if (parseFloat(style.fontSize) < options.minTextPx) reason = "tiny";
    const colour = parseColour(style.webkitTextFillColor || style.color) || parseColour(style.color);
    if (!reason && colour) {
      if (colour[3] < options.minOpacity) reason = "color";
      const shown = over(colour, state.background);
      const [a, b] = [luminance(shown), luminance(state.background)];
      if ((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) < options.minContrast) reason = "color";
    }
    state.styleReason = reason;
    return reason;
  };
  // The reason of where the text from start to end is drawn: its boxes.
  const boxReason = (node, start, end, state) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) return "no-box";
    for (const r of rects) {
      if (r.height < options.minTextPx) return "tiny";
      const left = r.left + window.scrollX, top = r.top + window.scrollY;
      if (left < -1 || top < -1 || left + r.width > pageWidth + 1 || top + r.height > pageHeight + 1) return "off-page";
      for (const c of state.clips) {
        const width = Math.min(r.right, c.right) - Math.max(r.left, c.left);
        const height = Math.min(r.bottom, c.bottom) - Math.max(r.top, c.top);
        if (width < r.width / 2 || height < r.height / 2) return "overflow";
      }
    }
    return "";
  };

  // Where a text node starts down the page (px from the top of the document), null if it has no box.
  const topOf = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const first = [...range.getClientRects()].find((r) => r.width > 0 && r.height > 0);
    return first ? first.top + window.scrollY : null;
  };

  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        const text = child.data;
        if (!text.trim()) {
          out.push([text, "", null]);
          continue;
        }
        const state = stateOf(child.parentElement);
        const reason = state.reason || styleReason(state);
        const top = reason ? null : topOf(child);
        // The whole text node first: when all of it is seen, so is each word (the usual case, fast).
        if (reason || !boxReason(child, 0, text.length, state)) {
          out.push([text, reason, top]);
          continue;
        }
        let at = 0;
        for (const piece of text.split(/(\\s+)/)) {
          if (!piece) continue;
          out.push([piece, /^\\s+$/.test(piece) ? "" : boxReason(child, at, at + piece.length, state), top]);
          at += piece.length;
        }
      } else if (child.nodeType === 1) {
        if (skipTags.has(child.tagName) || skipClasses.some((c) => child.classList.contains(c))) continue;
        const block = blockTags.has(child.tagName);
        if (block) out.push(["\\n", "", null]);
        walk(child);
        if (block) out.push(["\\n", "", null]);
      }
    }
  };
  for (const scope of document.querySelectorAll(options.scope)) {
    out.push(["\\n", "", null]);
    walk(scope);
    out.push(["\\n", "", null]);
  }
  return out;
}
"""


# A run of text as the script gives it: (text, reason or "", top of its text node or None).
Run = tuple[str, str, float | None]


@dataclass(frozen=True)
class SeenWord:
    """A word of the page as the text lock compares it, why it is not seen ("" if it is), where its
    text node starts down the page (None if it has no box)."""

    word: str
    reason: str
    top: float | None


@dataclass(frozen=True)
class HiddenPart:
    """A part of the plan some of whose official words a reader of the page does not see, or that the
    page shows out of the plan's order."""

    part_id: str
    reasons: tuple[str, ...]  # keys of REASONS, in the order first met
    words: tuple[str, ...]  # the official words not seen, in order (the part's words if out of order)

    def describe(self, where: str = "", max_words: int = 12) -> str:
        """`/muc-i/ (390 px): Mục I.1: 57 từ người đọc không thấy (bị ẩn (display: none)): «1. Tổ chức …»`."""
        shown = " ".join(self.words[:max_words]) + (" …" if len(self.words) > max_words else "")
        why = "; ".join(REASONS.get(reason, reason) for reason in self.reasons)
        head = (f"{where}: " if where else "") + citation_label(self.part_id)
        if self.reasons == ("order",):
            return f"{head}: {why}: «{shown}»"
        return f"{head}: {len(self.words)} từ người đọc không thấy ({why}): «{shown}»"


def page_words(runs: Iterable[Run]) -> list[SeenWord]:
    """The words of the runs the script returns, each with the first reason met in it ("" if seen),
    compared as the text lock compares them (plantext.words: NFC, document numbers without spaces)."""
    chars: list[str] = []
    reasons: list[str] = []
    tops: list[float | None] = []
    for piece, reason, top in runs:
        chars.append(piece)
        reasons.extend([reason] * len(piece))
        tops.extend([top] * len(piece))
    joined = "".join(chars)
    # document numbers written with spaces ("113 - KH/ĐUK") are one word, as plantext.words has them
    pieces: list[str] = []
    merged_reasons: list[str] = []
    merged_tops: list[float | None] = []
    at = 0
    for match in docnumber.find_all(joined):
        pieces.append(joined[at : match.start()])
        merged_reasons.extend(reasons[at : match.start()])
        merged_tops.extend(tops[at : match.start()])
        canonical = docnumber.canonicalize(match.group(0))
        pieces.append(canonical)
        reason = next((r for r in reasons[match.start() : match.end()] if r), "")
        merged_reasons.extend([reason] * len(canonical))
        merged_tops.extend([tops[match.start()]] * len(canonical))
        at = match.end()
    pieces.append(joined[at:])
    merged_reasons.extend(reasons[at:])
    merged_tops.extend(tops[at:])
    joined = "".join(pieces)
    result: list[SeenWord] = []
    start = None
    for index, char in enumerate(joined + " "):
        if char.isspace():
            if start is not None:
                token = unicodedata.normalize("NFC", joined[start:index])
                reason = next((r for r in merged_reasons[start:index] if r), "")
                result.extend(SeenWord(word, reason, merged_tops[start]) for word in words(token))
                start = None
        elif start is None:
            start = index
    return result


def hidden_parts(
    runs: Iterable[Run],
    official: OfficialText,
    part_ids: list[str],
    amendments: Iterable[Amendment] = (),
) -> list[HiddenPart]:
    """The parts in `part_ids` whose official words (amendments applied) are not all seen in `runs`
    (what the script returned for one page): hidden words, official words the page does not have,
    and parts that start higher up the page than the part before them."""
    seen = page_words(runs)
    parts = textlock.expected_parts(official, part_ids, amendments)
    expected = [(part_id, word) for part_id, part in parts for word in part]
    matcher = difflib.SequenceMatcher(a=[w for _, w in expected], b=[w.word for w in seen], autojunk=False)
    match_of: list[SeenWord | None] = [None] * len(expected)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            match_of[block.a + offset] = seen[block.b + offset]
    found: dict[str, tuple[list[str], list[str]]] = {}
    for (part_id, word), match in zip(expected, match_of, strict=True):
        reason = "missing" if match is None else match.reason
        if reason:
            reasons, hidden = found.setdefault(part_id, ([], []))
            if reason not in reasons:
                reasons.append(reason)
            hidden.append(word)
    result = [HiddenPart(part_id, tuple(reasons), tuple(hidden)) for part_id, (reasons, hidden) in found.items()]
    # the order: each part starts below the start of the part before it (one column of text)
    previous: float | None = None
    at = 0
    for part_id, part in parts:
        tops = [m.top for m in match_of[at : at + len(part)] if m is not None and not m.reason and m.top is not None]
        at += len(part)
        if not tops:
            continue
        if previous is not None and tops[0] < previous - 1:
            result.append(HiddenPart(part_id, ("order",), tuple(part)))
        previous = tops[0]
    return result


def read_runs(page: Any, scope: str = "article") -> list[Run]:
    """What a reader sees of the elements `scope` (a CSS selector) of a loaded Playwright page, in
    document order: one evaluate."""
    options: Mapping[str, Any] = {
        "scope": scope,
        "skipTags": sorted(textlock.SKIPPED_TAGS),
        "skipClasses": sorted(textlock.SKIPPED_CLASSES),
        "blockTags": sorted(textlock.BLOCK_TAGS),
        "minTextPx": MIN_TEXT_PX,
        "minContrast": MIN_CONTRAST,
        "minOpacity": MIN_OPACITY,
    }
    return [(str(text), str(reason), top) for text, reason, top in page.evaluate(_SCRIPT, options)]


@dataclass(frozen=True)
class LockedPage:
    """A page of the built site that carries official words: where it is, the parts it publishes in
    their order on the page, and the elements that hold them (a CSS selector)."""

    url: str  # relative to the site: "ke-hoach-32/" (an opening), "ke-hoach-32/muc-i/", "don-vi/chi-bo/"
    part_ids: list[str]
    scope: str = "article"


def hidden_on_page(
    page: Any, official: OfficialText, locked: LockedPage, amendments: Iterable[Amendment] = ()
) -> list[HiddenPart]:
    """The parts of the plan a loaded Playwright page must publish that a reader does not fully see."""
    return hidden_parts(read_runs(page, locked.scope), official, locked.part_ids, amendments)


def official_pages(official: OfficialText, pages: Iterable[Page]) -> list[tuple[Page, list[str]]]:
    """Every page under docs/ that carries official text, with the parts it must publish (as the text
    lock has them): the home page (the opening), the section pages, the print page (all of it)."""
    result = []
    for page in pages:
        part_ids = textlock.locked_part_ids(page, official, front_matter(page.markdown))
        if part_ids:
            result.append((page, part_ids))
    return result


def url_of(path: str) -> str:
    """The address of a docs/ page relative to the site: "ke-hoach-32/muc-i.md" -> "ke-hoach-32/muc-i/"."""
    return path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"


def locked_pages(project: Project, pages: Iterable[Page]) -> list[LockedPage]:
    """Every page of the built site that carries official words: the pages of official_pages, and the
    page of each unit with its quotes of the parts this document gives it (units.check_quotes holds their
    words to the document's; here, that they are seen)."""
    result = [
        LockedPage(url_of(page.path), part_ids)
        for page, part_ids in official_pages(project.official, collection.own_pages(project, list(pages)))
    ]
    for unit in units.working_units(project):
        quoted = [
            part.id
            for assignment in units.assignments(project, unit.id)
            for part, _ in units.quoted_parts(project, assignment.citation_id)
        ]
        if quoted:
            url = units.page_path(unit.id).removesuffix(".md") + "/"
            # a unit's page may quote several documents: each document's quotes are held to its own text
            scope = f'[{units.QUOTE_ATTRIBUTE}][{units.DOCUMENT_ATTRIBUTE}="{project.document_id}"]'
            result.append(LockedPage(url, quoted, scope))
    return result

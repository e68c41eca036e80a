"""The site's own words: one spelling, "Đảng ủy", in every label, title and sentence the site writes.

The plan keeps its own spelling ("Đảng uỷ Sở", "Tỉnh uỷ", "cấp uỷ") wherever it writes so: its words on
the plan pages (held by the text lock), its clauses quoted on unit pages, its headings linked from a
section's list, the plan's header. Everything else a reader sees, and what a page tells search engines and
chats about itself (title, description, author), is the site's and writes "ủy".
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from kehoach import plantext, textlock
from kehoach.model import Project
from kehoach.pages import front_matter
from support.project import ROOT, built_page

# "Đảng uỷ", "Tỉnh uỷ", "cấp uỷ": the tone mark on the y; the site writes "ủy".
OTHER_SPELLING = re.compile(r"(?<!\w)(?:đảng|tỉnh|cấp)\s+uỷ(?!\w)", re.IGNORECASE)
HIDDEN_TAGS = {"script", "style", "template", "svg"}
META_NAMES = {"description", "author", "og:title", "og:description", "twitter:title", "twitter:description"}


def other_spellings(text: str) -> list[str]:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return [text[max(0, m.start() - 40) : m.end() + 20] for m in OTHER_SPELLING.finditer(text)]


class SiteWords(HTMLParser):
    """The text of a built page that the site writes itself: everything a reader sees and the page's
    metadata, except the plan's own words (the locked article of a plan page, a quoted clause, a link
    to a part of the plan that reads as that part's heading)."""

    def __init__(self, official: plantext.OfficialText, locked: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.official = official
        self.locked = locked
        self.stack: list[bool] = []  # per open element: are its words the plan's (left out)?
        self.link_part: plantext.Part | None = None
        self.link_text: list[str] = []
        self.chunks: list[str] = []

    def _quotes_the_plan(self, text: str) -> bool:
        every_word = " ".join(plantext.words(" ".join(f"{part.label} {part.text}" for part in self.official.parts())))
        return " ".join(plantext.words(text)) in every_word

    def _plan_words(self, tag: str, classes: set[str]) -> bool:
        if tag in HIDDEN_TAGS or "kh-quote" in classes:
            return True
        if self.locked and tag == "article":
            return True  # on a plan page the article is the plan's words (the text lock's view) …
        if tag == "button" or classes & textlock.SKIPPED_CLASSES:
            return False  # … except the site's additions in it: notes, lists, permalinks, status, buttons
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("name") or attributes.get("property")) in META_NAMES:
            # a section page's description: "Mục II.1, Kế hoạch số … ngày …: <its heading, shortened>"
            place, _, quoted = (attributes.get("content") or "").partition(": ")
            self.chunks.append(place if quoted and self._quotes_the_plan(quoted.rstrip("…")) else place + quoted)
        if tag in textlock.VOID_TAGS:
            return
        self.stack.append(self._plan_words(tag, set((attributes.get("class") or "").split())))
        if tag == "a":
            self.link_part = self.official.part(urlsplit(attributes.get("href") or "").fragment)
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in textlock.VOID_TAGS or not self.stack:
            return
        self.stack.pop()
        if tag == "a" and self.link_part is not None:
            # a link to a part of the plan that reads as its heading quotes the plan
            text = " ".join(plantext.words(" ".join(self.link_text)))
            if text not in " ".join(plantext.words(f"{self.link_part.label} {self.link_part.text}")):
                self.chunks.append(text)
            self.link_part = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1]:
            return
        (self.link_text if self.link_part is not None else self.chunks).append(data)


def site_words(html: str, official: plantext.OfficialText, locked: bool) -> str:
    parser = SiteWords(official, locked)
    parser.feed(html)
    parser.close()
    return " ".join(parser.chunks)


def test_the_site_words_of_a_page_leave_out_the_plan_s_words_only(project: Project) -> None:
    html = (
        '<html><head><meta name="description" content="của Đảng uỷ Sở"><title>Đảng ủy Sở</title></head><body>'
        '<nav><a href="../muc-ii-1/#muc-ii-1">1. Nâng cao nhận thức, trách nhiệm của cấp uỷ, chi bộ</a>'
        '<a href="../don-vi/dang-uy-so/">Đảng uỷ Sở</a></nav><article><p>Đảng uỷ Sở Văn hóa</p>'
        '<p class="kh-extra">Báo cáo về Tỉnh uỷ</p></article></body></html>'
    )
    found = other_spellings(site_words(html, project.official, locked=True))
    assert len(found) == 3, found  # the description, the unit link, the note; not the heading, not the article
    assert not any("Văn hóa" in f for f in found)
    quoted = '<article><blockquote class="kh-quote"><p>của cấp uỷ, chi bộ</p></blockquote><p>Tỉnh uỷ</p></article>'
    assert other_spellings(site_words(quoted, project.official, locked=False)) == ["Tỉnh uỷ"]


@pytest.mark.build
def test_the_site_s_own_words_spell_dang_uy_one_way_on_every_built_page(project, doc_pages, built_site: Path):
    locked = {
        built_page(built_site, page.path)
        for page in doc_pages
        if textlock.locked_part_ids(page, project.official, front_matter(page.markdown))
    }
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20 and len(locked) >= 7
    found = {
        str(path.relative_to(built_site)): spellings
        for path in pages
        if (
            spellings := other_spellings(site_words(path.read_text(encoding="utf-8"), project.official, path in locked))
        )
    }
    assert found == {}, "trang ghi «uỷ» ở chữ của trang web (cần «ủy»):\n" + "\n".join(
        f"{page}: {spellings}" for page, spellings in found.items()
    )


def test_the_names_the_site_prints_and_its_metadata_write_dang_uy(project: Project) -> None:
    """Fast: the unit names that label pages, links and lists, and what the site says of itself."""
    assert [unit.name for unit in project.units.values() if other_spellings(unit.name)] == []
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for key in ("site_name", "site_description", "site_author"):
        assert other_spellings(str(config.get(key, ""))) == [], key


def test_the_header_keeps_the_plan_s_own_spelling_of_the_issuer(project: Project) -> None:
    """The plan's header writes "ĐẢNG UỶ SỞ …": the header takes the plan's spelling, the labels the site's."""
    assert project.header_name(project.plan.issuer) == "ĐẢNG UỶ SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    assert project.unit(project.plan.issuer).name == "Đảng ủy Sở Văn hóa, Thể thao và Du lịch"
    assert project.header_name(project.plan.superior) == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"


@pytest.mark.build
def test_the_footer_names_the_previous_and_next_page_in_full(built_site: Path):
    html = (built_site / "ke-hoach-32" / "muc-i" / "index.html").read_text(encoding="utf-8")
    directions = re.findall(r'<span class="md-footer__direction">\s*(.*?)\s*</span>', html)
    assert directions == ["Trang trước", "Trang sau"]  # Material's Vietnamese says a bare "Trước", "Sau"

"""What a reader needs to cite a part of the plan from its page: the short number shown above a
heading ("Mục II.1"), the citation in words, and a page description for search engines.

Plain data from the model; overrides/partials/reading-citations.html writes it into the page and
docs/assets/reading.js turns it into copy controls.
"""

from __future__ import annotations

from .model import Project
from .plantext import OPENING_ID, citation_label
from .views import citation_words

DESCRIPTION_LENGTH = 160  # what search engines show of a description


def page_citations(project: Project, part_ids: list[str]) -> list[dict[str, str]]:
    """One entry per citable part of a page, in the page's order: id, label, words, kind."""
    entries = []
    for citation_id in part_ids:
        kind = "opening" if citation_id == OPENING_ID else project.part(citation_id).kind
        entries.append(
            {
                "id": citation_id,
                "label": citation_label(citation_id),
                "words": citation_words(project, citation_id),
                "kind": kind,
            }
        )
    return entries


def page_description(project: Project, part_ids: list[str]) -> str | None:
    """A description of a section page: where it stands in the plan, then its heading, shortened.

    None for a page that does not start with a part of the plan (the opening page keeps the site's
    description; the register pages carry their own in front matter).
    """
    if not part_ids or part_ids[0] == OPENING_ID:
        return None
    part = project.part(part_ids[0])
    plan = project.plan
    text = f"{citation_label(part.id)}, {plan.label} ngày {plan.date_text}: {part.text}"
    return shorten(text, DESCRIPTION_LENGTH)


def shorten(text: str, limit: int) -> str:
    """`text` cut at the last space before `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"

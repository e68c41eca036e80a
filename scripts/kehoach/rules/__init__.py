"""The cross-reference rules (KH2xx-KH4xx, KH6xx), each a small function yielding findings.

`check_project` in kehoach.checks is the one entry point; it calls `check_references` for the rules
that need a valid data model and `check_hygiene` for the text rules that need only the files.
Every lookup goes through the indexes of `Context`, built once per run, so the rules stay linear
in the size of the registry and the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding
from ..model import Project
from ..pages import Page
from . import hygiene, mentions, numbers, relations
from .context import Context

REFERENCE_RULES = (
    numbers.check_number_form,
    numbers.check_kind_code,
    numbers.check_issuer_code,
    numbers.check_unique_numbers,
    relations.check_implements_exist,
    relations.check_implements_in_text,
    relations.check_unit_ids_exist,
    relations.check_citation_ids_exist,
    relations.check_implements_cycles,
    relations.check_unit_cycles,
    relations.check_chronology,
    relations.check_plan_cites_earlier,
    relations.check_hierarchy,
    relations.check_reporting_lines,
    relations.check_document_status,
    mentions.check_typed_numbers,
    mentions.check_mention_dates,
    mentions.check_mention_issuers,
    mentions.check_unit_assignments,
    mentions.check_owners_named,
    mentions.check_named_units_assigned,
    mentions.check_unused_entries,
)


def check_references(
    project: Project, pages: list[Page], rules: Iterable[Callable[[Context], Iterable[Finding]]] = REFERENCE_RULES
) -> list[Finding]:
    """Findings of every rule that needs the data model (run only when the data loaded cleanly), or of
    the given `rules` of REFERENCE_RULES."""
    context = Context(project, pages)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule(context))
    return findings


def check_references_by_rule(
    project: Project, pages: list[Page], rules: Iterable[Callable[[Context], Iterable[Finding]]]
) -> dict[str, list[Finding]]:
    """The findings of each of `rules` (of REFERENCE_RULES), by the rule's name, over one Context."""
    context = Context(project, pages)
    return {rule.__name__: list(rule(context)) for rule in rules}


check_hygiene = hygiene.check_files
check_page_hygiene = hygiene.check_page_files
check_data_hygiene = hygiene.check_data_files
read_pages_safely = hygiene.read_pages_safely

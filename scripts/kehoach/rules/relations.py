"""KH3xx: relations between the entries of data/: ids that exist, no cycles, chronology, hierarchy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..codes import rule
from ..findings import Finding, suggest
from ..model import Document
from .context import DEADLINES, DOCUMENTS, RULE_SUGGESTIONS, UNITS, Context


def _date(doc: Document) -> str:
    return doc.date_text or "chưa rõ"


def check_implements_exist(context: Context) -> Iterator[Finding]:
    """KH301: every `implements` target is a document of the registry."""
    documents = context.project.documents
    for doc in documents.values():
        for i, target in enumerate(doc.implements):
            if target not in documents:
                yield context.finding(
                    DOCUMENTS,
                    doc.id,
                    ("implements", i),
                    "KH301",
                    f"«{doc.id}» triển khai văn bản «{target}» nhưng sổ văn bản không có id này"
                    f"{suggest(target, documents, limit=RULE_SUGGESTIONS)}",
                )


def check_unit_ids_exist(context: Context) -> Iterator[Finding]:
    """KH302: issuer, superior, parent and owner name units of data/units.yml."""
    units = context.project.units
    where = {
        "issuer": "đơn vị ban hành",
        "superior": "cấp trên",
        "parent": "đơn vị cấp trên",
        "owner": "đơn vị chủ trì",
    }

    def missing(file: str, entry_id: str, key: str, value: str) -> Finding:
        return context.finding(
            file,
            entry_id,
            (key,),
            "KH302",
            f"{where[key]} ({key}) «{value}» của «{entry_id}» không có trong data/units.yml"
            f"{suggest(value, units, limit=RULE_SUGGESTIONS)}",
        )

    for doc in context.project.documents.values():
        if doc.issuer not in units:
            yield missing(DOCUMENTS, doc.id, "issuer", doc.issuer)
        if doc.superior is not None and doc.superior not in units:
            yield missing(DOCUMENTS, doc.id, "superior", doc.superior)
    for unit in units.values():
        if unit.parent is not None and unit.parent not in units:
            yield missing(UNITS, unit.id, "parent", unit.parent)
    for deadline in context.project.deadlines.values():
        if deadline.owner not in units:
            yield missing(DEADLINES, deadline.id, "owner", deadline.owner)


def check_citation_ids_exist(context: Context) -> Iterator[Finding]:
    """KH303: a deadline's `section` and a unit's `assigned` are citation ids of the plan."""
    parts = context.parts
    for deadline in context.project.deadlines.values():
        if deadline.section not in parts:
            yield context.finding(
                DEADLINES,
                deadline.id,
                ("section",),
                "KH303",
                f"mục (section) «{deadline.section}» của mốc «{deadline.id}» không có trong Kế hoạch"
                f"{suggest(deadline.section, parts, limit=RULE_SUGGESTIONS)}",
            )
    for unit in context.project.units.values():
        for i, cid in enumerate(unit.assigned):
            if cid not in parts:
                yield context.finding(
                    UNITS,
                    unit.id,
                    ("assigned", i),
                    "KH303",
                    f"mục giao việc (assigned) «{cid}» của đơn vị «{unit.id}» không có trong Kế hoạch"
                    f"{suggest(cid, parts, limit=RULE_SUGGESTIONS)}",
                )


def check_implements_cycles(context: Context) -> Iterator[Finding]:
    """KH304: no document implements itself, directly or through others (depth-first, linear)."""
    documents = context.project.documents
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in documents:
        if start in state:
            continue
        state[start] = 1
        path = [start]
        stack = [iter(documents[start].implements)]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if target not in documents or state.get(target) == 2:
                continue
            if state.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                source = path[-1]
                i = documents[source].implements.index(target)
                yield context.finding(
                    DOCUMENTS,
                    source,
                    ("implements", i),
                    "KH304",
                    "vòng lặp triển khai: "
                    + " → ".join(cycle)
                    + f"; một văn bản không thể triển khai chính nó, bỏ «{target}» khỏi implements của «{source}»",
                )
                continue
            state[target] = 1
            path.append(target)
            stack.append(iter(documents[target].implements))


def check_unit_cycles(context: Context) -> Iterator[Finding]:
    """KH305: following `parent` from any unit ends at a unit with no parent (linear: each unit seen once)."""
    units = context.project.units
    done: set[str] = set()
    for start in units:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current in units and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = units[current].parent
        if current in on_path:
            cycle = path[path.index(current) :] + [current]
            source = path[-1]
            yield context.finding(
                UNITS,
                source,
                ("parent",),
                "KH305",
                "vòng lặp cấp trên: "
                + " → ".join(cycle)
                + f"; đơn vị «{source}» không thể là cấp dưới của chính nó, sửa parent",
            )
        done.update(path)


def check_chronology(context: Context) -> Iterator[Finding]:
    """KH306: a document does not implement one issued after it."""
    documents = context.project.documents
    for doc in documents.values():
        for i, target_id in enumerate(doc.implements):
            target = documents.get(target_id)
            if target and doc.date and target.date and target.date > doc.date:
                yield context.finding(
                    DOCUMENTS,
                    doc.id,
                    ("implements", i),
                    "KH306",
                    f"«{doc.id}» (ngày {_date(doc)}) triển khai «{target.id}» ban hành sau nó "
                    f"(ngày {_date(target)}); kiểm tra ngày của hai văn bản trong data/documents.yml",
                )


def check_plan_cites_earlier(context: Context) -> Iterator[Finding]:
    """KH307: the plan's pages cite nothing issued after the plan's own date."""
    plan = context.project.plan
    if not plan.date:
        return
    documents = context.project.documents
    seen: set[tuple[Any, ...]] = set()
    places = [(c.path, c.line, c.col, documents.get(c.doc_id)) for c in context.citations if c.on_plan_page]
    places += [(m.path, m.line, m.col, m.doc) for m in context.mentions if m.on_plan_page and m.typed]
    for path, line, col, doc in places:
        if doc and doc.date and doc.date > plan.date and (path, line, col) not in seen:
            seen.add((path, line, col))
            yield rule("KH307").at(
                path,
                line,
                col,
                f"Kế hoạch (ngày {_date(plan)}) trích dẫn «{doc.number or doc.id}» ban hành ngày {_date(doc)}, "
                "sau ngày của Kế hoạch; kiểm tra ngày trong data/documents.yml hoặc văn bản được trích dẫn",
            )


def check_hierarchy(context: Context) -> Iterator[Finding]:
    """KH308: the implementing document's issuer is the implemented one's issuer or below it. Only where
    the chain of parents is whole: a parent that does not exist (KH302, e.g. a unit renamed) or a cycle
    (KH305) is the one cause, reported by its own rule."""
    project = context.project
    ancestors: dict[str, set[str]] = {}
    whole: dict[str, bool] = {}

    def chain_is_whole(unit_id: str) -> bool:
        if unit_id not in whole:
            chain = project.ancestors(unit_id)
            top = project.units[chain[-1]] if chain and chain[-1] in project.units else project.units[unit_id]
            whole[unit_id] = (not chain or chain[-1] in project.units) and top.parent is None
        return whole[unit_id]

    for doc in project.documents.values():
        if doc.issuer not in project.units or not chain_is_whole(doc.issuer):
            continue
        if doc.issuer not in ancestors:
            ancestors[doc.issuer] = set(project.ancestors(doc.issuer))
        for i, target_id in enumerate(doc.implements):
            target = project.documents.get(target_id)
            if not target or target.issuer not in project.units or not chain_is_whole(target.issuer):
                continue
            if target.issuer != doc.issuer and target.issuer not in ancestors[doc.issuer]:
                low, high = project.units[doc.issuer], project.units[target.issuer]
                yield context.finding(
                    DOCUMENTS,
                    doc.id,
                    ("implements", i),
                    "KH308",
                    f"«{doc.id}» do «{low.name}» ban hành lại triển khai «{target.id}» của «{high.name}», "
                    f"đơn vị không phải cấp trên của «{low.name}» trong data/units.yml; "
                    "kiểm tra issuer của hai văn bản, hoặc parent của các đơn vị",
                )

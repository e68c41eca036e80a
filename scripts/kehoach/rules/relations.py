"""KH3xx: relations between the entries of data/: ids that exist, no cycles, chronology, hierarchy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import docnumber
from ..codes import rule
from ..findings import Finding, suggest
from ..model import Document
from ..plantext import CARRYING_OUT, carrying_out_sentence
from ..units import assigned_ids
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


def _carried_out(title: str, opening: str) -> list[str]:
    """The canonical numbers a document says it carries out, in order, once each: in its title from
    «thực hiện» on, and in the sentence of its opening that starts with «Thực hiện»."""
    start = re.search(re.escape(CARRYING_OUT), title, re.IGNORECASE)
    texts = [title[start.start() :] if start else "", carrying_out_sentence(opening)]
    return list(dict.fromkeys(docnumber.canonicalize(m.group()) for text in texts for m in docnumber.find_all(text)))


def check_implements_in_text(context: Context) -> Iterator[Finding]:
    """Both ways between a published document's `implements` and its official text. KH311: each document
    it says it implements is named in the text (the site writes «Triển khai thực hiện: …» under it and
    «Được triển khai bởi: …» under the other). KH312 (warning): each document of the registry its title
    or opening says it carries out is in `implements`."""
    view = context.project
    doc = view.documents.get(view.document_id)
    if doc is None or not doc.published:
        return
    official = view.official
    whole = " ".join([official.title, official.preamble, *(part.text for part in official.parts()), *official.closing])
    named = {docnumber.canonicalize(m.group()) for m in docnumber.find_all(whole)}
    folded = " ".join(whole.split()).casefold()
    # a document the pages name with a macro is named in the text: the text lock holds the pages to it
    # (and reports a number or date changed in data/ once, at the data: KH710)
    by_macro = {c.doc_id for c in context.citations if c.on_plan_page}
    for i, target_id in enumerate(doc.implements):
        target = view.documents.get(target_id)
        if target is None or target_id in by_macro:
            continue  # KH301, or the lock's
        number = docnumber.parse(target.number or "")
        if target.number and number is None:
            continue  # not a number (KH201)
        found = str(number) in named if number else " ".join(target.label.split()).casefold() in folded
        if not found:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("implements", i),
                "KH311",
                f"«{doc.id}» ghi triển khai «{target.id}» ({target.label}) nhưng văn bản gốc data/{doc.text}.txt "
                f"không nêu văn bản đó, nên trang không được ghi «Triển khai thực hiện: {target.label}»; "
                f"bỏ «{target.id}» khỏi implements, hoặc sửa id cho đúng văn bản mà {doc.label} nêu",
            )
    if any(target_id not in view.documents for target_id in doc.implements):
        return  # an id mistyped in implements (KH301) is the likelier cause of a document missing from it
    for carried in _carried_out(official.title, official.preamble):
        carriers = context.by_number.get(carried, [])
        for target in carriers if len(carriers) == 1 else []:  # one number, two documents: KH206
            if target.id != doc.id and target.id not in doc.implements:
                yield context.finding(
                    DOCUMENTS,
                    doc.id,
                    ("implements",),
                    "KH312",
                    f"trích yếu hoặc phần mở đầu của {doc.label} ghi thực hiện {target.label} nhưng implements của "
                    f"«{doc.id}» không có «{target.id}»; thêm «{target.id}» vào implements để hai văn bản dẫn tới nhau",
                )


def check_unit_ids_exist(context: Context) -> Iterator[Finding]:
    """KH302: issuer, superior, parent and owner name units of data/units.yml."""
    units = context.project.units
    where = {
        "issuer": "đơn vị ban hành",
        "superior": "cấp trên",
        "parent": "đơn vị cấp trên",
        "owner": "đơn vị chủ trì",
        "to": "đơn vị nhận báo cáo",
        "via": "đơn vị chuyển báo cáo",
    }

    def missing(file: str, entry_id: str, key: str, value: str, at: tuple[Any, ...] = ()) -> Finding:
        return context.finding(
            file,
            entry_id,
            at or (key,),
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
        for line in unit.reports_to:
            for key, value in (("to", line.to), ("via", line.via)):
                if value is not None and value not in units:
                    yield missing(UNITS, unit.id, key, value, ("reports_to", line.index, key))
    for deadline in context.project.deadlines.values():
        if deadline.owner is not None and deadline.owner not in units:
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
                    ("assigned", context.project.document_id, i),
                    "KH303",
                    f"mục giao việc (assigned) «{cid}» của đơn vị «{unit.id}» không có trong Kế hoạch"
                    f"{suggest(cid, parts, limit=RULE_SUGGESTIONS)}",
                )
        cited = [("reports_to", line.index, line.section) for line in unit.reports_to]
        cited += [("not_assigned", decision.index, decision.section) for decision in unit.not_assigned]
        for key, i, cid in cited:
            if cid not in parts:
                yield context.finding(
                    UNITS,
                    unit.id,
                    (key, i, "section"),
                    "KH303",
                    f"mục (section) «{cid}» trong {key} của đơn vị «{unit.id}» không có trong Kế hoạch"
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
                    f"(ngày {_date(target)}); kiểm tra ngày trong data/documents/{doc.id}.yml và data/documents/{target.id}.yml",
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
                f"sau ngày của Kế hoạch; kiểm tra ngày trong data/documents/{doc.id}.yml hoặc văn bản được trích dẫn",
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


def check_reporting_lines(context: Context) -> Iterator[Finding]:
    """KH309: a reporting line is the plan's: its clause names the body reported to and the body it
    goes through (by name or alias), and gives the unit, or a collective it belongs to, that clause."""
    units = context.project.units
    for unit in units.values():
        for line in unit.reports_to:
            i = line.index
            if line.section not in context.parts:
                continue  # KH303
            named = context.units_named(line.section)
            label = f"Mục {context.parts[line.section].number}"
            for key, target in (("to", line.to), ("via", line.via)):
                if target is None or target not in units:
                    continue  # KH302
                if target not in named:
                    shown = ", ".join(f"«{n}»" for n in units[target].names)
                    yield context.finding(
                        UNITS,
                        unit.id,
                        ("reports_to", i, key),
                        "KH309",
                        f"{label} ({line.section}) không nêu đơn vị «{target}» bằng tên nào trong {shown} "
                        f"(mục này nêu: {context.named_words(line.section)}); chỉ ghi reports_to theo đúng "
                        f"đơn vị mà mục đó nêu, hoặc bỏ dòng {key}",
                    )
            if line.section not in assigned_ids(context.project, unit.id):
                yield context.finding(
                    UNITS,
                    unit.id,
                    ("reports_to", i, "section"),
                    "KH309",
                    f"{label} ({line.section}) không giao việc cho đơn vị «{unit.id}» (không có trong assigned "
                    "của đơn vị hay của đơn vị chung chứa nó); ghi mục của Kế hoạch giao việc báo cáo cho đơn vị",
                )


def check_document_status(context: Context) -> Iterator[Finding]:
    """KH310: a document's status is whole: `replaced` names the replacing document of the registry,
    other states name none."""
    documents = context.project.documents
    for doc in documents.values():
        status = doc.status
        if status is None:
            continue
        if status.state == "replaced":
            if status.replaced_by is None:
                yield context.finding(
                    DOCUMENTS,
                    doc.id,
                    ("status", "state"),
                    "KH310",
                    f"«{doc.id}» ghi đã được thay thế nhưng không ghi văn bản thay thế; "
                    "thêm replaced_by: <id văn bản thay thế> vào status",
                )
            elif status.replaced_by not in documents or status.replaced_by == doc.id:
                yield context.finding(
                    DOCUMENTS,
                    doc.id,
                    ("status", "replaced_by"),
                    "KH310",
                    f"văn bản thay thế (replaced_by) «{status.replaced_by}» của «{doc.id}» không có trong sổ "
                    f"văn bản{suggest(status.replaced_by, documents, limit=RULE_SUGGESTIONS)}; "
                    "thêm văn bản thay thế vào sổ, hoặc sửa id",
                )
        elif status.replaced_by is not None:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("status", "replaced_by"),
                "KH310",
                f"«{doc.id}» có replaced_by nhưng state là «{status.state}»; ghi state: replaced, hoặc bỏ replaced_by",
            )

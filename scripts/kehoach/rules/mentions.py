"""KH4xx: what the pages of docs/ say about the registry.

Every document number typed in a page is in the registry, in canonical form; a date or an issuer
written right after a mention ("số 43-NQ/TW, ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng")
agrees with the registry; each unit's `assigned` items name the unit; every entry is used.
Code fences and inline code are skipped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from ..codes import rule
from ..findings import Finding, suggest
from ..units import assigned_ids
from .context import DEADLINES, DOCUMENTS, RULE_SUGGESTIONS, UNITS, Context, Mention, nfc_fold

DATE_AFTER = re.compile(
    r"\s*,?\s*ngày\s+(?:"
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
    r"|\{\{\s*doc_date\(\s*(?P<q>[\"'])(?P<id>.*?)(?P=q)\s*\)\s*\}\})"
)
ISSUER_AFTER = re.compile(r"\s*,?\s*của\s+")


def _label(mention: Mention) -> str:
    if mention.typed or mention.doc is None:
        return mention.text
    return mention.doc.number or mention.doc.id


def check_typed_numbers(context: Context) -> Iterator[Finding]:
    """KH401: a typed number is in the registry; KH402: it is written in canonical form."""
    for mention in context.mentions:
        if not mention.typed:
            continue
        canonical = mention.canonical
        if mention.doc is None:
            yield rule("KH401").at(
                mention.path,
                mention.line,
                mention.col,
                f"số hiệu «{mention.text}» không có trong sổ văn bản data/documents/ "
                "(sửa số hiệu, hoặc thêm văn bản vào sổ)"
                f"{suggest(canonical, context.by_number, noun='các số hiệu có trong sổ', limit=RULE_SUGGESTIONS)}",
            )
        elif mention.text != canonical:
            yield rule("KH402").at(
                mention.path,
                mention.line,
                mention.col,
                f"số hiệu «{mention.text}» viết chưa chuẩn; cần «{canonical}», "
                f'hoặc dùng {{{{ doc_number("{mention.doc.id}") }}}}',
            )


def _written_date(match: re.Match[str]) -> tuple[str, dt.date | None]:
    day, month, year = (match["d"], match["m"], match["y"]) if match["d"] else (match["d2"], match["m2"], match["y2"])
    written = match.group().strip(" ,")
    try:
        return written, dt.date(int(year), int(month), int(day))
    except ValueError:
        return written, None


def check_mention_dates(context: Context) -> Iterator[Finding]:
    """KH403: a date written right after a mention is the registry's date of that document."""
    for mention in context.mentions:
        doc = mention.doc
        if doc is None:
            continue
        match = DATE_AFTER.match(mention.after)
        if not match:
            continue
        label = _label(mention)
        at = (mention.path, mention.line, mention.col)
        date_mismatch = rule("KH403")
        if match["q"]:
            if match["id"] != doc.id:
                yield date_mismatch.at(
                    *at,
                    f'«{label}» đi kèm ngày của một văn bản khác: doc_date("{match["id"]}"); '
                    f'cần {{{{ doc_date("{doc.id}") }}}}',
                )
            continue
        written, date = _written_date(match)
        if date is None:
            yield date_mismatch.at(
                *at,
                f"«{label}» ghi «{written}», không phải ngày có thật; sổ văn bản ghi ngày {doc.date_text or 'chưa rõ'}",
            )
        elif doc.date is None:
            yield date_mismatch.at(
                *at,
                f"«{label}» ghi ngày {date:%d/%m/%Y} nhưng sổ văn bản chưa có ngày của «{doc.id}» (date: null); "
                f"ghi date: {date.isoformat()} vào data/documents/{doc.id}.yml nếu đã kiểm chứng",
            )
        elif date != doc.date:
            yield date_mismatch.at(
                *at,
                f"«{label}» ghi ngày {date:%d/%m/%Y} nhưng sổ văn bản ghi ngày {doc.date_text} "
                f"(data/documents/{doc.id}.yml); sửa cho khớp",
            )


def check_mention_issuers(context: Context) -> Iterator[Finding]:
    """KH404: the issuer named after a mention ("… của Ban Thường vụ Tỉnh uỷ") is the registry's issuer.

    After a date, any name or alias counts; with no date, only a unit's full name does, because
    "Nghị quyết số 43-NQ/TW của cấp ủy, các chi bộ" names who carries it out, not who issued it.
    """
    pattern = context.unit_name_pattern
    units = context.project.units
    if pattern is None:
        return
    for mention in context.mentions:
        doc = mention.doc
        if doc is None or doc.issuer not in units:
            continue
        rest = mention.after
        date = DATE_AFTER.match(rest)
        if date:
            rest = rest[date.end() :]
        of = ISSUER_AFTER.match(rest)
        if not of:
            continue
        named = pattern.match(nfc_fold(rest[of.end() : of.end() + context.longest_unit_name + 1]))
        if not named:
            continue
        unit, is_name = context.unit_names[named.group()]
        if unit.id == doc.issuer or not (date or is_name):
            continue
        issuer = units[doc.issuer]
        yield rule("KH404").at(
            mention.path,
            mention.line,
            mention.col,
            f"«{_label(mention)}» ghi là của «{rest[of.end() : of.end() + len(named.group())]}» ({unit.id}) "
            f"nhưng sổ văn bản ghi đơn vị ban hành là «{issuer.name}» ({issuer.id}); sửa cho khớp",
        )


def check_unit_assignments(context: Context) -> Iterator[Finding]:
    """KH405: each item a unit is assigned names that unit, by name or alias (any case, NFC)."""
    parts = context.parts
    folded_text: dict[str, str] = {}
    for unit in context.project.units.values():
        names = [nfc_fold(n) for n in unit.names if n.strip()]
        if not names:
            continue
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
        for i, cid in enumerate(unit.assigned):
            if cid not in parts:
                continue  # KH303
            if cid not in folded_text:
                folded_text[cid] = nfc_fold(parts[cid].text)
            if not pattern.search(folded_text[cid]):
                shown = ", ".join(f"«{n}»" for n in unit.names)
                yield context.finding(
                    UNITS,
                    unit.id,
                    ("assigned", context.project.document_id, i),
                    "KH405",
                    f"mục «{cid}» (Mục {parts[cid].number}) không nhắc tới đơn vị «{unit.id}» "
                    f"bằng tên nào trong {shown}; sửa assigned cho đúng mục giao việc, "
                    "hoặc thêm cách gọi của Kế hoạch vào aliases",
                )


def check_owners_named(context: Context) -> Iterator[Finding]:
    """KH407: a deadline's `owner` is a unit its clause names (by name or alias); where the plan names
    no one, `owner` is null."""
    units = context.project.units
    for deadline in context.project.deadlines.values():
        owner = deadline.owner
        if owner is None or owner not in units or deadline.section not in context.parts:
            continue  # KH302, KH303
        if owner not in context.units_named(deadline.section):
            shown = ", ".join(f"«{n}»" for n in units[owner].names)
            yield context.finding(
                DEADLINES,
                deadline.id,
                ("owner",),
                "KH407",
                f"mục «{deadline.section}» (Mục {context.parts[deadline.section].number}) không nêu đơn vị "
                f"«{owner}» bằng tên nào trong {shown} (mục này nêu: {context.named_words(deadline.section)}); "
                "ghi owner là đơn vị mà mục đó nêu, "
                "hoặc owner: null nếu Kế hoạch không nêu đơn vị nào",
            )


def directed_units(context: Context) -> list[str]:
    """The units the plan can give tasks to: its issuer and the units under it (by `parent`). The
    bodies above the issuer are named as the source of the plan, never as its addressees."""
    project = context.project
    issuer = project.plan.issuer
    above = set(project.ancestors(issuer))  # on a cycle of parents (KH305) every unit is above
    return [
        u.id
        for u in project.units.values()
        if u.id not in above and (u.id == issuer or issuer in project.ancestors(u.id))
    ]


def check_named_units_assigned(context: Context) -> Iterator[Finding]:
    """KH408 (warning): an item of the plan (a numbered item without ý, or an ý) that names a unit the
    plan directs, by name or alias, is assigned to that unit (its own `assigned` or a collective's it
    belongs to), unless the unit's `not_assigned` records why not. A decision that no longer applies
    (the item is assigned, or does not name the unit) is reported too."""
    project = context.project
    leaves = [part.id for part in project.official.parts() if not part.children]
    directed = directed_units(context)
    document = project.document_id
    # with several documents, the clause is named with its document
    of_document = f"của {project.plan.label} " if len(project.views) > 1 else ""
    for unit_id in directed:
        unit = project.units[unit_id]
        given = assigned_ids(project, unit_id)
        decided = {d.section: d.index for d in unit.not_assigned}
        for cid in leaves:
            named = context.units_named(cid)
            if unit_id in named and cid not in given and cid not in decided:
                number = context.parts[cid].number
                words = f"«{named[unit_id]}»" + ("" if named[unit_id] == unit.name else f" ({unit.name})")
                yield context.finding(
                    UNITS,
                    unit_id,
                    ("assigned",),
                    "KH408",
                    f"Mục {number} ({cid}) {of_document}nhắc tới {words} nhưng không giao cho "
                    f"đơn vị «{unit_id}»; "
                    f"thêm {cid} vào assigned ({document}: [{cid}]) nếu mục giao việc cho đơn vị, hoặc ghi lý do "
                    f"vào not_assigned (section: {cid}, document: {document}, reason: …)",
                )
        for cid, i in decided.items():
            if cid not in context.parts:
                continue  # KH303
            if cid in given or unit_id not in context.units_named(cid):
                why = "đã giao cho đơn vị" if cid in given else "không nhắc tới đơn vị"
                yield context.finding(
                    UNITS,
                    unit_id,
                    ("not_assigned", i, "section"),
                    "KH408",
                    f"Mục {context.parts[cid].number} ({cid}) {why}; bỏ mục này khỏi not_assigned",
                )


def check_unused_entries(context: Context) -> Iterator[Finding]:
    """KH406 (warning): every document and unit of the registry is used somewhere."""
    project = context.project
    implemented = {target for doc in project.documents.values() for target in doc.implements}
    for doc in project.documents.values():
        if doc.id != project.plan.id and doc.id not in context.cited_ids and doc.id not in implemented:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("id",),
                "KH406",
                f"văn bản «{doc.id}» ({doc.label}) có trong sổ nhưng không trang nào trích dẫn và "
                "không văn bản nào triển khai nó; trích dẫn nó, hoặc xoá mục",
            )
    used = {u.parent for u in project.units.values()}
    used |= {d.issuer for d in project.documents.values()} | {d.superior for d in project.documents.values()}
    used |= {d.owner for d in project.deadlines.values()}
    used |= {line.to for u in project.units.values() for line in u.reports_to}
    used |= {line.via for u in project.units.values() for line in u.reports_to}
    used |= {u.id for u in project.units.values() if u.assigned}
    # a member of a collective unit inherits its items; a unit that reports is in use
    used |= {u.id for u in project.units.values() if u.parent in project.units and project.units[u.parent].collective}
    used |= {r.unit for r in project.reports.values()}
    # references to a unit that does not exist (KH302): a unit whose id is close to one was most likely
    # renamed, and KH302 already says so at each reference
    dangling = [ref for ref in used if ref is not None and ref not in project.units]
    for unit in project.units.values():
        if unit.id not in used and not difflib.get_close_matches(unit.id, dangling, n=1, cutoff=0.6):
            yield context.finding(
                UNITS,
                unit.id,
                ("id",),
                "KH406",
                f"đơn vị «{unit.id}» ({unit.name}) có trong data/units.yml nhưng không văn bản, đơn vị, "
                "mốc hay mục giao việc nào dùng tới; thêm mục giao việc (assigned), hoặc xoá mục",
            )

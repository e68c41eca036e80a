"""KH2xx: the document numbers of the registry (data/documents/<id>.yml).

A number is `<số>-<loại>/<ký hiệu cơ quan ban hành>`: 43-NQ/TW. Its type code must match the
document's `kind` (model.KIND_CODES) and its issuer code the `code` of the issuing unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import docnumber
from ..docnumber import KIND_CODES
from ..findings import Finding
from ..model import Document
from .context import DOCUMENTS, Context

EXAMPLE = "dạng <số>-<loại>/<ký hiệu cơ quan>, ví dụ 43-NQ/TW"


def _numbered(context: Context) -> Iterator[tuple[Document, docnumber.DocNumber]]:
    """(document, parsed number) for each document whose number is well formed."""
    for doc in context.project.documents.values():
        if doc.number:
            parsed = docnumber.parse(doc.number)
            if parsed:
                yield doc, parsed


def check_number_form(context: Context) -> Iterator[Finding]:
    """KH201: a number written in its canonical form."""
    for doc in context.project.documents.values():
        if not doc.number:
            continue
        parsed = docnumber.parse(doc.number)
        if parsed is None:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("number",),
                "KH201",
                f"số hiệu «{doc.number}» của văn bản «{doc.id}» không phải số hiệu văn bản; cần {EXAMPLE}",
            )
        elif str(parsed) != doc.number:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("number",),
                "KH201",
                f"số hiệu «{doc.number}» của văn bản «{doc.id}» chưa viết dạng chuẩn; cần «{parsed}» "
                "(không có dấu cách)",
            )


def check_kind_code(context: Context) -> Iterator[Finding]:
    """KH202: the type code agrees with `kind`; KH203: `kind` is a known kind of document."""
    for doc in context.project.documents.values():
        expected = KIND_CODES.get(doc.kind)
        if expected is None:
            kinds = ", ".join(KIND_CODES)
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("kind",),
                "KH203",
                f"loại văn bản «{doc.kind}» của «{doc.id}» không có trong danh mục; các loại hợp lệ: {kinds}",
            )
            continue
        if not doc.number:
            continue
        parsed = docnumber.parse(doc.number)
        if parsed and parsed.type != expected:
            right = parsed._replace(type=expected)
            named = next((kind for kind, code in KIND_CODES.items() if code == parsed.type), None)
            means = f" (là ký hiệu của {named})" if named else ""
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("number",),
                "KH202",
                f"số hiệu «{doc.number}» có ký hiệu loại «{parsed.type}»{means} nhưng kind là «{doc.kind}»; "
                f"cần «{right}», hoặc sửa kind",
            )


def check_issuer_code(context: Context) -> Iterator[Finding]:
    """KH204: the issuer code of the number is the issuing unit's `code`; KH205: that unit has a code."""
    units = context.project.units
    for doc, parsed in _numbered(context):
        unit = units.get(doc.issuer)
        if unit is None:
            continue  # KH302 reports the unknown issuer
        if not unit.code:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("issuer",),
                "KH205",
                f"đơn vị ban hành «{unit.id}» ({unit.name}) chưa có ký hiệu (code) trong data/units.yml "
                f"nên không đối chiếu được «/{parsed.issuer}» của số hiệu «{doc.number}»; "
                "thêm code cho đơn vị, hoặc sửa issuer",
            )
        elif parsed.issuer != unit.code:
            right = parsed._replace(issuer=unit.code)
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("number",),
                "KH204",
                f"số hiệu «{doc.number}» có ký hiệu cơ quan «{parsed.issuer}» nhưng đơn vị ban hành "
                f"«{unit.id}» ({unit.name}) có code «{unit.code}»; cần «{right}», hoặc sửa issuer",
            )


def check_unique_numbers(context: Context) -> Iterator[Finding]:
    """KH206: two documents do not share a number."""
    for number, docs in context.by_number.items():
        for doc in docs[1:]:
            yield context.finding(
                DOCUMENTS,
                doc.id,
                ("number",),
                "KH206",
                f"số hiệu «{number}» của «{doc.id}» trùng với văn bản «{docs[0].id}»; "
                "mỗi văn bản một số hiệu: sửa số hiệu, hoặc gộp hai mục",
            )

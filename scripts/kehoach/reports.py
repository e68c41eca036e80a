"""The reports register (data/reports/<id>.yml, one file per report): the checker's rules KH901-KH910, and the build date the
site states its tracking for.

A report's number is a Party document number (the one pattern, kehoach.docnumber) of a report type
(BC), issued under the code of its unit when the unit has one: 07-BC/CB.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from . import docnumber
from .docnumber import KIND_CODES
from .findings import WARNING, Finding, suggest
from .gitdates import VIETNAM
from .model import Project, Report
from .repofiles import MAX_PDF_BYTES, is_plain_file
from .units import assigned_ids

PDF_MAGIC = b"%PDF-"

REPORTS = "reports"
REPORT_KINDS = {"Báo cáo": KIND_CODES["Báo cáo"]}  # kind -> type code of its number


def as_of() -> dt.date:
    """The day in Việt Nam (as for "Cập nhật lần cuối") the site is built for: SOURCE_DATE_EPOCH
    (reproducible builds, tests) when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), tz=VIETNAM) if epoch.isdigit() else dt.datetime.now(VIETNAM)
    return moment.date()


def file_target(project: Project, file: str) -> Path | None:
    """The file under docs/ that a report's `file` names (a path or a same-site link), or None when it
    names another site or leaves docs/."""
    parts = urlsplit(file)
    if parts.scheme or parts.netloc or file.startswith("//"):
        return None
    docs = (project.root / "docs").resolve()
    target = (docs / parts.path.lstrip("/")).resolve()
    if not target.is_relative_to(docs):
        return None
    return target


def check_reports(project: Project, today: dt.date | None = None) -> Iterator[Finding]:
    """Every finding of the reports register. `today` defaults to the build date (as_of)."""
    today = today or as_of()
    citation_ids = project.citation_ids
    known_ids = set(citation_ids)
    plan = project.plan
    seen_numbers: dict[str, str] = {}

    def at(report: Report, *keys: str | int) -> tuple[str, int, int]:
        return project.position(REPORTS, report.id, *keys)

    published = [doc.id for doc in project.documents.values() if doc.text]
    for report in project.reports.values():
        if report.document not in published:
            yield Finding(
                *at(report, "document"),
                "KH911",
                f"báo cáo «{report.id}»: «{report.document}» không phải văn bản được công bố trong "
                "data/documents/ (văn bản có khoá text); ghi id của văn bản mà báo cáo trả lời"
                f"{suggest(report.document, published, limit=12, noun='các văn bản được công bố')}",
            )
        unit = project.units.get(report.unit)
        if unit is None:
            yield Finding(
                *at(report, "unit"),
                "KH901",
                f"báo cáo «{report.id}»: không có đơn vị «{report.unit}» trong data/units.yml"
                f"{suggest(report.unit, list(project.units), limit=12)}",
            )
        assigned = assigned_ids(project, unit.id) if unit else set()
        for position, citation_id in enumerate(report.covers):
            if citation_id not in known_ids:
                yield Finding(
                    *at(report, "covers", position),
                    "KH902",
                    f"báo cáo «{report.id}»: mục «{citation_id}» không có trong Kế hoạch"
                    f"{suggest(citation_id, citation_ids, limit=12)}",
                )
            elif unit and citation_id not in assigned:
                given = ", ".join(sorted(assigned, key=citation_ids.index)) or "không có mục nào"
                yield Finding(
                    *at(report, "covers", position),
                    "KH903",
                    f"báo cáo «{report.id}»: mục «{citation_id}» không được giao cho «{unit.id}» "
                    f"({unit.name}); các mục được giao: {given}",
                    WARNING,
                )
        if plan.date and report.date < plan.date:
            yield Finding(
                *at(report, "date"),
                "KH904",
                f"báo cáo «{report.id}» ghi ngày {report.date_text}, trước ngày ban hành Kế hoạch "
                f"({plan.date_text}); kiểm tra lại ngày",
            )
        elif report.date > today:
            yield Finding(
                *at(report, "date"),
                "KH904",
                f"báo cáo «{report.id}» ghi ngày {report.date_text}, sau ngày hôm nay; "
                "chỉ ghi báo cáo đã nhận, với ngày ghi trên báo cáo",
            )
        parsed = docnumber.parse(report.number)
        if parsed is None or str(parsed) != report.number:
            hint = f"cần «{parsed}» (không có dấu cách)" if parsed else "cần dạng <số>-BC/<ký hiệu>, ví dụ 07-BC/CB"
            yield Finding(
                *at(report, "number"),
                "KH905",
                f"số hiệu «{report.number}» của báo cáo «{report.id}» không đúng dạng; {hint}",
            )
        else:
            if parsed.type not in REPORT_KINDS.values():
                right = parsed._replace(type=REPORT_KINDS["Báo cáo"])
                yield Finding(
                    *at(report, "number"),
                    "KH906",
                    f"số hiệu «{report.number}» có ký hiệu loại «{parsed.type}», không phải loại báo cáo "
                    f"({', '.join(REPORT_KINDS.values())}); cần «{right}»",
                )
            if unit and unit.code and parsed.issuer != unit.code:
                right = parsed._replace(issuer=unit.code)
                yield Finding(
                    *at(report, "number"),
                    "KH907",
                    f"số hiệu «{report.number}» có ký hiệu cơ quan «{parsed.issuer}» nhưng đơn vị "
                    f"«{unit.id}» ({unit.name}) có code «{unit.code}»; cần «{right}», hoặc sửa unit",
                )
            canonical = str(parsed)
            if canonical in seen_numbers:
                yield Finding(
                    *at(report, "number"),
                    "KH908",
                    f"số hiệu «{report.number}» của báo cáo «{report.id}» trùng với báo cáo "
                    f"«{seen_numbers[canonical]}»; mỗi báo cáo một số hiệu",
                )
            else:
                seen_numbers[canonical] = report.id
        if report.file:
            target = file_target(project, report.file)
            if target is None or not target.is_file():
                why = "không phải tệp trong docs/ của trang này" if target is None else "không có tệp này trong docs/"
                yield Finding(
                    *at(report, "file"),
                    "KH909",
                    f"tệp «{report.file}» của báo cáo «{report.id}»: {why}; đặt tệp PDF vào docs/ "
                    "(ví dụ docs/bao-cao/07-BC-CB.pdf) và ghi đường dẫn tính từ docs/",
                )
            else:
                problem = pdf_problem(target)
                if problem:
                    yield Finding(
                        *at(report, "file"),
                        "KH910",
                        f"tệp «{report.file}» của báo cáo «{report.id}» {problem}",
                    )


def pdf_problem(path: Path) -> str | None:
    """What keeps `path` from being a report's PDF, judged by its first bytes and its size (not its name)."""
    if not is_plain_file(path):
        return "không phải tệp thường của kho; đặt bản PDF thật vào docs/"
    with path.open("rb") as file:
        head = file.read(len(PDF_MAGIC))
    if head != PDF_MAGIC:
        return (
            "không phải tệp PDF (tệp PDF bắt đầu bằng «%PDF-»); xuất báo cáo ra PDF (Word: Lưu thành, chọn PDF) "
            "rồi ghi đường dẫn tới tệp đó"
        )
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        return (
            f"nặng {size / 1024 / 1024:.1f} MB, quá giới hạn {MAX_PDF_BYTES // 1024 // 1024} MB của một báo cáo; "
            "quét lại ở độ phân giải thấp hơn (150 dpi) hoặc nén PDF"
        )
    return None

#!/usr/bin/env python3
"""The mistakes editors make most, each with the message the checker gives for it, in CONTRIBUTING.md.

Each mistake is made on a throw-away copy of the project and the checker's first finding is written
between the two markers of CONTRIBUTING.md, so the guide shows what an editor really sees and cannot
drift: `python scripts/contributing_examples.py` rewrites the block, `--check` fails (exit 1) when it
is out of date (tests/test_contributing_examples.py runs it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kehoach.checks import check_project
from kehoach.findings import DataError
from kehoach.model import load_project
from kehoach.projectcopy import copy_project

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "CONTRIBUTING.md"
BEGIN = "<!-- vi-du-loi: bắt đầu (sinh bởi scripts/contributing_examples.py, không sửa tay) -->"
END = "<!-- vi-du-loi: kết thúc -->"

AMENDMENT = """
- id: dinh-chinh-2024-03-01
  date: 2024-03-01
  decision: đính chính
  section: {section}
  before: {before}
  after: {after}
  reason: Sửa lỗi đánh máy.
"""


@dataclass(frozen=True)
class Mistake:
    """One mistake: what the editor does (in the guide's words) and the edits that make it."""

    title: str
    edits: tuple[tuple[str, str, str], ...]  # (file, text, replacement): the first occurrence is replaced


def amendment(section: str, before: str, after: str) -> tuple[str, str, str]:
    """Record an amendment in data/amendments.yml (which holds `[]` while none is recorded)."""
    return ("data/amendments.yml", "\n[]\n", "\n" + AMENDMENT.format(section=section, before=before, after=after))


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "Viết mã trích dẫn liền, không có dấu cách: `{#muc-iii-1}`",
        (("docs/ke-hoach-32/muc-iii.md", "{ #muc-iii-1 }", "{#muc-iii-1}"),),
    ),
    Mistake(
        'Quên dấu đóng ngoặc của macro: `{{ doc_number("nq-43-tw" }}`',
        (("docs/ke-hoach-32/index.md", '{{ doc_number("nq-43-tw") }}', '{{ doc_number("nq-43-tw" }}'),),
    ),
    Mistake(
        "Quên dấu hai chấm sau tên khoá trong `data/units.yml`",
        (("data/units.yml", "  parent: dang-cong-san-viet-nam\n", "  parent dang-cong-san-viet-nam\n"),),
    ),
    Mistake("Thụt lề một khoá thừa một dấu cách (3 dấu cách)", (("data/units.yml", "  code: TW\n", "   code: TW\n"),)),
    Mistake(
        "Thụt lề một khoá thiếu một dấu cách",
        (("data/units.yml", "  name: Đảng bộ tỉnh\n", " name: Đảng bộ tỉnh\n"),),
    ),
    Mistake(
        "Thụt lề một khoá trong tệp của một văn bản (`data/documents/<id>.yml`), nơi các khoá viết sát đầu dòng",
        (("data/documents/nq-43-tw.yml", "\nkind: Nghị quyết\n", "\n  kind: Nghị quyết\n"),),
    ),
    Mistake(
        "Thụt lề bằng phím Tab",
        (("data/deadlines.yml", "  owner: van-phong-dang-uy\n", "\towner: van-phong-dang-uy\n"),),
    ),
    Mistake(
        "Gạch đầu dòng `- id:` của một mục bị thụt vào",
        (("data/units.yml", "- id: dang-bo-tinh\n", " - id: dang-bo-tinh\n"),),
    ),
    Mistake(
        "Mở ngoặc kép mà không đóng",
        (("data/documents/ke-hoach-32.yml", "place: Hải Dương\n", 'place: "Hải Dương\n'),),
    ),
    Mistake(
        "Giá trị có «: » mà không đặt trong ngoặc kép",
        (("data/units.yml", "  name: Đảng bộ tỉnh\n", "  name: Đảng bộ tỉnh: Hải Dương\n"),),
    ),
    Mistake(
        "Ngày viết kiểu ngày/tháng/năm trong `data/deadlines.yml`: `when: 15/12/2024`",
        (("data/deadlines.yml", 'when: "2045"', "when: 15/12/2024"),),
    ),
    Mistake(
        "Ngày viết kiểu ngày/tháng/năm trong tệp của một văn bản: `date: 29/01/2024`",
        (("data/documents/kh-113-duk.yml", "date: 2024-01-29", "date: 29/01/2024"),),
    ),
    Mistake(
        "Ngày không có thật: `date: 2023-02-29`",
        (("data/documents/kh-113-duk.yml", "date: 2024-01-29", "date: 2023-02-29"),),
    ),
    Mistake(
        "Sửa ngày của một văn bản trong `data/documents/kh-187-tu.yml` thành ngày khác với ngày Kế hoạch ghi",
        (("data/documents/kh-187-tu.yml", "date: 2023-12-25", "date: 2023-12-26"),),
    ),
    Mistake(
        "Sửa một chữ giữa một đoạn dài của Kế hoạch",
        (("docs/ke-hoach-32/muc-ii-2.md", "lối sống, thực thi công vụ", "lối sống, thực hiện công vụ"),),
    ),
    Mistake(
        "Ghi sửa đổi vào `data/amendments.yml` nhưng chưa sửa chữ trên trang",
        (amendment("muc-ii-1-2", "văn hoá, nghệ thuật", "văn hoá, văn nghệ"),),
    ),
    Mistake(
        "Chép `before` của sửa đổi là «hóa» trong khi bản đã ký viết «hoá»",
        (
            amendment("muc-ii-1-2", "văn hóa, nghệ thuật", "văn hoá, văn nghệ"),
            ("docs/ke-hoach-32/muc-ii-1.md", "văn hoá, nghệ thuật", "văn hoá, văn nghệ"),
        ),
    ),
    Mistake(
        "Đổi id của một đơn vị mà không sửa các chỗ dùng id đó",
        (("data/units.yml", "- id: dang-bo-khoi\n", "- id: dang-bo-khoi-cac-co-quan\n"),),
    ),
)


def first_finding(mistake: Mistake, root: Path = ROOT) -> str:
    """The first line the checker prints after the mistake is made on a copy of the project."""
    with tempfile.TemporaryDirectory() as temporary:
        copy = copy_project(Path(temporary) / "du-an", root)
        for name, text, replacement in mistake.edits:
            path = copy / name
            content = path.read_text(encoding="utf-8")
            if text not in content:
                raise SystemExit(
                    f"contributing_examples.py: «{text.strip()}» không còn trong {name}; "
                    "sửa danh sách MISTAKES cho khớp dữ liệu"
                )
            path.write_text(content.replace(text, replacement, 1), encoding="utf-8")
        try:
            findings = check_project(load_project(copy))
        except DataError as error:
            findings = error.findings
    return findings[0].as_text() if findings else "Không có lỗi."


def block(root: Path = ROOT) -> str:
    lines = [BEGIN, ""]
    for mistake in MISTAKES:
        lines += [f"- {mistake.title}:", "", "  ```text", f"  {first_finding(mistake, root)}", "  ```", ""]
    return "\n".join(lines + [END])


def current_block(guide: str) -> str | None:
    start, end = guide.find(BEGIN), guide.find(END)
    return guide[start : end + len(END)] if 0 <= start < end else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Viết lại ví dụ lỗi trong CONTRIBUTING.md từ trình kiểm tra")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra; mã thoát 1 nếu ví dụ đã cũ")
    args = parser.parse_args(argv)
    guide = GUIDE.read_text(encoding="utf-8")
    old = current_block(guide)
    if old is None:
        print(f"CONTRIBUTING.md thiếu cặp dấu mốc {BEGIN} … {END}", file=sys.stderr)
        return 2
    new = block()
    if old == new:
        return 0
    if args.check:
        print("Ví dụ lỗi trong CONTRIBUTING.md đã cũ: chạy `python scripts/contributing_examples.py`", file=sys.stderr)
        return 1
    GUIDE.write_text(guide.replace(old, new), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

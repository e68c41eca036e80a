"""`kehoach-import FILE [--id ID] [--root DIR]` (`make import FILE=… ID=…`): đăng một văn bản mới từ tệp.

Reads the file (kehoach.importing), writes the document into the project (kehoach.importing.write),
prints in Vietnamese what a person must check, then runs the checker (kehoach.checks) on the result
and prints its findings. Exit 0: written (the checker's findings are for the person to fix before the
pull request); 1: nothing written (the message says why and what to do); 2: wrong use of the command.
Never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from kehoach import model
from kehoach.checks import check_project
from kehoach.findings import ERROR, DataError, Finding

from . import read_file
from .errors import ImportFailed
from .write import Written, plan_import, write_plan

PROG = "kehoach-import"
HEADINGS = {
    "registry": "Sổ đăng ký: điều chưa đọc được hoặc phải đặt tạm",
    "units": "Đơn vị đã nhận ra (theo tên và tên khác trong data/units.yml)",
    "unrecognised": "Đơn vị chưa nhận ra",
    "cited": "Văn bản được dẫn chưa có trong sổ: đã thêm, chưa kiểm chứng",
    "structure": "Cách đánh số các mục (so với bản đã ký)",
    "references": "Trích dẫn chưa giải quyết được",
    "dropped": "Điều đã bỏ hoặc đổi khi đọc tệp",
}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, add_help=False, description="Đăng một văn bản mới từ tệp Word (.docx) hoặc tệp chữ (.txt).")
    p._optionals.title = "tùy chọn"
    p.add_argument("file", type=Path, help="tệp văn bản: .docx hoặc .txt")
    p.add_argument("--id", default=None, help="mã của văn bản (mặc định: theo loại và số, ví dụ ke-hoach-05)")
    p.add_argument("--root", type=Path, default=None, help="thư mục dự án (mặc định: thư mục hiện tại)")
    p.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
    return p


def run(file: Path, root: Path, doc_id: str | None = None) -> Written:
    """Read `file`, write the document into the project at `root`. ImportFailed: nothing written."""
    document = read_file(file)
    try:
        project = model.load_project(root)
    except DataError as error:
        raise ImportFailed(
            "Dữ liệu hiện có của trang đang lỗi nên chưa nhập được: "
            + "; ".join(f.as_text() for f in error.findings[:3])
            + ". Hãy chạy make check, sửa các lỗi đó rồi nhập lại."
        ) from None
    plan = plan_import(document, project, doc_id)
    files = write_plan(root, plan)
    return Written(plan.doc_id, plan.name, files, plan.review)


def report(written: Written) -> str:
    """What was written and what a person must check, in Vietnamese."""
    lines = [f"Đã ghi văn bản mã «{written.doc_id}» (chưa commit):"]
    lines += [f"  {path}" for path in written.files]
    lines += ["", "CẦN NGƯỜI KIỂM TRA:"]
    for key, heading in HEADINGS.items():
        items = written.review.get(key, [])
        lines.append(f"{heading}: {'không có' if not items else ''}".rstrip())
        lines += [f"  - {item}" for item in items]
    return "\n".join(lines) + "\n"


def check(root: Path) -> list[Finding]:
    model._cache.clear()
    try:
        return check_project(model.load_project(root))
    except DataError as error:
        return error.findings


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Vietnamese even where the locale says ASCII
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = parser().parse_args(argv)
    except UsageError as error:
        print(
            f"{PROG}: tham số không hợp lệ ({error}). Cách dùng: make import FILE=đường/dẫn/tệp.docx [ID=mã-văn-bản]",
            file=stderr,
        )
        return 2
    root: Path = args.root or Path.cwd()
    if not (root / "data").is_dir() or not (root / "docs").is_dir():
        print(f"{PROG}: «{root}» không phải thư mục dự án (cần có data/ và docs/); chỉ đúng bằng --root", file=stderr)
        return 2
    try:
        written = run(args.file, root, args.id)
    except ImportFailed as failed:
        print(f"Không nhập được «{args.file}»: {failed.message}", file=stderr)
        print("Không có tệp nào được ghi.", file=stderr)
        return 1
    except Exception as error:  # never a traceback
        print(
            f"{PROG}: lỗi nội bộ của lệnh nhập ({type(error).__name__}: {error}); không có tệp nào được ghi. "
            "Hãy báo cho người bảo trì kèm dòng này và tệp đã nhập.",
            file=stderr,
        )
        return 1
    stdout.write(report(written))
    findings = check(root)
    errors = sum(1 for f in findings if f.severity == ERROR)
    stdout.write("\nKẾT QUẢ KIỂM TRA (như make check):\n")
    stdout.write("".join(f"  {f.as_text()}\n" for f in findings) or "  Không có lỗi.\n")
    if errors:
        stdout.write(
            f"  Có {errors} lỗi, {len(findings) - errors} cảnh báo: sửa các lỗi trước khi mở pull request "
            "(xem CONTRIBUTING.md, mục 6 «Đọc thông báo của phần kiểm tra»).\n"
        )
    elif findings:
        stdout.write(
            f"  Không có lỗi; {len(findings)} cảnh báo: đọc từng cảnh báo, sửa nếu cần trước khi mở pull request.\n"
        )
    stdout.write("\nTiếp theo: xem trang bằng make serve, rồi mở một pull request (CONTRIBUTING.md).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

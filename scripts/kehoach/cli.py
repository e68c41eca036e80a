"""`kehoach-check` (`make check`): kiểm tra dữ liệu và trích dẫn của Kế hoạch.

The same checks as every `mkdocs build` and `mkdocs serve` (kehoach.checks.check_project, called
by the build). One finding per line, `path:line:col: CODE message`. The project is the current
directory unless --root names another.
Exit 0: no errors (warnings allowed); 1: errors found; 2: the check could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from .checks import check_project
from .findings import ERROR, DataError, Finding
from .model import load_project

PROG = "kehoach-check"


def as_text(findings: list[Finding]) -> str:
    return "".join(f.as_text() + "\n" for f in findings)


def as_json(findings: list[Finding]) -> str:
    rows = [
        {"path": f.path, "line": f.line, "col": f.col, "code": f.code, "severity": f.severity, "message": f.message}
        for f in findings
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: each finding shows inline on the pull request."""
    lines = []
    for f in findings:
        level = "error" if f.severity == ERROR else "warning"
        lines.append(
            f"::{level} file={_escape(f.path, True)},line={f.line},col={f.col},title={_escape(f.code, True)}"
            f"::{_escape(f.code + ' ' + f.message)}\n"
        )
    return "".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print English and exit by itself
        raise UsageError(message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        add_help=False,
        description="Kiểm tra dữ liệu (data/) và trích dẫn trong các trang (docs/) của Kế hoạch.",
    )
    p._optionals.title = "tùy chọn"
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        help="cách in kết quả: text (mặc định), json, github (chú thích trên pull request)",
    )
    p.add_argument(
        "--root", type=Path, default=None, help="thư mục dự án (có data/ và docs/; mặc định: thư mục hiện tại)"
    )
    p.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
    return p


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
            f"{PROG}: tham số không hợp lệ ({error}); các lựa chọn: --format {{{','.join(FORMATS)}}} --root THƯ_MỤC",
            file=stderr,
        )
        return 2
    root: Path = args.root or Path.cwd()
    if not (root / "data").is_dir() or not (root / "docs").is_dir():
        print(
            f"{PROG}: «{root}» không phải thư mục dự án (cần có thư mục data/ và docs/); chỉ đúng thư mục bằng --root",
            file=stderr,
        )
        return 2
    try:
        try:
            findings = check_project(load_project(root))
        except DataError as error:
            findings = error.findings
    except (OSError, ValueError) as error:
        where = getattr(error, "filename", None) or ""
        print(f"{PROG}: không đọc được dự án {where}: {error}; kiểm tra data/schema/ và quyền đọc tệp", file=stderr)
        return 2
    except Exception as error:  # never a traceback: say what happened and that it is not the editor's fault
        print(
            f"{PROG}: lỗi nội bộ của trình kiểm tra ({type(error).__name__}: {error}); "
            "dữ liệu có thể vẫn đúng, hãy báo cho người bảo trì kèm dòng này",
            file=stderr,
        )
        return 2
    stdout.write(FORMATS[args.format](findings))
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    if errors or warnings:
        print(f"Có {errors} lỗi, {warnings} cảnh báo.", file=stderr)
    else:
        print("Không có lỗi.", file=stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`make code-table`: rewrite the code table of CONTRIBUTING.md from the rule registry
(kehoach.codes). Edit the wording in scripts/kehoach/codes.py, never in the guide."""

import sys
from pathlib import Path

from kehoach.codes import with_code_table

GUIDE = Path(__file__).resolve().parents[1] / "CONTRIBUTING.md"


def main() -> int:
    text = GUIDE.read_text(encoding="utf-8")
    updated = with_code_table(text)
    if updated != text:
        GUIDE.write_text(updated, encoding="utf-8")
        print(f"Đã cập nhật bảng mã lỗi trong {GUIDE.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make pdf`: build the site, serve it on 127.0.0.1 and print each published document whole (its print
page /<id>/ban-in/) with headless Chromium into site/<text>.pdf, with title, language, outline and tags.

Usage: python scripts/make_pdf.py [--site DIR] [--no-build] [--root DIR]
Missing Chromium or fonts: a Vietnamese message with the install command, exit 2.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kehoach import printing, publish
from kehoach.browser import CHROMIUM, chromium
from kehoach.findings import DataError
from kehoach.gzipserve import SiteServer
from kehoach.model import load_project_or_fail

ROOT = Path(__file__).resolve().parents[1]

# The print CSS asks for these, in this order (docs/assets/print.css); one of them must be installed.
SERIF_FONTS = ("Times New Roman", "Liberation Serif")
INSTALL = "sudo apt-get install chromium fonts-liberation2"


class MissingTool(Exception):
    """Something the PDF cannot be made without; the message says how to install it."""


def check_prerequisites() -> None:
    problems = []
    if not CHROMIUM.is_file():
        problems.append(f"không tìm thấy trình duyệt Chromium ở {CHROMIUM}")
    if not any(font_installed(name) for name in SERIF_FONTS):
        problems.append(
            "không có phông "
            + " hoặc ".join(f"«{name}»" for name in SERIF_FONTS)
            + " (phông chữ có chân đủ dấu tiếng Việt của bản in)"
        )
    if problems:
        raise MissingTool("Chưa thể tạo bản PDF: " + "; ".join(problems) + f".\nCài bằng lệnh: {INSTALL}")


def font_installed(family: str) -> bool:
    """Is `family` itself installed (not a substitute fontconfig would offer)? Liberation Serif must
    be version 2 or later (Debian fonts-liberation2): version 1 lacks Vietnamese glyphs."""
    if not shutil.which("fc-list"):
        return False
    listing = subprocess.run(["fc-list", f":family={family}", "fontversion"], capture_output=True, text=True).stdout
    versions = [int(v) for v in re.findall(r"fontversion=(\d+)", listing)]
    minimum = 2 << 16 if family == "Liberation Serif" else 0  # fontconfig writes version 2.0 as 2 << 16
    return any(v >= minimum for v in versions)


def build(site_dir: Path, root: Path = ROOT) -> None:
    # The built pages offer the PDF this script is about to print (kehoach.publish.announced_downloads).
    announced = " ".join({*os.environ.get(publish.DOWNLOADS_ENV, "").replace(",", " ").split(), "pdf"})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", publish.DOWNLOADS_ENV: announced}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(site_dir),
        ],
        env=env,
    )
    if result.returncode:
        sys.exit(result.returncode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo bản PDF của từng văn bản từ trang Bản in của văn bản đó.")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="thư mục trang đã dựng (mặc định site/)")
    parser.add_argument("--no-build", action="store_true", help="dùng trang đã dựng sẵn, không dựng lại")
    parser.add_argument("--root", type=Path, default=ROOT, help="thư mục của kho (mặc định: kho này)")
    args = parser.parse_args(argv)
    try:
        check_prerequisites()
        project = load_project_or_fail(args.root)
    except MissingTool as error:
        print(error, file=sys.stderr)
        return 2
    except DataError as error:
        print("Dữ liệu trong data/ có lỗi, chưa thể tạo bản PDF:\n" + str(error), file=sys.stderr)
        return 1
    if not args.no_build:
        build(args.site, args.root)
    from playwright.sync_api import Error as PlaywrightError

    made = []
    print_path = printing.PRINT_URL
    try:
        with SiteServer(args.site) as server, chromium() as browser:
            for doc_id, view in project.views.items():
                output = args.site / printing.downloads(view).pdf
                print_path = f"{doc_id}/{printing.PRINT_URL}"
                printing.print_to_pdf(browser, server.url + print_path, output)
                made.append(output)
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0]
        print(
            f"Chromium không in được trang {print_path}: {first_line}\nKiểm tra Chromium bằng lệnh: "
            f"{CHROMIUM} --headless --print-to-pdf=/tmp/thu.pdf about:blank",
            file=sys.stderr,
        )
        return 1
    for output in made:
        print(f"Đã tạo {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

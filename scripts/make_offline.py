"""`make offline`: the whole site as a folder that works when opened from disk with no network
(search included), zipped into site/<plan>-offline.zip.

A separate build with Material's offline plugin switched on (KH_OFFLINE=true; it forces
use_directory_urls false). The iframe-worker shim search needs under file:// is served from the
site itself (kehoach.mkdocs_plugin), never from unpkg.com. The PDF, when `make pdf` has made
it, goes into the copy too, so its link works offline.

Usage: python scripts/make_offline.py [--site DIR] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from kehoach import printing
from kehoach.findings import DataError
from kehoach.model import load_project_or_fail
from kehoach.printing import SHIM_SOURCE

ROOT = Path(__file__).resolve().parents[1]


def build_offline(target: Path, with_pdf: bool = False) -> int:
    """Build the offline site into `target`; the build's exit code. Its pages offer the PDF only when the
    copy will hold it (kehoach.publish.announced_downloads)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KH_OFFLINE": "true", "KH_DOWNLOADS": "pdf" if with_pdf else ""}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(target)],
        env=env,
    ).returncode


def zip_folder(folder: Path, archive: Path) -> None:
    """Zip `folder` with its name as the top folder, so unzipping gives one folder to open."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, Path(folder.name) / path.relative_to(folder))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo bản dùng không cần mạng của trang (tệp .zip).")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="nơi đặt tệp .zip (mặc định site/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="thư mục tạm để dựng (mặc định build/)")
    args = parser.parse_args(argv)
    if not (ROOT / SHIM_SOURCE).is_file():
        print(
            f"Thiếu {SHIM_SOURCE}: chạy `npm ci --prefix tools/node/offline` (hoặc `make offline`, lệnh này tự cài).",
            file=sys.stderr,
        )
        return 2
    try:
        project = load_project_or_fail(ROOT)
    except DataError as error:
        print("Dữ liệu trong data/ có lỗi, chưa thể tạo bản dùng không cần mạng:\n" + str(error), file=sys.stderr)
        return 1
    offline_name = offline_zip_name()
    folder = args.work / offline_name.removesuffix(".zip")
    shutil.rmtree(folder, ignore_errors=True)
    pdfs = [args.site / printing.downloads(view).pdf for view in project.views.values()]
    if code := build_offline(folder, with_pdf=all(pdf.is_file() for pdf in pdfs)):
        return code
    for pdf in pdfs:
        if pdf.is_file():
            shutil.copy2(pdf, folder / pdf.name)
        else:
            print(
                f"Lưu ý: chưa có {pdf.name} (chạy `make pdf` trước), bản không cần mạng sẽ thiếu bản PDF.",
                file=sys.stderr,
            )
    archive = args.site / offline_name
    zip_folder(folder, archive)
    print(f"Đã tạo {archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive}")
    return 0


def offline_zip_name() -> str:
    """The zip's name as the site announces it (mkdocs.yml, plugin kehoach, `offline_name`)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    name: str = config.plugins["kehoach"].config.offline_name
    return name


if __name__ == "__main__":
    sys.exit(main())

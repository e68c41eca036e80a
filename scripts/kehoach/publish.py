"""Publishing a built site: plain functions over directories, for any engine's adapter.

A build writes into a staging directory next to the target (`site/` → `.site-dang-dung-XXXX/`); only
when every step passed is it moved into place (`publish`). A failed build removes its staging
directory and empties the target (`discard`): never a stale or half-written site where the site is
expected. While previewing (`make serve`), the emptied target gets an error page (`error_page`).
"""

from __future__ import annotations

import errno
import html
import os
import shutil
import socket
import tempfile
from pathlib import Path

STAGING_PREFIX = "-dang-dung-"

# Download buttons: a button is shown only for a file the published site will hold. The Word copy is
# made by every build; the PDF and the offline copy only by `make pdf` and `make offline`, after the build
# (Chromium prints the built print page; the offline copy is a second build). Making them in every build
# would cost 5.6 s (Chromium, measured; the build itself takes 2.4 s) and a second build (2.5-5 s, and npm)
# on each save in `make serve`; instead the
# commands that will add them say so to the build they run, in this environment variable:
# KH_DOWNLOADS="pdf offline" (scripts/make_pdf.py adds pdf; the Makefile's `offline` target both).
DOWNLOADS_ENV = "KH_DOWNLOADS"
LATER_DOWNLOADS = ("pdf", "offline")


def announced_downloads(environ: dict[str, str] | os._Environ[str]) -> frozenset[str]:
    """The downloads made after the build that its pages may offer: `KH_DOWNLOADS`, words `pdf`, `offline`."""
    words = environ.get(DOWNLOADS_ENV, "").replace(",", " ").split()
    return frozenset(word for word in words if word in LATER_DOWNLOADS)


def staging_dir(target: Path) -> Path:
    """A new empty directory beside `target`, on the same file system (so the move is a rename)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_PREFIX}", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is read by a web server
    return staging


def publish(staging: Path, target: Path) -> None:
    """Replace `target` with the finished `staging` directory."""
    target = Path(target)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-cu-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    Path(staging).rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def empty(directory: Path) -> None:
    """Remove everything inside `directory`, keeping the directory itself."""
    directory = Path(directory)
    if not directory.is_dir():
        return
    for entry in directory.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def discard(staging: Path | None, target: Path) -> None:
    """After a failed build: no staging directory left, and nothing of an older site in `target`."""
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
    empty(target)


def port_in_use(host: str, port: int) -> bool:
    """Is another program listening on host:port (so a preview server could not start there)?"""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def port_message(host: str, port: int) -> str:
    return (
        f"Cổng {port} trên {host} đang có chương trình khác dùng (có thể là một `make serve` khác đang chạy). "
        f"Dừng chương trình đó (Ctrl+C trong cửa sổ của nó), hoặc chọn cổng khác: make serve PORT={port + 1}"
    )


_ERROR_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chưa dựng được trang</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
h1 {{ color: #8b0000; font-size: 1.5rem; }}
pre {{ background: #f5f5f5; padding: 1rem; overflow-x: auto; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>Chưa dựng được trang: có lỗi cần sửa</h1>
<p>Lần dựng gần nhất dừng lại vì các lỗi dưới đây (mỗi dòng: tệp:dòng:cột: MÃ lời giải thích).
Sửa tệp được nêu rồi lưu lại: trang tự dựng lại và trình duyệt tự tải lại khi hết lỗi.</p>
<pre>{message}</pre>
{reload_script}
</body>
</html>
"""


def error_page(message: str, reload_script: str = "") -> str:
    """The page a preview shows at every address while the build is broken."""
    return _ERROR_PAGE.format(message=html.escape(message), reload_script=reload_script)


def write_error_page(directory: Path, message: str, reload_script: str = "") -> None:
    """Empty `directory` and leave only the error page, as 404.html: a preview server answers every
    address it has no file for with that page (MkDocs' does)."""
    directory = Path(directory)
    empty(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "404.html").write_text(error_page(message, reload_script), encoding="utf-8")

"""Only the repository's own files are read or published.

A pull request can add a symbolic link under docs/ that points at a file of the build machine (or at
.git/config, which may hold a token): MkDocs would copy the target's bytes into the site. It can also
replace the official text together with its page. So:
- every entry under docs/, data/ and overrides/ must be a plain file or folder, no link, nothing that
  resolves outside the checkout (`repository_findings`), and the readers of the model refuse anything else
  before opening it (`is_plain_file`);
- each official text data/<text>.txt must have the SHA-256 recorded in data/<text>.sha256, a file that only
  the office's maintainers may change (.github/CODEOWNERS): `pin_findings`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding

CHECKED_FOLDERS = ("docs", "data", "overrides")
MAX_PAGE_BYTES = 512 * 1024  # the longest page of the plan is 6 KB
MAX_PDF_BYTES = 20 * 1024 * 1024  # a scanned report of a few dozen pages; the guide states the same bound
MAX_IMAGE_BYTES = 2 * 1024 * 1024
ASSETS_DIR = "assets"  # docs/assets/: the site's own styles, scripts and images (.github/CODEOWNERS)


@dataclass(frozen=True)
class FileKind:
    """A kind of file docs/ may hold: by its name's ending, and, where a kind has one, by its first bytes."""

    what: str  # in the editors' words
    suffixes: tuple[str, ...]
    magic: tuple[bytes, ...]  # the file starts with one of these (empty: a text file, read by its checks)
    max_bytes: int
    assets_only: bool  # only in the protected docs/assets/ folder


# The one list of what docs/ may hold; anything else is refused naming the file (KH810). An .html or
# .svg page would be published as it is, outside the pages' checks, so neither is a kind editors add.
DOCS_FILE_KINDS = (
    FileKind("trang Markdown", (".md",), (), MAX_PAGE_BYTES, False),
    FileKind("tệp PDF", (".pdf",), (b"%PDF-",), MAX_PDF_BYTES, False),
    FileKind("ảnh PNG", (".png",), (b"\x89PNG\r\n\x1a\n",), MAX_IMAGE_BYTES, False),
    FileKind("ảnh JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), MAX_IMAGE_BYTES, False),
    FileKind("ảnh SVG của giao diện", (".svg",), (), MAX_PAGE_BYTES, True),
    FileKind("kiểu trình bày (CSS)", (".css",), (), MAX_PAGE_BYTES, True),
    FileKind("mã của giao diện (JavaScript)", (".js",), (), MAX_PAGE_BYTES, True),
)
NOT_PLAIN_MESSAGE = (
    "không phải tệp thường của kho (liên kết tượng trưng, hoặc tệp đặc biệt); chỉ dùng tệp thật nằm trong kho"
)

_PIN_LINE = re.compile(r"^(?P<digest>[0-9a-f]{64}) [ *](?P<name>\S+)$")
_CHANGED = (
    "Lời văn của Kế hoạch không sửa trong tệp này: thay đổi đã được phê duyệt ghi vào data/amendments.yml "
    "(xem CONTRIBUTING.md); chỉ người bảo trì được cập nhật mã trong {pin}"
)


def is_plain_file(path: Path, top: Path | None = None) -> bool:
    """A regular file reached without a symbolic link on the way down from `top` (by default, the
    file's own folder is checked too)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    if not stat.S_ISREG(mode):
        return False
    top = path.parent.parent if top is None else top
    try:  # the folders between `top` and the file (none when the file is not under `top`)
        folders = path.relative_to(top).parts[:-1]
    except ValueError:
        return True
    folder = top
    for name in folders:
        folder = folder / name
        if folder.is_symlink():
            return False
    return True


def repository_findings(root: Path) -> list[Finding]:
    """KH806 for every link, special file, or file outside the checkout under docs/, data/, overrides/;
    KH110 for a page too large to be a page. Links are not followed: the walk never leaves the
    repository."""
    findings = []
    real_root = root.resolve()
    for folder in CHECKED_FOLDERS:
        top = root / folder
        if top.is_symlink():
            findings.append(refused(top, folder))
            continue
        for directory, subdirectories, files in os.walk(top, followlinks=False):
            # an entry that is no link resolves to its folder's real path and its own name: inside the
            # checkout exactly when its folder is (the folder resolved once, not each of its entries)
            inside = Path(directory).resolve().is_relative_to(real_root)
            for name in sorted(subdirectories + files):
                path = Path(directory) / name
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) or not inside:
                    findings.append(refused(path, path.relative_to(root).as_posix()))
                elif folder == "docs" and stat.S_ISREG(mode) and (kind_problem := file_kind_finding(root, path)):
                    findings.append(kind_problem)
                elif folder == "docs" and path.suffix == ".md" and os.lstat(path).st_size > MAX_PAGE_BYTES:
                    findings.append(
                        Finding(
                            path.relative_to(root).as_posix(),
                            1,
                            1,
                            "KH110",
                            f"trang nặng {os.lstat(path).st_size // 1024} KB, quá giới hạn "
                            f"{MAX_PAGE_BYTES // 1024} KB của một trang; chia thành nhiều trang",
                        )
                    )
            subdirectories[:] = [name for name in subdirectories if not (Path(directory) / name).is_symlink()]
    return findings


def docs_kind(root: Path, path: Path) -> FileKind | None:
    """The kind a file of docs/ has by its name and folder, or None when docs/ may not hold it there."""
    in_assets = path.relative_to(root / "docs").parts[0] == ASSETS_DIR
    suffix = path.suffix  # as written: MkDocs reads «.MD» as a page too, the checker would not
    for kind in DOCS_FILE_KINDS:
        if suffix in kind.suffixes and (in_assets or not kind.assets_only) and not (in_assets and suffix == ".md"):
            return kind
    return None


def file_kind_finding(root: Path, path: Path) -> Finding | None:
    """KH810 for a file of docs/ that is not of a kind docs/ may hold there, that is not what its name says
    (its first bytes), or that is larger than its kind allows. A page too large is KH110."""
    where = path.relative_to(root).as_posix()
    kind = docs_kind(root, path)
    if kind is None:
        kinds = ", ".join(f"{k.what} ({'/'.join(k.suffixes)})" for k in DOCS_FILE_KINDS if not k.assets_only)
        return Finding(
            where,
            1,
            1,
            "KH810",
            f"docs/ không được chứa tệp «{path.name}»: ngoài docs/assets/ (do người bảo trì quản lý) chỉ có {kinds}, "
            "đuôi viết thường; xoá tệp, hoặc đổi nó sang một trong các dạng đó",
        )
    if kind.magic:
        with path.open("rb") as file:
            head = file.read(max(len(magic) for magic in kind.magic))
        if not any(head.startswith(magic) for magic in kind.magic):
            return Finding(
                where,
                1,
                1,
                "KH810",
                f"tệp «{path.name}» mang đuôi của {kind.what} nhưng nội dung không phải {kind.what} (các byte đầu "
                "không đúng); xuất lại tệp đúng dạng, đừng chỉ đổi tên",
            )
        size = os.lstat(path).st_size
        if size > kind.max_bytes:
            return Finding(
                where,
                1,
                1,
                "KH810",
                f"{kind.what} «{path.name}» nặng {size / 1024 / 1024:.1f} MB, quá giới hạn "
                f"{kind.max_bytes // 1024 // 1024} MB; nén hoặc giảm độ phân giải rồi lưu lại",
            )
    return None


def refused(path: Path, where: str) -> Finding:
    """KH806 for `path`, shown as `where` (its path in the repository)."""
    if path.is_symlink():
        target = os.readlink(path)
        message = (
            f"«{where}» là liên kết tượng trưng (tới «{target[:80]}»); trang chỉ được công bố tệp thật nằm "
            "trong kho: xoá liên kết, chép nội dung cần dùng vào một tệp thường"
        )
    else:
        message = f"«{where}» {NOT_PLAIN_MESSAGE}"
    return Finding(where, 1, 1, "KH806", message)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def pin_findings(root: Path, texts: list[str]) -> list[Finding]:
    """KH111 when the official text data/<text>.txt of a published document is not the one whose SHA-256
    its pin data/<text>.sha256 records."""
    return [finding for text in texts for finding in _pin_findings(root, f"data/{text}.txt", f"data/{text}.sha256")]


def _pin_findings(root: Path, official_text: str, official_pin: str) -> list[Finding]:
    text, pin = root / official_text, root / official_pin
    changed = _CHANGED.format(pin=official_pin)
    if not is_plain_file(pin):
        return [Finding(official_pin, 1, 1, "KH111", "thiếu tệp ghi mã SHA-256 của văn bản gốc; " + changed)]
    match = _PIN_LINE.match(pin.read_text(encoding="utf-8", errors="replace")[:1000].strip())
    if not match or match["name"] != official_text:
        return [
            Finding(
                official_pin,
                1,
                1,
                "KH111",
                f"tệp phải có đúng một dòng «<mã SHA-256> {official_text}» (dạng của lệnh sha256sum)",
            )
        ]
    if not is_plain_file(text):
        return []  # reported by the model (KH100 or KH806)
    actual = sha256(text)
    if actual != match["digest"]:
        return [
            Finding(
                official_text,
                1,
                1,
                "KH111",
                f"văn bản gốc đã bị thay đổi: mã SHA-256 của tệp là {actual[:12]}…, khác mã "
                f"{match['digest'][:12]}… ghi trong {official_pin}. {changed}",
            )
        ]
    return []

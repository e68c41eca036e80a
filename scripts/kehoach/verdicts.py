"""Validations remembered by content: a check that passed for some exact content is not run again for
the same content (a marker file named by its SHA-256 in the user's cache folder, `cache_dir`).

The cache lives outside the checkout on purpose: a pull request can add any file to the repository,
and a marker (or compiled template) it brought would make the build skip a validation (or run its
code). What is outside the checkout, only this machine's own builds have written.

Loading a validator costs more than the rest of a build's own work (jsonschema with its dependencies,
the Akoma Ntoso schema): unchanged data and exports skip it; anything changed is validated in full.
A read-only checkout simply validates every time."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema


def cache_dir() -> Path:
    """The cache folder, outside any checkout: $XDG_CACHE_HOME (or ~/.cache)/kehoach. Every entry is
    named by the content it vouches for, so checkouts and the tests' copies share it safely."""
    return _cache_dir(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _cache_dir(xdg_cache_home: str | None, home: str | None) -> Path:
    """cache_dir for the given values of the variables it reads (asked for hundreds of times a build)."""
    return Path(xdg_cache_home or Path.home() / ".cache") / "kehoach"


@functools.cache
def library_version(name: str) -> str:
    """The installed version of a library, read once per process (a key part of what it makes)."""
    return importlib.metadata.version(name)


def digest(*parts: bytes) -> bytes:
    """The parts as one key part (each hashed, then the hashes together): what stays the same for many
    keys is hashed once."""
    together = hashlib.sha256()
    for part in parts:
        together.update(hashlib.sha256(part).digest())
    return together.digest()


def _marker(cache_dir: Path, kind: str, *parts: bytes) -> Path:
    return Path(cache_dir) / f"{kind}-{digest(*parts).hex()}"


def known_valid(cache_dir: Path, kind: str, *parts: bytes) -> bool:
    return _marker(cache_dir, kind, *parts).is_file()


@functools.lru_cache(maxsize=64)
def _made(folder: Path) -> Path:
    """`folder`, made if missing: once per process (a cold build writes thousands of markers into one)."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remember_valid(cache_dir: Path, kind: str, *parts: bytes) -> None:
    marker = _marker(cache_dir, kind, *parts)
    try:
        _made(marker.parent)
        marker.touch()
    except OSError:
        pass


def remembered_output(kind: str, parts: Iterable[bytes], produce: Callable[[], bytes]) -> bytes:
    """`produce()`, or what it gave before for the same `parts` (every input of the output: the
    producing module's source, library versions, the data): the Word copy and the calendar are made
    once per state of their inputs, and their libraries are not even imported otherwise."""
    path = _marker(cache_dir(), kind, *parts)
    try:
        return path.read_bytes()
    except OSError:
        pass
    content = produce()
    _store(path, content)
    return content


def _store(path: Path, content: bytes) -> None:
    """Write a cache entry whole or not at all: another build never reads half a file; a read-only cache
    stores nothing."""
    try:
        _made(path.parent)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(content)
        partial.replace(path)
    except OSError:
        pass


def remembered_lines(kind: str, parts: Iterable[bytes]) -> list[str] | None:
    """The lines remembered for `parts` (remember_lines), or None when none were."""
    try:
        text = _marker(cache_dir(), kind, *parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text.split("\n")[1:] if text.startswith("ok") else None


def remember_lines(kind: str, parts: Iterable[bytes], lines: list[str]) -> None:
    """Remember `lines` (a verdict's messages) for `parts`, whole or not at all."""
    _store(_marker(cache_dir(), kind, *parts), "\n".join(["ok", *lines]).encode("utf-8"))


def source_of(module_file: str) -> bytes:
    """The source of a module of this package, by file name (a key part: a change of code is a new
    output)."""
    return (Path(__file__).parent / module_file).read_bytes()


# The libraries whose behaviour a check or an output depends on: a new version is a new verdict.
LIBRARIES = (
    "jinja2",
    "jsonschema",
    "lxml",
    "markdown",
    "mkdocs",
    "mkdocs-macros-plugin",
    "mkdocs-material",
    "pymdown-extensions",
    "pyyaml",
)


@functools.cache
def code_key() -> bytes:
    """The checking code as a key part: every file of this package (a change of any rule or helper is a
    new verdict), the Python version and the versions of LIBRARIES. Read once per process."""
    package = Path(__file__).parent
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.digest()


def _file_digest(path: Path) -> bytes:
    """The SHA-256 of a file, read in chunks: a huge file in a pull request costs time, never memory."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").digest()


def checkout_key(root: Path, *folders: str) -> bytes:
    """Every entry under the given folders of `root`, as one key part: each file by its path and content,
    each folder by its path (an empty one too), each symbolic link by what it points to (never
    followed), anything else (a pipe, a device) by its path and kind; a folder that is itself a link, a
    file or missing by that. What a walk of the checkout (repofiles.repository_findings) and every reader
    of docs/, data/ and overrides/ can see: a verdict on the whole checkout is keyed by it."""
    digest = hashlib.sha256()

    def entry(path: Path) -> None:
        name = path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0"
        try:
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                digest.update(b"L" + name + os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
            elif stat.S_ISREG(mode):
                digest.update(b"F" + name + _file_digest(path))
            elif stat.S_ISDIR(mode):
                digest.update(b"D" + name)
            else:
                digest.update(b"O" + name + str(stat.S_IFMT(mode)).encode() + b"\0")
        except OSError as error:  # unreadable: keyed as such (the checker says why), never a traceback
            digest.update(b"E" + name + str(error.errno).encode() + b"\0")

    for folder in folders:
        top = Path(root) / folder
        if not top.exists() and not top.is_symlink():
            digest.update(b"-" + folder.encode() + b"\0")
            continue
        entry(top)
        if top.is_symlink() or not top.is_dir():
            continue
        for directory, subdirectories, files in os.walk(top, followlinks=False):
            subdirectories.sort()
            for name in sorted(subdirectories + files):
                entry(Path(directory) / name)
    return digest.digest()


def _typed(value: Any) -> str:
    return f"{type(value).__name__}:{value}"


def schema_errors(instance: Any, schema: dict[str, Any], cache_dir: Path) -> list[jsonschema.ValidationError]:
    """The JSON Schema (draft 2020-12) errors of `instance`, in path order; [] at once for content
    found valid before against the same schema by the same jsonschema version."""
    key = (
        json.dumps([instance, schema], sort_keys=True, ensure_ascii=False, default=_typed).encode("utf-8"),
        library_version("jsonschema").encode(),
    )
    if known_valid(cache_dir, "json-schema", *key):
        return []
    import jsonschema

    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))
    )
    if not errors:
        remember_valid(cache_dir, "json-schema", *key)
    return errors

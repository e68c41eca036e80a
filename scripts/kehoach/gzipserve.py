"""A tiny static server for a built site that answers as GitHub Pages does, for tests and budgets.

GitHub Pages serves `/muc-i/` from `muc-i/index.html`, redirects `/muc-i` to `/muc-i/`, answers a
missing path with `404.html` and status 404, and compresses text (HTML, CSS, JS, JSON, XML, SVG) with
gzip when the browser accepts it. Measuring bytes and Lighthouse scores behind Python's plain
`http.server` (no compression) would overstate the weight of every page.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
EXTRA_TYPES = {
    ".js": "application/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}


@dataclass
class Served:
    """What the server sent: one (path, status, body bytes, header bytes) per request, in order."""

    requests: list[tuple[str, int, int, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, path: str, status: int, body: int, headers: int) -> None:
        with self.lock:
            self.requests.append((path, status, body, headers))


def content_type(path: Path) -> str:
    kind = EXTRA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith("text/") or kind in EXTRA_TYPES.values() else kind


def make_handler(root: Path, served: Served) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()
    cache: dict[Path | None, bytes] = {}  # None: the "Not found" body

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet: tests and budgets print their own figures
            pass

        def resolve(self) -> tuple[int, Path | None, str | None]:
            url_path = unquote(urlsplit(self.path).path)
            target = (root / url_path.lstrip("/")).resolve()
            if root not in (target, *target.parents):
                return 404, root / "404.html", None
            if target.is_dir():
                if not url_path.endswith("/"):
                    return 301, None, url_path + "/"
                target = target / "index.html"
            if target.is_file():
                return 200, target, None
            return 404, root / "404.html", None

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self.answer(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self.answer(send_body=False)

        def answer(self, send_body: bool) -> None:
            status, path, location = self.resolve()
            if location is not None:
                self.send_response(status)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                served.record(self.path, status, 0, 0)
                return
            body = path.read_bytes() if path and path.is_file() else b"Not found"
            kind = content_type(path) if path and path.is_file() else "text/plain; charset=utf-8"
            gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSED_TYPES)
            if gzipped:
                if path not in cache:
                    cache[path] = gzip.compress(body, compresslevel=6, mtime=0)
                body = cache[path]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.send_header("Vary", "Accept-Encoding")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            header_bytes = sum(len(line) for line in getattr(self, "_headers_buffer", [])) + 2
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            served.record(self.path, status, len(body), header_bytes)

    return Handler


class SiteServer:
    """Serve `root` on 127.0.0.1 in a background thread: `with SiteServer(site) as server: server.url`."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.served = Served()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), make_handler(Path(root), self.served))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

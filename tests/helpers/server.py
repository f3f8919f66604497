"""A tiny static HTTP server for the built site, on 127.0.0.1 and a free port, in a background thread.

It can serve the site under a sub-path only (as GitHub Pages serves a project site), answers 404 with
the site's own 404.html as Pages does, and records every request so tests can prove what was asked for.
"""

from __future__ import annotations

import http.server
import posixpath
import sys
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser that navigates away mid-download resets its connection: not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class RequestRecord:
    method: str
    path: str
    status: int


@dataclass
class StaticServer:
    """Serve `root` at http://127.0.0.1:<port><prefix>; `prefix` is "/" or "/sub-path/".

    Nothing it serves may be stored (`Cache-Control: no-store`), so that every load fetches what it
    shows, unless `max_age` is given: then what a page loads (stylesheets, scripts, icons, data: every
    file but a page's HTML) is served with `max-age`, as a static host serves it (GitHub Pages: 600 s),
    and a browser reuses it from page to page instead of asking for it again."""

    root: Path
    prefix: str = "/"
    log: list[RequestRecord] = field(default_factory=list)
    max_age: int | None = None

    def __post_init__(self) -> None:
        if not (self.prefix.startswith("/") and self.prefix.endswith("/")):
            raise ValueError(f"prefix must start and end with '/': {self.prefix!r}")
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="site-server", daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The site's root URL, with a trailing slash."""
        return self.origin + self.prefix

    def start(self) -> StaticServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            # Correct types for what the site ships; the stdlib map lacks some on minimal systems.
            extensions_map = {
                **http.server.SimpleHTTPRequestHandler.extensions_map,
                ".html": "text/html; charset=utf-8",
                ".css": "text/css; charset=utf-8",
                ".js": "text/javascript; charset=utf-8",
                ".mjs": "text/javascript; charset=utf-8",
                ".json": "application/json",
                ".svg": "image/svg+xml",
                ".txt": "text/plain; charset=utf-8",
                ".xml": "application/xml",
                ".csv": "text/csv; charset=utf-8",
                ".wasm": "application/wasm",
                ".pf_meta": "application/octet-stream",
                ".pf_index": "application/octet-stream",
                ".pf_fragment": "application/octet-stream",
                ".pagefind": "application/octet-stream",
            }

            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(server.root), **kwargs)

            def translate_path(self, path: str) -> str:
                # Only paths under the prefix exist; the rest maps to a name that never does.
                clean = urllib.parse.urlsplit(path).path
                if not clean.startswith(server.prefix):
                    return str(server.root / "\0outside-prefix")
                return super().translate_path("/" + clean[len(server.prefix) :])

            def send_error(self, code, message=None, explain=None):
                page = server.root / "404.html"
                if code == 404 and page.is_file():
                    body = page.read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                    return
                super().send_error(code, message, explain)

            def send_response(self, code, message=None):
                server.log.append(RequestRecord(self.command, self.path, code))
                self.status = code
                super().send_response(code, message)

            def end_headers(self):
                self.send_header("Cache-Control", self.cache_control())
                super().end_headers()

            def cache_control(self) -> str:
                path = urllib.parse.urlsplit(self.path).path
                if server.max_age is None or self.status not in (200, 304) or path.endswith(("/", ".html")):
                    return "no-store"
                return f"max-age={server.max_age}"

            def log_message(self, format, *args):  # noqa: A002 - stdlib signature
                pass  # quiet: the request log above is what tests read

        return Handler


def url_to_file(root: Path, url_path: str) -> Path | None:
    """The file a static host would serve for `url_path` (relative to the site root), or None."""
    path = posixpath.normpath("/" + urllib.parse.unquote(url_path))
    if path.startswith("/.."):
        return None
    candidate = root / path.lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None

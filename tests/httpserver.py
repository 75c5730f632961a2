"""A real HTTP server on 127.0.0.1 for tests, with per-path scripted behaviour.

Each route is a function (request) -> Reply; a Reply may stream its body in
chunks with pauses (slow servers) or close the connection mid-body.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from contextlib import contextmanager
from typing import Callable, Iterator


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunk_delay: float = 0.0  # seconds between 1 KB chunks
    delay: float = 0.0  # seconds before answering
    gzip: bool = False


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class TestServer:
    def __init__(self):
        self.routes: dict[str, Callable[[Request], Reply]] = {}
        self.hits: dict[str, int] = defaultdict(int)
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                req = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.requests.append(req)
                path = self.path.split("?")[0]
                server.hits[path] += 1
                route = server.routes.get(self.path) or server.routes.get(path)
                reply = route(req) if route else Reply(404, b"not found")
                if reply.delay:
                    time.sleep(reply.delay)
                body = gzip.compress(reply.body) if reply.gzip else reply.body
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if reply.chunk_delay:
                    for i in range(0, len(body), 1024):
                        try:
                            self.wfile.write(body[i:i + 1024])
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(reply.chunk_delay)
                else:
                    try:
                        self.wfile.write(body)
                    except OSError:
                        pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, fn: Callable[[Request], Reply] | Reply) -> None:
        self.routes[path] = fn if callable(fn) else (lambda req, r=fn: r)

    def start(self) -> "TestServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for a server whose settings must name its own address)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_app(app, port: int | None = None) -> Iterator[str]:  # noqa: ANN001
    """Run an ASGI app with uvicorn on 127.0.0.1 for the duration of the block; yields its base URL."""
    import uvicorn

    port = port or free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)

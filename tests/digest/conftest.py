"""Fixtures for the digest tests: a seeded store and real SMTP servers on 127.0.0.1."""
from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from monitor.store.db import open_store
from tests.digest.seed import seed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it accepts and can refuse recipients or the whole message."""

    refuse: set[str] = field(default_factory=set)  # recipients answered 550
    data_reply: str | None = None  # e.g. "451 4.3.0 try again later"
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, N802
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        if self.data_reply:
            return self.data_reply
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.received if address in rcpts]


@pytest.fixture
def smtp():
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-connection chatter
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def dropping_server():
    """A TCP server that accepts and hangs up at once, like a crashing MTA."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    stop = threading.Event()

    def serve() -> None:
        srv.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join()
    srv.close()


@pytest.fixture
def stalling_server():
    """SMTP servers that stop answering: `silent` never sends its greeting; `after_data` takes the
    whole message and then never confirms it (the case where a resend is right: it was not accepted)."""
    stop = threading.Event()
    servers: list[socket.socket] = []

    def session(conn: socket.socket, mode: str) -> None:
        with conn:
            if mode == "silent":
                stop.wait()
                return
            f = conn.makefile("rb")
            conn.sendall(b"220 mx.contoh.id ESMTP\r\n")
            in_data = False
            for line in f:
                if stop.is_set():
                    return
                if in_data:
                    if line == b".\r\n":
                        stop.wait()  # swallowed: no 250, no close, until the test ends
                        return
                    continue
                cmd = line[:4].upper()
                if cmd == b"DATA":
                    in_data = True
                    conn.sendall(b"354 lanjutkan\r\n")
                elif cmd == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def start(mode: str) -> int:
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        srv.settimeout(0.1)
        servers.append(srv)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = srv.accept()
                except OSError:
                    continue
                threading.Thread(target=session, args=(conn, mode), daemon=True).start()
        threading.Thread(target=serve, daemon=True).start()
        return srv.getsockname()[1]

    yield start
    stop.set()
    for srv in servers:
        srv.close()


@pytest.fixture
def engine(settings):
    eng = open_store(settings)
    seed(eng)
    return eng


@pytest.fixture(autouse=True)
def _charts_once(request, monkeypatch):
    """The export chart takes ~0.5 s; tests that do not look at charts reuse the first one drawn per topic.
    Tests that request `real_charts` draw every chart."""
    if "real_charts" in request.fixturenames:
        return
    from monitor.export import charts

    real = charts.topic_trend_png

    def once(engine, topic, until_date, days=14, lang="id"):  # noqa: ANN001, ANN202
        key = (topic, lang)
        if key not in _CHARTS:
            _CHARTS[key] = real(engine, topic, until_date, days=days, lang=lang)
        return _CHARTS[key]

    monkeypatch.setattr(charts, "topic_trend_png", once)


_CHARTS: dict = {}


@pytest.fixture
def real_charts() -> None:
    """Request this to draw every chart with the export module (no reuse)."""

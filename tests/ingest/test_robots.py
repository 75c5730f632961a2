"""robots.txt as RFC 9309 reads it (protego): wildcards, end anchors, the longest rule winning, and the
status codes of robots.txt itself. Served by a real HTTP server on loopback."""
from __future__ import annotations

import asyncio

import pytest

from monitor.http import Fetcher
from tests.httpserver import Reply, TestServer

ROBOTS = (b"User-agent: *\n"
          b"Disallow: /*.pdf$\n"           # documents, wherever they sit, but not /laporan.pdf.html
          b"Disallow: /cari*?q=\n"         # search result pages
          b"Disallow: /berita/arsip/\n"
          b"Allow: /berita/arsip/terbuka/\n"  # the longer match wins over the Disallow above
          b"\n"
          b"User-agent: monitor-uji\n"
          b"Disallow: /khusus/\n")


@pytest.fixture
def server():
    srv = TestServer().start()
    yield srv
    srv.stop()


def _allowed(settings, url: str) -> bool:
    async def go() -> bool:
        async with Fetcher(settings) as f:
            return await f.robots_allow(url)
    return asyncio.run(go())


@pytest.mark.parametrize("path, allowed", [
    ("/berita/ekonomi/kur-naik.html", True),
    ("/unduh/laporan-umkm.pdf", False),
    ("/unduh/laporan-umkm.pdf.html", True),          # $ anchors the end
    ("/cari/hasil?q=kemitraan", False),              # * inside the path, then the query
    ("/cari/hasil?halaman=2", True),
    ("/berita/arsip/2019/kur.html", False),
    ("/berita/arsip/terbuka/kur.html", True),        # the longer Allow wins
])
def test_rfc9309_wildcards_and_longest_match(settings, server, path, allowed):
    server.route("/robots.txt", Reply(200, ROBOTS))
    assert _allowed(settings, server.url(path)) is allowed


def test_group_for_our_user_agent_replaces_the_star_group(settings, server):
    server.route("/robots.txt", Reply(200, ROBOTS))
    ours = settings.model_copy(update={"user_agent": "monitor-uji/1.0 (+https://contoh.id/bot)"})
    assert _allowed(ours, server.url("/khusus/data.html")) is False
    assert _allowed(ours, server.url("/unduh/laporan-umkm.pdf")) is True  # its own group has no such rule
    assert _allowed(settings, server.url("/khusus/data.html")) is True


@pytest.mark.parametrize("status, allowed", [(404, True), (403, True), (500, False), (503, False)])
def test_robots_status_codes(settings, server, status, allowed):
    """RFC 9309: an unavailable robots.txt (4xx) allows everything; an unreachable one (5xx) disallows."""
    server.route("/robots.txt", Reply(status, b""))
    fast = settings.model_copy(update={"max_retries": 0})
    assert _allowed(fast, server.url("/berita/ekonomi/kur-naik.html")) is allowed

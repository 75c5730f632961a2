"""Network and content faults: each is logged and counted, the run goes on, nothing stored is harmed."""
from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
from sqlmodel import Session, func, select

from monitor.feeds.config import parse_feeds
from monitor.feeds.poll import FeedState, poll_feed
from monitor.http import Fetcher
from monitor.jobs.run import run_pass
from monitor.store.models import Article, Entry, Source
from tests.httpserver import Reply
from tests.ingest.fixtures import ARTICLES, NOW, article_html, rss


def _poll(settings, url):
    async def go():
        async with Fetcher(settings) as f:
            return await poll_feed(f, "uji", FeedState(url=url))
    return asyncio.run(go())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dns_failure(settings):
    res = _poll(settings.model_copy(update={"allowed_hosts": []}), "http://tidak-ada.invalid/rss")
    assert res.status == "error" and res.error_kind == "dns"


def test_connection_refused(settings):
    res = _poll(settings.model_copy(update={"max_retries": 1}), f"http://127.0.0.1:{_free_port()}/rss")
    assert res.status == "error" and res.error_kind == "connection"


def test_reset_mid_body(settings):
    """A server that promises 100 KB, sends 2 KB and closes."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    port = srv.getsockname()[1]

    def serve():
        for _ in range(2):
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n"
                         + b"<rss>" + b"a" * 2000)
            conn.close()
    threading.Thread(target=serve, daemon=True).start()
    res = _poll(settings.model_copy(update={"max_retries": 1}), f"http://127.0.0.1:{port}/rss")
    srv.close()
    assert res.status == "error" and res.error_kind == "connection"


def test_tls_error(settings, server):
    """https to a plain-HTTP port: the TLS handshake fails."""
    server.route("/rss", Reply(200, b"<rss/>"))
    res = _poll(settings.model_copy(update={"max_retries": 0}), server.base.replace("http://", "https://") + "/rss")
    assert res.status == "error" and res.error_kind == "connection"


def test_one_host_timing_out_does_not_hold_up_the_others(settings, engine, server):
    """A host that never answers in time costs its own timeout, not everybody's poll."""
    from tests.httpserver import TestServer

    slow = TestServer().start()
    try:
        slow.route("/rss", Reply(200, b"<rss/>", delay=3))
        for i in range(5):
            server.route(f"/f{i}.xml", Reply(200, rss(server.base, [{"title": f"Berita {i}", "link": server.url(f"/a{i}.html")}])))
        text = "feeds:\n" + "".join(f"  - id: ok{i}\n    name: ok\n    url: {server.url(f'/f{i}.xml')}\n" for i in range(5))
        text += f"  - id: lambat\n    name: lambat\n    url: {slow.url('/rss')}\n"
        s = settings.model_copy(update={"read_timeout": 0.5, "max_retries": 0, "fetch_articles": False})
        t = time.monotonic()
        report = asyncio.run(run_pass(s, engine, parse_feeds(text), force=True, analyse=False))
        assert time.monotonic() - t < 3
        assert report.feeds_polled == 6 and report.feed_errors["timeout"] == 1 and report.new_entries == 5
        with Session(engine) as db:
            assert db.get(Source, "lambat").consecutive_failures == 1
            assert db.get(Source, "ok0").last_status == "ok"
    finally:
        slow.stop()


@pytest.mark.parametrize("body, kind", [
    (b"", "not_a_feed"),
    (b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>rusak", None),
    (b"<html><body><h1>503 Service Unavailable</h1><p>Coba lagi nanti.</p></body></html>", "not_a_feed"),
])
def test_empty_invalid_and_error_page_feeds(settings, server, body, kind):
    server.route("/f.xml", Reply(200, body))
    res = _poll(settings, server.url("/f.xml"))
    if kind:
        assert res.status == "error" and res.error_kind == kind
    else:
        assert res.status in ("ok", "error")  # a truncated first item may or may not be usable; never a crash


def test_fifty_megabyte_feed_is_refused(settings, server):
    server.route("/huge.xml", Reply(200, b"<rss>" + b"x" * 50_000_000 + b"</rss>"))
    res = _poll(settings, server.url("/huge.xml"))
    assert res.error_kind == "too_large"


def test_items_without_links_dates_or_with_future_dates(settings, engine, server):
    body = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Aneh</title>
<item><title>Tanpa tautan</title><description>Kementerian mendorong kemitraan UMKM.</description></item>
<item><title>Tanpa tanggal</title><link>{server.url('/x1.html')}</link></item>
<item><title>Dari masa depan</title><link>{server.url('/x2.html')}</link><pubDate>Mon, 01 Jan 2046 10:00:00 +0700</pubDate></item>
</channel></rss>""".encode()
    server.route("/odd.xml", Reply(200, body))
    s = settings.model_copy(update={"fetch_articles": False})
    feeds = parse_feeds(f"feeds:\n  - id: aneh\n    name: Aneh\n    url: {server.url('/odd.xml')}\n")
    asyncio.run(run_pass(s, engine, feeds, force=True, analyse=False))
    asyncio.run(run_pass(s, engine, feeds, force=True, analyse=False))  # and again: no duplicates
    with Session(engine) as db:
        entries = db.exec(select(Entry).order_by(Entry.id)).all()
    assert len(entries) == 3
    assert all(e.published is None for e in entries)  # a future date is not trusted
    assert entries[0].url is None and entries[0].entry_key.startswith("nolink:")


def test_article_page_with_no_text_is_skipped(settings, engine, server):
    server.route("/empty.html", Reply(200, b"<html><head><title>Kosong</title></head><body><nav>Menu</nav></body></html>"))
    server.route("/f.xml", Reply(200, rss(server.base, [{"title": "Kosong", "link": server.url("/empty.html")}])))
    feeds = parse_feeds(f"feeds:\n  - id: k\n    name: K\n    url: {server.url('/f.xml')}\n")
    report = asyncio.run(run_pass(settings, engine, feeds, force=True, analyse=False))
    assert report.skipped["no_text"] == 1


JAVANESE = ("Pamarentah Kabupaten ngendika menawa para pelaku usaha cilik kudu entuk pambiyantu saka bank. "
            "Kula sampun matur marang panjenengan, nanging dereng wonten wangsulan saka kantor. Warga uga ora ngerti "
            "kapan program iku bakal diwiwiti, amarga durung ana kabar saka dinas. Sing penting para pedagang pasar "
            "isih bisa dodolan lan entuk bathi kanggo nyukupi kabutuhan saben dina.")


def test_javanese_and_english_pages_are_skipped(settings, engine, server):
    html = article_html("kur").replace(b"JAKARTA - Penyaluran", b"XX")
    body_start, body_end = html.index(b"<p>XX"), html.index(b"<p>Baca juga")
    jv = html[:body_start] + f"<p>{JAVANESE}</p><p>{JAVANESE}</p>".encode() + html[body_end:]
    server.route("/jv.html", Reply(200, jv))
    server.route("/en.html", Reply(200, article_html("english")))
    server.route("/f.xml", Reply(200, rss(server.base, [{"title": "Jawa", "link": server.url("/jv.html")},
                                                        {"title": "English", "link": server.url("/en.html")}])))
    feeds = parse_feeds(f"feeds:\n  - id: k\n    name: K\n    url: {server.url('/f.xml')}\n")
    report = asyncio.run(run_pass(settings, engine, feeds, force=True, analyse=False))
    assert report.skipped == {"language:jv": 1, "language:en": 1}


def test_mojibake_charset_is_repaired(settings, engine, server):
    """A UTF-8 page labelled windows-1252 is read as UTF-8; a windows-1252 page labelled UTF-8 as windows-1252."""
    utf8_page = article_html("kemitraan").replace("Kamis".encode(), "Kamis \u2013 caf\u00e9".encode())
    server.route("/u.html", Reply(200, utf8_page, {"Content-Type": "text/html; charset=windows-1252"}))
    cp_page = article_html("kur").decode().replace("Bambang.", "Bambang \u2013 caf\u00e9.").encode("cp1252")
    server.route("/c.html", Reply(200, cp_page, {"Content-Type": "text/html; charset=utf-8"}))
    server.route("/f.xml", Reply(200, rss(server.base, [{"title": "A", "link": server.url("/u.html")},
                                                        {"title": "B", "link": server.url("/c.html")}])))
    feeds = parse_feeds(f"feeds:\n  - id: k\n    name: K\n    url: {server.url('/f.xml')}\n")
    asyncio.run(run_pass(settings, engine, feeds, force=True, analyse=False))
    with Session(engine) as db:
        texts = db.exec(select(Article.text)).all()
    assert len(texts) == 2 and all("\u2013 caf\u00e9" in t for t in texts) and not any("Ã" in t for t in texts)


class _Clock:
    """The scheduler's clock, moved by the test: 30 minutes of passes without waiting 30 minutes."""

    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now


def test_host_timing_out_for_thirty_minutes_while_others_stay_on_schedule(settings, engine, server, monkeypatch, caplog):
    """One host times out on every request for 30 (simulated) minutes of passes a minute apart.

    The healthy feeds are polled every time they fall due, the failing feed backs off instead of
    costing its timeout on every pass, each failure is logged and counted, and when the host
    answers again its items are stored once."""
    import logging
    from datetime import timedelta

    import monitor.jobs.run as run_mod
    import monitor.store.ingest as ingest_mod
    from tests.httpserver import TestServer

    clock = _Clock(NOW)
    monkeypatch.setattr(run_mod, "utcnow", clock)
    monkeypatch.setattr(ingest_mod, "utcnow", clock)
    outage_end = NOW + timedelta(minutes=30)

    def healthy(i):
        def reply(req):  # a new item on every poll, so the feed stays on its 5-minute interval
            n = server.hits[f"/f{i}.xml"]
            items = [{"title": f"Berita {i}-{k}", "link": server.url(f"/a{i}-{k}.html")} for k in range(n)]
            return Reply(200, rss(server.base, items))
        return reply

    slow = TestServer().start()
    try:
        def slow_reply(req):
            if clock.now < outage_end:
                return Reply(200, b"<rss/>", delay=1.5)
            return Reply(200, rss(slow.base, [{"title": "Kembali normal", "link": slow.url("/pulih.html")}]))
        slow.route("/rss", slow_reply)
        for i in range(3):
            server.route(f"/f{i}.xml", healthy(i))
        text = "feeds:\n" + "".join(f"  - id: ok{i}\n    name: ok\n    url: {server.url(f'/f{i}.xml')}\n"
                                    "    interval: 300\n" for i in range(3))
        text += f"  - id: lambat\n    name: lambat\n    url: {slow.url('/rss')}\n    interval: 300\n"
        s = settings.model_copy(update={"read_timeout": 0.3, "max_retries": 1, "retry_backoff": 0.05,
                                        "fetch_articles": False, "min_poll_interval": 300})
        feeds = parse_feeds(text)
        timeouts = 0
        slowest = 0.0
        caplog.set_level(logging.WARNING, logger="monitor.jobs.run")
        for minute in range(46):  # 45 minutes of passes, one a minute, like `monitor run`
            clock.now = NOW + timedelta(minutes=minute)
            t = time.monotonic()
            report = asyncio.run(run_pass(s, engine, feeds, analyse=False))
            slowest = max(slowest, time.monotonic() - t)
            timeouts += report.feed_errors.get("timeout", 0)
            with Session(engine) as db:
                for i in range(3):  # no healthy feed is ever left overdue after a pass
                    src = db.get(Source, f"ok{i}")
                    assert src.next_poll.replace(tzinfo=None) > clock.now.replace(tzinfo=None), (minute, src.id)
                    assert src.consecutive_failures == 0
        for i in range(3):
            assert server.hits[f"/f{i}.xml"] == 10  # minutes 0, 5, …, 45: on schedule throughout
        # the failing feed backed off (tried at minutes 0 and 10, then 20 minutes later, when it is back) instead of
        # being tried on all 30 passes of the outage; each try is one request plus one retry
        assert timeouts == 2 and slow.hits["/rss"] <= 2 * timeouts + 8
        assert slowest < 2 * (0.3 + 0.3) + 1.5  # a pass never waits longer than the slow host's own timeouts
        assert sum("feed poll failed" in r.getMessage() for r in caplog.records) == timeouts
        with Session(engine) as db:
            lambat = db.get(Source, "lambat")
            assert lambat.last_status in ("ok", "not_modified") and lambat.last_success is not None
            assert lambat.consecutive_failures == 0 and lambat.polls > timeouts
            titles = [e.title for e in db.exec(select(Entry).where(Entry.source_id == "lambat")).all()]
            assert titles == ["Kembali normal"]  # stored once after the outage, not on every later poll
            per_feed = db.exec(select(Entry.source_id, func.count()).group_by(Entry.source_id)).all()
        assert dict(per_feed) == {"ok0": 10, "ok1": 10, "ok2": 10, "lambat": 1}
    finally:
        slow.stop()

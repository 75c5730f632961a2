"""Feed HTTP behaviour against a real loopback server."""
from __future__ import annotations

import asyncio
import gzip
import time

import pytest

from monitor.errors import FetchError
from monitor.feeds.poll import FeedState, parse_feed, poll_feed
from monitor.http import Fetcher
from tests.httpserver import Reply
from tests.ingest.fixtures import rss


def _poll(settings, url, state=None, every=12):
    async def go():
        async with Fetcher(settings) as f:
            return await poll_feed(f, "uji", state or FeedState(url=url), every)
    return asyncio.run(go())


def _items(base, n=3, prefix="a"):
    return [{"title": f"Berita UMKM {prefix}{i}", "link": f"{base}/{prefix}{i}.html"} for i in range(n)]


def test_etag_304_round_trip(settings, server):
    body = rss(server.base, _items(server.base))

    def feed(req):
        if req.headers.get("if-none-match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(200, body, {"ETag": '"v1"', "Content-Type": "application/rss+xml"})
    server.route("/feed.xml", feed)
    first = _poll(settings, server.url("/feed.xml"))
    assert first.status == "ok" and len(first.entries) == 3 and first.etag == '"v1"'
    state = FeedState(url=server.url("/feed.xml"), etag=first.etag, body_hash=first.body_hash, polls=1)
    second = _poll(settings, server.url("/feed.xml"), state)
    assert second.status == "not_modified" and second.entries == []
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


def test_last_modified_round_trip(settings, server):
    lm = "Fri, 27 Nov 2026 03:00:00 GMT"
    body = rss(server.base, _items(server.base))
    server.route("/lm.xml", lambda req: Reply(304) if req.headers.get("if-modified-since") == lm
                 else Reply(200, body, {"Last-Modified": lm}))
    first = _poll(settings, server.url("/lm.xml"))
    assert first.last_modified == lm
    second = _poll(settings, server.url("/lm.xml"), FeedState(url=server.url("/lm.xml"), last_modified=lm, polls=1))
    assert second.status == "not_modified"


def test_lying_validators_are_detected_and_turned_off(settings, server):
    bodies = [rss(server.base, _items(server.base, 2)), rss(server.base, _items(server.base, 3))]
    server.route("/liar.xml", lambda req: Reply(304, headers={"ETag": '"same"'}) if req.headers.get("if-none-match")
                 else Reply(200, bodies[min(server.hits["/liar.xml"] - 1, 1)], {"ETag": '"same"'}))
    first = _poll(settings, server.url("/liar.xml"))
    state = FeedState(url=server.url("/liar.xml"), etag=first.etag, body_hash=first.body_hash, polls=3)
    # poll 3 of every 3 is unconditional: same ETag, different body → liar
    check = _poll(settings, server.url("/liar.xml"), state, every=3)
    assert check.status == "ok" and len(check.entries) == 3
    assert check.validators_trusted is False
    assert "if-none-match" not in server.requests[-1].headers


def test_redirect_chain_and_permanent_redirect(settings, server):
    body = rss(server.base, _items(server.base))
    server.route("/old.xml", Reply(301, headers={"Location": "/mid.xml"}))
    server.route("/mid.xml", Reply(308, headers={"Location": server.url("/new.xml")}))
    server.route("/new.xml", Reply(200, body))
    res = _poll(settings, server.url("/old.xml"))
    assert res.status == "ok" and res.new_url == server.url("/new.xml")


def test_temporary_redirect_keeps_url(settings, server):
    server.route("/tmp.xml", Reply(302, headers={"Location": "/real.xml"}))
    server.route("/real.xml", Reply(200, rss(server.base, _items(server.base))))
    res = _poll(settings, server.url("/tmp.xml"))
    assert res.status == "ok" and res.new_url is None


def test_redirect_loop_is_an_error(settings, server):
    server.route("/a.xml", Reply(302, headers={"Location": "/b.xml"}))
    server.route("/b.xml", Reply(302, headers={"Location": "/a.xml"}))
    res = _poll(settings, server.url("/a.xml"))
    assert res.status == "error" and res.error_kind == "too_many_redirects"
    assert server.hits["/a.xml"] + server.hits["/b.xml"] == settings.max_redirects + 1


def test_500_then_success_is_retried(settings, server):
    body = rss(server.base, _items(server.base))
    server.route("/flaky.xml", lambda req: Reply(500, b"oops") if server.hits["/flaky.xml"] < 3 else Reply(200, body))
    res = _poll(settings, server.url("/flaky.xml"))
    assert res.status == "ok" and server.hits["/flaky.xml"] == 3


def test_persistent_500_gives_up(settings, server):
    server.route("/down.xml", Reply(503, b"down"))
    res = _poll(settings, server.url("/down.xml"))
    assert res.status == "error" and res.error_kind == "server_error"
    assert server.hits["/down.xml"] == settings.max_retries + 1


def test_timeout(settings, server):
    s = settings.model_copy(update={"read_timeout": 0.3, "max_retries": 1})
    server.route("/slow.xml", Reply(200, b"<rss/>", delay=1.5))
    t = time.monotonic()
    res = _poll(s, server.url("/slow.xml"))
    assert res.status == "error" and res.error_kind == "timeout"
    assert time.monotonic() - t < 5


def test_slow_loris_is_cut_by_total_timeout(settings, server):
    s = settings.model_copy(update={"total_timeout": 1.0, "max_retries": 0})
    server.route("/loris.xml", Reply(200, b"x" * 20000, chunk_delay=0.2))
    res = _poll(s, server.url("/loris.xml"))
    assert res.error_kind == "timeout"


def test_429_retry_after_is_honoured(settings, server):
    body = rss(server.base, _items(server.base))
    server.route("/busy.xml", lambda req: Reply(429, headers={"Retry-After": "1"}) if server.hits["/busy.xml"] == 1
                 else Reply(200, body))
    t = time.monotonic()
    res = _poll(settings.model_copy(update={"retry_backoff_max": 5}), server.url("/busy.xml"))
    assert res.status == "ok" and time.monotonic() - t >= 0.9


def test_long_retry_after_postpones_the_feed(settings, server):
    server.route("/later.xml", Reply(503, headers={"Retry-After": "3600"}))
    res = _poll(settings, server.url("/later.xml"))
    assert res.status == "error" and res.retry_after == 3600 and server.hits["/later.xml"] == 1


def test_oversized_body_is_refused_while_streaming(settings, server):
    s = settings.model_copy(update={"max_body_bytes": 50_000})
    server.route("/big.xml", Reply(200, b"<rss>" + b"a" * 200_000 + b"</rss>", headers={"Content-Length": "0"} and {}))
    res = _poll(s, server.url("/big.xml"))
    assert res.error_kind == "too_large"


def test_gzip_bomb_is_stopped(settings, server):
    s = settings.model_copy(update={"max_body_bytes": 100_000})
    server.route("/bomb.xml", Reply(200, b"<rss>" + b"\0" * 5_000_000, gzip=True))
    res = _poll(s, server.url("/bomb.xml"))
    assert res.error_kind == "too_large"


def test_gzip_feed_is_decoded(settings, server):
    server.route("/gz.xml", Reply(200, rss(server.base, _items(server.base)), gzip=True))
    assert len(_poll(settings, server.url("/gz.xml")).entries) == 3


def test_html_instead_of_xml(settings, server):
    server.route("/html.xml", Reply(200, b"<!DOCTYPE html><html><body><h1>Halaman tidak ditemukan</h1></body></html>",
                                    {"Content-Type": "text/html"}))
    res = _poll(settings, server.url("/html.xml"))
    assert res.status == "error" and res.error_kind == "not_a_feed"


def test_truncated_xml_keeps_usable_entries(settings, server):
    body = rss(server.base, _items(server.base, 4))
    cut = body[: body.rindex(b"<item>") + 40]
    server.route("/cut.xml", Reply(200, cut))
    res = _poll(settings, server.url("/cut.xml"))
    assert res.status == "ok" and res.bozo and len(res.entries) >= 3


def test_billion_laughs_is_not_expanded(settings, server):
    lol = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>http://127.0.0.1/x.html</link></item></channel></rss>"""
    import resource
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    entries, bozo, title = parse_feed(lol, "uji", "http://127.0.0.1/lol.xml")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert len(entries) == 1 and "lol" * 100 not in entries[0].title and "lol" * 100 not in (title or "")
    assert after - before < 100_000  # KB: nothing near the gigabytes an expansion would need


def test_private_addresses_are_refused_unless_allowed(settings, server):
    server.route("/f.xml", Reply(200, rss(server.base, _items(server.base))))
    strict = settings.model_copy(update={"allowed_hosts": []})
    res = _poll(strict, server.url("/f.xml"))
    assert res.status == "error" and res.error_kind == "blocked_address" and server.hits["/f.xml"] == 0
    for url in ("http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x", "http://10.0.0.1/feed",
                "http://localhost:9/feed"):
        with pytest.raises(FetchError) as exc:
            asyncio.run(_check(strict, url))
        assert exc.value.kind == "blocked_address"


def test_redirect_to_private_address_is_refused(settings, server):
    server.route("/hop.xml", Reply(302, headers={"Location": "http://169.254.169.254/latest/"}))
    res = _poll(settings, server.url("/hop.xml"))
    assert res.error_kind == "blocked_address"


async def _check(settings, url):
    async with Fetcher(settings) as f:
        await f.check_url(url)


def test_charset_from_headers(settings, server):
    body = rss(server.base, [{"title": "Harga naik 5 persen – café", "link": server.url("/c.html")}])
    latin = body.decode("utf-8").replace('encoding="UTF-8"', 'encoding="windows-1252"').encode("cp1252")
    server.route("/cp.xml", Reply(200, latin, {"Content-Type": "application/rss+xml; charset=windows-1252"}))
    res = _poll(settings, server.url("/cp.xml"))
    assert res.entries[0].title == "Harga naik 5 persen – café"


def test_atom_and_rdf_feeds_parse():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar</title>
<entry><id>tag:kabar,2026:1</id><title>OJK dorong literasi keuangan</title><link rel="alternate" href="http://127.0.0.1/k1.html"/>
<updated>2026-11-27T03:00:00Z</updated><summary>Ringkasan berita</summary></entry></feed>"""
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://127.0.0.1/"><title>Harian</title><link>http://127.0.0.1/</link><description>d</description></channel>
<item rdf:about="http://127.0.0.1/h1.html"><title>KUR tumbuh</title><link>http://127.0.0.1/h1.html</link><dc:date>2026-11-27T10:00:00+07:00</dc:date></item></rdf:RDF>"""
    a, _, _ = parse_feed(atom, "k", "http://127.0.0.1/atom.xml")
    r, _, _ = parse_feed(rdf, "h", "http://127.0.0.1/rdf.xml")
    assert a[0].url == "http://127.0.0.1/k1.html" and a[0].published.hour == 3
    assert r[0].title == "KUR tumbuh" and r[0].published.hour == 3

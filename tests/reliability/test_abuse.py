"""Hostile input: XML entities and DTD fetches, SSRF in its many spellings, fuzzed feed configs."""
from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from monitor.errors import ConfigError, FetchError
from monitor.feeds.config import parse_feeds
from monitor.feeds.poll import FeedState, parse_feed, poll_feed
from monitor.http import Fetcher
from tests.httpserver import Reply


def test_external_entities_and_dtd_are_never_fetched(settings, server):
    server.route("/evil.dtd", Reply(200, b'<!ENTITY secret "BOCOR">'))
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "{server.url('/evil.dtd')}" [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "{server.url('/evil.dtd')}">
]>
<rss version="2.0"><channel><title>Jahat</title>
<item><title>Berita &xxe; &remote;</title><link>http://127.0.0.1/a.html</link><description>&xxe;</description></item>
</channel></rss>""".encode()
    server.route("/feed.xml", Reply(200, body))

    async def go():
        async with Fetcher(settings) as f:
            return await poll_feed(f, "jahat", FeedState(url=server.url("/feed.xml")))
    res = asyncio.run(go())
    assert server.hits["/evil.dtd"] == 0
    text = " ".join(e.title + e.summary for e in res.entries)
    assert "root:" not in text and "BOCOR" not in text


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.1/", "http://0x7f000001/", "http://2130706433/", "http://localhost/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://0.0.0.0/", "http://100.64.0.1/",
    "http://[fd00::1]/", "file:///etc/passwd", "gopher://127.0.0.1/",
])
def test_ssrf_targets_are_refused(settings, url):
    strict = settings.model_copy(update={"allowed_hosts": []})

    async def go():
        async with Fetcher(strict) as f:
            await f.check_url(url)
    with pytest.raises(FetchError) as exc:
        asyncio.run(go())
    assert exc.value.kind in ("blocked_address", "bad_url", "dns")


def test_allowed_host_setting_opens_loopback_only_for_it(settings):
    async def go(s, url):
        async with Fetcher(s) as f:
            await f.check_url(url)
    asyncio.run(go(settings.model_copy(update={"allowed_hosts": ["127.0.0.1"]}), "http://127.0.0.1:9/"))
    with pytest.raises(FetchError):
        asyncio.run(go(settings.model_copy(update={"allowed_hosts": ["127.0.0.1"]}), "http://10.0.0.1/"))
    asyncio.run(go(settings.model_copy(update={"allow_private_networks": True, "allowed_hosts": []}), "http://10.0.0.1/"))


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_fuzzed_feed_config_raises_only_config_error(text):
    try:
        parse_feeds(text)
    except ConfigError as exc:
        assert str(exc).startswith("feeds.yaml")


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "url", "tags", "interval", "fetch_article", "x"]),
                                st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                                          st.lists(st.text(max_size=5), max_size=3)), max_size=6), max_size=4))
def test_fuzzed_feed_entries_raise_only_config_error(items):
    import yaml
    try:
        parse_feeds(yaml.safe_dump({"feeds": items}))
    except ConfigError:
        pass


@hsettings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzzed_feed_bodies_raise_only_fetch_error(body):
    try:
        parse_feed(b"<?xml version='1.0'?><rss version='2.0'><channel>" + body, "f", "http://127.0.0.1/f.xml")
    except FetchError:
        pass


def test_dns_rebinding_is_refused_at_connect_time(settings, monkeypatch):
    """The name passed the early check (as if its first DNS answer was public), then resolves to
    loopback when the connection is made: the connect-time guard refuses it and nothing is sent."""
    from tests.httpserver import Reply, TestServer

    server = TestServer().start()
    try:
        server.route("/admin", Reply(200, b"rahasia"))
        port = server.base.rsplit(":", 1)[1]
        strict = settings.model_copy(update={"allowed_hosts": [], "max_retries": 0})

        async def public_first_answer(self, url):  # noqa: ANN001
            return None
        monkeypatch.setattr(Fetcher, "check_url", public_first_answer)

        async def go():
            async with Fetcher(strict) as f:
                return await f.get(f"http://localhost:{port}/admin")
        with pytest.raises(FetchError) as exc:
            asyncio.run(go())
        assert exc.value.kind == "blocked_address" and "connect time" in str(exc.value)
        assert server.hits["/admin"] == 0

        async def allowed():  # the same request to an allowed host goes through the same backend
            async with Fetcher(settings.model_copy(update={"allowed_hosts": ["localhost"]})) as f:
                return await f.get(f"http://localhost:{port}/admin")
        assert asyncio.run(allowed()).body == b"rahasia"
    finally:
        server.stop()

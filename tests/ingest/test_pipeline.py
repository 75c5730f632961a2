"""poll → fetch → extract → dedupe → store, end to end on a loopback server."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session, func, select

import pytest

from monitor.feeds.config import parse_feeds
from monitor.jobs.run import run_pass
from monitor.store.work import stats
from monitor.store.models import Article, Entry, Source
from tests.httpserver import Reply
from tests.ingest.fixtures import NOW, article_html, feed_yaml, rss


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request, tmp_path):
    """The same pipeline tests on the embedded store and on PostgreSQL."""
    from monitor.settings import Settings
    from tests.pg import temp_database

    base = dict(allowed_hosts=["127.0.0.1", "localhost"], per_host_delay=0.0, retry_backoff=0.01,
                retry_backoff_max=0.5)
    if request.param == "sqlite":
        yield Settings(database_url=f"sqlite:///{tmp_path / 'test.db'}", **base)
    else:
        with temp_database() as url:
            yield Settings(database_url=url, **base)


def _site(server, slugs=("kemitraan", "kur", "beras")):
    for slug in slugs:
        server.route(f"/berita/{slug}.html", Reply(200, article_html(slug), {"Content-Type": "text/html; charset=utf-8"}))
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /rahasia/\n"))


def _items(server, slugs):
    from tests.ingest.fixtures import ARTICLES
    return [{"title": ARTICLES[s][0], "link": server.url(f"/berita/{s}.html")} for s in slugs]


def _run(settings, engine, server, feeds, **kw):
    sources = parse_feeds(feed_yaml([(fid, server.url(path)) for fid, path in feeds]))
    return asyncio.run(run_pass(settings, engine, sources, force=True, analyse=kw.pop("analyse", False), **kw))


def _count(engine, table):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_articles_are_fetched_extracted_and_stored(settings, engine, server):
    _site(server)
    server.route("/ekonomi.xml", Reply(200, rss(server.base, _items(server, ["kemitraan", "kur", "beras"]))))
    report = _run(settings, engine, server, [("warta-uji", "/ekonomi.xml")])
    assert report.new_entries == 3 and report.articles_stored == 3
    with Session(engine) as s:
        art = s.exec(select(Article).where(Article.url.endswith("kemitraan.html"))).one()
    assert art.lang == "id" and art.title.startswith("Kemitraan UMKM")
    assert art.text.startswith("JAKARTA - Pemerintah menilai kemitraan")
    assert "\n\n" in art.text and "Baca juga" not in art.text and "Terpopuler" not in art.text
    assert art.published is not None and abs(art.published - (NOW - timedelta(hours=3))) < timedelta(minutes=1)


def test_rerun_is_idempotent(settings, engine, server):
    _site(server)
    server.route("/ekonomi.xml", Reply(200, rss(server.base, _items(server, ["kemitraan", "kur"]))))
    _run(settings, engine, server, [("warta-uji", "/ekonomi.xml")])
    before = (_count(engine, Entry), _count(engine, Article))
    report = _run(settings, engine, server, [("warta-uji", "/ekonomi.xml")])
    assert report.new_entries == 0 and report.articles_stored == 0
    assert (_count(engine, Entry), _count(engine, Article)) == before == (2, 2)


def test_same_story_in_two_feeds_with_tracking_parameters(settings, engine, server):
    _site(server)
    server.route("/a.xml", Reply(200, rss(server.base, _items(server, ["kemitraan"]))))
    tagged = [{"title": "Kemitraan UMKM", "link": server.url("/berita/kemitraan.html?utm_source=rss&utm_medium=feed#top")}]
    server.route("/b.xml", Reply(200, rss(server.base, tagged)))
    report = _run(settings, engine, server, [("outlet-a", "/a.xml"), ("outlet-b", "/b.xml")])
    assert _count(engine, Article) == 1 and report.duplicates["url"] == 1
    with Session(engine) as s:
        entries = s.exec(select(Entry)).all()
    assert {e.article_id for e in entries} == {entries[0].article_id}


def test_wire_story_republished_is_linked_as_near_duplicate(settings, engine, server):
    _site(server, ["kemitraan"])
    copy = article_html("kemitraan", extra="<p>Berita ini juga dimuat oleh mitra kami di daerah.</p>")
    copy = copy.replace(b"Warta Uji", b"Kabar Daerah")
    server.route("/daerah/umkm-rantai-pasok.html", Reply(200, copy))
    server.route("/a.xml", Reply(200, rss(server.base, _items(server, ["kemitraan"]))))
    server.route("/b.xml", Reply(200, rss(server.base, [{"title": "UMKM dan rantai pasok",
                                                         "link": server.url("/daerah/umkm-rantai-pasok.html")}])))
    report = _run(settings, engine, server, [("outlet-a", "/a.xml"), ("outlet-b", "/b.xml")])
    assert _count(engine, Article) == 1 and report.duplicates["near"] == 1
    assert stats(engine)["near_duplicates_linked"] == 1


def test_feed_that_reuses_guids_daily(settings, engine, server):
    _site(server)
    day1 = [dict(it, guid=str(i + 1)) for i, it in enumerate(_items(server, ["kemitraan", "kur"]))]
    server.route("/tempo.xml", Reply(200, rss(server.base, day1)))
    _run(settings, engine, server, [("reuse", "/tempo.xml")])
    day2 = [dict(it, guid=str(i + 1)) for i, it in enumerate(_items(server, ["beras"]))]
    server.route("/tempo.xml", Reply(200, rss(server.base, day2)))
    report = _run(settings, engine, server, [("reuse", "/tempo.xml")])
    assert report.new_entries == 1 and _count(engine, Article) == 3


def test_non_indonesian_article_is_counted_and_skipped(settings, engine, server):
    _site(server, ["kur"])
    server.route("/berita/english.html", Reply(200, article_html("english")))
    server.route("/mix.xml", Reply(200, rss(server.base, _items(server, ["kur", "english"]))))
    report = _run(settings, engine, server, [("mix", "/mix.xml")])
    assert report.skipped["language:en"] == 1 and _count(engine, Article) == 1
    assert stats(engine)["skipped_by_reason"] == {"language:en": 1}


def test_robots_disallowed_page_falls_back_or_skips(settings, engine, server):
    _site(server, [])
    server.route("/rahasia/kur.html", Reply(200, article_html("kur")))
    server.route("/r.xml", Reply(200, rss(server.base, [{"title": "KUR", "link": server.url("/rahasia/kur.html")}])))
    report = _run(settings, engine, server, [("r", "/r.xml")])
    assert report.skipped["robots"] == 1 and server.hits["/rahasia/kur.html"] == 0


def test_fetch_article_false_uses_feed_text(settings, engine, server):
    from tests.ingest.fixtures import ARTICLES
    text = " ".join(ARTICLES["kur"][1])
    server.route("/full.xml", Reply(200, rss(server.base, [{"title": "KUR", "link": server.url("/berita/kur.html"),
                                                            "description": text}])))
    sources = parse_feeds("feeds:\n  - id: wire\n    name: Wire\n    url: " + server.url("/full.xml") +
                          "\n    fetch_article: false\n")
    asyncio.run(run_pass(settings, engine, sources, force=True, analyse=False))
    assert server.hits["/berita/kur.html"] == 0
    with Session(engine) as s:
        art = s.exec(select(Article)).one()
    assert art.text_source == "feed" and "Kredit Usaha Rakyat" in art.text


def test_article_server_error_keeps_entry_pending_for_retry(settings, engine, server):
    _site(server, ["kur"])
    server.route("/berita/kemitraan.html", Reply(500, b"error"))
    server.route("/e.xml", Reply(200, rss(server.base, _items(server, ["kemitraan", "kur"]))))
    report = _run(settings.model_copy(update={"max_retries": 0}), engine, server, [("e", "/e.xml")])
    assert report.fetch_errors["server_error"] == 1 and _count(engine, Article) == 1
    server.route("/berita/kemitraan.html", Reply(200, article_html("kemitraan")))
    report = _run(settings, engine, server, [("e", "/e.xml")])
    assert report.articles_stored == 1 and _count(engine, Article) == 2


def test_feed_health_and_permanent_redirect_are_stored(settings, engine, server):
    _site(server, ["kur"])
    server.route("/lama.xml", Reply(301, headers={"Location": "/baru.xml"}))
    server.route("/baru.xml", Reply(200, rss(server.base, _items(server, ["kur"])), {"ETag": '"e1"'}))
    server.route("/mati.xml", Reply(500, b"x"))
    _run(settings.model_copy(update={"max_retries": 0}), engine, server, [("pindah", "/lama.xml"), ("mati", "/mati.xml")])
    with Session(engine) as s:
        moved, dead = s.get(Source, "pindah"), s.get(Source, "mati")
    assert moved.url == server.url("/baru.xml") and moved.etag == '"e1"' and moved.items_seen == 1
    assert moved.last_new_item is not None and moved.interval_reason.startswith("steady")
    assert dead.consecutive_failures == 1 and dead.last_status == "server_error"
    assert dead.interval_reason.startswith("backing off") and dead.current_interval > settings.poll_interval


def test_stats_keys(settings, engine):
    keys = set(stats(engine))
    assert {"sources", "feed_entries", "articles", "near_duplicates_linked", "skipped_by_reason",
            "analysed_articles", "entities", "quotes", "figures"} <= keys

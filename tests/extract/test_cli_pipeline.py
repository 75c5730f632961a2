"""`monitor extract` on bad input and on a URL served on loopback; teasers, photo pages and listings
through the pipeline (stored with their kind or skipped with a reason, never analysed as prose)."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from monitor.cli import app
from monitor.feeds.config import parse_feeds
from monitor.jobs.run import run_pass
from monitor.store.work import stats
from monitor.settings import Settings
from monitor.store.db import open_store
from monitor.store.models import Article, Entry
from tests.httpserver import Reply
from tests import httpserver
from tests.ingest.fixtures import rss

PAGES = Path(__file__).parent / "pages"
runner = CliRunner()
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def server():
    srv = httpserver.TestServer().start()
    yield srv
    srv.stop()


def test_missing_file_is_one_clear_line(tmp_path):
    r = runner.invoke(app, ["extract", str(tmp_path / "tidak-ada.html")])
    assert r.exit_code == 2
    assert "no such file" in r.output and "Traceback" not in r.output


def test_listing_page_gives_its_reason(tmp_path):
    r = runner.invoke(app, ["extract", str(PAGES / "listing.html"), "--url", "https://contoh.id/indeks", "--json"])
    assert r.exit_code == 1
    assert json.loads(r.stdout) | {"detail": ""} == {"skipped": "listing", "kind": "listing", "detail": ""}


def test_binary_file_gives_its_reason(tmp_path):
    f = tmp_path / "foto.html"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = runner.invoke(app, ["extract", str(f)])
    assert r.exit_code == 1 and "binary" in r.output


def test_url_fetched_through_the_single_page_view(server, tmp_path):
    """An outlet rule in the user's own rules file: the article is fetched with ?page=all."""
    whole = (PAGES / "kontan.html").read_bytes()
    server.route("/news/fintech", lambda req: Reply(200, whole if "page=all" in req.path else b"<html><body>"
                                                    b"<h1>Halaman 1</h1><p>Sebagian saja.</p></body></html>", HTML))
    rules = tmp_path / "outlets.yaml"
    rules.write_text("outlets:\n  - hosts: [127.0.0.1]\n    single_page: page=all\n    site_names: [kontan.co.id]\n")
    env = {"MONITOR_ALLOWED_HOSTS": '["127.0.0.1"]', "MONITOR_OUTLET_RULES": str(rules),
           "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    r = runner.invoke(app, ["extract", server.url("/news/fintech"), "--json"], env=env)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["title"] == "Fintech Lending Salurkan Pinjaman Produktif ke 2 Juta UMKM"
    assert out["text"].endswith("menilai risiko calon peminjam dengan lebih akurat.")
    assert any("page=all" in q.path for q in server.requests)


def test_human_output_shows_local_time_and_rule():
    r = runner.invoke(app, ["extract", str(PAGES / "tribun.html"), "--url", "https://makassar.tribunnews.com/2026/11/25/x"])
    assert r.exit_code == 0
    assert "WITA" not in r.output  # shown in the feed's / outlet's zone, WIB by default; house style 19.15
    assert "published:  25 Nov 2026 19.15 WIB = 2026-11-25T12:15:00Z" in r.output and "[byline:" in r.output


@pytest.fixture
def settings(tmp_path):
    return Settings(database_url=f"sqlite:///{tmp_path / 'test.db'}", allowed_hosts=["127.0.0.1", "localhost"],
                    per_host_delay=0.0, retry_backoff=0.01, retry_backoff_max=0.5, feeds_file=tmp_path / "feeds.yaml")


def test_teasers_photos_and_listings_in_the_pipeline(settings, server):
    teaser = ("Jakarta (ANTARA) - Kementerian Koperasi menyiapkan dana bergulir bagi koperasi nelayan di wilayah "
              "pesisir agar anggota bisa membeli mesin perahu dan alat tangkap dengan cicilan ringan, kata ...")
    server.route("/wire.xml", Reply(200, rss(server.base, [{"title": "Dana bergulir koperasi nelayan",
                                                            "link": server.url("/berita/dana"), "description": teaser}])))
    server.route("/web.xml", Reply(200, rss(server.base, [
        {"title": "Foto: Sentra Tenun Ikat", "link": server.url("/foto-bisnis/d-1/tenun")},
        {"title": "Indeks", "link": server.url("/indeks")}])))
    server.route("/foto-bisnis/d-1/tenun", Reply(200, (PAGES / "detik-foto.html").read_bytes(), HTML))
    server.route("/indeks", Reply(200, (PAGES / "listing.html").read_bytes(), HTML))
    settings.feeds_file.write_text(
        "feeds:\n  - id: wire\n    name: Wire\n    url: " + server.url("/wire.xml") + "\n    fetch_article: false\n"
        "  - id: web\n    name: Web\n    url: " + server.url("/web.xml") + "\n")
    engine = open_store(settings)
    try:
        report = asyncio.run(run_pass(settings, engine, parse_feeds(settings.feeds_file.read_text()), force=True,
                                      analyse=False))
        with Session(engine) as s:
            kinds = {a.kind: a for a in s.exec(select(Article)).all()}
            skipped = [e.skip_reason for e in s.exec(select(Entry).where(Entry.status == "skipped")).all()]
        assert set(kinds) == {"teaser", "photo"}
        assert kinds["teaser"].analysis_skipped == "kind:teaser" and kinds["teaser"].analysed_at is not None
        assert kinds["photo"].analysis_skipped == "kind:photo"
        assert skipped == ["listing"] and report.skipped["listing"] == 1
        st = stats(engine)
        assert st["articles_by_kind"] == {"teaser": 1, "photo": 1}
        assert st["skipped_by_reason"] == {"listing": 1} and st["analysed_articles"] == 0
    finally:
        engine.dispose()


def test_feed_option_uses_the_feeds_time_zone(tmp_path):
    """A page printing times without a zone, read as a feed in Makassar would: WITA, not WIB."""
    page = tmp_path / "halaman.html"
    page.write_text((PAGES / "cnbcindonesia.html").read_text(encoding="utf-8"), encoding="utf-8")
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - id: timur\n    name: Kabar Timur\n    url: https://kabartimur.id/rss\n"
                     "    timezone: Asia/Makassar\n")
    env = {"MONITOR_FEEDS_FILE": str(feeds), "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    r = runner.invoke(app, ["extract", str(page), "--url", "https://kabartimur.id/berita/kur", "--feed", "timur", "--json"],
                      env=env)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["published"] == "2026-12-03T15:45:12+08:00"
    r = runner.invoke(app, ["extract", str(page), "--url", "https://kabartimur.id/berita/kur", "--feed", "timur"], env=env)
    assert r.exit_code == 0 and "published:  3 Des 2026 15.45 WITA = 2026-12-03T07:45:12Z" in r.output
    r = runner.invoke(app, ["extract", str(page), "--feed", "tidak-ada"], env=env)
    assert r.exit_code == 2 and "no feed with id 'tidak-ada'" in r.output


def test_pipeline_reads_multi_page_articles_through_the_single_page_view(settings, server, tmp_path):
    whole = (PAGES / "kontan.html").read_bytes()
    server.route("/news/fintech", lambda req: Reply(200, whole if "page=all" in req.path else b"<html><body>"
                                                    b"<h1>Halaman 1</h1><p>Sebagian saja.</p></body></html>", HTML))
    server.route("/k.xml", Reply(200, rss(server.base, [{"title": "Fintech", "link": server.url("/news/fintech?utm_source=rss")}])))
    rules = tmp_path / "outlets.yaml"
    rules.write_text("outlets:\n  - hosts: [127.0.0.1]\n    single_page: page=all\n")
    settings.outlet_rules = rules
    settings.feeds_file.write_text("feeds:\n  - id: k\n    name: K\n    url: " + server.url("/k.xml") + "\n")
    engine = open_store(settings)
    try:
        asyncio.run(run_pass(settings, engine, parse_feeds(settings.feeds_file.read_text()), force=True, analyse=False))
        with Session(engine) as s:
            art = s.exec(select(Article)).one()
        assert art.text.endswith("menilai risiko calon peminjam dengan lebih akurat.")
        assert art.url == server.url("/news/fintech")  # neither the single-page query nor utm_* kept
    finally:
        engine.dispose()


def test_teaser_titles_are_found_in_search_marked_as_teasers(settings, server):
    from monitor.search.engine import SearchEngine, hit_json

    teaser = ("Jakarta (ANTARA) - Kementerian Koperasi menyiapkan dana bergulir bagi koperasi nelayan di wilayah "
              "pesisir agar anggota bisa membeli mesin perahu dengan cicilan ringan, kata ...")
    server.route("/wire.xml", Reply(200, rss(server.base, [{"title": "Dana bergulir untuk koperasi nelayan",
                                                            "link": server.url("/berita/dana"), "description": teaser}])))
    settings.feeds_file.write_text("feeds:\n  - id: wire\n    name: Wire\n    url: " + server.url("/wire.xml")
                                   + "\n    fetch_article: false\n")
    engine = open_store(settings)
    try:
        asyncio.run(run_pass(settings, engine, parse_feeds(settings.feeds_file.read_text()), force=True, analyse=False))
        hits = SearchEngine(engine).search("koperasi nelayan").hits
        assert [(h.kind, h.article_kind) for h in hits] == [("title", "teaser")]
        assert hit_json(hits[0])["article_kind"] == "teaser"
    finally:
        engine.dispose()

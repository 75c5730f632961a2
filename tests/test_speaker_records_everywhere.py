"""One speaker across articles, everywhere: the speaker records (store.speakers) decide a quote's speaker for
search (speaker: filter, facets), exports, the digest and the web speaker pages."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from fastapi.testclient import TestClient

from monitor.export.trends import export_table
from monitor.search.engine import SearchEngine
from monitor.store import speakers
from monitor.store.crud import save_analysis
from monitor.store.db import open_store, session_scope
from monitor.store.digest import quotes_of
from monitor.store.models import Article, Source
from monitor.types import Analysis, ExportQuery, Quote, TopicLabel
from tests.search.test_postgres import pg_settings  # noqa: F401  (fixture: a throw-away PostgreSQL database)

# (speaker as printed, role, the reported words): three names of one minister, and another person
QUOTES = [
    ("Teten Masduki", "Menteri Koperasi dan UKM", "Penyaluran kredit usaha rakyat bagi koperasi desa akan dipercepat"),
    ("Teten", "Menkop UKM", "Koperasi simpan pinjam wajib diawasi lebih ketat mulai tahun depan"),
    ("TETEN  masduki", None, "Pelaku usaha mikro di pesisir perlu akses pembiayaan yang murah"),
    ("Rahmat Hidayat", "Ekonom", "Bunga pinjaman daring masih terlalu tinggi untuk pedagang pasar"),
]


def _store(settings):
    engine = open_store(settings)
    ids = []
    with session_scope(engine) as s:
        s.add(Source(id="uji", name="Warta Uji", url="http://127.0.0.1/feed.xml"))
        s.flush()
        for n, (who, role, words) in enumerate(QUOTES):
            day = datetime(2026, 11, n + 2, 2, tzinfo=timezone.utc)
            art = Article(source_id="uji", url=f"http://127.0.0.1/berita/{n}", canonical_url=f"http://127.0.0.1/berita/{n}",
                          title=f"Berita koperasi {n}", text=f"{words}, kata {who}.", fetched_at=day, published=day,
                          content_hash=f"h{n}")
            s.add(art)
            s.flush()
            ids.append(art.id)
            q = Quote(text=words, kind="indirect", start=0, end=len(words), speaker=who, speaker_role=role,
                      speaker_org=None, cue="kata", topics=(TopicLabel("financial_inclusion", 0.9, "pro", "neutral"),))
            save_analysis(s, art.id, Analysis(model_version="t", entities=(), figures=(), quotes=(q,), topics=()))
    return engine, ids


def test_one_function_decides_the_speaker(settings):
    engine, _ = _store(settings)
    with engine.connect() as conn:
        assert speakers.speaker_of(conn, "Teten") == "Teten Masduki"
        assert speakers.speaker_of(conn, "TETEN  masduki") == "Teten Masduki"
        assert speakers.speaker_of(conn, "Rahmat Hidayat") == "Rahmat Hidayat"
        assert speakers.names_of(conn, "Teten Masduki") == ["TETEN  masduki", "Teten", "Teten Masduki"]


def test_search_filter_and_facets_use_the_records_and_follow_corrections(settings):
    engine, _ = _store(settings)
    search = SearchEngine(engine)
    page = search.search('speaker:"Teten Masduki"', facets=True)
    assert {h.speaker for h in page.hits} == {"Teten Masduki", "Teten", "TETEN  masduki"}
    assert [(f.value, f.count) for f in page.facets if f.key == "speaker"] == [("Teten Masduki", 3)]
    assert len(search.search('speaker:"Rahmat Hidayat"').hits) == 1
    # an analyst's split takes "Teten" out of the record: the filter follows at once
    with session_scope(engine) as s:
        speakers.split(s, "Teten")
    assert {h.speaker for h in search.search('speaker:"Teten Masduki"').hits} == {"Teten Masduki", "TETEN  masduki"}


def test_exports_carry_the_canonical_speaker(settings):
    engine, _ = _store(settings)
    q = ExportQuery(since=date(2026, 11, 1), until=date(2026, 11, 30))
    table = export_table(engine, "quotes", q)
    names = [c.name for c in table.columns]
    rows = [dict(zip(names, r)) for r in table.rows]
    assert {r["speaker"]: r["speaker_canonical"] for r in rows} == {
        "Teten Masduki": "Teten Masduki", "Teten": "Teten Masduki", "TETEN  masduki": "Teten Masduki",
        "Rahmat Hidayat": "Rahmat Hidayat"}
    table = export_table(engine, "mentions", ExportQuery(since=date(2026, 11, 1), until=date(2026, 11, 30), by="month"))
    names = [c.name for c in table.columns]
    [pro] = [r for r in table.rows if r[names.index("topic")] == "financial_inclusion" and r[names.index("stance")] == "pro"
             and r[names.index("assessment")] == "neutral"]
    assert (pro[names.index("quotes")], pro[names.index("speakers")]) == (4, 2)  # three names of one minister, one economist
    table = export_table(engine, "speakers", q)
    names = [c.name for c in table.columns]
    people = {r[names.index("speaker")]: r[names.index("quotes")] for r in table.rows}
    assert people == {"Teten Masduki": 3, "Rahmat Hidayat": 1}


def test_digest_reads_quotes_under_the_canonical_speaker_without_writing(settings):
    engine, ids = _store(settings)
    with session_scope(engine) as s:
        got = sorted((q.article_id, q.speaker) for q in quotes_of(s, ids))
    assert [sp for _, sp in got] == ["Teten Masduki"] * 3 + ["Rahmat Hidayat"]
    with engine.connect() as conn:  # the printed names stay in the store
        assert speakers.speaker_map(conn)["Teten"] == "Teten Masduki"
        assert "Teten" in speakers.names_of(conn, "Teten Masduki")


def test_web_speaker_page_is_the_record(settings):
    from monitor.web.app import create_app

    engine, _ = _store(settings)
    client = TestClient(create_app(settings))
    r = client.get("/speakers/teten", follow_redirects=False)  # an alias's address leads to the record's page
    assert r.status_code == 303 and r.headers["location"] == "/speakers/teten-masduki"
    html = client.get("/speakers/teten-masduki").text
    assert "3 kutipan" in html and "Koperasi simpan pinjam wajib diawasi" in html
    assert "<h1>Teten Masduki</h1>" in html


# written for the project: the minister under his full title, his short title and his bare name
PIPELINE_ARTICLES = [
    "Menteri Koperasi dan UKM Teten Masduki mengatakan penyaluran kredit usaha rakyat untuk koperasi desa akan "
    "dipercepat tahun depan. \"Kami ingin pelaku usaha mikro cepat naik kelas,\" ujar Teten di Jakarta, Senin.",
    "Menkop UKM Teten menegaskan koperasi simpan pinjam harus diawasi lebih ketat. \"Pengawasan koperasi tidak "
    "boleh longgar lagi,\" kata Menkop UKM Teten di Bandung, Selasa.",
    "\"Akses pembiayaan bagi nelayan harus dibuka lebih lebar,\" kata Teten Masduki saat berkunjung ke Cirebon, Rabu.",
]


def test_three_names_of_one_minister_through_the_pipeline_are_one_speaker(settings, nlp):
    from monitor.nlp.to_records import doc_to_analysis

    engine = open_store(settings)
    with session_scope(engine) as s:
        s.add(Source(id="uji", name="Warta Uji", url="http://127.0.0.1/feed.xml"))
        s.flush()
        for n, (text, doc) in enumerate(zip(PIPELINE_ARTICLES, nlp.pipe(PIPELINE_ARTICLES))):
            day = datetime(2026, 11, n + 2, 2, tzinfo=timezone.utc)
            art = Article(source_id="uji", url=f"http://127.0.0.1/m/{n}", canonical_url=f"http://127.0.0.1/m/{n}",
                          title=f"Koperasi {n}", text=text, fetched_at=day, published=day, content_hash=f"m{n}")
            s.add(art)
            s.flush()
            save_analysis(s, art.id, doc_to_analysis(doc, "t"))
    with session_scope(engine) as s:
        recs = [r for r in speakers.speaker_records(s) if "Teten" in r.name]
    assert len(recs) == 1 and recs[0].name == "Teten Masduki" and recs[0].articles == 3
    roles = {(r.role, r.first_seen.day, r.last_seen.day) for r in recs[0].roles}
    assert ("Menteri Koperasi dan UKM", 2, 2) in roles and ("Menkop UKM", 3, 3) in roles
    hits = SearchEngine(engine).search('speaker:"Teten Masduki" koperasi').hits
    assert any("simpan pinjam" in h.text or "longgar" in h.text for h in hits)  # printed "Menkop UKM Teten"


@pytest.mark.postgres
def test_speaker_filter_through_records_on_postgresql(pg_settings):
    engine, _ = _store(pg_settings)
    try:
        page = SearchEngine(engine).search('speaker:"Teten Masduki"', facets=True)
        assert {h.speaker for h in page.hits} == {"Teten Masduki", "Teten", "TETEN  masduki"}
        assert [(f.value, f.count) for f in page.facets if f.key == "speaker"] == [("Teten Masduki", 3)]
        assert not SearchEngine(engine).search('speaker:"Masduki Teten"').hits  # a phrase keeps word order
    finally:
        engine.dispose()

"""One speaker across articles, everywhere: the speaker records (store.speakers) decide a quote's speaker for
search (speaker: filter, facets), exports, the digest and the web speaker pages."""
from __future__ import annotations

import json
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
from monitor.types import Analysis, Entity, ExportQuery, Quote, TopicLabel
from tests.search.test_postgres import pg_settings  # noqa: F401  (fixture: a throw-away PostgreSQL database)

# (speaker as printed, role, the reported words): three names of one minister, and another person
QUOTES = [
    ("Teten Masduki", "Menteri Koperasi dan UKM", "Penyaluran kredit usaha rakyat bagi koperasi desa akan dipercepat"),
    ("Teten", "Menkop UKM", "Koperasi simpan pinjam wajib diawasi lebih ketat mulai tahun depan"),
    ("TETEN  masduki", None, "Pelaku usaha mikro di pesisir perlu akses pembiayaan yang murah"),
    ("Rahmat Hidayat", "Ekonom", "Bunga pinjaman daring masih terlalu tinggi untuk pedagang pasar"),
]


def _store(settings, quotes=QUOTES, entities=False):
    """One article per quote ("<words>, kata <speaker>."); with entities, the speaker as printed is also
    the article's PER entity (as the entity linker gives it)."""
    engine = open_store(settings)
    ids = []
    with session_scope(engine) as s:
        s.add(Source(id="uji", name="Warta Uji", url="http://127.0.0.1/feed.xml"))
        s.flush()
        for n, (who, role, words) in enumerate(quotes):
            day = datetime(2026, 11, n + 2, 2, tzinfo=timezone.utc)
            text = f"{words}, kata {who}."
            art = Article(source_id="uji", url=f"http://127.0.0.1/berita/{n}", canonical_url=f"http://127.0.0.1/berita/{n}",
                          title=f"Berita koperasi {n}", text=text, fetched_at=day, published=day,
                          content_hash=f"h{n}")
            s.add(art)
            s.flush()
            ids.append(art.id)
            q = Quote(text=words, kind="indirect", start=0, end=len(words), speaker=who, speaker_role=role,
                      speaker_org=None, cue="kata", topics=(TopicLabel("financial_inclusion", 0.9, "pro", "neutral"),))
            at = text.rindex(who)
            ents = (Entity(who, "PER", ((at, at + len(who)),), role=role),) if entities else ()
            save_analysis(s, art.id, Analysis(model_version="t", entities=ents, figures=(), quotes=(q,), topics=()))
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
    assert {h.speaker_printed for h in page.hits} == {"Teten Masduki", "Teten", "TETEN  masduki"}
    assert [(f.value, f.count) for f in page.facets if f.key == "speaker"] == [("Teten Masduki", 3)]
    assert len(search.search('speaker:"Rahmat Hidayat"').hits) == 1
    # an analyst's split takes "Teten" out of the record: the filter follows at once
    with session_scope(engine) as s:
        speakers.split(s, "Teten")
    assert {h.speaker_printed for h in search.search('speaker:"Teten Masduki"').hits} == {"Teten Masduki", "TETEN  masduki"}


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


def test_search_hits_show_the_speaker_record_and_keep_the_printed_name(settings, monkeypatch):
    from typer.testing import CliRunner

    from monitor.cli import app
    from monitor.search.engine import hit_json
    from monitor.web.app import create_app

    engine, _ = _store(settings)
    hits = SearchEngine(engine).search('kind:quote speaker:"Teten Masduki"').hits
    assert sorted((h.speaker_printed, h.speaker) for h in hits) == [
        ("TETEN  masduki", "Teten Masduki"), ("Teten", "Teten Masduki"), ("Teten Masduki", "Teten Masduki")]
    printed_short = next(h for h in hits if h.speaker_printed == "Teten")
    assert hit_json(printed_short)["speaker"] == "Teten Masduki" and hit_json(printed_short)["speaker_printed"] == "Teten"
    assert printed_short.speaker_role == "Menkop UKM"  # the role stays as printed with the quote

    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    r = runner.invoke(app, ["search", "kind:quote simpan pinjam", "--format", "json"])
    assert r.exit_code == 0, r.output
    [row] = json.loads(r.stdout)["results"]
    assert (row["speaker"], row["speaker_printed"]) == ("Teten Masduki", "Teten")
    r = runner.invoke(app, ["search", "kind:quote simpan pinjam"])
    assert r.exit_code == 0 and "Teten Masduki (tertulis “Teten”)" in r.stdout
    r = runner.invoke(app, ["search", "kind:quote simpan pinjam", "--format", "csv"])
    assert r.stdout.splitlines()[1].split(",")[2:4] == ["Teten Masduki", "Teten"]

    client = TestClient(create_app(settings))
    [api] = client.get("/api/search", params={"q": "kind:quote simpan pinjam"}).json()["results"]
    assert (api["speaker"], api["speaker_printed"]) == ("Teten Masduki", "Teten")
    html = client.get("/", params={"q": "kind:quote simpan pinjam"}).text
    assert '<a class="speaker" href="/speakers/teten-masduki">Teten Masduki</a>' in html
    assert "(Tertulis “Teten”)" in html
    page = client.get("/", params={"q": "kind:quote kredit rakyat"}).text  # printed as the record's name: no note
    assert '>Teten Masduki</a>' in page and 'class="printed"' not in page


def test_entities_export_counts_quotes_by_speaker_record(settings):
    engine, _ = _store(settings, entities=True)
    table = export_table(engine, "entities", ExportQuery(since=date(2026, 11, 1), until=date(2026, 11, 30), by="month"))
    names = [c.name for c in table.columns]
    rows = {r[names.index("entity")]: r for r in table.rows}
    quoted = {e: (r[names.index("quotes")], r[names.index("quotes_pro")]) for e, r in rows.items()}
    # three printed names of one minister: each entity row shows the minister's three quotes, not its own one
    assert quoted == {"Teten Masduki": (3, 3), "Teten": (3, 3), "TETEN  masduki": (3, 3), "Rahmat Hidayat": (1, 1)}
    assert rows["Teten"][names.index("mentions")] == 1  # mentions stay the entity's own


def test_a_merge_reaches_search_hits_and_the_entities_export(settings, monkeypatch):
    from typer.testing import CliRunner

    from monitor.cli import app

    # "Kang Teten" (the Sundanese "older brother") holds other words than "Teten Masduki": never grouped by itself
    quotes = QUOTES + [("Kang Teten", None, "Koperasi nelayan di pesisir utara butuh kapal pendingin")]
    engine, _ = _store(settings, quotes, entities=True)
    search = SearchEngine(engine)
    q = ExportQuery(since=date(2026, 11, 1), until=date(2026, 11, 30), by="month")

    def shown() -> dict[str, str]:
        return {h.speaker_printed: h.speaker for h in search.search("kind:quote").hits}

    def quotes_of(entity: str) -> int:
        table = export_table(engine, "entities", q)
        names = [c.name for c in table.columns]
        return next(r[names.index("quotes")] for r in table.rows if r[names.index("entity")] == entity)

    assert shown()["Kang Teten"] == "Kang Teten" and quotes_of("Kang Teten") == 1
    before = quotes_of("Teten Masduki")
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    r = CliRunner().invoke(app, ["speakers", "merge", "Teten Masduki", "Kang Teten"])
    assert r.exit_code == 0, r.output
    assert shown()["Kang Teten"] == "Teten Masduki"
    assert quotes_of("Teten Masduki") == before + 1 == quotes_of("Kang Teten")


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
    engine, _ = _store(pg_settings, entities=True)
    try:
        page = SearchEngine(engine).search('speaker:"Teten Masduki"', facets=True)
        assert {(h.speaker_printed, h.speaker) for h in page.hits} == {
            ("Teten Masduki", "Teten Masduki"), ("Teten", "Teten Masduki"), ("TETEN  masduki", "Teten Masduki")}
        assert [(f.value, f.count) for f in page.facets if f.key == "speaker"] == [("Teten Masduki", 3)]
        assert not SearchEngine(engine).search('speaker:"Masduki Teten"').hits  # a phrase keeps word order
        with engine.connect() as conn:  # (an engine's export connection would outlive the test database)
            table = export_table(conn, "entities", ExportQuery(since=date(2026, 11, 1), until=date(2026, 11, 30), by="month"))
            names = [c.name for c in table.columns]
            assert {r[names.index("entity")]: r[names.index("quotes")] for r in table.rows} == {
                "Teten Masduki": 3, "Teten": 3, "TETEN  masduki": 3, "Rahmat Hidayat": 1}
    finally:
        engine.dispose()


def test_speakers_chart_counts_one_record_for_three_printed_names(settings):
    from monitor.export.trends import speaker_totals

    engine, _ = _store(settings)
    q = ExportQuery(since=date(2026, 11, 1), until=date(2026, 11, 30))
    got = {name: (n, by["pro"]) for name, n, by in speaker_totals(engine, q)}
    assert got == {"Teten Masduki": (3, 3), "Rahmat Hidayat": (1, 1)}

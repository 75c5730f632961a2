"""A small seeded store with known answers for the export tests.

Three outlets, four articles. Article 2 is published 20:00 UTC on 6 May,
which is 7 May in WIB; nothing is published on 8 May (a zero period); the
story of article 1 is also carried by a second outlet (a near-duplicate entry).
"""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest

from monitor.settings import Settings
from monitor.store.crud import save_analysis
from monitor.store.db import open_store, session_scope
from monitor.store.models import Article, Entry, Source
from monitor.types import Analysis, Entity, Figure, Quote, TopicLabel


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def _label(topic: str, stance: str, assessment: str) -> TopicLabel:
    return TopicLabel(topic=topic, score=0.9, stance=stance, assessment=assessment, evidence=("kemitraan",))


TETEN = dict(speaker="Teten Masduki", speaker_role="Menteri Koperasi dan UKM",
             speaker_org="Kementerian Koperasi dan UKM")

ARTICLES = [
    dict(id=1, source="kompas", published=_utc(2024, 5, 6, 2, 0), title="Baru 7 Persen UMKM Masuk Rantai Pasok",
         text="JAKARTA - Menteri Koperasi dan UKM Teten Masduki menyebut kemitraan usaha besar dengan UMKM masih kecil.",
         analysis=Analysis(
             model_version="test-1",
             entities=(Entity("Teten Masduki", "PER", ((25, 38), (120, 125))),
                       Entity("Kementerian Koperasi dan UKM", "ORG", ((200, 228),)),
                       Entity("KemenkopUKM", "ORG", ((240, 251),), alias_of="Kementerian Koperasi dan UKM")),
             quotes=(Quote("Jumlah UMKM yang masuk rantai pasok industri besar masih kecil, baru sekitar 7 persen",
                           "direct", 300, 385, cue="kata", topics=(_label("umkm_partnership", "pro", "negative"),),
                           **TETEN),
                     Quote("pemerintah akan mendorong BUMN menggandeng lebih banyak usaha kecil", "indirect", 400, 468,
                           cue="mengatakan", topics=(_label("umkm_partnership", "pro", "negative"),), **TETEN)),
             figures=(Figure("61,9 persen", 61.9, "percent", 500, 511, subject="kontribusi UMKM terhadap PDB",
                             speaker="Teten Masduki"),
                      Figure("7 persen", 7.0, "percent", 377, 385, qualifier="sekitar",
                             subject="UMKM yang masuk rantai pasok industri")),
             topics=(_label("umkm_partnership", "pro", "negative"),))),
    dict(id=2, source="detik", published=_utc(2024, 5, 6, 20, 0), title="Inklusi Keuangan Naik",
         text="JAKARTA - Otoritas Jasa Keuangan (OJK) mencatat indeks inklusi keuangan terus meningkat.",
         analysis=Analysis(
             model_version="test-1",
             entities=(Entity("Friderica Widyasari Dewi", "PER", ((10, 34),)),
                       Entity("Otoritas Jasa Keuangan", "ORG", ((40, 62),)),
                       Entity("OJK", "ORG", ((64, 67), (150, 153)), alias_of="Otoritas Jasa Keuangan")),
             quotes=(Quote("Indeks inklusi keuangan naik menjadi 85,1 persen", "direct", 100, 148, cue="ujar",
                           speaker="Friderica Widyasari Dewi", speaker_org="Otoritas Jasa Keuangan",
                           topics=(_label("financial_inclusion", "pro", "positive"),)),),
             figures=(Figure("85,1 persen", 85.1, "percent", 137, 148, subject="indeks inklusi keuangan"),
                      Figure("60,34 persen", 60.34, "percent", 200, 212,
                             subject="sumbangan UMKM pada produk domestik bruto")),
             topics=(_label("financial_inclusion", "pro", "positive"),))),
    dict(id=3, source="antara", published=_utc(2024, 5, 9, 3, 0), title="KUR Tersalur Rp4,9 Triliun",
         text="JAKARTA - Penyaluran kredit usaha rakyat (KUR) di awal tahun mencapai Rp4,9 triliun, kata Teten.",
         analysis=Analysis(
             model_version="test-1",
             entities=(Entity("Teten Masduki", "PER", ((90, 95),)),),
             quotes=(Quote("kemitraan yang dipaksakan justru merugikan pelaku usaha kecil", "indirect", 120, 180,
                           cue="menilai", topics=(_label("umkm_partnership", "contra", "negative"),
                                                  _label("financial_inclusion", "neutral", "neutral")), **TETEN),
                     Quote("penyaluran kredit harus tepat sasaran", "indirect", 200, 236, cue="menurut")),
             figures=(Figure("61,07 persen", 61.07, "percent", 300, 312,
                             subject="kontribusi usaha mikro, kecil, dan menengah terhadap PDB"),
                      Figure("Rp4,9 triliun", 4.9e12, "IDR", 60, 73, subject="penyaluran KUR")),
             topics=(_label("umkm_partnership", "neutral", "neutral"),))),
    dict(id=4, source="kompas", published=_utc(2024, 4, 20, 5, 0), title="Pelatihan Digital UMKM",
         text="BANDUNG - Ratusan pelaku UMKM mengikuti pelatihan pemasaran digital di Bandung.",
         analysis=Analysis(model_version="test-1",
                           figures=(Figure("300 UMKM", 300.0, "count", 10, 18, subject="peserta pelatihan"),),
                           topics=(_label("umkm_partnership", "neutral", "positive"),))),
]

SOURCES = [("kompas", "Kompas"), ("detik", "Detik Finance"), ("antara", "Antara")]


def seed(engine) -> None:
    fetched = _utc(2024, 5, 10, 0, 0)
    with session_scope(engine) as session:
        for sid, name in SOURCES:
            session.add(Source(id=sid, name=name, url=f"https://{sid}.example/rss"))
        session.flush()
        for a in ARTICLES:
            url = f"https://{a['source']}.example/berita/{a['id']}"
            session.add(Article(id=a["id"], source_id=a["source"], url=url, canonical_url=url, title=a["title"],
                                published=a["published"], fetched_at=fetched, text=a["text"], lang="id",
                                content_hash=f"h{a['id']}"))
            session.add(Entry(source_id=a["source"], entry_key=url, url=url, title=a["title"], first_seen=fetched,
                              status="done", article_id=a["id"]))
        # the same story as article 1, carried by detik
        session.add(Entry(source_id="detik", entry_key="https://detik.example/berita/salinan-1", title="salinan",
                          first_seen=fetched, status="done", article_id=1, duplicate="near"))
        session.flush()
        for a in ARTICLES:
            save_analysis(session, a["id"], a["analysis"])


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory):
    """Migrate and seed once; each test gets a copy (the export tests only read)."""
    path = tmp_path_factory.mktemp("export-seed") / "seed.db"
    engine = open_store(Settings(database_url=f"sqlite:///{path}"))
    seed(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def store(settings, seeded_file):
    shutil.copyfile(seeded_file, settings.database_url.removeprefix("sqlite:///"))
    engine = open_store(settings)
    yield engine
    engine.dispose()

"""A small store of hand-written Indonesian claims, indexed through crud.save_analysis (shared by the search tests)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy.engine import Engine

from monitor.store import crud
from monitor.store.db import session_scope
from monitor.store.models import Article, Entry, Source
from monitor.types import Analysis, Figure, Quote, TopicLabel

NOW = datetime(2026, 4, 1, 5, 0, tzinfo=timezone.utc)

FI_PRO = TopicLabel("financial_inclusion", 0.9, "pro", "positive", ("tepat sasaran",))
PART_PRO = TopicLabel("umkm_partnership", 0.8, "pro", "positive", ("bermitra",))
PART_CONTRA = TopicLabel("umkm_partnership", 0.7, "contra", "negative", ("menyulitkan",))

TEXT_KUR = ("Menteri Koperasi dan UKM Teten Masduki mengatakan penyaluran KUR harus tepat sasaran. "
            "\"Penyaluran KUR harus tepat sasaran agar pelaku usaha mikro bisa naik kelas,\" kata Teten di Jakarta, Selasa. "
            "Porsi kredit UMKM terhadap total kredit perbankan baru mencapai 19,6 persen.")
TEXT_KADIN = ("Ketua Umum Kadin Indonesia Arsjad Rasjid mendorong kemitraan usaha besar dan UMKM. "
              "\"Kami mendorong usaha besar bermitra dengan UMKM dalam rantai pasok industri nasional,\" ujar Arsjad. "
              "Kontribusi UMKM terhadap PDB mencapai 61 persen.")
TEXT_OLD = ("Wakil Ketua Umum Kadin Shinta Kamdani menilai rantai pasok masih menyulitkan pengusaha kecil. "
            "\"Rantai pasok kita masih menyulitkan pengusaha kecil untuk masuk ke pasar ekspor,\" kata Shinta.")
TEXT_SALUR = ("Kementerian Keuangan menyalurkan pembiayaan ultra mikro kepada koperasi desa. "
              "\"Pemerintah menyalurkan pembiayaan kepada koperasi desa sebanyak 1.200 unit,\" kata Sri Mulyani.")
TEXT_XSS = "\"Jangan tampilkan <script>alert('x')</script> di halaman koperasi,\" kata Budi Santoso, peneliti INDEF."


def _span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def _quote(text: str, part: str, speaker: str, role: str | None, org: str | None, topics=()) -> Quote:
    s, e = _span(text, part)
    return Quote(part, "direct", s, e, speaker=speaker, speaker_role=role, speaker_org=org, cue="kata", topics=tuple(topics))


def _figure(text: str, part: str, value: float, unit: str, subject: str, sentence: str, speaker=None) -> Figure:
    s, e = _span(text, part)
    return Figure(part, value, unit, s, e, subject=subject, sentence=sentence, speaker=speaker)


@dataclass
class Seeded:
    engine: Engine
    ids: dict[str, int]


def add_article(session, key: str, source: str, title: str, text: str, published: datetime, analysis: Analysis) -> int:
    art = Article(source_id=source, url=f"https://{source}.example.id/{key}", canonical_url=f"https://{source}.example.id/{key}",
                  title=title, published=published, fetched_at=published + timedelta(minutes=5), text=text,
                  content_hash=key, lang="id")
    session.add(art)
    session.flush()
    crud.save_analysis(session, art.id, analysis)
    return art.id


def seed(engine: Engine) -> dict[str, int]:
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        for sid, name in (("kompas", "Kompas"), ("tempo", "Tempo"), ("bisnis", "Bisnis Indonesia"), ("antara", "Antara")):
            s.add(Source(id=sid, name=name, url=f"https://{sid}.example.id/rss"))
        s.flush()
        q_kur = "Penyaluran KUR harus tepat sasaran agar pelaku usaha mikro bisa naik kelas,"
        ids["kur"] = add_article(s, "kur", "kompas", "Teten: KUR untuk UMKM Harus Tepat Sasaran", TEXT_KUR,
                                 datetime(2026, 3, 10, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(TEXT_KUR, q_kur, "Teten Masduki", "Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM", [FI_PRO]),),
            figures=(_figure(TEXT_KUR, "19,6 persen", 19.6, "percent", "porsi kredit UMKM",
                             "Porsi kredit UMKM terhadap total kredit perbankan baru mencapai 19,6 persen."),),
            topics=(FI_PRO,)))
        # another outlet printing the same quote (different article, different punctuation)
        text_copy = TEXT_KUR.replace(q_kur, q_kur.upper().rstrip(",") + ".")
        ids["kur_copy"] = add_article(s, "kur-copy", "antara", "KUR Harus Tepat Sasaran, Kata Teten", text_copy,
                                      datetime(2026, 3, 11, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(text_copy, q_kur.upper().rstrip(",") + ".", "Teten Masduki", "Menteri Koperasi dan UKM", None, [FI_PRO]),)))
        q_kadin = "Kami mendorong usaha besar bermitra dengan UMKM dalam rantai pasok industri nasional,"
        ids["kadin"] = add_article(s, "kadin", "tempo", "Kadin Dorong Kemitraan Usaha Besar dan UMKM", TEXT_KADIN,
                                   datetime(2026, 3, 12, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(TEXT_KADIN, q_kadin, "Arsjad Rasjid", "Ketua Umum Kadin Indonesia", "Kadin", [PART_PRO]),),
            figures=(_figure(TEXT_KADIN, "61 persen", 61.0, "percent", "kontribusi UMKM terhadap PDB",
                             "Kontribusi UMKM terhadap PDB mencapai 61 persen."),),
            topics=(PART_PRO,)))
        q_old = "Rantai pasok kita masih menyulitkan pengusaha kecil untuk masuk ke pasar ekspor,"
        ids["old"] = add_article(s, "old", "bisnis", "Kadin: Rantai Pasok Menyulitkan Pengusaha Kecil", TEXT_OLD,
                                 datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(TEXT_OLD, q_old, "Shinta Kamdani", "Wakil Ketua Umum Kadin", "Kadin", [PART_CONTRA]),),
            topics=(PART_CONTRA,)))
        q_salur = "Pemerintah menyalurkan pembiayaan kepada koperasi desa sebanyak 1.200 unit,"
        ids["salur"] = add_article(s, "salur", "antara", "Pembiayaan Ultra Mikro untuk Koperasi Desa", TEXT_SALUR,
                                   datetime(2026, 3, 28, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(TEXT_SALUR, q_salur, "Sri Mulyani", "Menteri Keuangan", "Kementerian Keuangan", [FI_PRO]),),
            figures=(_figure(TEXT_SALUR, "1.200 unit", 1200, "count", "koperasi desa", q_salur, speaker="Sri Mulyani"),),
            topics=(FI_PRO,)))
        q_xss = "Jangan tampilkan <script>alert('x')</script> di halaman koperasi,"
        ids["xss"] = add_article(s, "xss", "tempo", "Peneliti INDEF Soroti Keamanan Situs Koperasi", TEXT_XSS,
                                 datetime(2026, 3, 20, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(TEXT_XSS, q_xss, "Budi Santoso", "peneliti INDEF", "INDEF"),)))
        q_kopi = "Permintaan kopi Gayo dari café di Eropa terus meningkat,"
        text_kopi = f"\"{q_kopi}\" kata Dédi Mulyadi, eksportir kopi asal Aceh."
        ids["kopi"] = add_article(s, "kopi", "bisnis", "Ekspor Kopi Gayo Naik", text_kopi,
                                  datetime(2026, 3, 25, 3, 0, tzinfo=timezone.utc), Analysis(
            "test", quotes=(_quote(text_kopi, q_kopi, "Dédi Mulyadi", "eksportir kopi", None),)))
        # Tempo's feed carried the Kompas story too: linked as a near-duplicate by ingestion
        s.add(Entry(source_id="tempo", entry_key="https://tempo.example.id/kur", url="https://tempo.example.id/kur",
                    title="KUR Harus Tepat Sasaran", first_seen=NOW, status="done", article_id=ids["kur"], duplicate="near"))
    return ids

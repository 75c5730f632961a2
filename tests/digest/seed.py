"""A small store of hand-written Indonesian economic news around one WIB day, for the digest tests."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.store import crud
from monitor.store.db import session_scope
from monitor.store.models import Article, Entry, Source
from monitor.types import Analysis, Entity, Figure, Quote, TopicLabel

WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 11, 27)  # the digest period (WIB)
NOW = datetime(2026, 11, 28, 0, 30, tzinfo=timezone.utc)  # 07:30 WIB the morning after

SOURCES = {"kompas": "Kompas", "antara": "Antara", "bisnis": "Bisnis Indonesia", "cnbc": "CNBC Indonesia", "tempo": "Tempo"}

PART = "umkm_partnership"
FIN = "financial_inclusion"


def _t(topic: str, stance: str = "pro", assessment: str = "neutral") -> TopicLabel:
    return TopicLabel(topic=topic, score=0.9, stance=stance, assessment=assessment)


def _q(text: str, speaker: str | None, role: str | None, org: str | None, topics: tuple[TopicLabel, ...], kind: str = "direct") -> Quote:
    return Quote(text=text, kind=kind, start=0, end=len(text), speaker=speaker, speaker_role=role, speaker_org=org,
                 cue="kata", topics=topics)


def _f(text: str, value: float, unit: str, subject: str, **kw) -> Figure:  # noqa: ANN003
    return Figure(text=text, value=value, unit=unit, start=0, end=len(text), subject=subject, **kw)


def add_article(target: Engine | Session, source: str, slug: str, when: datetime, title: str, analysis: Analysis,
                carried_by: tuple[str, ...] = ()) -> int:
    """Insert one article (plus duplicate entries from other outlets) and save its analysis."""
    if isinstance(target, Session):
        return _add(target, source, slug, when, title, analysis, carried_by)
    with session_scope(target) as s:
        return _add(s, source, slug, when, title, analysis, carried_by)


def _add(s: Session, source: str, slug: str, when: datetime, title: str, analysis: Analysis, carried_by: tuple[str, ...]) -> int:
    url = f"https://{source}.example.id/read/{slug}"
    body = " ".join(q.text for q in analysis.quotes) or title
    for sid, name in SOURCES.items():
        if s.get(Source, sid) is None:
            s.add(Source(id=sid, name=name, url=f"https://{sid}.example.id/rss"))
    s.flush()
    art = Article(source_id=source, url=url, canonical_url=url, title=title, published=when, fetched_at=when,
                  text=body, lang="id", content_hash=hashlib.sha1(url.encode()).hexdigest())
    s.add(art)
    s.flush()
    for other in carried_by:
        s.add(Entry(source_id=other, entry_key=f"https://{other}.example.id/{slug}", url=f"https://{other}.example.id/{slug}",
                    title=title, first_seen=when, status="done", article_id=art.id, duplicate="near"))
    crud.save_analysis(s, art.id, analysis)
    return art.id


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WIB).astimezone(timezone.utc)


def seed_history(engine: Engine | Session, day: date = DAY) -> None:
    """The week before: a steady trickle of coverage, an earlier PDB figure, an economist who was in favour."""
    for n in range(1, 8):
        d = day - timedelta(days=n)
        add_article(engine, "antara", f"kur-{n}", at(d, 9), f"Penyaluran KUR hari ke-{n} terus berjalan",
                    Analysis(model_version="t", topics=(_t(FIN, "pro", "positive"),),
                             quotes=(_q(f"Realisasi KUR pekan ini sesuai rencana dan menjangkau pelaku usaha baru di daerah {n}.",
                                        "Suharso Wibowo", "Asisten Deputi Pembiayaan", "Kemenko Perekonomian", (_t(FIN, "pro", "positive"),), "indirect"),)))
        if n % 2:
            add_article(engine, "kompas", f"mitra-{n}", at(d, 14), f"Kemitraan BUMN dan UMKM diperluas ({n})",
                        Analysis(model_version="t", topics=(_t(PART, "pro", "neutral"),)))
    add_article(engine, "bisnis", "pdb-umkm", at(day - timedelta(days=5), 10), "UMKM tetap jadi tulang punggung ekonomi",
                Analysis(model_version="t", topics=(_t(PART, "pro", "positive"),),
                         figures=(_f("61,9 persen", 61.9, "percent", "kontribusi UMKM terhadap PDB"),),
                         quotes=(_q("Kemitraan dengan usaha besar membuat UMKM naik kelas lebih cepat.", "Teten Masduki",
                                    "Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM", (_t(PART, "pro", "positive"),)),)))
    add_article(engine, "cnbc", "kur-ekonom", at(day - timedelta(days=3), 11), "Ekonom: KUR perlu diperluas",
                Analysis(model_version="t", topics=(_t(FIN, "pro", "neutral"),),
                         quotes=(_q("Plafon KUR sebaiknya dinaikkan agar lebih banyak usaha mikro terlayani.", "Rina Hapsari",
                                    "Ekonom", "Lembaga Kajian Ekonomi Nusantara", (_t(FIN, "pro", "neutral"),)),)))


def seed_day(engine: Engine | Session, day: date = DAY) -> None:
    """The digest day: a minister on supply chains (carried by three outlets), OJK on inclusion, an economist turning critical."""
    add_article(engine, "kompas", "rantai-pasok", at(day, 8, 15), "Baru 7 persen UMKM masuk rantai pasok industri besar",
                Analysis(model_version="t", topics=(_t(PART, "pro", "negative"),),
                         entities=(Entity("Teten Masduki", "PER", ((0, 13),), role="Menteri Koperasi dan UKM"),
                                   Entity("Kementerian Koperasi dan UKM", "ORG", ((20, 48),))),
                         figures=(_f("7 persen", 7.0, "percent", "UMKM yang masuk rantai pasok industri besar", speaker="Teten Masduki"),
                                  _f("60,5 persen", 60.5, "percent", "kontribusi UMKM terhadap PDB"),
                                  _f("64,2 juta unit usaha", 64_200_000, "count", "jumlah UMKM di Indonesia", unit_word="unit usaha")),
                         quotes=(_q("Baru sekitar 7 persen UMKM yang masuk rantai pasok industri besar, ini masih sangat kecil dan harus kita kejar.",
                                    "Teten Masduki", "Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM", (_t(PART, "pro", "negative"),)),
                                 _q("BUMN wajib membuka ruang kemitraan yang adil, bukan sekadar seremoni penandatanganan.",
                                    "Teten Masduki", "Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM", (_t(PART, "pro", "negative"),)))),
                carried_by=("antara", "tempo"))
    add_article(engine, "bisnis", "inklusi-ojk", at(day, 10, 40), "OJK: inklusi keuangan naik, literasi tertinggal",
                Analysis(model_version="t", topics=(_t(FIN, "pro", "positive"),),
                         figures=(_f("75,02 persen", 75.02, "percent", "indeks inklusi keuangan"),
                                  _f("65,43 persen", 65.43, "percent", "indeks literasi keuangan")),
                         quotes=(_q("Indeks inklusi keuangan kita sudah 75,02 persen, tetapi literasinya baru 65,43 persen, jadi pekerjaan rumah kita masih besar.",
                                    "Friderica Widyasari Dewi", "Kepala Eksekutif Pengawas Perilaku Pelaku Usaha Jasa Keuangan", "OJK",
                                    (_t(FIN, "pro", "positive"),)),)))
    add_article(engine, "cnbc", "kur-kritik", at(day, 15, 5), "Ekonom kritik KUR yang dikejar target",
                Analysis(model_version="t", topics=(_t(FIN, "contra", "negative"),),
                         quotes=(_q("Penyaluran KUR yang dikejar target justru membebani usaha mikro dengan utang baru.",
                                    "Rina Hapsari", "Ekonom", "Lembaga Kajian Ekonomi Nusantara", (_t(FIN, "contra", "negative"),)),)))
    add_article(engine, "tempo", "qris-pasar", at(day, 19, 30), "QRIS masuk pasar tradisional",
                Analysis(model_version="t", topics=(_t(FIN, "pro", "positive"),),
                         figures=(_f("Rp4,9 triliun", 4.9e12, "IDR", "nilai transaksi QRIS di pasar tradisional"),),
                         quotes=(_q("pembayaran digital membuat pedagang pasar lebih mudah mendapat akses kredit karena riwayat transaksinya tercatat",
                                    "Dewi Lestari", "Kepala Departemen Kebijakan Sistem Pembayaran", "Bank Indonesia",
                                    (_t(FIN, "pro", "positive"),), "indirect"),)))


def seed(engine: Engine, day: date = DAY) -> None:
    with session_scope(engine) as s:  # one transaction: fast
        seed_history(s, day)
        seed_day(s, day)

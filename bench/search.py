"""Claim search benchmark: N generated Indonesian claims in SQLite, index build, query latency.

    .venv/bin/python bench/search.py --claims 1000000

Generates articles with quotes, figures and titles (words drawn with a Zipf
law from a vocabulary of real Indonesian economic-news words, inflected forms
included), loads them into a fresh store, times `fts.rebuild` (the index
build), then runs 200 mixed queries (words, phrases, prefixes, filters)
through SearchEngine.search + hit_json — the code path of GET /api/search —
beside the same FTS5 MATCH strings issued raw through sqlite3 (the floor).
Prints the figures and writes them under "## search" in bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from monitor.search.engine import RANK_WINDOW, SearchEngine, _Compiler, hit_json
from monitor.store.search_index import BM25
from monitor.search.query import parse
from monitor.settings import Settings
from monitor.store import fts
from monitor.store.db import open_store
from monitor.store.models import Article, FigureRow, QuoteRow, Source, StanceRow

README = Path(__file__).resolve().parent / "README.md"

# real words of Indonesian economic news, roughly from common to rare; inflected forms included on purpose
VOCAB = """
yang dan di untuk dengan dari ini itu pada dalam akan tidak juga kami kita ada lebih sudah bisa harus masih telah
umkm usaha pelaku pemerintah kredit pembiayaan ekonomi pasar produk daerah nasional modal bank program
mikro kecil menengah besar industri koperasi digital ekspor akses pertumbuhan keuangan kebijakan sektor tahun
meningkatkan mendorong menyalurkan disalurkan penyaluran kemitraan bermitra mitra rantai pasok pasokan harga
investasi inflasi perdagangan petani nelayan pedagang desa kota masyarakat rakyat kesejahteraan bantuan subsidi
bunga pinjaman plafon agunan jaminan nasabah debitur perbankan fintech asuransi tabungan rekening transaksi
pembayaran nontunai qris literasi inklusi layanan lembaga otoritas kementerian menteri presiden gubernur bupati
target realisasi anggaran triliun miliar juta persen rupiah dolar kuartal semester bulan pekan hari tahunan
naik turun tumbuh melambat meningkat menurun mencapai sebesar sekitar hampir lebih kurang dibandingkan periode
sama lalu depan baru lama kuat lemah stabil tinggi rendah cepat lambat mudah sulit penting utama strategis
hilirisasi pengolahan manufaktur pabrik tenaga kerja lapangan pekerjaan pengangguran upah pelatihan pendampingan
sertifikasi halal standar kualitas kemasan merek pemasaran penjualan pembeli konsumen permintaan penawaran
logistik distribusi gudang pelabuhan transportasi infrastruktur jalan listrik energi pangan beras jagung kopi
kakao sawit karet rumput laut perikanan pertanian peternakan pariwisata kuliner kerajinan fesyen tekstil
ekosistem platform lokapasar ecommerce startup teknologi inovasi digitalisasi daring luring aplikasi data
regulasi perizinan izin oss pajak insentif relaksasi restrukturisasi keringanan kemudahan hambatan tantangan
peluang potensi risiko kendala masalah solusi upaya langkah strategi rencana evaluasi pengawasan pengembangan
kontribusi pdb porsi pangsa rasio nilai jumlah volume kapasitas produktivitas daya saing efisiensi biaya
membantu memberikan menjadi membuat menggandeng melibatkan memperluas memperkuat mempercepat menyerap menjual
dikembangkan ditingkatkan diberikan dijalankan dilaksanakan diharapkan dinilai disebut menyampaikan mengatakan
kepada bagi oleh karena agar sehingga namun tetapi serta maupun antara terhadap melalui hingga sejak sampai
bumn swasta korporasi perusahaan pengusaha wirausaha perempuan milenial generasi muda pelatihan keterampilan
""".split()

SPEAKERS = [("Teten Masduki", "Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM"),
            ("Sri Mulyani Indrawati", "Menteri Keuangan", "Kementerian Keuangan"),
            ("Airlangga Hartarto", "Menko Perekonomian", "Kemenko Perekonomian"),
            ("Arsjad Rasjid", "Ketua Umum Kadin Indonesia", "Kadin"),
            ("Shinta Kamdani", "Ketua Umum Apindo", "Apindo"),
            ("Perry Warjiyo", "Gubernur Bank Indonesia", "Bank Indonesia"),
            ("Mahendra Siregar", "Ketua Dewan Komisioner OJK", "OJK"),
            ("Erick Thohir", "Menteri BUMN", "Kementerian BUMN"),
            ("Tauhid Ahmad", "Direktur Eksekutif INDEF", "INDEF"),
            ("Bhima Yudhistira", "Direktur CELIOS", "CELIOS"),
            ("Sunarso", "Direktur Utama BRI", "BRI"),
            ("Budi Gunadi", "peneliti", "LPEM FEB UI")] + [
    (f"{a} {b}", "pengamat ekonomi", org) for a in ("Andi", "Rina", "Yusuf", "Dewi", "Agus", "Siti", "Hendra", "Maya")
    for b, org in (("Pratama", "Universitas Indonesia"), ("Santoso", "CORE Indonesia"), ("Wibowo", "Universitas Gadjah Mada"),
                   ("Lestari", "Asosiasi UMKM Indonesia"), ("Hidayat", "HIPMI"))]
OUTLETS = [("kompas", "Kompas"), ("tempo", "Tempo"), ("bisnis", "Bisnis Indonesia"), ("antara", "Antara"),
           ("kontan", "Kontan"), ("cnbc", "CNBC Indonesia"), ("detik", "Detik Finance"), ("katadata", "Katadata"),
           ("republika", "Republika"), ("liputan6", "Liputan6"), ("okezone", "Okezone"), ("investor", "Investor Daily")]
TOPICS = [("umkm_partnership", ("pro", "contra", "neutral")), ("financial_inclusion", ("pro", "contra", "neutral"))]
UNITS = [("percent", "persen"), ("IDR", "triliun rupiah"), ("IDR", "miliar rupiah"), ("count", "unit usaha"), ("USD", "juta dolar AS")]


def vocabulary() -> list[str]:
    """The news words above, most frequent first, then the ~30k Indonesian root words PySastrawi ships as the rare tail."""
    import Sastrawi

    roots = (Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt").read_text().split()
    seen = set(VOCAB)
    return VOCAB + [w for w in roots if w.isalpha() and w not in seen and not seen.add(w)]


class Gen:
    def __init__(self, seed: int = 7):
        self.r = random.Random(seed)
        self.vocab = vocabulary()
        self.cum = list(_accumulate(1 / (i + 1) for i in range(len(self.vocab))))  # Zipf, s = 1

    def words(self, n: int) -> list[str]:
        return self.r.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self, lo: int, hi: int) -> str:
        w = self.words(self.r.randint(lo, hi))
        return w[0].capitalize() + " " + " ".join(w[1:])


def _accumulate(xs):
    total = 0.0
    for x in xs:
        total += x
        yield total


def generate(engine, n_claims: int, seed: int = 7) -> int:
    """Fill the store with articles of ~8 claims (5 quotes, 2 figures, a title); returns claims made."""
    g = Gen(seed)
    r = g.r
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    made, art_id = 0, 0
    with engine.begin() as conn:
        conn.execute(sa.insert(Source.__table__), [{"id": i, "name": n, "url": f"https://{i}.example.id/rss", "tags": [],
                                                   "fetch_article": True, "validators_trusted": True, "polls": 0,
                                                   "consecutive_failures": 0, "items_seen": 0, "active": True}
                                                  for i, n in OUTLETS])
    while made < n_claims:
        arts, quotes, figures, stances = [], [], [], []
        for _ in range(2000):
            if made >= n_claims:
                break
            art_id += 1
            published = start + timedelta(minutes=r.randint(0, 700 * 24 * 60))
            sid = r.choice(OUTLETS)[0]
            title = g.sentence(6, 12)
            arts.append({"id": art_id, "source_id": sid, "url": f"https://{sid}.example.id/{art_id}",
                         "canonical_url": f"https://{sid}.example.id/{art_id}", "title": title, "published": published,
                         "fetched_at": published, "text": title, "content_hash": str(art_id), "text_source": "page"})
            made += 1
            topic = r.choice(TOPICS)
            stance = r.choice(topic[1])
            stances.append({"article_id": art_id, "topic": topic[0], "score": 0.8, "stance": stance,
                            "assessment": r.choice(("positive", "negative", "neutral")), "evidence": [], "model_version": "bench"})
            for _ in range(5):
                if made >= n_claims:
                    break
                name, role, org = r.choice(SPEAKERS)
                labels = [{"topic": topic[0], "score": 0.7, "stance": r.choice(topic[1]),
                           "assessment": r.choice(("positive", "negative", "neutral")), "evidence": []}] if r.random() < 0.6 else []
                quotes.append({"article_id": art_id, "text": g.sentence(12, 40), "kind": r.choice(("direct", "indirect")),
                               "start": 0, "end": 1, "speaker": name, "speaker_role": role, "speaker_org": org, "cue": "kata",
                               "topics": labels, "model_version": "bench"})
                made += 1
            for _ in range(2):
                if made >= n_claims:
                    break
                unit, word = r.choice(UNITS)
                value = round(r.uniform(0.5, 99.5), 1) if unit == "percent" else float(r.randint(1, 5000))
                num = f"{value:g}".replace(".", ",")
                subject = " ".join(g.words(3))
                sentence = f"{subject.capitalize()} {' '.join(g.words(r.randint(4, 14)))} mencapai {num} {word} {' '.join(g.words(r.randint(2, 8)))}"
                figures.append({"article_id": art_id, "text": f"{num} {word}", "value": value, "unit": unit, "start": 0,
                                "end": 1, "subject": subject, "sentence": sentence, "unit_word": word,
                                "speaker": r.choice(SPEAKERS)[0] if r.random() < 0.3 else None, "model_version": "bench"})
                made += 1
        with engine.begin() as conn:
            conn.execute(sa.insert(Article.__table__), arts)
            if quotes:
                conn.execute(sa.insert(QuoteRow.__table__), quotes)
            if figures:
                conn.execute(sa.insert(FigureRow.__table__), figures)
            conn.execute(sa.insert(StanceRow.__table__), stances)
        print(f"\r  generated {made:,} claims", end="", file=sys.stderr)
    print(file=sys.stderr)
    return made


def queries(n: int, seed: int = 11) -> list[str]:
    """Mixed queries: words common and rare, phrases, prefixes, boolean, and filters with words."""
    g = Gen(seed)
    r = g.r
    content = VOCAB[40:]  # analysts search news words; one in five draws is a rarer word
    rare = g.vocab[len(VOCAB):len(VOCAB) + 5000]
    out = []
    for i in range(n):
        kind = i % 10
        w1 = r.choice(content) if r.random() < 0.8 else r.choice(rare)
        w2 = r.choice(content)
        if kind in (0, 1):
            out.append(w1)
        elif kind == 2:
            out.append(f"{w1} {w2}")
        elif kind == 3:
            out.append('"' + " ".join(g.words(2) if i % 20 == 3 else (w1, w2)) + '"')
        elif kind == 4:
            out.append(f"{w1[:max(3, len(w1) - 3)]}*")
        elif kind == 5:
            out.append(f"{w1} OR {w2} -{r.choice(content)}")
        elif kind == 6:
            name = r.choice(SPEAKERS)[0].split()[-1]
            out.append(f"speaker:{name} {w1}")
        elif kind == 7:
            out.append(f"{w1} org:{r.choice(('kadin', 'ojk', 'apindo', 'indef', 'bri'))} since:{r.choice((30, 90, 365))}d")
        elif kind == 8:
            out.append(f"{w1} kind:figure value:>{r.randint(10, 90)} unit:{r.choice(('percent', 'idr'))}")
        else:
            out.append(f"{w1} topic:{r.choice(('umkm', 'financial'))} stance:{r.choice(('pro', 'contra'))} outlet:{r.choice(OUTLETS)[0]}")
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--db", type=Path, default=None, help="SQLite file (default: a temporary one, deleted after)")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing --db (skip generation and indexing)")
    ap.add_argument("--no-readme", action="store_true", help="do not write bench/README.md")
    args = ap.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
        args.db = Path(tmp.name) / "search.db"
    settings = Settings(database_url=f"sqlite:///{args.db}")
    engine = open_store(settings)
    if not args.reuse:
        t = time.perf_counter()
        n = generate(engine, args.claims)
        gen_s = time.perf_counter() - t
        size_before = args.db.stat().st_size
        t = time.perf_counter()
        with engine.begin() as conn:
            indexed = fts.rebuild(conn, batch=5000, progress=lambda d, tot: print(f"\r  indexed {d:,}/{tot:,} articles", end="", file=sys.stderr))
        build_s = time.perf_counter() - t
        print(file=sys.stderr)
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        size_after = args.db.stat().st_size
    else:
        with engine.connect() as conn:
            n = indexed = conn.execute(sa.text("SELECT count(*) FROM search_doc")).scalar_one()
        gen_s = build_s = float("nan")
        size_before = float("nan")
        size_after = args.db.stat().st_size

    searcher = SearchEngine(engine)  # as the API builds it (rank_window default)
    full = SearchEngine(engine, rank_window=None)
    qs = queries(args.queries)
    raw = sqlite3.connect(args.db)
    matches = []
    for q in qs:
        p = parse(q)
        m, _ = _Compiler("sqlite", q).compile(p.expr)
        matches.append(m)
    floor_sql = f"SELECT rowid, {BM25} AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY score LIMIT 20"
    # warm both paths once (page cache), then measure
    for q in qs:
        searcher.search(q)
    # wall-clock is what a user waits; CPU time of this process is also kept because the machine may be shared
    api_ms, raw_ms, api_cpu, raw_cpu, full_ms, full_cpu, hits = [], [], [], [], [], [], 0
    for q, m in zip(qs, matches):
        t, c = time.perf_counter(), time.process_time()
        _ = [hit_json(h) for h in full.search(q, per_page=20).hits]
        full_ms.append((time.perf_counter() - t) * 1000)
        full_cpu.append((time.process_time() - c) * 1000)
        t, c = time.perf_counter(), time.process_time()
        page = searcher.search(q, per_page=20)
        _ = [hit_json(h) for h in page.hits]
        api_ms.append((time.perf_counter() - t) * 1000)
        api_cpu.append((time.process_time() - c) * 1000)
        hits += len(page.hits)
        t, c = time.perf_counter(), time.process_time()
        raw.execute(floor_sql, (m,)).fetchall()
        raw_ms.append((time.perf_counter() - t) * 1000)
        raw_cpu.append((time.process_time() - c) * 1000)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    slowest = sorted(zip(api_ms, qs), reverse=True)[:5]

    lines = [
        f"claims: {n:,} generated ({indexed:,} indexed) in {gen_s:.1f} s",
        f"index build (fts.rebuild: stemming + FTS5 insert + optimize): {build_s:.1f} s "
        f"({indexed / build_s:,.0f} claims/s)" if build_s == build_s else "index build: reused database",
        f"database size: {size_after / 1e6:,.0f} MB (store tables alone {size_before / 1e6:,.0f} MB)"
        if size_before == size_before else f"database size: {size_after / 1e6:,.0f} MB",
        f"queries: {len(qs)} mixed ({hits / len(qs):.1f} hits each on average), warm page cache",
        f"API code path (SearchEngine.search + hit_json, rank_window {RANK_WINDOW:,}): p50 {statistics.median(api_ms):.1f} ms, "
        f"p95 {pct(api_ms, 95):.1f} ms, max {max(api_ms):.1f} ms",
        f"API code path ranking every match (rank_window None): p50 {statistics.median(full_ms):.1f} ms, "
        f"p95 {pct(full_ms, 95):.1f} ms, max {max(full_ms):.1f} ms",
        f"raw FTS5 MATCH via sqlite3 (`{floor_sql}`): p50 {statistics.median(raw_ms):.1f} ms, p95 {pct(raw_ms, 95):.1f} ms",
        f"ratio p95 API / raw: {pct(api_ms, 95) / max(pct(raw_ms, 95), 1e-9):.2f} "
        f"(ranking every match: {pct(full_ms, 95) / max(pct(raw_ms, 95), 1e-9):.2f})",
        f"same in CPU time of the process: API p50 {statistics.median(api_cpu):.1f} ms, p95 {pct(api_cpu, 95):.1f} ms; "
        f"ranking every match p50 {statistics.median(full_cpu):.1f} ms, p95 {pct(full_cpu, 95):.1f} ms; "
        f"raw p50 {statistics.median(raw_cpu):.1f} ms, p95 {pct(raw_cpu, 95):.1f} ms "
        f"(load average {load} on {os.cpu_count()} CPUs while measuring)",
        "slowest through the API path: " + "; ".join(f"{q!r} {ms:.0f} ms" for ms, q in slowest),
    ]
    print("\n".join(lines))
    if not args.no_readme:
        write_readme(lines, args)
    engine.dispose()
    raw.close()


NOTE = ("Data: articles of 5 quotes (12–40 words), 2 figures (a sentence with a number and unit) and a title, words drawn "
        "with a Zipf law from ~560 economic-news words followed by PySastrawi's ~30k Indonesian root words; 12 outlets, "
        "~60 speakers, two topics with stance labels, dates over two years. Queries: 200, ten kinds in turn (single "
        "words ×2, two words, phrases, prefixes, OR with NOT, speaker:, org: with since:, kind:figure value: unit:, "
        "topic: stance: outlet:). The API path is SearchEngine.search + hit_json (parse, FTS5, filters, grouping of "
        "duplicates, outlets, highlighting). On SQLite a query matching more than rank_window (25,000) claims is "
        "ranked among its most recently indexed 25,000 matches; the second line ranks every match like the raw floor.")


def write_readme(lines: list[str], args) -> None:  # noqa: ANN001
    cmd = f".venv/bin/python bench/search.py --claims {args.claims}"
    machine = f"{sys.platform}, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    section = (f"## search\n\nCommand: `{cmd}` ({datetime.now(timezone.utc):%Y-%m-%d}, {machine})\n\n{NOTE}\n\n"
               + "\n".join(f"- {l}" for l in lines) + "\n")
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    if re.search(r"^## search\n", text, re.M):
        text = re.sub(r"^## search\n.*?(?=^## |\Z)", section + "\n", text, flags=re.M | re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    README.write_text(text)


if __name__ == "__main__":
    main()

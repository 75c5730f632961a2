"""Benchmark: `monitor export mentions` and `figures` over a large store vs a plain pandas read.

    .venv/bin/python bench/export.py [--claims 1000000] [--db /tmp/monitor-bench-export.db]

Seeds a SQLite store (once; reused when the file exists with the same size)
with N stored claims: half quotes (with topic labels), half figures (with
paraphrased subjects), 10 of each per article over one year, plus article
stance rows and feed entries (some syndicated copies). Then runs each
measurement in a fresh process and prints wall time and peak RSS:

- floor: pandas.read_sql("SELECT * FROM t") of every table the export reads
  (mentions: quote, article_stance, article, feed_entry, source; figures:
  figure, article, source), each whole into a DataFrame;
- export: the `monitor export` code path writing CSV (mentions by day, figures
  with measure groups), progress callback included.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

TOPICS = ("umkm_partnership", "financial_inclusion")
STANCES = ("pro", "contra", "neutral")
ASSESSMENTS = ("positive", "negative", "neutral")
SPEAKERS = ["Teten Masduki", "Friderica Widyasari Dewi", "Perry Warjiyo", "Mahendra Siregar", "Erick Thohir",
            "Sri Mulyani Indrawati", "Airlangga Hartarto", "Sunarso", "Arif Rahman Hakim", "Hanung Harimba Rachman"]
SPEAKERS += [f"Narasumber {i}" for i in range(490)]
SUBJECTS = [("kontribusi UMKM terhadap PDB", "percent"), ("sumbangan UMKM pada PDB", "percent"),
            ("kontribusi usaha mikro kecil dan menengah terhadap produk domestik bruto", "percent"),
            ("jumlah UMKM", "count"), ("jumlah pelaku UMKM", "count"), ("penyaluran KUR", "IDR"),
            ("realisasi penyaluran kredit usaha rakyat", "IDR"), ("indeks inklusi keuangan", "percent"),
            ("tingkat inklusi keuangan", "percent"), ("indeks literasi keuangan", "percent"),
            ("porsi kredit UMKM", "percent"), ("penyerapan tenaga kerja UMKM", "percent"),
            ("nilai transaksi QRIS", "IDR"), ("jumlah pengguna QRIS", "count"), ("ekspor UMKM", "USD")]
SUBJECTS += [(f"target program kemitraan wilayah {i}", "count") for i in range(300)]
SENTENCE = ("Pemerintah terus mendorong kemitraan antara usaha besar dan pelaku UMKM agar produk lokal "
            "masuk rantai pasok industri nasional, kata {s} di Jakarta.")


# the floor: a plain pandas read of every table the export reads
FLOOR_TABLES = {"floor-mentions": ("quote", "article_stance", "article", "feed_entry", "source"),
                "floor-figures": ("figure", "article", "source")}


def seed(path: Path, claims: int) -> None:
    from monitor.settings import Settings
    from monitor.store.db import open_store, session_scope
    from monitor.store.models import Source

    engine = open_store(Settings(database_url=f"sqlite:///{path}"))  # schema via alembic
    rng = random.Random(8)
    per_article = 10
    n_articles = max(1, claims // (2 * per_article))
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    with session_scope(engine) as session:  # sources through the model, so its defaults apply
        for i in range(20):
            session.add(Source(id=f"outlet{i}", name=f"Outlet {i}", url=f"https://outlet{i}.example/rss"))
    engine.dispose()
    t0 = time.perf_counter()
    qid = fid = 0
    for base in range(0, n_articles, 2000):
        arts, entries, stance, quotes, figs = [], [], [], [], []
        for aid in range(base + 1, min(n_articles, base + 2000) + 1):
            src = f"outlet{rng.randrange(20)}"
            ts = (start + timedelta(seconds=rng.randrange(366 * 86400))).strftime(fmt)
            url = f"https://{src}.example/berita/{aid}"
            arts.append((aid, src, url, url, f"Berita UMKM {aid}", ts, ts, "JAKARTA - teks berita", "id", f"h{aid}",
                         "page"))
            entries.append((src, url, url, url, "", "", ts, "done", 1, aid, None))
            if rng.random() < 0.2:
                dup = f"outlet{rng.randrange(20)}"
                entries.append((dup, url + "#salin", None, None, "", "", ts, "done", 1, aid, "near"))
            for topic in rng.sample(TOPICS, rng.randrange(1, 3)):
                stance.append((aid, topic, 0.8, rng.choice(STANCES), rng.choice(ASSESSMENTS), "[]", "bench"))
            for _ in range(per_article):
                qid += 1
                spk = rng.choice(SPEAKERS)
                labels = [{"topic": t, "score": 0.7, "stance": rng.choice(STANCES),
                           "assessment": rng.choice(ASSESSMENTS), "evidence": ["kemitraan"]}
                          for t in rng.sample(TOPICS, rng.randrange(0, 3))]
                quotes.append((qid, aid, SENTENCE.format(s=spk), rng.choice(("direct", "indirect")), 100, 220, spk,
                               "Menteri", "Kementerian", "kata", json.dumps(labels), "bench"))
                fid += 1
                subject, unit = rng.choice(SUBJECTS)
                value = round(rng.uniform(1, 100), 2) if unit == "percent" else float(rng.randrange(1, 10**6))
                figs.append((fid, aid, f"{value} persen", value, unit, 10, 20, None, subject, None, spk, None,
                             "bench"))
        db.executemany("INSERT INTO article (id, source_id, url, canonical_url, title, published, fetched_at, text,"
                       " lang, content_hash, text_source) VALUES (?,?,?,?,?,?,?,?,?,?,?)", arts)
        db.executemany("INSERT INTO feed_entry (source_id, entry_key, url, canonical_url, title, summary, first_seen,"
                       " status, attempts, article_id, duplicate) VALUES (?,?,?,?,?,?,?,?,?,?,?)", entries)
        db.executemany("INSERT INTO article_stance (article_id, topic, score, stance, assessment, evidence,"
                       " model_version) VALUES (?,?,?,?,?,?,?)", stance)
        db.executemany("INSERT INTO quote (id, article_id, text, kind, start, \"end\", speaker, speaker_role,"
                       " speaker_org, cue, topics, model_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", quotes)
        db.executemany("INSERT INTO figure (id, article_id, text, value, unit, start, \"end\", qualifier, subject,"
                       " sentence, speaker, unit_word, model_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", figs)
        db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()
    print(f"seeded {qid} quotes + {fid} figures = {qid + fid} claims, {n_articles} articles "
          f"in {time.perf_counter() - t0:.0f}s -> {path}", file=sys.stderr)


def measure(what: str, db: Path, out: Path) -> None:
    """One measurement in this (fresh) process; prints a JSON line. Imports are not timed."""
    import pandas as pd
    import sqlalchemy

    from monitor.export import formats
    from monitor.export.trends import ExportQuery, export_table
    from monitor.settings import Settings
    from monitor.store.db import open_store

    t0, c0 = time.perf_counter(), time.process_time()
    if what.startswith("floor-"):
        engine = sqlalchemy.create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            frames = [pd.read_sql(f"SELECT * FROM {table}", conn) for table in FLOOR_TABLES[what]]
        rows = len(frames[0])
    else:
        kind = what.removeprefix("export-")
        engine = open_store(Settings(database_url=f"sqlite:///{db}"))
        with engine.connect() as conn:
            rows = formats.write(export_table(conn, kind, ExportQuery(by="day")), "csv", path=out,
                                 progress=lambda n: None)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"what": what, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                      "peak_rss_mb": round(peak_mb), "rows": rows}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/monitor-bench-export.db"))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/monitor-bench-export.csv"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.db, args.out)
    marker = args.db.with_suffix(".claims")
    if not (args.db.exists() and marker.exists() and marker.read_text() == str(args.claims)):
        for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
            p.unlink(missing_ok=True)
        seed(args.db, args.claims)
        marker.write_text(str(args.claims))
    results = {}
    for what in ("floor-mentions", "export-mentions", "floor-figures", "export-figures"):
        line = subprocess.run([sys.executable, __file__, "--db", str(args.db), "--measure", what],
                              check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        results[what] = json.loads(line)
        print(line)
    print("\n| claims | export | wall (s) | CPU (s) | peak RSS (MB) | floor wall (s) | floor CPU (s) | floor peak RSS (MB) "
          "| wall / floor | CPU / floor |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind in ("mentions", "figures"):
        e, f = results[f"export-{kind}"], results[f"floor-{kind}"]
        print(f"| {args.claims:,} | {kind} ({e['rows']:,} rows) | {e['seconds']} | {e['cpu_seconds']} | "
              f"{e['peak_rss_mb']} | {f['seconds']} | {f['cpu_seconds']} | {f['peak_rss_mb']} | "
              f"{e['seconds'] / f['seconds']:.2f}× | {e['cpu_seconds'] / f['cpu_seconds']:.2f}× |")


if __name__ == "__main__":
    main()

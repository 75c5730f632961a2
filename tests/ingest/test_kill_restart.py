"""Kill `monitor poll` with SIGKILL at random moments; the store must end exactly as a clean run's."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.httpserver import Reply
from tests.ingest.fixtures import article_html, rss

KOTA = ["Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Palembang", "Denpasar", "Padang", "Malang", "Kupang"]
SEKTOR = ["kuliner", "kerajinan", "tekstil", "kopi", "perikanan", "furnitur", "batik", "agribisnis", "logistik", "kosmetik"]
PIHAK = ["pemerintah daerah", "dinas koperasi", "bank daerah", "asosiasi pengusaha", "perusahaan BUMN", "pelaku usaha"]


def _article(i: int) -> tuple[str, bytes]:
    rnd = random.Random(i)
    paras = []
    for _ in range(5):
        k, s, p = rnd.choice(KOTA), rnd.choice(SEKTOR), rnd.choice(PIHAK)
        n = rnd.randint(10, 9000)
        paras.append(f"Di {k}, {p} mencatat {n} pelaku usaha {s} telah mengikuti program pendampingan nomor {i} "
                     f"yang dimulai sejak {rnd.randint(2, 11)} bulan lalu, dan sebanyak {rnd.randint(1, 99)} persen "
                     f"di antaranya mengaku omzet mereka naik setelah bermitra dengan {rnd.choice(PIHAK)} {rnd.choice(KOTA)}.")
    title = f"Program pendampingan UMKM {SEKTOR[i % 10]} ke-{i}"
    html = article_html("kur").replace(b"Penyaluran KUR tembus Rp150 triliun", title.encode())
    body_start = html.index(b"<p>JAKARTA")
    body_end = html.index(b"<p>Baca juga")
    html = html[:body_start] + "".join(f"<p>{p}</p>" for p in paras).encode() + html[body_end:]
    return title, html


def _serve(server, n_feeds=3, per_feed=15):
    server.route("/robots.txt", Reply(200, b"User-agent: *\nAllow: /\n"))
    feeds = []
    for f in range(n_feeds):
        items = []
        for j in range(per_feed):
            i = f * per_feed + j
            title, html = _article(i)
            server.route(f"/art/{i}.html", Reply(200, html, {"Content-Type": "text/html; charset=utf-8"}, delay=0.02))
            items.append({"title": title, "link": server.url(f"/art/{i}.html")})
        items.append({"title": "Berita bersama", "link": server.url("/art/0.html?utm_source=feed")})  # shared story
        server.route(f"/feed{f}.xml", Reply(200, rss(server.base, items), {"Content-Type": "application/rss+xml"}))
        feeds.append((f"feed{f}", server.url(f"/feed{f}.xml")))
    return feeds


def _env(tmp: Path, name: str, feeds) -> dict:
    yaml = tmp / f"{name}.yaml"
    yaml.write_text("feeds:\n" + "".join(f"  - id: {i}\n    name: {i}\n    url: {u}\n" for i, u in feeds))
    env = dict(os.environ, MONITOR_DATABASE_URL=f"sqlite:///{tmp / (name + '.db')}", MONITOR_FEEDS_FILE=str(yaml),
               MONITOR_ALLOWED_HOSTS='["127.0.0.1"]', MONITOR_PER_HOST_DELAY="0", MONITOR_PER_HOST_CONCURRENCY="4",
               MONITOR_LOG_LEVEL="WARNING")
    return env


def _poll_cmd():
    return [sys.executable, "-c", "from monitor.cli import main; main()", "poll", "--no-analyse"]


def _snapshot(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            "entries": con.execute("SELECT count(*) FROM feed_entry").fetchone()[0],
            "entries_done": con.execute("SELECT count(*) FROM feed_entry WHERE status='done'").fetchone()[0],
            "articles": con.execute("SELECT count(*) FROM article").fetchone()[0],
            "urls": sorted(r[0] for r in con.execute("SELECT canonical_url FROM article")),
            "links": sorted(con.execute("SELECT f.entry_key, a.canonical_url FROM feed_entry f "
                                        "JOIN article a ON a.id = f.article_id").fetchall()),
        }
    finally:
        con.close()


def _consistent(db: Path) -> None:
    """After a kill: the file passes SQLite's integrity check and holds either the whole schema (stamped by
    alembic, rows readable) or none of it (killed before the schema's one transaction committed: a busy
    machine can be that slow to start); never tables without their stamp."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    if tables:
        assert {"alembic_version", "feed_entry", "article"} <= tables
        _snapshot(db)


@pytest.mark.slow
def test_kill_and_restart_loses_and_duplicates_nothing(server, tmp_path):
    feeds = _serve(server)
    clean = _env(tmp_path, "clean", feeds)
    subprocess.run(_poll_cmd(), env=clean, check=True, capture_output=True, timeout=300)
    expected = _snapshot(tmp_path / "clean.db")
    assert expected["articles"] == 45 and expected["entries"] == 47 and expected["entries_done"] == 47  # feed0 lists story 0 twice

    killed = _env(tmp_path, "killed", feeds)
    rnd = random.Random(7)
    kills = 0
    for _ in range(4):
        proc = subprocess.Popen(_poll_cmd(), env=killed, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(1.0, 3.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        if (tmp_path / "killed.db").exists():
            _consistent(tmp_path / "killed.db")  # integrity holds after every kill
    subprocess.run(_poll_cmd(), env=killed, check=True, capture_output=True, timeout=300)
    assert kills >= 1
    assert _snapshot(tmp_path / "killed.db") == expected

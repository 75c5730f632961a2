"""Scale-path benchmark: the same demo-like articles analysed
(a) in-process on SQLite, (b) by 1 Celery worker on PostgreSQL, (c) by 2 workers.

Prints articles/s for each, the queue overhead per task ((b) time minus (a)
time, per article) and the projected capacity of the machine. Needs
PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.

    .venv/bin/python bench/scale.py [--n 2000]
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, func, select  # noqa: E402

from monitor.demo.server import SampleSite  # noqa: E402
from monitor.extract.article import extract_article  # noqa: E402
from monitor.extract.dedupe import content_hash  # noqa: E402
from monitor.jobs.run import analyse_pending  # noqa: E402
from monitor.nlp.e5.features import share_of_cores  # noqa: E402
from monitor.settings import Settings  # noqa: E402
from monitor.store.db import open_store, session_scope  # noqa: E402
from monitor.store.models import Article, Source  # noqa: E402
from tests.pg import temp_database  # noqa: E402

BROKER = "redis://127.0.0.1:6379/14"
CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


def demo_texts() -> list[str]:
    site = SampleSite()
    texts = []
    for page in site.pages():
        html = site.render("/" + page, "http://127.0.0.1:1").decode()
        try:
            texts.append(extract_article(html, "http://127.0.0.1:1/x")[0])
        except Exception:
            pass
    return texts


def seed(engine, n: int, texts: list[str]) -> None:
    rnd = random.Random(1)
    now = datetime.now(timezone.utc)
    with session_scope(engine) as s:
        s.add(Source(id="bench", name="bench", url="http://127.0.0.1/", config_url="http://127.0.0.1/"))
    with session_scope(engine) as s:
        for i in range(n):
            paras = texts[i % len(texts)].split("\n\n")
            rnd.shuffle(paras)
            text = f"JAKARTA - Laporan nomor {i}. " + "\n\n".join(paras)
            s.add(Article(source_id="bench", url=f"http://127.0.0.1/a/{i}", canonical_url=f"https://127.0.0.1/a/{i}",
                          title=f"Artikel {i}", fetched_at=now, published=now, text=text, lang="id",
                          content_hash=content_hash(text)))


def wait_analysed(engine, n: int) -> None:
    while True:
        with Session(engine) as s:
            done = s.exec(select(func.count()).select_from(Article).where(Article.analysed_at.is_not(None))).one()
        if done >= n:
            return
        time.sleep(0.25)


def distributed(n: int, texts: list[str], workers: int) -> float:
    import redis

    r = redis.Redis.from_url(BROKER)
    r.flushdb()
    with temp_database("monitor_bench") as url:
        settings = Settings(database_url=url, broker_url=BROKER, log_level="WARNING")
        engine = open_store(settings)
        seed(engine, n, texts)
        # several worker processes on one machine share its cores (the e5 encoder is multithreaded)
        threads = str(share_of_cores(workers))
        env = dict(os.environ, MONITOR_DATABASE_URL=url, MONITOR_BROKER_URL=BROKER, MONITOR_LOG_LEVEL="WARNING",
                   MONITOR_NLP_THREADS=os.environ.get("MONITOR_NLP_THREADS", threads))
        procs = [subprocess.Popen(CLI + ["worker", "--queues", "analyse", "--concurrency", "1", "--loglevel", "WARNING"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                 for _ in range(workers)]
        try:
            from monitor.jobs.tasks import make_celery
            app = make_celery(settings)
            time.sleep(8)  # workers load their pipeline at process start, before the clock starts
            with Session(engine) as s:
                ids = s.exec(select(Article.id).order_by(Article.id)).all()
            t = time.perf_counter()
            size = settings.nlp_batch_size  # as `monitor backfill` sends them
            for i in range(0, len(ids), size):
                app.send_task("monitor.analyse_articles", args=[ids[i:i + size]])
            wait_analysed(engine, n)
            return time.perf_counter() - t
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                p.wait(timeout=60)
            engine.dispose()
            r.flushdb()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    texts = demo_texts()
    words = sum(len(t.split()) for t in texts) / len(texts)
    tmp = Path(tempfile.mkdtemp())
    settings = Settings(database_url=f"sqlite:///{tmp / 'scale.db'}", log_level="WARNING")
    engine = open_store(settings)
    seed(engine, args.n, texts)
    from monitor.nlp.pipeline import load_pipeline
    load_pipeline(settings)
    t = time.perf_counter()
    analyse_pending(settings, engine)
    a = time.perf_counter() - t
    b = distributed(args.n, texts, 1)
    c = distributed(args.n, texts, 2)
    n = args.n
    print(f"articles={n} (about {words:.0f} words each)")
    print(f"(a) in-process, SQLite:        {a:7.1f} s  {n / a:6.1f} articles/s")
    print(f"(b) 1 Celery worker, Postgres: {b:7.1f} s  {n / b:6.1f} articles/s  ({(n / b) / (n / a):.2f}x in-process)")
    cores = os.cpu_count() or 1
    print(f"(c) 2 Celery workers ({share_of_cores(2)} encoder thread(s) each): {c:7.1f} s  {n / c:6.1f} articles/s  "
          f"({(n / c) / (n / b):.2f}x one worker)")
    print(f"queue overhead per task: {(b - a) / n * 1000:.1f} ms")
    per_day = max(n / b, n / c) * 86400
    print(f"projected capacity of this {cores}-core machine: {per_day:,.0f} articles/day "
          f"({per_day / cores:,.0f} per worker core)")


if __name__ == "__main__":
    main()

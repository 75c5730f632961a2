"""The scale path for real: PostgreSQL, Redis and Celery worker processes."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import Session, func, select

from monitor.demo.server import DemoServer
from monitor.jobs.distributed import enqueue_due
from monitor.jobs.run import run_pass
from monitor.settings import Settings
from monitor.store.db import open_store
from monitor.store.models import Article, DeadLetter, Entry, FigureRow, QuoteRow
from tests.pg import temp_database

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
BROKER = "redis://127.0.0.1:6379/15"
CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


def _redis():
    redis = pytest.importorskip("redis")
    r = redis.Redis.from_url(BROKER)
    try:
        r.ping()
    except Exception:
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    return r


@pytest.fixture
def broker():
    r = _redis()
    r.flushdb()
    yield r
    r.flushdb()


def _settings(url: str, **kw) -> Settings:
    base = dict(database_url=url, broker_url=BROKER, allowed_hosts=["127.0.0.1"], per_host_delay=0.0,
                per_host_concurrency=8, task_visibility_timeout=8, retry_backoff=0.2)
    return Settings(**{**base, **kw})


def _env(settings: Settings) -> dict:
    return dict(os.environ, MONITOR_DATABASE_URL=settings.database_url, MONITOR_BROKER_URL=BROKER,
                MONITOR_ALLOWED_HOSTS='["127.0.0.1"]', MONITOR_PER_HOST_DELAY="0", MONITOR_LOG_LEVEL="WARNING",
                MONITOR_TASK_VISIBILITY_TIMEOUT="8", MONITOR_RETRY_BACKOFF="0.2")


def _worker(settings: Settings, name: str) -> subprocess.Popen:
    return subprocess.Popen(CLI + ["worker", "--concurrency", "1", "--loglevel", "WARNING"], env=_env(settings),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _summary(engine) -> dict:
    with Session(engine) as s:
        arts = s.exec(select(Article)).all()
        per_article = {}
        for a in arts:
            q = s.exec(select(func.count()).select_from(QuoteRow).where(QuoteRow.article_id == a.id)).one()
            f = s.exec(select(func.count()).select_from(FigureRow).where(FigureRow.article_id == a.id)).one()
            per_article[a.title] = (a.canonical_url.rsplit("/", 1)[-1], q, f, a.analysed_at is not None)
        entries = s.exec(select(Entry.status, Entry.duplicate, Entry.skip_reason)).all()
    return {"articles": per_article, "entries": sorted(map(str, entries))}


def _wait_done(engine, broker, timeout=300.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with Session(engine) as s:
            pending = s.exec(select(func.count()).select_from(Entry).where(Entry.status == "pending")).one()
            unanalysed = s.exec(select(func.count()).select_from(Article).where(Article.analysed_at.is_(None))).one()
            entries = s.exec(select(func.count()).select_from(Entry)).one()
        queued = sum(broker.llen(q) for q in ("poll", "fetch", "analyse"))
        if entries and not pending and not unanalysed and not queued:
            return
        time.sleep(1.0)
    raise AssertionError(f"not done in {timeout} s: pending={pending} unanalysed={unanalysed} queued={queued}")


def _expected(server: DemoServer) -> dict:
    with temp_database() as url:
        settings = _settings(url, broker_url=None)
        engine = open_store(settings)
        asyncio.run(run_pass(settings, engine, server.feeds(), force=True))
        out = _summary(engine)
        engine.dispose()
    return out


def _comparable(summary: dict) -> dict:
    """Which copy of the near-duplicate wire story is kept depends on arrival order; the rest must match."""
    arts = {t: v for t, v in summary["articles"].items()}
    return {"n_articles": len(arts), "entries": summary["entries"],
            "articles": {t: v for t, v in arts.items() if "1.200" not in t}}


def test_two_workers_equal_the_single_process_result(broker):
    with DemoServer() as server:
        expected = _expected(server)
        with temp_database() as url:
            settings = _settings(url)
            engine = open_store(settings)
            workers = [_worker(settings, "a"), _worker(settings, "b")]
            try:
                from monitor.jobs.tasks import make_celery

                assert enqueue_due(settings, engine, make_celery(settings), server.feeds(), force=True) == 5
                _wait_done(engine, broker)
                got = _summary(engine)
            finally:
                for w in workers:
                    os.killpg(w.pid, signal.SIGTERM)
                for w in workers:
                    w.wait(timeout=60)
            with Session(engine) as s:
                assert s.exec(select(func.count()).select_from(DeadLetter)).one() == 0
            engine.dispose()
    assert _comparable(got) == _comparable(expected)


def test_worker_killed_mid_task_loses_and_duplicates_nothing(broker):
    with DemoServer() as server:
        expected = _expected(server)
        with temp_database() as url:
            settings = _settings(url)
            engine = open_store(settings)
            victim, survivor = _worker(settings, "victim"), None
            try:
                from monitor.jobs.tasks import make_celery

                enqueue_due(settings, engine, make_celery(settings), server.feeds(), force=True)
                deadline = time.time() + 120
                while time.time() < deadline:  # kill once analysis has started
                    with Session(engine) as s:
                        if s.exec(select(func.count()).select_from(Article)).one() >= 3:
                            break
                    time.sleep(0.2)
                os.killpg(victim.pid, signal.SIGKILL)
                victim.wait(timeout=30)
                survivor = _worker(settings, "survivor")
                _wait_done(engine, broker, timeout=300)
                got = _summary(engine)
            finally:
                for w in (victim, survivor):
                    if w is not None and w.poll() is None:
                        os.killpg(w.pid, signal.SIGTERM)
                        w.wait(timeout=60)
            engine.dispose()
    assert _comparable(got) == _comparable(expected)

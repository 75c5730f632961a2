"""The scale path for real: PostgreSQL, Redis and Celery worker processes."""
from __future__ import annotations

import asyncio
import base64
import json
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
from monitor.store.models import Article, DeadLetter, Entry, FigureRow, QuoteRow, Source
from tests.pg import temp_database
from tests.services import RUN_PREFIX, delete_run_keys, missing

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
BROKER = "redis://127.0.0.1:6379/15"
CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


class _Prefixed:
    """This run's view of the broker: the run's key prefix (tests.services.RUN_PREFIX) on every queue name."""

    def __init__(self, client):
        self.client = client

    def llen(self, queue: str) -> int:
        return self.client.llen(RUN_PREFIX + queue)

    def lrange(self, queue: str, start: int, end: int) -> list:
        return self.client.lrange(RUN_PREFIX + queue, start, end)

    def delete(self, queue: str) -> int:
        return self.client.delete(RUN_PREFIX + queue)


def _redis():
    try:
        import redis
    except ImportError:
        missing("Redis", "the redis package is not installed")
    r = redis.Redis.from_url(BROKER)
    try:
        r.ping()
    except Exception:
        missing("Redis", "nothing answers on 127.0.0.1:6379")
    return r


@pytest.fixture
def broker():
    """The shared Redis, used only under this run's key prefix; only this run's keys are cleaned."""
    r = _redis()
    delete_run_keys(r)
    yield _Prefixed(r)
    delete_run_keys(r)


def _settings(url: str, **kw) -> Settings:
    base = dict(database_url=url, broker_url=BROKER, queue_prefix=RUN_PREFIX, allowed_hosts=["127.0.0.1"], per_host_delay=0.0,
                per_host_concurrency=8, task_visibility_timeout=8, retry_backoff=0.2)
    return Settings(**{**base, **kw})


def _env(settings: Settings) -> dict:
    return dict(os.environ, MONITOR_DATABASE_URL=settings.database_url, MONITOR_BROKER_URL=BROKER,
                MONITOR_QUEUE_PREFIX=settings.queue_prefix,
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
            unpolled = s.exec(select(func.count()).select_from(Source).where(Source.polls == 0)).one()
        queued = sum(broker.llen(q) for q in ("poll", "fetch", "analyse"))
        if entries and not pending and not unanalysed and not queued and not unpolled:
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


def _wait_for_articles(engine, n: int, timeout: float = 120.0, poll: float = 0.2) -> None:
    """Until at least n articles are stored (the pipeline is mid-run), or timeout."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with Session(engine) as s:
            if s.exec(select(func.count()).select_from(Article)).one() >= n:
                return
        time.sleep(poll)


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
                _wait_for_articles(engine, 3)  # kill once analysis has started
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


def test_each_celery_app_runs_its_own_settings():
    """Celery shares decorated tasks with every later app in the process; ours must not be shared,
    or a second app (another store) would run the first app's closures against the first store."""
    import warnings

    from monitor.jobs.tasks import make_celery

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = make_celery(_settings("sqlite:///a.db"))
        b = make_celery(_settings("sqlite:///b.db"))
        tasks_a, tasks_b = dict(a.tasks), dict(b.tasks)
    for name in ("monitor.poll_feed", "monitor.fetch_entry", "monitor.analyse_article"):
        assert tasks_a[name] is not tasks_b[name]
        assert tasks_a[name].app is a and tasks_b[name].app is b
        assert tasks_b[name].app.conf.monitor_settings.database_url == "sqlite:///b.db"


def test_redelivered_fetch_enqueues_the_analysis_a_dead_worker_never_sent(broker):
    """A worker killed between storing an article and enqueuing its analysis: the fetch task is
    redelivered, finds its entry done, and must still get the article analysed."""
    from monitor.jobs.tasks import make_celery

    with DemoServer() as server, temp_database() as url:
        settings = _settings(url)
        engine = open_store(settings)
        asyncio.run(run_pass(settings, engine, server.feeds(), force=True, analyse=False))
        with Session(engine) as s:
            stored = s.exec(select(Entry.id, Entry.article_id).where(Entry.article_id.is_not(None))).all()
        assert stored
        app = make_celery(settings)
        entry_id, article_id = stored[0]
        assert app.tasks["monitor.fetch_entry"].apply(args=[entry_id]).get() == article_id
        sent = [json.loads(m) for m in broker.lrange("analyse", 0, -1)]
        assert [(m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[0]) for m in sent] == \
            [("monitor.analyse_article", [article_id])]

        app.tasks["monitor.analyse_article"].apply(args=[article_id]).get()
        broker.delete("analyse")
        app.tasks["monitor.fetch_entry"].apply(args=[entry_id]).get()  # analysed now: nothing more to send
        assert broker.llen("analyse") == 0
        engine.dispose()


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_server(port: int) -> subprocess.Popen:
    import shutil
    exe = shutil.which("redis-server")
    if exe is None:
        missing("Redis", "redis-server is not installed")
    proc = subprocess.Popen([exe, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis
    r = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(50):
        try:
            r.ping()
            return proc
        except Exception:
            time.sleep(0.1)
    raise AssertionError("redis-server did not start")


def test_redis_restarted_mid_run_loses_nothing():
    """Redis without persistence loses its queues on restart; the scheduler re-enqueues the stale work."""
    import redis

    from monitor.jobs.distributed import requeue_stale
    from monitor.jobs.tasks import make_celery

    port = _free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    redis_proc = _redis_server(port)
    worker = None
    try:
        with DemoServer() as server:
            expected = _expected(server)
            with temp_database() as url:
                settings = _settings(url, broker_url=broker_url, task_visibility_timeout=5)
                engine = open_store(settings)
                env = dict(_env(settings), MONITOR_BROKER_URL=broker_url, MONITOR_TASK_VISIBILITY_TIMEOUT="5")
                worker = subprocess.Popen(CLI + ["worker", "--concurrency", "1", "--loglevel", "WARNING"], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                app = make_celery(settings)
                enqueue_due(settings, engine, app, server.feeds(), force=True)
                _wait_for_articles(engine, 2)
                redis_proc.kill()
                redis_proc.wait()
                time.sleep(2)
                redis_proc = _redis_server(port)  # empty: every queued task is gone
                broker = _Prefixed(redis.Redis(host="127.0.0.1", port=port))
                deadline = time.time() + 300
                while time.time() < deadline:
                    app = make_celery(settings)  # what the scheduler does each tick:
                    enqueue_due(settings, engine, app, None)
                    requeue_stale(settings, engine, app)
                    try:
                        _wait_done(engine, broker, timeout=15)
                        break
                    except AssertionError:
                        continue
                got = _summary(engine)
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=60)
                worker = None
                engine.dispose()
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        redis_proc.kill()
    assert _comparable(got) == _comparable(expected)


def test_postgres_connections_dropped_mid_run(tmp_path):
    """Every server connection is terminated while the in-process pipeline writes; a re-run completes it."""
    import threading

    import psycopg

    with DemoServer() as server:
        expected = _expected(server)
        with temp_database() as url:
            settings = _settings(url, broker_url=None)
            engine = open_store(settings)
            name = url.rsplit("/", 1)[-1]
            stop = threading.Event()
            killed = []

            def killer() -> None:
                with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as c:
                    while not stop.is_set():
                        time.sleep(0.7)
                        n = c.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,)).fetchone()[0]
                        killed.append(n)
            t = threading.Thread(target=killer, daemon=True)
            t.start()
            try:
                asyncio.run(run_pass(settings, engine, server.feeds(), force=True, analyse=True))
            except Exception:
                pass  # a pass may fail outright when its connection dies; the next pass repairs it
            finally:
                stop.set()
                t.join()
            assert sum(killed) >= 1
            for _ in range(3):
                asyncio.run(run_pass(settings, engine, server.feeds(), force=True, analyse=True))
            got = _summary(engine)
            engine.dispose()
    # the in-process fetches run concurrently, and killed connections reorder them: which copy of the
    # near-duplicate wire story is stored first (and kept) varies; exactly one is, analysed like the rest
    assert _comparable(got) == _comparable(expected)
    wire = [v for t, v in got["articles"].items() if "1.200" in t]
    assert len(wire) == 1 and wire[0][3], got["articles"]


def test_a_vanished_workers_task_is_looked_for_within_the_visibility_timeout(broker):
    """kombu's defaults look for tasks of a vanished worker about every 100 s, behind a lock a worker killed
    mid-sweep holds for 300 s: the channel a worker opens must sweep every timeout/2 s with a lock no longer
    than the timeout (a worker killed mid-task once left an article unanalysed past a 300 s deadline)."""
    from monitor.jobs.tasks import make_celery, transport_options

    app = make_celery(_settings("sqlite://", task_visibility_timeout=8))
    with app.connection_for_read() as conn:
        ch = conn.default_channel
        assert (ch.visibility_timeout, ch.unacked_restore_throttle, ch.unacked_mutex_expire) == (8, 1, 8)
        assert conn.transport_options["unacked_restore_interval"] == 4
        assert ch.global_keyprefix == RUN_PREFIX
    default = transport_options(Settings(broker_url=BROKER))  # an hour's timeout: sweep every 10 s, lock 5 min
    assert (default["unacked_restore_interval"], default["unacked_mutex_expire"]) == (10, 300)


def test_postgres_restarted_mid_run_service_keeps_going(tmp_path):
    """`monitor run` against a PostgreSQL server that crashes (immediate stop, WAL recovery) and comes
    back a few seconds later, mid-pass: the service process survives, and its later passes complete
    the store to exactly what an undisturbed run stores; `monitor check` then finds nothing wrong."""
    import dataclasses

    import yaml

    from tests.pg import private_cluster

    with DemoServer() as server, private_cluster() as cluster:
        expected = _expected(server)
        feeds = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(f).items() if v is not None}
                 for f in server.feeds()]
        (tmp_path / "feeds.yaml").write_text(yaml.safe_dump({"feeds": feeds}, allow_unicode=True), encoding="utf-8")
        settings = _settings(cluster.url, broker_url=None)
        env = dict(_env(settings), MONITOR_FEEDS_FILE=str(tmp_path / "feeds.yaml"), MONITOR_RUN_INTERVAL="1",
                   MONITOR_LOG_LEVEL="INFO")
        env.pop("MONITOR_BROKER_URL")
        err = open(tmp_path / "service.log", "w")
        service = subprocess.Popen(CLI + ["run"], env=env, stdout=err, stderr=err, start_new_session=True)
        engine = open_store(settings)  # also migrates, so the service and the test agree on the schema
        try:
            _wait_for_articles(engine, 1, poll=0.1)
            engine.dispose()
            cluster.stop("immediate")  # a crash in the middle of the pass
            time.sleep(3)
            assert service.poll() is None, "the service died while the database was down"
            cluster.start()
            deadline = time.time() + 240
            got = None
            while time.time() < deadline:
                assert service.poll() is None, "the service died after the database came back"
                try:
                    got = _summary(engine)
                    if _comparable(got) == _comparable(expected) and all(v[3] for v in got["articles"].values()):
                        break
                except Exception:
                    pass  # still recovering
                time.sleep(1)
            os.killpg(service.pid, signal.SIGTERM)
            assert service.wait(timeout=60) == 0
        finally:
            if service.poll() is None:
                os.killpg(service.pid, signal.SIGKILL)
            err.close()
            engine.dispose()
        log_text = (tmp_path / "service.log").read_text()
        assert "database unavailable" in log_text  # the outage was seen, logged in one line, and survived
        assert _comparable(got) == _comparable(expected), log_text[-3000:]
        check = subprocess.run(CLI + ["check"], env=env, capture_output=True, text=True, timeout=120)
        assert check.returncode == 0, check.stdout + check.stderr

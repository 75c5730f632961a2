"""Storage faults: disk full, a locked database, and SIGKILL at random points over 50 runs."""
from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.demo.server import DemoServer
from tests.httpserver import Reply
from tests.reliability.test_kill_helpers import snapshot

CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


def _feeds_file(tmp: Path, feeds) -> Path:
    path = tmp / "feeds.yaml"
    path.write_text("feeds:\n" + "".join(f"  - id: {f.id}\n    name: {f.id}\n    url: {f.url}\n"
                                         f"    fetch_article: {'true' if f.fetch_article else 'false'}\n" for f in feeds))
    return path


def _env(tmp: Path, db: str, feeds_file: Path, **extra) -> dict:
    env = dict(os.environ, MONITOR_DATABASE_URL=f"sqlite:///{tmp / db}", MONITOR_FEEDS_FILE=str(feeds_file),
               MONITOR_ALLOWED_HOSTS='["127.0.0.1"]', MONITOR_PER_HOST_DELAY="0", MONITOR_LOG_LEVEL="WARNING")
    env.update(extra)
    return env


def _has_schema(db: Path) -> bool:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'feed_entry'").fetchone()[0] == 1
    finally:
        con.close()


def _create_store(env: dict) -> None:
    """An empty migrated store (read-only commands such as `monitor stats` no longer create one)."""
    subprocess.run([sys.executable, "-c", "from monitor.settings import Settings; from monitor.store.db import "
                    "open_store; open_store(Settings()).dispose()"], env=env, check=True, capture_output=True)


def _poll(env, **kw):
    return subprocess.run(CLI + ["poll", "--no-analyse"], env=env, capture_output=True, text=True, timeout=300, **kw)


def _limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.slow
def test_disk_full_loses_nothing_and_recovers(tmp_path):
    with DemoServer() as demo:
        feeds_file = _feeds_file(tmp_path, demo.feeds())
        clean = _env(tmp_path, "clean.db", feeds_file)
        assert _poll(clean).returncode == 0
        expected = snapshot(tmp_path / "clean.db")
        full = _env(tmp_path, "full.db", feeds_file)
        # the schema fits, the articles do not: every write past ~300 KB fails with "disk full"
        _create_store(full)
        out = _poll(full, preexec_fn=_limit_file_size(300_000))
        assert "Traceback" not in out.stdout
        partial = snapshot(tmp_path / "full.db")  # integrity_check passes inside snapshot
        assert partial["articles"] < expected["articles"]
        assert _poll(full).returncode == 0  # space is back
        assert snapshot(tmp_path / "full.db") == expected


def test_locked_database_is_waited_for_then_reported(tmp_path, settings):
    with DemoServer() as demo:
        feeds_file = _feeds_file(tmp_path, demo.feeds())
        env = _env(tmp_path, "locked.db", feeds_file, MONITOR_SQLITE_BUSY_TIMEOUT_MS="300")
        _create_store(env)
        holder = subprocess.Popen([sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(tmp_path / 'locked.db')!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(8)\n")],
            stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        out = _poll(env)
        holder.wait()
        assert out.returncode in (0, 1) and "database is locked" in out.stderr
        snapshot(tmp_path / "locked.db")  # intact
        assert _poll(env).returncode == 0
        clean = _env(tmp_path, "clean.db", feeds_file)
        _poll(clean)
        assert snapshot(tmp_path / "locked.db") == snapshot(tmp_path / "clean.db")


@pytest.mark.slow
def test_fifty_sigkills_of_the_demo_pipeline(tmp_path):
    with DemoServer() as demo:
        feeds_file = _feeds_file(tmp_path, demo.feeds())
        clean = _env(tmp_path, "clean.db", feeds_file)
        t = time.monotonic()
        assert _poll(clean).returncode == 0
        first_run = time.monotonic() - t  # a run that stores everything
        expected = snapshot(tmp_path / "clean.db")
        t = time.monotonic()
        assert _poll(clean).returncode == 0
        later_run = time.monotonic() - t  # a run over a complete store (polls again, finds nothing new)
        env = _env(tmp_path, "killed.db", feeds_file)
        rnd = random.Random(50)
        killed = 0
        complete = False
        for i in range(50):
            # a random point inside the run, scaled to how long this run will take on this machine
            delay = rnd.uniform(0.05, 0.95) * (later_run if complete else first_run)
            proc = subprocess.Popen(CLI + ["poll", "--no-analyse"], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait()
            if (tmp_path / "killed.db").exists():
                if not _has_schema(tmp_path / "killed.db"):  # killed inside the first migration: rolled back
                    continue
                current = snapshot(tmp_path / "killed.db")  # integrity after every kill
                assert current["articles"] <= expected["articles"] and current["entries"] <= expected["entries"]
                complete = current == expected
        assert _poll(env).returncode == 0
        assert killed >= 35, killed  # most runs were cut short (48 of 50 here)
        assert snapshot(tmp_path / "killed.db") == expected


def test_sigkill_during_the_first_migration_leaves_a_store_that_opens(tmp_path):
    """Killed while creating the schema: nothing half-created survives (DDL is transactional on SQLite too),
    so the next start migrates from scratch instead of failing forever on 'table already exists'."""
    db = tmp_path / "mid-migration.db"
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time, alembic.op\n"
        "from monitor.settings import Settings\n"
        "from monitor.store.db import open_store\n"
        "orig, n = alembic.op.create_index, [0]\n"
        "def slow(*a, **k):\n"
        "    n[0] += 1\n"
        "    if n[0] == 3:\n"
        "        print('midway', flush=True); time.sleep(60)\n"
        "    return orig(*a, **k)\n"
        "alembic.op.create_index = slow\n"
        f"open_store(Settings(database_url='sqlite:///{db}'))\n")], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "midway"  # some tables created, the migration not finished
    child.send_signal(signal.SIGKILL)
    child.wait()
    tables = [r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == []
    from monitor.settings import Settings
    from monitor.store.db import open_store

    engine = open_store(Settings(database_url=f"sqlite:///{db}"))
    engine.dispose()
    check = subprocess.run(CLI + ["check"], env=dict(os.environ, MONITOR_DATABASE_URL=f"sqlite:///{db}"),
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr

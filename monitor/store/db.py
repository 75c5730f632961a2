"""Engine and sessions. Nothing is created at import time.

`open_store(settings)` makes the engine (SQLite in WAL mode with a busy
timeout, or PostgreSQL with a pool) and brings the schema to the newest
alembic revision, so every command works on a fresh or an old database.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from monitor.settings import Settings

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001
            # Python's sqlite3 (before 3.12's autocommit attribute) never opens a transaction for DDL, so a
            # migration killed halfway left tables without an alembic stamp and the store could not be
            # opened again. We switch its implicit BEGIN off and emit BEGIN ourselves (SQLAlchemy's
            # documented recipe), so every transaction, DDL included, is all or nothing.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_timeout_ms)}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN")
    else:
        engine = create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True)
    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the schema to head (alembic), on the given engine's connection."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(settings: Settings, upgrade: bool = True) -> Engine:
    engine = make_engine(settings)
    if upgrade:
        migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

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

from monitor.errors import MonitorError
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


def sqlite_file(url: str) -> Path | None:
    """The absolute path of a SQLite file URL; None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url

    if not is_sqlite(url):
        return None
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).expanduser().resolve()


def location(settings: Settings) -> str:
    """Where the store is, for people: the SQLite file's absolute path, or the URL without its password."""
    from sqlalchemy.engine import make_url

    path = sqlite_file(settings.database_url)
    return str(path) if path else make_url(settings.database_url).render_as_string(hide_password=True)


def require_store(settings: Settings) -> None:
    """Refuse a SQLite file that does not exist yet: a read-only command must not create an empty store."""
    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        raise MonitorError(f"no database at {path} (MONITOR_DATABASE_URL={settings.database_url}; a relative path "
                           f"is taken from the working directory): run `monitor demo` or `monitor poll` first, "
                           f"or point MONITOR_DATABASE_URL at the store")


def open_store(settings: Settings, upgrade: bool = True, must_exist: bool = False) -> Engine:
    """The store's engine, migrated to head; with must_exist, a missing SQLite file is an error, not created."""
    from sqlalchemy.exc import DatabaseError, IntegrityError

    if must_exist:
        require_store(settings)
    engine = make_engine(settings)
    if upgrade:
        try:
            migrate(engine)
        except DatabaseError as exc:  # unopenable file, not a database, server refusing: the operator's to fix
            if isinstance(exc, IntegrityError):
                raise
            engine.dispose()
            raise MonitorError(f"cannot open the database at {location(settings)}: "
                               f"{str(exc.orig or exc).splitlines()[0]}") from exc
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

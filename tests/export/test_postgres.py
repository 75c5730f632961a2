"""The same exports, byte for byte, from a PostgreSQL store (scale path) as from SQLite."""
from __future__ import annotations

import io
import secrets
from datetime import date

import pytest
import sqlalchemy as sa

from monitor.export import formats
from monitor.export.dictionary import KINDS
from monitor.export.trends import ExportQuery, export_table
from monitor.store.db import open_store

from tests.export.conftest import seed
from tests.services import missing

pytestmark = pytest.mark.postgres
ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_store(settings):
    try:
        admin = sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as c:
            c.execute(sa.text("SELECT 1"))
    except Exception as e:  # noqa: BLE001
        missing("PostgreSQL", f"no server on 127.0.0.1:5432 ({type(e).__name__})")
    name = f"monitor_test_export_{secrets.token_hex(4)}"
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = None
    try:
        engine = open_store(settings.model_copy(
            update={"database_url": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"}))
        seed(engine)
        yield engine
    finally:
        if engine is not None:
            engine.dispose()
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _csv(engine, kind, q) -> bytes:
    buf = io.BytesIO()
    with engine.connect() as conn:
        formats.write(export_table(conn, kind, q), "csv", out=buf)
    return buf.getvalue()


QUERIES = [ExportQuery(since=date(2024, 5, 6), until=date(2024, 5, 9)),
           ExportQuery(by="week", topic="umkm_partnership", outlet="detik"),
           ExportQuery(by="month")]


def test_postgres_exports_equal_sqlite(pg_store, store):
    for q in QUERIES:
        for kind in (*KINDS, "series"):
            assert _csv(pg_store, kind, q) == _csv(store, kind, q), (kind, q)


def test_postgres_speaker_totals_equal_sqlite(pg_store, store):
    from monitor.export.trends import speaker_totals

    for q in QUERIES:
        assert sorted(speaker_totals(pg_store, q)) == sorted(speaker_totals(store, q)), q

"""A throwaway PostgreSQL database per test (the server on 127.0.0.1:5432, user postgres)."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def available() -> bool:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def temp_database(prefix: str = "monitor_test") -> Iterator[str]:
    """Create a database, yield its SQLAlchemy URL, drop it afterwards."""
    import psycopg

    if not available():
        pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

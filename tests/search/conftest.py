"""Fixtures of the search tests: a seeded SQLite store."""
from __future__ import annotations

import pytest

from tests.search.search_seed import Seeded, seed
from monitor.store.db import open_store


@pytest.fixture
def seeded(settings) -> Seeded:
    engine = open_store(settings)
    return Seeded(engine, seed(engine))

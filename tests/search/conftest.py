"""Fixtures of the search tests: a seeded SQLite store, and the app on it served by uvicorn on loopback."""
from __future__ import annotations

import pytest

from monitor.store.db import open_store
from tests.search.search_seed import Seeded, seed


@pytest.fixture
def seeded(settings) -> Seeded:
    engine = open_store(settings)
    return Seeded(engine, seed(engine))


@pytest.fixture
def server(seeded, settings):
    """The real app on the seeded store, at a loopback URL (for the browser tests)."""
    from monitor.web.app import create_app
    from tests.httpserver import serve_app

    with serve_app(create_app(settings)) as url:
        yield url

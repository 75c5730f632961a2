import pytest

from monitor.store.db import open_store
from tests.httpserver import TestServer


@pytest.fixture
def server():
    srv = TestServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def engine(settings):
    eng = open_store(settings)
    yield eng
    eng.dispose()

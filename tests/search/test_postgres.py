"""The same searches on PostgreSQL full-text search (scale store), in a throw-away database."""
import secrets

import pytest
import sqlalchemy as sa

from monitor.search.engine import SearchEngine
from monitor.search.query import SearchSyntaxError
from monitor.store.db import open_store
from tests.search.search_seed import NOW, seed
from tests.services import missing

pytestmark = pytest.mark.postgres
ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_settings(settings):
    try:
        admin = sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as c:
            c.execute(sa.text("SELECT 1"))
    except Exception as e:  # noqa: BLE001
        missing("PostgreSQL", f"no server on 127.0.0.1:5432 ({type(e).__name__})")
    name = f"monitor_test_search_{secrets.token_hex(4)}"
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield settings.model_copy(update={"database_url": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"})
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


QUERIES = ["disalurkan", "kemitraan", "CAFE", "rantai pasok org:kadin since:2026-03-01", 'speaker:"Teten Masduki" KUR',
           "kind:figure value:>50 unit:percent", "topic:umkm stance:contra kind:quote", "outlet:tempo kind:quote",
           '"tepat sasaran" kind:quote', "koperasi -desa", "pembiaya*", "assessment:negative", ""]


def test_postgres_finds_what_sqlite_finds(pg_settings, settings):
    pg = open_store(pg_settings)
    try:
        seed(pg)
        lite = open_store(settings)
        seed(lite)
        for q in QUERIES:
            want = {(h.kind, h.text) for h in SearchEngine(lite).search(q, now=NOW, per_page=50).hits}
            got = SearchEngine(pg).search(q, now=NOW, per_page=50)
            assert {(h.kind, h.text) for h in got.hits} == want, q
        [hit] = SearchEngine(pg).search('"tepat sasaran" kind:quote', now=NOW).hits
        assert set(hit.outlets) == {"Kompas", "Antara", "Tempo"}
        assert "<mark>menyalurkan</mark>" in SearchEngine(pg).search("disalurkan kind:quote", now=NOW).hits[0].highlight_html()
        # PostgreSQL can express a lone NOT inside OR; the result must still exclude the negated word
        hits = SearchEngine(pg).search("tampilkan OR NOT koperasi", now=NOW, per_page=50).hits
        assert hits and all("koperasi" not in h.text.lower() or "tampilkan" in h.text.lower() for h in hits)
        with pytest.raises(SearchSyntaxError):
            SearchEngine(pg).search("speaker:", now=NOW)
    finally:
        pg.dispose()

"""The workspace pages and alerts on PostgreSQL (the scale store): the same SQL must run there too."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from monitor.digest.alerts import send_due_alerts
from monitor.store import saved
from monitor.store.db import open_store, session_scope
from monitor.web.app import create_app
from monitor.web.auth import hash_password
from tests.digest.conftest import smtp  # noqa: F401
from tests.pg import temp_database
from tests.search.search_seed import seed
from tests.web.conftest import PASSWORD, add_teten, csrf_of, sign_in

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(settings):
    with temp_database("monitor_test_web") as url:
        conf = settings.model_copy(update={"database_url": url})
        engine = open_store(conf)
        ids = seed(engine)
        ids["teten2"] = add_teten(engine)
        with session_scope(engine) as s:
            saved.add_user(s, "analis@contoh.id", hash_password(PASSWORD))
        yield conf, engine, ids
        engine.dispose()


def test_pages_and_alerts_on_postgres(pg, smtp):  # noqa: F811
    conf, engine, ids = pg
    client = TestClient(create_app(conf))
    assert re.search(r'class="m-figure ">Rp 2,5 miliar</span>', client.get(f"/articles/{ids['teten2']}").text)
    assert "3 kutipan" in client.get("/speakers/teten-masduki").text
    assert "Arsjad Rasjid" in client.get("/orgs/kadin").text
    assert "porsi kredit UMKM" in client.get("/figures").text
    assert "Teten Masduki" in client.get("/trends", params={"since": "2026-03-01", "until": "2026-03-31"}).text
    sign_in(client)
    page = client.get("/saved", params={"q": "kemitraan kind:quote"}).text
    r = client.post("/saved", data={"q": "kemitraan kind:quote", "csrf": csrf_of(page)}, follow_redirects=False)
    assert r.status_code == 303
    add_teten(engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-pg")
    mail = conf.model_copy(update={"smtp_port": smtp.port})
    assert [x.status for x in send_due_alerts(mail, engine)] == ["sent"]
    assert send_due_alerts(mail, engine) == [] and len(smtp.received) == 1
    assert "1 baru" in client.get("/saved").text

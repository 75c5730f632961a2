"""Fixtures of the web workspace tests: the search tests' seeded store plus one more article, a signed-up user."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from monitor.store import saved
from monitor.store.db import open_store, session_scope
from monitor.types import Analysis, Entity, TopicLabel
from monitor.web.app import create_app
from monitor.web.auth import hash_password
from tests.search.search_seed import Seeded, _figure, _quote, add_article, seed

PASSWORD = "kata-sandi-uji-123"
TEXT_TETEN = ("Menkop UKM teten masduki menyebut kemitraan koperasi dengan usaha besar menyulitkan anggota kecil. "
              "\"Skema kemitraan ini masih menyulitkan koperasi kecil yang modalnya terbatas,\" kata Teten. "
              "Pemerintah menyiapkan anggaran Rp 2,5 miliar untuk pendampingan.")


def teten_analysis(version: str = "test") -> Analysis:
    """The analysis of TEXT_TETEN (a re-analysis passes another model version)."""
    q = "Skema kemitraan ini masih menyulitkan koperasi kecil yang modalnya terbatas,"
    label = TopicLabel("umkm_partnership", 0.8, "contra", "negative", ("menyulitkan",))
    start = TEXT_TETEN.index("teten masduki")
    return Analysis(
        version, entities=(Entity("Teten Masduki", "PER", ((start, start + len("teten masduki")),)),),
        quotes=(_quote(TEXT_TETEN, q, "teten  masduki", "Menkop UKM", "Kementerian Koperasi dan UKM", [label]),),
        figures=(_figure(TEXT_TETEN, "Rp 2,5 miliar", 2.5e9, "idr", "anggaran pendampingan koperasi",
                         "Pemerintah menyiapkan anggaran Rp 2,5 miliar untuk pendampingan."),),
        topics=(label,))


def add_teten(engine, when=datetime(2026, 3, 30, 3, 0, tzinfo=timezone.utc), key="teten-2") -> int:
    """A second spelling of a seeded speaker, with an entity, stance evidence and a money figure."""
    with session_scope(engine) as s:
        return add_article(s, key, "kompas", "Teten Soroti Skema Kemitraan Koperasi", TEXT_TETEN, when,
                           teten_analysis())


@pytest.fixture
def store(settings) -> Seeded:
    engine = open_store(settings)
    ids = seed(engine)
    ids["teten2"] = add_teten(engine)
    with session_scope(engine) as s:
        saved.add_user(s, "Analis@Contoh.id", hash_password(PASSWORD))
    return Seeded(engine, ids)


@pytest.fixture
def client(store, settings) -> TestClient:
    return TestClient(create_app(settings))


def sign_in(client: TestClient, email: str = "analis@contoh.id", password: str = PASSWORD) -> None:
    import re

    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    r = client.post("/login", data={"email": email, "password": password, "csrf": token, "next": "/saved"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def csrf_of(html: str) -> str:
    import re

    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

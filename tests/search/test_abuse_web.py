"""Hostile requests to the web app: injection attempts, oversized input, internal errors.

Each answer is a 200, a 4xx with a message, or a bare 500 without internals; the store is untouched."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from monitor.store.models import Article, FigureRow, QuoteRow
from monitor.web.app import create_app

HOSTILE = [
    "'; DROP TABLE quote_row; --",
    "\" OR 1=1 --",
    "umkm' UNION SELECT sql FROM sqlite_master --",
    "kur) OR (1=1",
    "text:* OR rowid:1",
    "NEAR(umkm kur, 1",
    "{quote_text} : umkm",
    "umkm\x00kur",
    "speaker:\"Teten\" OR \"\" = \"\"",
    "*",
    "^umkm",
    "umkm -- komentar",
    "speaker:'; DELETE FROM article; --",
    "value:>1e309",
    "since:99999999d",
    "until:9999-12-31",
    "since:0001-01-01",
    "value:>99999999999999999999999999999999999999",
    "%' OR '%' = '",
]


def _counts(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one() for t in (Article, QuoteRow, FigureRow))


@pytest.fixture
def client(seeded, settings):
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.mark.parametrize("q", HOSTILE)
def test_injection_attempts_are_words_or_syntax_errors(client, seeded, q):
    before = _counts(seeded.engine)
    for path in ("/api/search", "/"):
        r = client.get(path, params={"q": q})
        assert r.status_code in (200, 400), (path, q, r.status_code, r.text[:300])
        if path == "/api/search" and r.status_code == 400:
            assert r.json()["detail"]  # a message the user can act on
    assert _counts(seeded.engine) == before


def test_oversized_queries_and_pages_are_bounded(client):
    huge = "umkm " * 400  # 2,000 characters: twice the limit
    assert client.get("/api/search", params={"q": huge}).status_code == 422
    assert client.get("/", params={"q": huge}).status_code == 422
    assert client.get("/api/search", params={"q": "kur", "per_page": 10_000}).status_code == 422
    assert client.get("/api/search", params={"q": "kur", "page": 10**9}).status_code == 422
    assert client.get("/api/articles/99999999999999999999999").status_code == 422
    many_terms = " OR ".join(f"kata{i}" for i in range(150))  # under 1,000 chars but many terms
    assert client.get("/api/search", params={"q": many_terms[:1000]}).status_code in (200, 400)


def test_internal_errors_show_no_stack_trace(seeded, settings, monkeypatch):
    from monitor.search import engine as search_engine

    def boom(self, *a, **kw):  # noqa: ANN001, ANN002, ANN003
        raise RuntimeError("rahasia: /srv/monitor/data.db password=hunter2")
    monkeypatch.setattr(search_engine.SearchEngine, "search", boom)
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    for path in ("/api/search", "/"):
        r = client.get(path, params={"q": "kur"})
        assert r.status_code == 500
        assert "Traceback" not in r.text and "rahasia" not in r.text and "hunter2" not in r.text


def test_stored_html_is_escaped_in_api_highlights(client):
    [hit] = client.get("/api/search", params={"q": "tampilkan"}).json()["results"]
    assert "<script>" in hit["text"]  # the data is returned as stored, as JSON text
    assert "<script>" not in hit["highlight_html"] and "&lt;script&gt;" in hit["highlight_html"]


@pytest.mark.parametrize("params", [
    {"since": "0001-01-01", "until": "9999-12-31", "by": "day"},
    {"since": "2026-13-45"},
    {"by": "'; DROP TABLE article; --"},
    {"topic": "<script>alert(1)</script>", "outlet": "' OR 1=1 --"},
    {"group": "x" * 900, "top": 10**6},
])
def test_hostile_chart_parameters_are_bounded(client, seeded, params):
    import time

    before = _counts(seeded.engine)
    t = time.monotonic()
    r = client.get("/charts/volume.png", params=params)
    assert r.status_code in (200, 400, 422), (params, r.status_code, r.text[:200])
    assert time.monotonic() - t < 20
    assert "<script>" not in r.text and "Traceback" not in r.text
    assert _counts(seeded.engine) == before

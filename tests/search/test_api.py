"""The HTTP API and the server-rendered page, in-process (FastAPI TestClient)."""
import pytest
from pydantic import SecretStr
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from monitor.web.app import create_app, loopback


@pytest.fixture
def client(seeded, settings):
    return TestClient(create_app(settings))


def test_search_returns_documented_json(client):
    r = client.get("/api/search", params={"q": '"tepat sasaran" kind:quote'})
    assert r.status_code == 200
    body = r.json()
    assert body["page"] == 1 and body["has_more"] is False
    [hit] = body["results"]
    assert hit["speaker"] == "Teten Masduki" and hit["speaker_role"] == "Menteri Koperasi dan UKM"
    assert sorted(hit["outlets"]) == ["Antara", "Kompas", "Tempo"]
    assert "<mark>tepat</mark> <mark>sasaran</mark>" in hit["highlight_html"].lower()
    assert hit["published_local"].endswith("WIB")
    assert hit["article_url"].startswith("https://")
    schema = client.get("/openapi.json").json()
    assert "/api/search" in schema["paths"] and "400" in schema["paths"]["/api/search"]["get"]["responses"]


def test_facets_on_request(client):
    body = client.get("/api/search", params={"q": "rantai pasok kind:quote", "facets": "true"}).json()
    speakers = {f["value"]: f["count"] for f in body["facets"] if f["key"] == "speaker"}
    assert speakers == {"Arsjad Rasjid": 1, "Shinta Kamdani": 1}
    assert {f["value"] for f in body["facets"] if f["key"] == "stance"} == {"pro", "contra"}
    assert client.get("/api/search", params={"q": "rantai"}).json()["facets"] == []


def test_syntax_error_is_a_400_with_the_message(client):
    r = client.get("/api/search", params={"q": "umkm AND (kur"})
    assert r.status_code == 400
    assert r.json() == {"detail": "'(' is never closed: add ')' (at position 9)", "position": 9}


def test_pagination(client):
    one = client.get("/api/search", params={"q": "", "per_page": 4}).json()
    two = client.get("/api/search", params={"q": "", "per_page": 4, "page": 2}).json()
    assert one["has_more"] and len(one["results"]) == 4
    assert not {h["id"] for h in one["results"]} & {h["id"] for h in two["results"]}
    assert client.get("/api/search", params={"per_page": 1000}).status_code == 422


def test_article_endpoint(client, seeded):
    body = client.get(f"/api/articles/{seeded.ids['kur']}").json()
    assert body["outlet"] == "Kompas"
    assert body["quotes"][0]["speaker"] == "Teten Masduki"
    assert body["figures"][0]["value"] == 19.6
    assert body["stance"][0]["topic"] == "financial_inclusion"
    assert client.get("/api/articles/99999").status_code == 404


def test_page_escapes_stored_text_and_shows_facets(client):
    r = client.get("/", params={"q": "tampilkan"})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert" in r.text
    assert 'href="?q=tampilkan+speaker%3A%22Budi+Santoso%22"' in r.text
    bad = client.get("/", params={"q": "speaker:"})
    assert bad.status_code == 400 and "needs a value" in bad.text


def test_token_protects_everything(seeded, settings):
    app = create_app(settings.model_copy(update={"api_token": SecretStr("rahasia-123")}))
    c = TestClient(app)
    assert c.get("/api/search", params={"q": "kur"}).status_code == 401
    assert c.get("/api/search", params={"q": "kur"}, headers={"Authorization": "Bearer salah"}).status_code == 401
    assert c.get("/api/search", params={"q": "kur"}, headers={"Authorization": "Bearer rahasia-123"}).status_code == 200
    assert c.get("/", params={"token": "rahasia-123"}).status_code == 200
    assert c.get("/").status_code == 200  # the cookie set by ?token= now identifies the browser


def test_serve_refuses_public_host_without_token(monkeypatch, settings):
    from monitor.cli import app

    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost")
    assert not loopback("0.0.0.0") and not loopback("192.168.1.10")
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.delenv("MONITOR_API_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "MONITOR_API_TOKEN" in result.output


def test_unknown_topic_is_a_400_and_a_label_finds_the_topic(client):
    r = client.get("/api/search", params={"q": "topic:olahraga"})
    assert r.status_code == 400 and r.json()["position"] == 6 and "topic must be" in r.json()["detail"]
    assert client.get("/api/search", params={"q": "topic:inklusi"}).json()["results"]

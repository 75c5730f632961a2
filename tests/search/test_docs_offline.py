"""/docs works without the internet: Swagger UI comes from a PyPI package and the app serves it."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from monitor.web.app import create_app
from tests import browser_util


@pytest.fixture
def client(seeded, settings):
    return TestClient(create_app(settings))


def _references(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""", html)


def test_docs_page_names_no_outside_url_and_its_assets_load(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page.text, re.I), "an outside URL on /docs"
    refs = [a or b for a, b in _references(page.text)]
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs) and any(r.endswith(".css") for r in refs)
    for ref in refs:
        assert not urlsplit(ref).netloc, ref
        asset = client.get(ref)
        assert asset.status_code == 200 and len(asset.content) > 100, ref
    js = client.get(next(r for r in refs if r.endswith("swagger-ui-bundle.js")))
    assert "javascript" in js.headers["content-type"] and "SwaggerUIBundle" in js.text
    spec = client.get("/docs/openapi.json").json()
    assert spec["openapi"].startswith("3.0") and "/api/search" in spec["paths"]
    assert client.get("/openapi.json").json()["paths"] == spec["paths"]
    assert client.get("/redoc").status_code == 404  # ReDoc would come from a CDN: not offered


def test_docs_need_the_token_like_everything_else(seeded, settings):
    c = TestClient(create_app(settings.model_copy(update={"api_token": SecretStr("kunci-rahasia")})))
    assert c.get("/docs").status_code == 401
    assert c.get("/docs/openapi.json").status_code == 401 and c.get("/openapi.json").status_code == 401
    # stylesheets and scripts hold no data: they stay open so the sign-in page is styled
    assert c.get("/static/swagger-ui/swagger-ui.css").status_code == 200
    assert c.get("/docs", headers={"Authorization": "Bearer kunci-rahasia"}).status_code == 200


@pytest.mark.browser
@pytest.mark.skipif(not browser_util.available(), reason="needs /usr/bin/chromium and playwright")
def test_docs_render_in_a_browser_with_no_request_leaving_the_machine(server):
    outside = []
    with browser_util.desktop_page() as (browser, page):
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
        page.goto(server + "/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        page.screenshot(path=str(browser_util.artifact("docs_offline.png")), full_page=False)
    assert any("/api/search" in p for p in paths)
    assert outside == []

"""The chart routes, served by a real uvicorn server on 127.0.0.1."""
from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from monitor.export.web import router
from tests.httpserver import serve_app as serve


@pytest.fixture
def server(store):
    app = FastAPI()
    app.include_router(router)
    app.state.engine = store
    with serve(app) as url:
        yield url


def test_chart_png_and_svg(server):
    png = httpx.get(f"{server}/charts/volume.png", params={"topic": "umkm_partnership", "since": "2024-05-01",
                                                           "until": "2024-05-10"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content[:4] == b"\x89PNG" and len(png.content) > 5000
    svg = httpx.get(f"{server}/charts/figure.svg", params={"group": "kontribusi UMKM terhadap PDB", "lang": "en"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "Claimed figures: kontribusi UMKM terhadap PDB" in svg.text


def test_chart_errors(server):
    assert httpx.get(f"{server}/charts/pie.png").status_code == 404
    assert httpx.get(f"{server}/charts/figure.png").status_code == 400  # no group
    assert httpx.get(f"{server}/charts/volume.png", params={"by": "year"}).status_code == 400
    assert httpx.get(f"{server}/charts/volume.png", params={"since": "kemarin"}).status_code == 422


def test_the_web_app_serves_the_charts(store, settings):
    app_module = pytest.importorskip("monitor.web.app")
    with serve(app_module.create_app(settings)) as url:
        response = httpx.get(f"{url}/charts/assessment.svg", params={"topic": "umkm_partnership", "by": "week"})
    assert response.status_code == 200
    assert "Penilaian kondisi kemitraan UMKM" in response.text

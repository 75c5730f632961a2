"""The chart routes, served by a real uvicorn server on 127.0.0.1."""
from __future__ import annotations

import socket
from contextlib import contextmanager
import threading
import time

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from monitor.export.web import router


@contextmanager
def serve(app):
    """Run an app with uvicorn on a free port of 127.0.0.1 for the duration of the block."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


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

"""Charts drawn ahead (monitor.web.warm): after a change of the store the images the dashboard, the figures page
and the most quoted people's pages ask for are already in the chart caches, equal to a drawing on demand."""
from __future__ import annotations

import html
import logging
import re
import time
from datetime import datetime, timezone

import pytest

from monitor.export.web import drawn
from monitor.web.pages import _figure_svg, _person_svg
from tests.web.conftest import add_teten


def _clear() -> None:
    for cache in (drawn, _person_svg, _figure_svg):
        cache.cache_clear()


def _misses() -> int:
    return sum(c.cache_info().misses for c in (drawn, _person_svg, _figure_svg))


def _images(client) -> list[str]:
    """Every chart image the dashboard (default window), the figures page and the top speaker's page load."""
    urls = re.findall(r'src="(/charts/[^"]+)"', client.get("/trends").text)
    urls += re.findall(r'src="(/figures/chart\.svg[^"]+)"', client.get("/figures").text)
    urls += ["/speakers/teten-masduki/chart.svg?lang=id"]
    return [html.unescape(u) for u in urls]


def test_the_first_visitor_after_a_change_gets_charts_already_drawn(client, store):
    _clear()
    warmer = client.app.state.warmer
    urls = _images(client)
    assert len([u for u in urls if u.startswith("/charts/")]) == 4  # two topics' volume, assessment, speakers
    assert any(u.startswith("/figures/chart.svg") for u in urls)
    _clear()
    assert warmer.run_once() >= len(urls)
    before = _misses()
    served = {u: client.get(u) for u in urls}
    assert all(r.status_code == 200 for r in served.values())
    assert _misses() == before  # nothing drawn while the visitor waited
    _clear()
    assert all(client.get(u).content == r.content for u, r in served.items())  # the same bytes as drawn on demand

    assert warmer.run_once() == 0  # the store did not change: nothing drawn again
    add_teten(store.engine, datetime(2026, 3, 31, 3, 0, tzinfo=timezone.utc), key="teten-lagi")
    assert warmer.run_once() > 0
    before = _misses()
    person = client.get("/speakers/teten-masduki/chart.svg?lang=id")
    assert _misses() == before and person.content != served["/speakers/teten-masduki/chart.svg?lang=id"].content


def test_the_organisation_with_most_quotes_is_drawn_ahead(client, store):
    from monitor.store.workspace import top_orgs

    _clear()
    key, n = top_orgs(store.engine, limit=1)[0]
    assert n >= 1
    client.app.state.warmer.run_once()
    before = _misses()
    assert client.get(f"/orgs/{key}/chart.svg?lang=id").status_code == 200
    assert _misses() == before


def test_a_failure_is_logged_and_never_raised(client, caplog):
    from monitor.web.warm import ChartWarmer

    def broken(stamp):
        raise RuntimeError("disk penuh")

    warmer = ChartWarmer(client.app.state.engine, broken, interval=30)
    with caplog.at_level(logging.WARNING, logger="monitor.web.warm"):
        assert warmer.run_once() == 0
    assert "charts not drawn ahead" in caplog.text and warmer.stamp is None  # tried again at the next check


def test_the_thread_draws_on_start_and_stops(client):
    from monitor.web.warm import ChartWarmer

    _clear()
    warmer = ChartWarmer(client.app.state.engine, client.app.state.draw_ahead, interval=0.05)
    warmer.start()
    try:
        deadline = time.monotonic() + 30
        while warmer.drawn == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert warmer.drawn > 0
    finally:
        warmer.stop()
    assert warmer._thread is None


@pytest.mark.parametrize("interval", [0.0])
def test_interval_zero_turns_it_off(client, interval):
    from monitor.web.warm import ChartWarmer

    warmer = ChartWarmer(client.app.state.engine, client.app.state.draw_ahead, interval=interval)
    warmer.start()
    assert warmer._thread is None


def test_monitor_serve_draws_ahead_and_serves_from_the_cache(store, settings, tmp_path):
    """The real server: `monitor serve` logs the charts it drew ahead, then serves the dashboard's images."""
    import json
    import os
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env |= {"MONITOR_DATABASE_URL": settings.database_url, "MONITOR_CHART_PREWARM_INTERVAL": "0.2",
            "MONITOR_LOG_FORMAT": "json", "MONITOR_PORT": str(port)}
    log = tmp_path / "serve.log"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", "from monitor.cli import main; main()", "serve"], env=env, cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline, drawn_line = time.monotonic() + 60, None
        while drawn_line is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            for line in log.read_text().splitlines():
                if line.startswith("{") and json.loads(line).get("msg") == "charts drawn ahead":
                    drawn_line = json.loads(line)
        assert drawn_line is not None, log.read_text()[-2000:]
        assert drawn_line["charts"] >= 4
        page = httpx.get(f"http://127.0.0.1:{port}/trends", timeout=10)
        first = re.search(r'src="(/charts/[^"]+)"', page.text).group(1)
        image = httpx.get(f"http://127.0.0.1:{port}{html.unescape(first)}", timeout=10)
        assert image.status_code == 200 and image.content.lstrip().startswith(b"<?xml")
    finally:
        proc.terminate()
        proc.wait(10)

"""The ingestion commands as a user runs them (subprocesses against a loopback server)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from tests.httpserver import Reply
from tests.ingest.fixtures import ARTICLES, article_html, feed_yaml, rss

CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


def _env(tmp_path, feeds_text):
    (tmp_path / "feeds.yaml").write_text(feeds_text)
    return dict(os.environ, MONITOR_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}",
                MONITOR_FEEDS_FILE=str(tmp_path / "feeds.yaml"), MONITOR_ALLOWED_HOSTS='["127.0.0.1"]',
                MONITOR_PER_HOST_DELAY="0", MONITOR_RUN_INTERVAL="0.5")


def _site(server):
    for slug in ("kemitraan", "kur"):
        server.route(f"/b/{slug}.html", Reply(200, article_html(slug)))
    server.route("/f.xml", Reply(200, rss(server.base, [{"title": ARTICLES[s][0], "link": server.url(f"/b/{s}.html")}
                                                        for s in ("kemitraan", "kur")])))
    server.route("/dead.xml", Reply(404, b"gone"))


def test_poll_feeds_and_stats(server, tmp_path):
    _site(server)
    env = _env(tmp_path, feed_yaml([("warta", server.url("/f.xml")), ("mati", server.url("/dead.xml"))]))
    out = subprocess.run(CLI + ["poll", "--no-analyse"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "2 articles stored" in out.stderr
    feeds = json.loads(subprocess.run(CLI + ["feeds", "--json"], env=env, capture_output=True, text=True,
                                      check=True).stdout)
    by_id = {f["id"]: f for f in feeds}
    assert by_id["warta"]["items_seen"] == 2 and by_id["warta"]["last_status"] == "ok"
    assert by_id["mati"]["last_status"] == "http_404" and by_id["mati"]["consecutive_failures"] == 1
    table = subprocess.run(CLI + ["feeds"], env=env, capture_output=True, text=True, check=True).stdout
    assert "warta" in table and "steady" in table
    stats = json.loads(subprocess.run(CLI + ["stats", "--json"], env=env, capture_output=True, text=True,
                                      check=True).stdout)
    assert stats["articles"] == 2 and stats["feed_entries"] == 2 and stats["sources"] == 2


def test_malformed_feeds_file_is_a_clear_error(tmp_path):
    env = _env(tmp_path, "feeds:\n  - id: a\n    name: A\n    url: nope\n")
    out = subprocess.run(CLI + ["poll"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "feeds.yaml:4: feed #1 (a): field 'url'" in out.stderr and "Traceback" not in out.stderr


def test_run_stops_cleanly_on_sigterm(server, tmp_path):
    _site(server)
    env = _env(tmp_path, feed_yaml([("warta", server.url("/f.xml"))]))
    env["MONITOR_LOG_FORMAT"] = "json"
    proc = subprocess.Popen(CLI + ["run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 90
    while time.time() < deadline and server.hits["/b/kur.html"] == 0:
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any(line["msg"] == "service stopped" for line in lines)
    assert any(line["msg"] == "pass done" and line["articles"] == 2 for line in lines)


def test_poll_exits_1_when_every_feed_failed(server, tmp_path):
    """A scheduler must notice a pass that read nothing: exit 1 and one red line (2 is kept for mistakes)."""
    server.route("/dead.xml", Reply(404, b"gone"))
    server.route("/rusak.xml", Reply(500, b"error"))
    env = _env(tmp_path, feed_yaml([("mati", server.url("/dead.xml")), ("rusak", server.url("/rusak.xml"))]))
    env["MONITOR_RETRY_BACKOFF"], env["MONITOR_RETRY_BACKOFF_MAX"] = "0.01", "0.05"
    out = subprocess.run(CLI + ["poll", "--no-analyse"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    assert "every feed failed (2 of 2)" in out.stderr and "Traceback" not in out.stderr
    _site(server)  # one feed answers again: a partial failure is a normal pass
    env = _env(tmp_path, feed_yaml([("warta", server.url("/f.xml")), ("mati", server.url("/dead.xml"))]))
    assert subprocess.run(CLI + ["poll", "--no-analyse"], env=env, capture_output=True, text=True,
                          timeout=120).returncode == 0

"""`monitor digest`: dry run with and without a subscribers file, and a real send."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from typer.testing import CliRunner

import monitor.digest.commands  # noqa: F401  (registers the command)
from monitor.cli import app
from monitor.store.db import open_store
from tests.digest.seed import WIB, seed


@pytest.fixture
def env(settings, monkeypatch):
    """The CLI builds its own Settings from MONITOR_* variables: point them at the test store."""
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.delenv("MONITOR_SUBSCRIBERS_FILE", raising=False)
    yesterday = (datetime.now(timezone.utc).astimezone(WIB) - timedelta(days=1)).date()
    seed(open_store(settings), yesterday)
    handlers = list(logging.root.handlers)
    yield yesterday
    logging.root.handlers[:] = handlers  # the CLI's log handler writes to the runner's stream, closed by now


def test_dry_run_without_subscribers_renders_a_sample(env, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["digest", "--dry-run", "--out", str(out)])
    assert result.exit_code == 0, result.output
    eml = out / f"digest-{env.isoformat()}-pembaca_example.invalid.eml"
    html = (out / eml.name.replace(".eml", ".html")).read_text(encoding="utf-8")
    msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["To"] == "Pembaca monitor <pembaca@example.invalid>"
    assert "Teten Masduki" in msg.get_body(("plain",)).get_content()
    assert html.count('src="data:image/png;base64,') == 2 and "cid:" not in html  # opens in a browser as is


def test_send_needs_a_subscribers_file(env):
    result = CliRunner().invoke(app, ["digest"])
    assert result.exit_code == 2 and "MONITOR_SUBSCRIBERS_FILE" in result.output


def test_send_through_smtp_once(env, tmp_path, smtp, monkeypatch):
    path = tmp_path / "subs.yaml"
    path.write_text("subscribers:\n  - email: a@contoh.id\n  - email: b@contoh.id\n    topics: [financial_inclusion]\n", encoding="utf-8")
    monkeypatch.setenv("MONITOR_SUBSCRIBERS_FILE", str(path))
    monkeypatch.setenv("MONITOR_SMTP_PORT", str(smtp.port))
    args = ["digest", "--subscriber", "B@contoh.id", "--date", env.isoformat()]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert [rcpts for rcpts, _ in smtp.received] == [["b@contoh.id"]]
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "already-sent" in again.output and len(smtp.received) == 1
    bad = CliRunner().invoke(app, ["digest", "--date", "kemarin"])
    assert bad.exit_code == 2 and "not a date" in bad.output

"""`monitor users add` / `users list` and `monitor alerts send` through the real CLI."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.store import saved
from monitor.store.db import session_scope
from monitor.web.auth import check_password
from tests.digest.conftest import smtp  # noqa: F401
from tests.web.conftest import add_teten


@pytest.fixture
def env(store, settings, monkeypatch):
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    handlers = list(logging.root.handlers)
    yield store
    logging.root.handlers[:] = handlers


def test_users_add_prints_a_password_that_signs_in(env):
    r = CliRunner().invoke(app, ["users", "add", "Peneliti@Contoh.id"])
    assert r.exit_code == 0, r.output
    email, password = r.stdout.strip().split("\t")
    assert email == "peneliti@contoh.id"
    with session_scope(env.engine) as s:
        assert check_password(password, saved.user_by_email(s, email).password_hash)
    again = CliRunner().invoke(app, ["users", "add", "peneliti@contoh.id"])
    assert again.exit_code == 2 and "exists" in again.output and "Traceback" not in again.output
    bad = CliRunner().invoke(app, ["users", "add", "bukan-alamat"])
    assert bad.exit_code == 2 and "not an e-mail address" in bad.output
    listed = CliRunner().invoke(app, ["users", "list"])
    assert "peneliti@contoh.id\t0 saved searches" in listed.stdout


def test_alerts_send_command(env, monkeypatch, smtp):  # noqa: F811
    monkeypatch.setenv("MONITOR_SMTP_PORT", str(smtp.port))
    with session_scope(env.engine) as s:
        saved.save_search(s, saved.user_by_email(s, "analis@contoh.id").id, "Koperasi", "koperasi kind:quote", "immediate")
    add_teten(env.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-cli")
    r = CliRunner().invoke(app, ["alerts", "send"])
    assert r.exit_code == 0, r.output
    assert "\tsent" in r.stdout and len(smtp.to("analis@contoh.id")) == 1
    r = CliRunner().invoke(app, ["alerts", "send"])
    assert "\tsent" not in r.stdout and len(smtp.received) == 1

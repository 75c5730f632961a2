"""The CLI table and the web page show figures, dates and codes in Indonesian style; JSON keeps raw values."""
from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

import monitor.search.commands  # noqa: F401  (registers the commands)
from monitor.cli import app
from monitor.web.app import create_app


def test_cli_table_shows_figures_dates_and_labels_as_words(monkeypatch, seeded, settings):
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COLUMNS", "200")
    r = CliRunner().invoke(app, ["search", "porsi kredit kind:figure"])
    assert r.exit_code == 0, r.output
    assert "[19,6 persen]" in r.stdout and "10 Mar 2026" in r.stdout and "10.00 WIB" in r.stdout
    assert "inklusi keuangan: mendukung" in r.stdout
    assert "e+" not in r.stdout and "financial_inclusion" not in r.stdout
    raw = json.loads(CliRunner().invoke(app, ["search", "porsi kredit kind:figure", "--format", "json"]).stdout)
    hit = raw["results"][0]
    assert hit["value"] == 19.6 and hit["unit"] == "percent" and hit["topics"][0]["stance"] == "pro"  # codes kept


def test_web_page_shows_figures_dates_and_labels_as_words(seeded, settings):
    client = TestClient(create_app(settings))
    page = client.get("/", params={"q": "porsi kredit"}).text
    assert "<b>19,6 persen</b>" in page and "10 Mar 2026 10.00 WIB" in page
    assert "inklusi keuangan · mendukung" in page and "financial_inclusion · pro" not in page
    facets = client.get("/", params={"q": "koperasi OR kredit OR rantai"}).text
    assert ">mendukung</a>" in facets and "stance%3Apro" in facets  # shown as a word, filtered by its code


def test_cli_table_names_a_teaser_in_words(monkeypatch, seeded, settings):
    """A hit from a stored teaser is marked "[cuplikan]", not with the code "teaser"."""
    from sqlalchemy import text

    with seeded.engine.begin() as conn:
        conn.execute(text("UPDATE article SET kind = 'teaser'"))
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COLUMNS", "200")
    r = CliRunner().invoke(app, ["search", "porsi kredit kind:figure"])
    assert r.exit_code == 0 and "[cuplikan]" in r.stdout and "teaser" not in r.stdout

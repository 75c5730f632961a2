"""`monitor export` and `monitor chart` end to end on the seeded store."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

import monitor.export.commands  # noqa: F401  (registers the commands)
from monitor.cli import app
from monitor.export import dictionary


@pytest.fixture
def run(store, settings):
    runner = CliRunner()
    env = {"MONITOR_DATABASE_URL": settings.database_url}
    return lambda *args: runner.invoke(app, list(args), env=env)


def test_export_csv_to_file(run, tmp_path):
    out = tmp_path / "mentions.csv"
    result = run("export", "mentions", "--since", "2024-05-06", "--until", "2024-05-09", "--by", "week",
                 "--topic", "umkm_partnership", "-o", str(out))
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert len(frame) == 9 and frame["articles"].sum() == 2 and frame["quotes"].sum() == 3


def test_export_parquet_by_extension_and_stdout_json(run, tmp_path):
    out = tmp_path / "figures.parquet"
    assert run("export", "figures", "-o", str(out)).exit_code == 0
    assert len(pd.read_parquet(out)) == 7
    result = run("export", "speakers", "--format", "json")
    assert result.exit_code == 0 and '"speaker": "Teten Masduki"' in result.stdout


def test_describe_prints_the_dictionary(run):
    result = run("export", "--describe", "figures")
    assert result.exit_code == 0
    for column in dictionary.COLUMNS["figures"]:
        assert column.name in result.stdout


def test_bad_arguments(run, tmp_path):
    assert run("export", "tweets").exit_code == 2
    assert run("export", "mentions", "--since", "6 Mei").exit_code == 2
    assert run("export", "mentions", "--format", "xlsx").exit_code == 2  # xlsx needs -o
    assert run("chart", "volume", "-o", str(tmp_path / "x.pdf")).exit_code == 2
    huge = run("export", "mentions", "--since", "0001-01-01", "--until", "9999-12-31")
    assert huge.exit_code == 2 and "must be between 1900-01-01 and 2199-12-31" in huge.output
    long_daily = run("chart", "volume", "--since", "1900-01-01", "--until", "2199-12-31", "-o", str(tmp_path / "v.png"))
    assert long_daily.exit_code == 2 and "by=week / by=month" in long_daily.output


def test_chart_command(run, tmp_path):
    out = tmp_path / "speakers.svg"
    result = run("chart", "speakers", "--lang", "en", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Top speakers" in out.read_text(encoding="utf-8")


def test_figures_series_option(run):
    result = run("export", "figures", "--series", "--since", "2024-05-06", "--until", "2024-05-09")
    assert result.exit_code == 0, result.output
    assert "61,9 (Kompas, 2024-05-06) → 60,34 (Detik Finance, 2024-05-07)" in result.stdout
    assert run("export", "quotes", "--series").exit_code == 2

"""`monitor search` prints hits as a table, JSON or CSV, and a syntax error as one line that says where."""
import csv
import io
import json

from typer.testing import CliRunner

from monitor.cli import app


def run(monkeypatch, settings, *args):
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    return CliRunner().invoke(app, ["search", *args])


def test_json(monkeypatch, seeded, settings):
    r = run(monkeypatch, settings, "kemitraan kind:quote", "--format", "json")
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert [h["speaker"] for h in body["results"]] == ["Arsjad Rasjid"]


def test_csv_and_limit(monkeypatch, seeded, settings):
    r = run(monkeypatch, settings, "koperasi", "--format", "csv", "--limit", "2")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.exit_code == 0 and len(rows) == 2 and all("koperasi" in row["text"].lower() or row["speaker_org"] for row in rows)


def test_table(monkeypatch, seeded, settings):
    monkeypatch.setenv("COLUMNS", "160")
    r = run(monkeypatch, settings, "disalurkan")
    assert r.exit_code == 0 and "Sri Mulyani" in r.stdout


def test_syntax_error(monkeypatch, seeded, settings):
    r = run(monkeypatch, settings, 'umkm "rantai')
    assert r.exit_code == 2
    assert r.output.strip() == "error: unterminated phrase: add the closing \" (at character 6 of the query: '\"rantai')"


def test_a_query_typed_as_several_words(monkeypatch, seeded, settings):
    """`monitor search porsi kredit kind:figure` (no quotes around the query) is the same search."""
    one = json.loads(run(monkeypatch, settings, "porsi kredit kind:figure", "--format", "json").stdout)
    r = run(monkeypatch, settings, "porsi", "kredit", "kind:figure", "--format", "json")
    assert r.exit_code == 0, r.output
    many = json.loads(r.stdout)
    assert many["query"] == "porsi kredit kind:figure" and many["results"] == one["results"] and one["results"]


def test_among_several_words_a_quoted_one_is_a_phrase(monkeypatch, seeded, settings):
    r = run(monkeypatch, settings, "porsi kredit", "kind:figure", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["query"] == '"porsi kredit" kind:figure'
    r = run(monkeypatch, settings, "speaker:arsjad rasjid", "kemitraan", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["query"] == 'speaker:"arsjad rasjid" kemitraan'
    r = run(monkeypatch, settings, "kemitraan", "-koperasi", "--format", "json")  # -word is NOT word, not an option
    assert r.exit_code == 0 and json.loads(r.stdout)["query"] == "kemitraan -koperasi"
    r = run(monkeypatch, settings, "-n", "3", "koperasi", "-bunga", "-fjson", "-n3")  # even one holding "n" or "f"
    assert r.exit_code == 0 and json.loads(r.stdout)["query"] == "koperasi -bunga"


def test_a_mistyped_option_is_not_searched_for(monkeypatch, seeded, settings):
    r = run(monkeypatch, settings, "kemitraan", "--limt", "3")
    assert r.exit_code == 2 and r.output.strip().startswith("error: search: No such option: --limt")

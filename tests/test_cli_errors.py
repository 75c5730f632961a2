"""An operator's mistake gets one line `error: …` and exit code 2, never a traceback (`--debug` shows it).

Most cases run in-process through the real command tree; those that depend on what is importable
(PostgreSQL driver, Celery) run in a subprocess through `monitor.cli.main`, as a user runs them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor import __version__
from monitor.cli import app

CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]
ARTICLE = {"id": "a1", "text": "Koperasi nelayan di Sibolga menyalurkan pinjaman Rp 2 miliar kepada 300 anggota."}


def _one_line_error(code: int, stderr: str, *, lines: int = 1) -> str:
    shown = [line for line in stderr.splitlines() if line.strip()]
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert shown and shown[0].startswith("error: ") and len(shown) <= lines, stderr
    return shown[0]


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `monitor ARGS` in tmp_path (its own working directory) with extra environment."""
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("MONITOR_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("MONITOR_MODELS_DIR", str(tmp_path / "no-models"))  # loading a model would fail loudly

    def run(*args: str, **env: str):
        return CliRunner().invoke(app, list(args), env=env)
    return run


@pytest.fixture
def store(tmp_path):
    """An existing, empty, migrated store."""
    from monitor.settings import Settings
    from monitor.store.db import open_store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(Settings(database_url=url)).dispose()
    return url


@pytest.fixture
def articles(tmp_path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"monitor {__version__}"


def test_database_file_that_cannot_be_opened(cli, tmp_path):
    (tmp_path / "folder.db").mkdir()
    (tmp_path / "junk.db").write_bytes(b"not a database, just some bytes " * 100)
    for name, reason in (("folder.db", "unable to open database file"), ("junk.db", "file is not a database")):
        r = cli("stats", MONITOR_DATABASE_URL=f"sqlite:///{tmp_path / name}")
        line = _one_line_error(r.exit_code, r.stderr)
        assert str(tmp_path / name) in line and reason in line
    r = cli("poll", MONITOR_DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/x.db",
            MONITOR_FEEDS_FILE=str(Path(__file__).resolve().parent.parent / "feeds.yaml"))
    assert "cannot open the database" in _one_line_error(r.exit_code, r.stderr)


def test_database_url_that_is_not_a_url(cli):
    r = cli("stats", MONITOR_DATABASE_URL="notaurl")
    assert "MONITOR_DATABASE_URL='notaurl': not a database URL" in _one_line_error(r.exit_code, r.stderr)


def test_port_that_is_not_a_number(cli, store):
    r = cli("serve", MONITOR_DATABASE_URL=store, MONITOR_PORT="abc")
    assert _one_line_error(r.exit_code, r.stderr).startswith("error: MONITOR_PORT='abc': ")


def test_debug_shows_the_traceback(cli):
    from pydantic import ValidationError

    r = cli("--debug", "stats", MONITOR_PORT="abc")
    assert r.exit_code != 0 and isinstance(r.exception, ValidationError) and "port" in str(r.exception)


def _isolated(tmp_path, code: str, args: list[str], **env: str) -> subprocess.CompletedProcess:
    """`monitor ARGS` in a fresh interpreter where `code` ran first (e.g. hiding an installed package)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.run([sys.executable, "-c", f"{code}; from monitor.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=clean | env)


def test_postgresql_url_without_the_driver(tmp_path):
    hide = "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None; sys.argv[0] = 'monitor'"
    r = _isolated(tmp_path, hide, ["stats"], MONITOR_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/x")
    line = _one_line_error(r.returncode, r.stderr)
    assert "'psycopg'" in line and ".[postgres]" in line


def test_worker_without_celery(tmp_path):
    hide = "import sys; sys.modules['celery'] = None; sys.argv[0] = 'monitor'"
    r = _isolated(tmp_path, hide, ["worker"], MONITOR_BROKER_URL="redis://127.0.0.1:6379/0")
    line = _one_line_error(r.returncode, r.stderr)
    assert "'celery'" in line and ".[scale]" in line


def test_missing_input_files_are_reported_before_any_model_loads(cli):
    # MONITOR_MODELS_DIR points nowhere: had the model been loaded first, the error would be about it
    r = cli("annotate", "missing.jsonl", "-o", "out.jsonl")
    assert "missing.jsonl" in _one_line_error(r.exit_code, r.stderr)
    assert not Path("out.jsonl").exists()
    r = cli("eval", "ner", "missing.tsv")
    assert "missing.tsv" in _one_line_error(r.exit_code, r.stderr)


@pytest.mark.parametrize("option,value", [("--batch-size", "-1"), ("--batch-size", "0"), ("--n-process", "0")])
def test_annotate_counts_below_one(cli, articles, option, value):
    r = cli("annotate", str(articles), "-o", "out.jsonl", option, value)
    assert option in _one_line_error(r.exit_code, r.stderr)
    assert not Path("out.jsonl").exists()  # no empty output file left behind


def test_annotate_file_refuses_counts_below_one_too(articles, tmp_path):
    from monitor.errors import MonitorError
    from monitor.nlp.annotate import annotate_file
    from monitor.settings import Settings

    with pytest.raises(MonitorError, match="at least 1"):
        annotate_file(Settings(), articles, tmp_path / "out.jsonl", batch_size=0)
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("args,named", [
    (["export", "mentions", "--topic", "kemitraan_umkm"], "umkm_partnership"),
    (["export", "speakers", "--outlet", "koran-antah"], "koran-antah"),
    (["chart", "volume", "--topic", "inklusi", "-o", "v.png"], "financial_inclusion"),
    (["chart", "volume", "--outlet", "koran-antah", "-o", "v.png"], "koran-antah"),
    (["chart", "figure", "--group", "harga cabai", "-o", "f.png"], "harga cabai"),
])
def test_unknown_topic_outlet_or_group(cli, store, args, named):
    r = cli(*args, MONITOR_DATABASE_URL=store)
    assert named in _one_line_error(r.exit_code, r.stderr)
    assert not Path("v.png").exists() and not Path("f.png").exists()


def test_search_unknown_topic_is_refused_like_an_unknown_stance(cli, store):
    r = cli("search", "koperasi topic:olahraga", MONITOR_DATABASE_URL=store)
    line = _one_line_error(r.exit_code, r.stderr)
    assert "topic must be" in line and "umkm_partnership" in line and "'olahraga'" in line
    assert cli("search", "koperasi topic:inklusi", MONITOR_DATABASE_URL=store).exit_code == 0


def test_search_unknown_unit_is_refused_like_an_unknown_kind(cli, store):
    for query, word in (("unit:euro", "unit must be"), ("kind:bogus", "kind must be")):
        r = cli("search", query, MONITOR_DATABASE_URL=store)
        line = _one_line_error(r.exit_code, r.stderr)
        assert word in line and "at character 6 of the query" in line
    assert cli("search", "koperasi unit:persen", MONITOR_DATABASE_URL=store).exit_code == 0


@pytest.mark.parametrize("query, where", [
    ("pinjaman ( koperasi", "at character 10 of the query: '( koperasi'"),
    ("koperasi nelayan)", "at character 17 of the query: ')'"),
    ('nelayan "pinjaman\nkoperasi', "at character 9 of the query: '\"pinjaman koperasi'"),
    ("nelayan speaker:", "at the end of the query"),
])
def test_search_syntax_error_is_one_line_that_says_where(cli, store, query, where):
    r = cli("search", query, MONITOR_DATABASE_URL=store)
    assert where in _one_line_error(r.exit_code, r.stderr)


@pytest.mark.parametrize("args", [["stats"], ["feeds"], ["check"], ["search", "koperasi"], ["export", "mentions"],
                                  ["chart", "volume", "-o", "v.png"], ["digest", "--dry-run", "--out", "d"],
                                  ["serve"], ["speakers"], ["speakers", "--json"], ["speakers", "merge", "A", "B"],
                                  ["speakers", "split", "A"], ["replay", "--list"], ["reindex"],
                                  ["backfill", "--since", "2026-01-01"]])
def test_read_only_commands_never_create_a_store(cli, tmp_path, args):
    r = cli(*args)
    line = _one_line_error(r.exit_code, r.stderr)
    assert f"no database at {tmp_path / 'monitor.db'}" in line
    assert not (tmp_path / "monitor.db").exists()


def test_stats_says_where_the_database_is(cli, store, tmp_path):
    r = cli("stats", MONITOR_DATABASE_URL=store)
    assert r.exit_code == 0 and f"database: {tmp_path / 'store.db'}" in r.stdout
    r = cli("stats", "--json", MONITOR_DATABASE_URL=store)
    assert json.loads(r.stdout)["articles"] == 0 and str(tmp_path / "store.db") in r.stderr


def test_the_entry_point_prints_one_line_and_with_debug_the_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")} | {"MONITOR_PORT": "abc"}
    r = subprocess.run(CLI + ["stats"], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert "MONITOR_PORT" in _one_line_error(r.returncode, r.stderr)
    r = subprocess.run(CLI + ["--debug", "stats"], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                       env=env | {"TERM": "dumb", "COLUMNS": "200"})
    assert r.returncode == 1 and "Traceback" in r.stderr and "ValidationError" in r.stderr


@pytest.mark.parametrize("env, args, named", [
    ({"MONITOR_PORT": "-5"}, [], "MONITOR_PORT"),
    ({"MONITOR_PORT": "70000"}, [], "MONITOR_PORT"),
    ({}, ["--port", "99999"], "--port"),
    ({"MONITOR_SMTP_PORT": "0"}, [], "MONITOR_SMTP_PORT"),
])
def test_port_out_of_range(cli, store, env, args, named):
    r = cli("serve", *args, MONITOR_DATABASE_URL=store, **env)
    assert named in _one_line_error(r.exit_code, r.stderr)


def test_serve_on_a_port_that_is_taken(cli, store):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        r = cli("serve", "--port", str(port), MONITOR_DATABASE_URL=store, MONITOR_CHART_PREWARM_INTERVAL="0")
    line = _one_line_error(r.exit_code, r.stderr)
    assert f"cannot listen on 127.0.0.1:{port}" in line and "in use" in line


def test_stats_and_poll_report_counts_as_words_not_python(cli, store):
    from collections import Counter

    from monitor.jobs.commands import _by

    r = cli("stats", MONITOR_DATABASE_URL=store, COLUMNS="120")
    assert r.exit_code == 0 and "{" not in r.stdout and "skipped by reason" in r.stdout
    assert _by(Counter({"url": 2, "near": 1})) == " (near 1, url 2)" and _by(Counter()) == ""


@pytest.mark.parametrize("env, named, says", [
    ({"MONITOR_LANGUAGES": "id,en"}, "MONITOR_LANGUAGES", """MONITOR_LANGUAGES='["id", "en"]'"""),
    ({"MONITOR_ALLOWED_HOSTS": "127.0.0.1"}, "MONITOR_ALLOWED_HOSTS", "not JSON"),
    ({"MONITOR_LOG_LEVEL": "LOUD"}, "MONITOR_LOG_LEVEL", "not a log level"),
    ({"MONITOR_LOG_FORMAT": "xml"}, "MONITOR_LOG_FORMAT", "text or json"),
    ({"MONITOR_SMTP_SECURITY": "tls"}, "MONITOR_SMTP_SECURITY", "none, starttls or ssl"),
    ({"MONITOR_OUTLET_TIMEZONE": "Asia/Bandung"}, "MONITOR_OUTLET_TIMEZONE", "not a time zone"),
    ({"MONITOR_DATABASE_URL": "mysql://u@127.0.0.1/berita"}, "MONITOR_DATABASE_URL", "SQLite or PostgreSQL"),
])
def test_settings_that_do_not_parse(cli, env, named, says):
    r = cli("search", "koperasi", **env)
    line = _one_line_error(r.exit_code, r.stderr)
    assert line.startswith(f"error: {named}=") and says in line


def test_lower_case_log_level_is_fine(cli, store):
    assert cli("stats", MONITOR_DATABASE_URL=store, MONITOR_LOG_LEVEL="debug").exit_code == 0


@pytest.mark.parametrize("args, named", [
    (["export", "figures", "--threshold", "500"], "--threshold"),
    (["chart", "speakers", "--top", "0", "-o", "s.png"], "--top"),
])
def test_export_and_chart_numbers_out_of_range(cli, store, args, named):
    r = cli(*args, MONITOR_DATABASE_URL=store)
    assert named in _one_line_error(r.exit_code, r.stderr)


def test_digest_for_a_subscriber_without_a_subscribers_file(cli, store):
    r = cli("digest", "--dry-run", "--out", "d", "--subscriber", "analis@contoh.id", MONITOR_DATABASE_URL=store)
    line = _one_line_error(r.exit_code, r.stderr)
    assert "None" not in line and "MONITOR_SUBSCRIBERS_FILE" in line


def test_eval_ner_on_a_file_that_is_not_conll(cli, articles):
    r = cli("eval", "ner", str(articles))  # a JSONL of articles, not token<TAB>tag lines
    assert "no token<TAB>tag lines" in _one_line_error(r.exit_code, r.stderr)


def test_every_document_a_help_text_names_is_in_the_repository():
    """A help text that sends people to a file (docs/annotate.md) names one the checkout has."""
    import re

    import typer.main

    root = Path(__file__).resolve().parent.parent
    named = set()

    def walk(cmd):  # noqa: ANN001
        texts = [cmd.help or ""] + [getattr(p, "help", None) or "" for p in cmd.params]
        named.update(re.findall(r"[\w./-]+\.md\b", " ".join(texts)))
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)
    walk(typer.main.get_command(app))
    assert "docs/annotate.md" in named and "docs/exports.md" in named
    assert all((root / n).is_file() for n in named), sorted(n for n in named if not (root / n).is_file())


def test_feeds_shows_an_error_with_brackets_as_written(cli, store):
    """A feed's last error is server text: "[ssl: …]" is shown, not read as rich markup."""
    from monitor.settings import Settings
    from monitor.store.db import open_store, session_scope
    from monitor.store.models import Source

    with session_scope(open_store(Settings(database_url=store))) as s:
        s.add(Source(id="warta", name="Warta", url="https://warta.example.id/rss", consecutive_failures=4,
                     last_status="error", last_error="[ssl: certificate_verify_failed] sertifikat kedaluwarsa"))
    r = cli("feeds", MONITOR_DATABASE_URL=store, COLUMNS="250")
    assert r.exit_code == 0 and "[ssl: certificate_verify_failed]" in r.stdout


def test_annotate_input_that_is_not_utf8_is_reported_before_any_model_loads(cli, tmp_path):
    (tmp_path / "latin1.jsonl").write_bytes('{"id": "a1", "text": "Koperasi di Garut"}\n{"id": "a2", "text": "caf\xe9"}\n'
                                            .encode("latin-1"))
    r = cli("annotate", "latin1.jsonl", "-o", "out.jsonl")
    line = _one_line_error(r.exit_code, r.stderr)
    assert "latin1.jsonl is not UTF-8 text (byte 68)" in line and not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("args", [["export", "mentions", "-o", "berkas.txt/tren.csv"],
                                  ["chart", "volume", "-o", "berkas.txt/tren.png"],
                                  ["digest", "--dry-run", "--out", "berkas.txt"]])
def test_output_folder_where_a_file_is(cli, store, tmp_path, args):
    (tmp_path / "berkas.txt").write_text("catatan", encoding="utf-8")
    r = cli(*args, MONITOR_DATABASE_URL=store)
    assert "cannot make the folder berkas.txt: a file of that name is there" in _one_line_error(r.exit_code, r.stderr)


@pytest.mark.parametrize("args, env", [
    (["search", "koperasi"], {"MONITOR_TOPICS_FILE": "topik.yaml"}),
    (["export", "figures", "--groups", "topik.yaml"], {}),
    (["export", "mentions", "--topic", "pangan"], {"MONITOR_TOPICS_FILE": "topik.yaml"}),
])
def test_a_yaml_file_that_does_not_parse_is_named_with_its_line(cli, store, articles, tmp_path, args, env):
    (tmp_path / "topik.yaml").write_text("topics:\n  - id: pangan\n    terms: [beras, gabah\n", encoding="utf-8")
    r = cli(*args, MONITOR_DATABASE_URL=store, **env)
    assert "topik.yaml:4: not valid YAML" in _one_line_error(r.exit_code, r.stderr)


def test_replay_of_an_unknown_dead_letter_is_one_line(cli, store):
    r = cli("replay", "--id", "99", MONITOR_DATABASE_URL=store)
    assert "no dead letter 99" in _one_line_error(r.exit_code, r.stderr)

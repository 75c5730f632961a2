"""Start-up cost of the `monitor` command: every invocation (annotate on one article, stats, --help)
pays for what `monitor.cli` imports, so the web stack, charts and the NLP must load only when a
command needs them. Measured: importing FastAPI and matplotlib for every command cost about 1 s."""
from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("fastapi", "matplotlib", "spacy", "uvicorn", "pyarrow", "celery", "numpy", "sqlalchemy",
         "babel")  # babel: 12 ms of every command, for the one line of `monitor extract` that prints a date


def _loaded_after(code: str) -> dict[str, bool]:
    probe = (f"import sys\n{code}\nimport json\n"
             f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_building_the_whole_command_tree_imports_no_heavy_library():
    # what `monitor --help` and every subcommand's parsing do: all commands registered, none run
    loaded = _loaded_after("import typer\nfrom monitor.cli import app\ntyper.main.get_command(app)")
    assert not any(loaded.values()), {m for m, v in loaded.items() if v}


def test_help_runs_without_the_web_stack():
    loaded = _loaded_after(
        "from monitor.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass")
    assert not loaded["fastapi"] and not loaded["matplotlib"] and not loaded["spacy"]


def test_the_web_app_still_builds_on_demand():
    loaded = _loaded_after("from monitor.web.app import create_app")
    assert loaded["fastapi"]


def test_settings_check_the_database_url_without_sqlalchemy():
    loaded = _loaded_after("from monitor.settings import Settings\nSettings(database_url='sqlite:///x.db')")
    assert not loaded["sqlalchemy"]


def test_the_console_script_freezes_the_heap_before_the_interpreter_exits():
    # the final collections of a finished command walked every object left (0.17-0.2 s of a
    # one-article annotate); main() freezes them out of the collector, whatever the exit path
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
             "from monitor.cli import main\n"
             "sys.argv = ['monitor', '--version']\n"
             "main()\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "frozen True"
    # a failing command exits through the same path
    bad = probe.replace("'--version'", "'annotate', '/no/such/file.jsonl', '-o', '/tmp/x.jsonl'")
    out = subprocess.run([sys.executable, "-c", bad], capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout.strip().splitlines()[-1] == "frozen True"

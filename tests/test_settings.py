"""Every setting is documented: in its Field description and in the README."""
from pathlib import Path

from monitor.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_has_a_description():
    missing = [name for name, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert missing == []


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [f"MONITOR_{name.upper()}" for name in Settings.model_fields if f"MONITOR_{name.upper()}" not in text]
    assert missing == []


def test_environment_prefix(monkeypatch):
    monkeypatch.setenv("MONITOR_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("MONITOR_ALLOWED_HOSTS", '["127.0.0.1"]')
    s = Settings()
    assert s.database_url == "sqlite:///elsewhere.db" and s.allowed_hosts == ["127.0.0.1"]


def test_no_engine_at_import():
    import subprocess
    import sys
    code = ("import gc, sqlalchemy.engine, monitor.cli, monitor.store.db, monitor.jobs.run; "
            "print(sum(isinstance(o, sqlalchemy.engine.Engine) for o in gc.get_objects()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"

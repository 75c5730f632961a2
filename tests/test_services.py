"""A test whose service is missing skips locally and fails under CI=true, with a message saying which."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    probe = tmp_path / "test_probe.py"
    probe.write_text("from tests.services import missing\n\n"
                     "def test_needs_a_broker():\n    missing('Redis', 'nothing answers on 127.0.0.1:1')\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(probe)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_missing_service_skips_locally(tmp_path):
    out = _run(tmp_path, None)
    assert out.returncode == 0 and "1 skipped" in out.stdout and "Redis is not available" in out.stdout


def test_missing_service_fails_in_ci(tmp_path):
    out = _run(tmp_path, "true")
    assert out.returncode == 1 and "1 failed" in out.stdout
    assert "CI=true and Redis is not available: nothing answers on 127.0.0.1:1" in out.stdout


def test_run_prefix_is_per_process():
    code = "from tests.services import RUN_PREFIX; print(RUN_PREFIX)"
    a, b = (subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
            for _ in range(2))
    assert a.startswith("monitor-test-") and a != b

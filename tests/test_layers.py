"""The layer contract in pyproject.toml ([tool.importlinter]) holds: imports only point down."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint(config: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run([exe, "--config", str(config), "--no-cache"], cwd=ROOT, capture_output=True, text=True)


def test_layers_point_one_way():
    out = _lint(ROOT / "pyproject.toml")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The contract is not vacuous: a lower layer importing a higher one is reported."""
    config = tmp_path / "layers.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert " : monitor.types" in text
    # the same code, judged as if types sat at the top: everything that uses the records imports upward
    config.write_text(text.replace(" : monitor.types", "").replace('"monitor.cli",', '"monitor.types",\n    "monitor.cli",'),
                      encoding="utf-8")
    out = _lint(config)
    assert out.returncode != 0
    assert "monitor.types" in out.stdout and "not allowed to import" in out.stdout

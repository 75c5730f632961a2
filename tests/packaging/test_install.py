"""monitor installed from a wheel, away from the source tree: the model travels inside the package,
and without a C compiler the install still works (numpy e5 engine). .ci/package-check does the full
round (fresh venv with all dependencies, `monitor demo`); this test does the part that needs no
downloads: a wheel built with CC=/bin/false, installed without dependencies into a folder that is put
first on the path, and run from an unrelated directory."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.settings import REPO_DIR, Settings

pytestmark = pytest.mark.slow
ARTICLE = ("SURABAYA — Wali Kota Surabaya Dimas Pratama meninjau pasar rakyat di Kecamatan Genteng, Rabu. "
           "Koperasi Pedagang Genteng Maju menerima kredit Rp 1,8 miliar dari Bank Negara Indonesia. "
           "\"Omzet pedagang naik 12,5 persen,\" kata Kepala Dinas Koperasi Jawa Timur Lestari Handayani.")


def _tracked_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_DIR,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (REPO_DIR / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_DIR / rel, dest / rel)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A no-compiler wheel of this tree, installed into a bare folder (dependencies from this venv)."""
    if not (REPO_DIR / ".git").exists():
        pytest.skip("needs the git checkout")
    tmp = tmp_path_factory.mktemp("pkg")
    src = _tracked_copy(tmp / "src")
    env = dict(os.environ, CC="/bin/false")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp / "wheel"), str(src)], check=True, env=env, capture_output=True, timeout=600)
    wheel = next((tmp / "wheel").glob("monitor-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp / "site"),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    shutil.rmtree(src)
    (tmp / "elsewhere").mkdir()
    return tmp


def _run(installed: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(installed / "site"), MONITOR_LOG_LEVEL="ERROR", **(env or {}))
    return subprocess.run([sys.executable, *args], cwd=installed / "elsewhere", capture_output=True, text=True,
                          env=env, timeout=300)


def test_installed_package_finds_its_model_and_runs_without_a_c_engine(installed):
    probe = _run(installed, "-c", "import json, monitor; from monitor.settings import Settings; "
                 "from monitor.nlp.e5 import features; s = Settings(); print(json.dumps([monitor.__file__, "
                 "str(s.models_dir), features.c_engine_built(), features.engine().kind]))")
    assert probe.returncode == 0, probe.stderr
    package, models, built, kind = json.loads(probe.stdout)
    assert package.startswith(str(installed / "site"))
    assert Path(models) == installed / "site" / "monitor" / "_models"
    assert (Path(models) / Settings().ner_model / "config.cfg").is_file()
    assert not built and kind == "numpy"
    assert not list((installed / "site" / "monitor" / "nlp" / "e5").glob("_e5words*"))


def test_installed_annotate_finds_entities_from_another_directory(installed):
    src = installed / "elsewhere" / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": ARTICLE}) + "\n", encoding="utf-8")
    run = _run(installed, "-c", "from monitor.cli import main; main()", "annotate", "in.jsonl", "-o", "out.jsonl")
    assert run.returncode == 0, run.stderr
    rec = json.loads((installed / "elsewhere" / "out.jsonl").read_text(encoding="utf-8"))
    by_text = {e["text"]: e["label"] for e in rec["entities"]}
    assert by_text.get("Dimas Pratama") == "PER" and by_text.get("Surabaya") == "LOC", by_text
    assert len(by_text) >= 4


def test_installed_annotate_stops_when_the_model_is_missing(installed):
    src = installed / "elsewhere" / "in2.jsonl"
    src.write_text(json.dumps({"id": "a2", "text": ARTICLE}) + "\n", encoding="utf-8")
    run = _run(installed, "-c", "from monitor.cli import main; main()", "annotate", "in2.jsonl", "-o", "out2.jsonl",
               env={"MONITOR_NER_MODEL": "id_monitor_ner-9.9.9"})
    assert run.returncode != 0
    assert "NER model not found" in run.stderr and "id_monitor_ner-9.9.9" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (installed / "elsewhere" / "out2.jsonl").exists() or \
        not (installed / "elsewhere" / "out2.jsonl").read_text(encoding="utf-8").strip()

"""Where the NER model is found, and that a missing or damaged one stops the pipeline."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from monitor.nlp import pipeline
from monitor.nlp.pipeline import ModelUnavailable, load_pipeline
from monitor.settings import REPO_DIR, Settings


def test_a_checkout_reads_models_from_its_models_folder():
    assert Settings().models_dir == REPO_DIR / "models"
    assert (Settings().models_dir / Settings().ner_model / "config.cfg").is_file()


def test_a_missing_model_stops_with_a_clear_error(settings, tmp_path):
    with pytest.raises(ModelUnavailable, match="NER model not found: .*id_monitor_ner-0.2.0"):
        load_pipeline(settings.model_copy(update={"models_dir": tmp_path}))


@pytest.mark.parametrize("damage", ["truncated weights", "bad config"])
def test_a_damaged_model_stops_with_a_clear_error(settings, tmp_path, damage):
    shipped = Settings().models_dir / Settings().ner_model
    copy = tmp_path / shipped.name
    shutil.copytree(shipped, copy)
    if damage == "truncated weights":
        (copy / "ner" / "model").write_bytes((shipped / "ner" / "model").read_bytes()[:1000])
    else:
        (copy / "config.cfg").write_text("[nlp\nlang = ", encoding="utf-8")
    pipeline._load.cache_clear()
    with pytest.raises(ModelUnavailable, match="cannot be read"):
        load_pipeline(settings.model_copy(update={"models_dir": tmp_path}))


def test_annotate_exits_non_zero_without_a_model(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Gubernur Bali Made Wirawan berkunjung ke Denpasar."}) + "\n",
                   encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "annotate", str(src), "-o",
                          str(tmp_path / "out.jsonl")], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, MONITOR_MODELS_DIR=str(tmp_path / "nowhere"), MONITOR_LOG_LEVEL="ERROR"))
    assert run.returncode != 0
    assert "NER model not found" in run.stderr and "Traceback" not in run.stderr


def test_demo_without_a_model_stops_with_one_line_and_keeps_what_it_fetched(tmp_path):
    env = dict(os.environ, MONITOR_MODELS_DIR=str(tmp_path / "nowhere"), MONITOR_LOG_LEVEL="ERROR",
               MONITOR_DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}")
    run = subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "demo"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 2
    assert "error: NER model not found" in run.stderr and "Traceback" not in run.stderr
    stats = subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "stats", "--json"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    counts = json.loads(stats.stdout)
    assert counts["articles"] > 0 and counts["analysed_articles"] == 0  # stored, waiting for a model

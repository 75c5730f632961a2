"""The numpy e5 engine's 8-bit rounding of activations: the fast block maxima (on the float bit
patterns) must give exactly the rounding of the plain formula, or the word states would drift."""
from __future__ import annotations

import numpy as np

from monitor.nlp.e5.numpy_engine import QK, _gelu_inplace, _quantize


def _reference(x: np.ndarray) -> np.ndarray:
    """The formula as first written (float maxima of |x| per 32 values)."""
    t, n = x.shape
    b = x.reshape(t, n // QK, QK)
    d = np.abs(b).max(axis=-1, keepdims=True) / np.float32(127.0)
    inv = np.divide(np.float32(1.0), d, out=np.zeros_like(d), where=d > 0)
    return (np.rint(b * inv) * d).reshape(t, n)


def test_rounding_is_bit_identical_to_the_plain_formula():
    rng = np.random.default_rng(17)
    for shape in [(1, 384), (7, 384), (256, 1536), (650, 384)]:
        x = (rng.standard_normal(shape) * rng.uniform(0, 8, shape)).astype(np.float32)
        x[0, :QK] = 0.0                      # an all-zero block: scale 0, no division
        x[0, QK:2 * QK] = -0.0               # negative zeros
        x[-1, -QK:] = -np.float32(1e-30)     # tiny values
        x[-1, :QK] = -rng.uniform(1e30, 3e38, QK).astype(np.float32)  # large negatives carry the block
        out = _quantize(x)
        assert out.dtype == np.float32 and out.shape == x.shape
        assert np.array_equal(out.view(np.int32), _reference(x).view(np.int32)), shape


def test_rows_of_a_larger_matrix_round_alone():
    # the feed-forward rounds row blocks (views of a larger matrix): same as rounding the whole
    x = np.random.default_rng(3).standard_normal((600, 384)).astype(np.float32)
    whole = _quantize(x)
    assert np.array_equal(np.concatenate([_quantize(x[r:r + 256]) for r in range(0, 600, 256)]), whole)


def _gelu_reference(x: np.ndarray) -> np.ndarray:
    """The GELU as first written: the sign of erf put back with a masked np.negative."""
    u = x * np.float32(0.70710678118654752440)
    neg = np.signbit(u)
    u = np.abs(u)
    e = np.exp(-(u * u))
    t = np.float32(1.0) / (u * np.float32(0.3275911) + np.float32(1.0))
    y = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y = (y + np.float32(c)) * t
    y = np.float32(1.0) - y * e
    np.negative(y, out=y, where=neg)
    return (x * np.float32(0.5)) * (y + np.float32(1.0))


def test_gelu_is_bit_identical_to_the_masked_formula():
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((64, 1536)) * rng.uniform(0, 6, (64, 1536))).astype(np.float32)
    x.flat[:10] = [0.0, -0.0, 1e-45, -1e-45, 3e-39, -3e-39, -40.0, 40.0, -1e30, 1e30]
    with np.errstate(over="ignore"):  # ±1e30: a² overflows to inf, exp(-inf) = 0, in both
        out = _gelu_inplace(x.copy(), np.empty_like(x))
        ref = _gelu_reference(x)
    assert np.array_equal(out.view(np.int32), ref.view(np.int32))
    assert out[0, 1] == 0.0 and np.signbit(out[0, 1])  # GELU(-0) = -0, as before


def test_the_gelu_by_row_blocks_gives_the_states_of_the_whole_block(monkeypatch):
    import pytest

    from monitor.nlp.e5 import features, numpy_engine

    try:
        weights = features.checked_weights()
    except features.E5Unavailable as exc:
        pytest.skip(str(exc))
    words = ("Harga cabai rawit di Pasar Beringharjo naik menjadi Rp 80.000 per kilogram , "
             "kata pedagang bernama Sumarni kepada wartawan pada Selasa .").split() * 12
    engine = numpy_engine.NumpyWordStates(weights)
    blocked = engine(words, 3, 254)
    monkeypatch.setattr(numpy_engine, "GELU_BLOCK", numpy_engine.FFN_BLOCK)
    assert np.array_equal(engine(words, 3, 254).view(np.int32), blocked.view(np.int32))

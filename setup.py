"""Builds the one C extension: per-word states from multilingual-e5-small (monitor/nlp/e5/csrc).

Everything else is declared in pyproject.toml. The library is loaded with ctypes, not imported.
"""
import platform

from setuptools import Extension, setup

flags = ["-O3", "-fopenmp", "-std=gnu11"]
if platform.machine().lower() in ("x86_64", "amd64"):
    flags += ["-mavx2", "-mfma", "-mf16c"]  # the engine's fast path; it has a scalar fallback elsewhere

setup(ext_modules=[Extension("monitor.nlp.e5._e5words", sources=["monitor/nlp/e5/csrc/e5words.c"],
                             include_dirs=["monitor/nlp/e5/csrc"], extra_compile_args=flags,
                             extra_link_args=["-fopenmp"], depends=["monitor/nlp/e5/csrc/e5.c",
                                                                    "monitor/nlp/e5/csrc/e5.h"])])

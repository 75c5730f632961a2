"""Build steps pyproject.toml cannot declare: the optional C engine and the shipped model.

- The e5 word-state engine (monitor/nlp/e5/csrc, loaded with ctypes, not imported) is optional:
  without a working C compiler the install goes on and monitor uses the numpy engine (same
  network, same weights). OpenMP is used only when the compiler accepts it. On x86 a second build
  with AVX2/FMA/F16C is made beside the plain one; features.py loads it only on CPUs that have them.
- models/ stays the source of truth: build_py copies each model folder in it into the package
  (monitor/_models/<name>), where Settings finds it with importlib.resources once installed.
"""
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CSRC = "monitor/nlp/e5/csrc"
X86 = platform.machine().lower() in ("x86_64", "amd64", "i686", "x86")
BASE_FLAGS = ["-O3", "-std=gnu11"]
AVX2_FLAGS = ["-mavx2", "-mfma", "-mf16c"]


def _engine(name: str) -> Extension:
    return Extension(f"monitor.nlp.e5.{name}", sources=[f"{CSRC}/e5words.c"], include_dirs=[CSRC],
                     extra_compile_args=list(BASE_FLAGS), depends=[f"{CSRC}/e5.c", f"{CSRC}/e5.h"])


class OptionalBuildExt(build_ext):
    """Builds what the compiler can; a failure is a warning, never a failed install."""

    def _accepts(self, flags: list[str], code: str = "int main(void){return 0;}\n") -> bool:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "probe.c"
            src.write_text(code)
            try:
                objs = self.compiler.compile([str(src)], output_dir=tmp, extra_postargs=flags)
                self.compiler.link_executable(objs, "probe", output_dir=tmp, extra_postargs=flags)
                return True
            except Exception:  # any compiler or linker failure means "not available"
                return False

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all (e.g. DistutilsPlatformError)
            self._skip("the C engine", exc)

    def build_extensions(self) -> None:
        openmp = self._accepts(["-fopenmp"], "#include <omp.h>\nint main(void){return omp_get_max_threads() < 1;}\n")
        avx2 = X86 and self._accepts(AVX2_FLAGS)
        for ext in list(self.extensions):
            if ext.name.endswith("_avx2") and not avx2:
                self.extensions.remove(ext)
                continue
            if ext.name.endswith("_avx2"):
                ext.extra_compile_args += AVX2_FLAGS
            if openmp:
                ext.extra_compile_args += ["-fopenmp"]
                ext.extra_link_args += ["-fopenmp"]
        print(f"monitor: C engine with OpenMP={'yes' if openmp else 'no'}, AVX2 build={'yes' if avx2 else 'no'}")
        self._failed: list[Extension] = []
        super().build_extensions()
        for ext in self._failed:  # not copied in place, not listed in the wheel
            self.extensions.remove(ext)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._failed.append(ext)
            self._skip(ext.name, exc)

    @staticmethod
    def _skip(what: str, exc: Exception) -> None:
        msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        print(f"WARNING: monitor: {what} was not built ({msg}); the NER will use the numpy engine",
              file=sys.stderr)


class BuildPyWithModels(build_py):
    """Copies models/<name>/ (every folder holding a spaCy config.cfg) into monitor/_models/."""

    def run(self) -> None:
        super().run()
        models = HERE / "models"
        if not models.is_dir():
            return
        target = Path(self.build_lib) / "monitor" / "_models"
        for folder in sorted(p for p in models.iterdir() if (p / "config.cfg").is_file()):
            shutil.rmtree(target / folder.name, ignore_errors=True)
            shutil.copytree(folder, target / folder.name)
        if (models / "README.md").is_file():
            shutil.copy2(models / "README.md", target / "README.md")


ext_modules = [] if os.environ.get("MONITOR_NO_C_ENGINE") else [_engine("_e5words")] + ([_engine("_e5words_avx2")] if X86 else [])

setup(ext_modules=ext_modules, cmdclass={"build_ext": OptionalBuildExt, "build_py": BuildPyWithModels})

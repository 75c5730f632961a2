#!/usr/bin/env python3
"""Words per second of the NLP pipeline beside the bare spaCy Indonesian tokenizer (the floor).

Text: cased Indonesian news sentences from the public NER corpora in ../shared/data
(NER-UI, NER-UGM pooled files, NERGrit train), grouped into ~20-sentence articles.
Prints words/s of: stock spacy.blank("id") tokenizer, our id_news tokenizer,
`monitor annotate` NER only (tok2vec + ner + monitor_entities) and the full
pipeline, in process (model load excluded), and the full `monitor annotate`
command end to end (load included). One process, batch size from Settings.
NER only is also measured for each e5 engine and thread count in the same run
(`ner_only_by_engine`), beside 0.2.0 as it shipped (the id_monitor_ner-0.2.0 model, taken from
the git history or --baseline-model, on the C engine with all cores: `ner_0.2.0_c_<cores>t`),
so speed-ups are read off one run on one machine state. Last, one 408-word article
through `monitor annotate` per engine: wall time (start-up included) and peak memory, after one
untimed run that fills the numpy engine's cache of expanded weights (MONITOR_CACHE_DIR), and once
more with an empty cache folder (`..._numpy_cold_cache`: the first run after an install).

    python bench/nlp_speed.py [--data ../shared/data] [--words 60000] [--n-process 1] [--no-engines]
                              [--baseline-model models-dir-holding-id_monitor_ner-0.2.0]
    python bench/nlp_speed.py --one-article   # only the one-article figures (about 20 s)
    python bench/nlp_speed.py --claims-only [--words 20000]   # the claim layer alone

The claim layer is everything after the NER (monitor_entities, figures, quotes, stance and the
records): the NER runs once, then the layer runs on copies of its docs (best of 3 passes).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from monitor.nlp.pipeline import COMPONENTS, analyse_texts, load_pipeline
from monitor.nlp.train import read_conll
from monitor.settings import Settings

# runs a command; prints its wall seconds and peak resident memory (kB, Linux)
PEAK = ("import resource, subprocess, sys, time; t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
BASELINE = "id_monitor_ner-0.2.0"
BASELINE_COMMIT = "b4bbc7b"  # the last commit that shipped models/id_monitor_ner-0.2.0
FILES = ("indolem-nerui/nergithub.txt", "indolem-nerugm/nerugm.txt", "indonlu-nergrit/train_preprocess.txt")


def articles(data: Path, max_words: int, per_article: int = 20) -> list[str]:
    sents = [" ".join(toks) for f in FILES for toks, _ in read_conll(data / f)]
    out, words = [], 0
    for i in range(0, len(sents), per_article):
        text = " ".join(sents[i:i + per_article])
        out.append(text)
        words += len(text.split())
        if words >= max_words:
            break
    return out


def baseline_models_dir(given: Path | None, tmp: Path) -> Path | None:
    """A folder holding 0.2.0's model: --baseline-model, else extracted from the git history of this
    checkout (git archive of BASELINE_COMMIT); None where neither is there (a copy without history)."""
    if given:
        return given
    repo = Path(__file__).resolve().parents[1]
    arch = subprocess.run(["git", "-C", str(repo), "archive", BASELINE_COMMIT, f"models/{BASELINE}"],
                          capture_output=True)
    if arch.returncode != 0:
        print(f"no {BASELINE} baseline: git archive failed ({arch.stderr.decode().strip()[:120]})", file=sys.stderr)
        return None
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(arch.stdout)) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "models"


def rate(fn, texts: list[str]) -> float:
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    fn(texts)
    return words / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data")
    ap.add_argument("--words", type=int, default=60000)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--no-engines", action="store_true", help="skip the per-engine NER-only runs")
    ap.add_argument("--baseline-model", type=Path, default=None,
                    help=f"a models folder holding {BASELINE} (default: extracted from git at {BASELINE_COMMIT})")
    ap.add_argument("--claims-only", action="store_true", help="measure only the claim layer (after the NER)")
    ap.add_argument("--one-article", action="store_true", help="measure only one 408-word article through `monitor annotate`")
    a = ap.parse_args()
    texts = articles(a.data, a.words)
    settings = Settings()
    res = {"articles": len(texts), "words": sum(len(t.split()) for t in texts)}
    if a.one_article:
        with tempfile.TemporaryDirectory() as tmp:
            res.update(one_article(texts, Path(tmp)))
        print(json.dumps(res, indent=2))
        return
    if a.claims_only:
        res["claim_layer_wps"] = claim_layer_rate(load_pipeline(settings), texts)
        print(json.dumps(res, indent=2))
        return

    import monitor.nlp.language  # noqa: F401
    for name in ("id", "id_news"):
        tok = spacy.blank(name).tokenizer
        res[f"tokenizer_{name}_wps"] = round(rate(lambda ts: list(tok.pipe(ts)), texts))

    nlp = load_pipeline(settings)
    bs = settings.nlp_batch_size
    list(analyse_texts(nlp, texts[:5], bs))  # warm-up: first-call allocations are not throughput
    with nlp.select_pipes(disable=[c for c in COMPONENTS if c != "monitor_entities" and c in nlp.pipe_names]):
        res["ner_only_wps"] = round(rate(lambda ts: list(analyse_texts(nlp, ts, bs, a.n_process)), texts))
    res["full_pipeline_wps"] = round(rate(lambda ts: list(analyse_texts(nlp, ts, bs, a.n_process)), texts))

    if not a.no_engines:
        from monitor.nlp.e5 import features

        by_engine, cores = {}, os.cpu_count() or 1
        runs = [("c", 0), ("c", 1), ("numpy", 1), ("numpy", 0)] if features.c_engine_built() else [("numpy", 1), ("numpy", 0)]
        base_key = f"ner_0.2.0_c_{cores}t"
        with tempfile.TemporaryDirectory() as tmp:
            base_dir = baseline_models_dir(a.baseline_model, Path(tmp)) if settings.ner_model != BASELINE else None
            if base_dir is not None and features.c_engine_built():  # 0.2.0 as shipped: C engine, OpenMP on all cores
                runs.insert(0, ("c", 0, {"models_dir": base_dir, "ner_model": BASELINE}))
            for engine, threads, *model in runs:
                nlp = load_pipeline(settings.model_copy(update={"e5_engine": engine, "nlp_threads": threads, **(model[0] if model else {})}))
                list(analyse_texts(nlp, texts[:2], bs))
                with nlp.select_pipes(disable=[c for c in COMPONENTS if c != "monitor_entities" and c in nlp.pipe_names]):
                    key = base_key if model else f"{engine}_{threads or cores}t"
                    by_engine[key] = round(rate(lambda ts: list(analyse_texts(nlp, ts, bs)), texts))
        res["ner_only_by_engine"] = by_engine
        if base_key not in by_engine and settings.ner_model == BASELINE and f"c_{cores}t" in by_engine:
            base_key = f"c_{cores}t"  # the default model is 0.2.0 itself
        if base_key in by_engine:
            base = by_engine[base_key]
            res["speedup_vs_0.2.0"] = {k: round(v / base, 2) for k, v in by_engine.items()}
        load_pipeline(settings)

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                               for i, t in enumerate(texts)), encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "annotate", str(src), "-o",
                        str(out), "--n-process", str(a.n_process)], check=True, capture_output=True)
        res["annotate_command_wps"] = round(res["words"] / (time.perf_counter() - t0))
        res.update(one_article(texts, Path(tmp)))
    res["ner_only_vs_tokenizer"] = round(res["ner_only_wps"] / res["tokenizer_id_wps"], 3)
    print(json.dumps(res, indent=2))


def one_article(texts: list[str], tmp: Path) -> dict:
    """One ~408-word article through the command, start-up included, as an operator runs it: wall
    seconds (best and worst of 3) and the process's peak resident memory, per e5 engine; the numpy
    engine's cache of expanded weights is filled by an untimed run first, and measured once empty."""
    from monitor.nlp.e5 import features

    src, out = tmp / "one.jsonl", tmp / "one-out.jsonl"
    words = " ".join(texts).split()[:408]
    src.write_text(json.dumps({"id": "one", "text": " ".join(words)}, ensure_ascii=False) + "\n", encoding="utf-8")
    command = [sys.executable, "-c", "from monitor.cli import main; main()", "annotate", str(src), "-o", str(out)]

    def probe(env: dict) -> tuple[float, int]:
        run = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, capture_output=True, text=True,
                             env=dict(os.environ, **env))
        wall, peak_kb = run.stdout.split()
        return float(wall), int(peak_kb)

    res = {}
    for engine in (["c", "numpy"] if features.c_engine_built() else ["numpy"]):
        env = {"MONITOR_E5_ENGINE": engine}
        probe(env)  # fills the cache (numpy) and the OS page cache: the figures are of a steady state
        runs = [probe(env) for _ in range(3)]
        res[f"one_article_408_words_{engine}"] = {"wall_s_best_of_3": round(min(w for w, _ in runs), 2),
                                                  "wall_s_worst": round(max(w for w, _ in runs), 2),
                                                  "peak_rss_mb": round(max(kb for _, kb in runs) / 1024)}
    cold = tmp / "empty-cache"
    wall, peak_kb = probe({"MONITOR_E5_ENGINE": "numpy", "MONITOR_CACHE_DIR": str(cold)})
    res["one_article_408_words_numpy_cold_cache"] = {"wall_s": round(wall, 2), "peak_rss_mb": round(peak_kb / 1024)}
    res["load_average_1min"] = round(os.getloadavg()[0], 2)
    return res


def claim_layer_rate(nlp, texts: list[str], passes: int = 3) -> int:
    """Words/s of the components after the NER, on docs the NER has already tagged."""
    from monitor.nlp.doc_text import remember_text
    from monitor.nlp.pipeline import model_version
    from monitor.nlp.to_records import doc_to_analysis

    after = [(name, proc) for name, proc in nlp.pipeline if name in COMPONENTS]
    with nlp.select_pipes(disable=[name for name, _ in after]):
        tagged = list(nlp.pipe(texts, batch_size=Settings().nlp_batch_size))
    version = model_version(nlp)
    words = sum(len(t.split()) for t in texts)
    best = 0.0
    for _ in range(passes):
        copies = [doc.copy() for doc in tagged]
        for doc, text in zip(copies, texts):  # as analyse_texts does: the text a doc was made from is known
            remember_text(doc, text)
        t0 = time.process_time()
        for doc in copies:
            for _, proc in after:
                doc = proc(doc)
            doc_to_analysis(doc, version)
        best = max(best, words / max(time.process_time() - t0, 1e-9))
    return round(best)


if __name__ == "__main__":
    main()

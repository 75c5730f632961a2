#!/usr/bin/env python3
"""Speed of the stance component at a base git revision against the working tree, alternated in one
process on the same NER-tagged docs (CPU time, best of N passes), alone and inside the claim layer.

The base revision's stance.py, stance_lexicon.py and lexicon.yaml are read with `git show` into a
temporary folder and loaded under other module names; everything else (NER, quotes, figures,
records) is the working tree's, so the ratio isolates the stance change.

    python bench/stance_speed.py --base f8f0ee5 [--texts dev|corpus] [--passes 4]

--texts dev: the three annotated sets (dev1, devset2, devset3; topical news with quotes) ×5;
--texts corpus: the NER-corpus articles of bench/nlp_speed.py (20,000 words; few quotes, few topics).
"""
from __future__ import annotations

import argparse
import importlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_base(rev: str, folder: Path):
    """The base revision's stance component class, importable beside the current one."""
    def show(path: str) -> str:
        return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout
    (folder / "lexicon.yaml").write_text(show("monitor/nlp/data/stance/lexicon.yaml"), encoding="utf-8")
    lex = show("monitor/nlp/stance_lexicon.py").replace(
        'Path(__file__).parent / "data" / "stance" / "lexicon.yaml"', 'Path(__file__).parent / "lexicon.yaml"')
    (folder / "base_stance_lexicon.py").write_text(lex, encoding="utf-8")
    st = show("monitor/nlp/stance.py").replace("from monitor.nlp.stance_lexicon import", "from base_stance_lexicon import")
    if "monitor.nlp.stance_model" in st:  # the trained model of that revision, with its weights file
        sm = show("monitor/nlp/stance_model.py").replace("from monitor.nlp.stance_lexicon import",
                                                         "from base_stance_lexicon import")
        for name in re.findall(r'Path\(__file__\)\.parent / "data" / "stance" / "([\w.]+\.json)"', sm):
            (folder / name).write_text(show(f"monitor/nlp/data/stance/{name}"), encoding="utf-8")
        sm = sm.replace('Path(__file__).parent / "data" / "stance" / ', "Path(__file__).parent / ")
        (folder / "base_stance_model.py").write_text(sm, encoding="utf-8")
        st = st.replace("from monitor.nlp.stance_model import", "from base_stance_model import")
    st = re.sub(r'@Language\.factory\("monitor_stance".*?\n(?=def make_stance)', "", st, flags=re.S)  # no second factory
    (folder / "base_stance.py").write_text(st, encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("base_stance")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="git revision to compare with")
    ap.add_argument("--texts", choices=("dev", "corpus"), default="dev")
    ap.add_argument("--passes", type=int, default=4)
    a = ap.parse_args()
    from monitor.nlp.pipeline import COMPONENTS, load_pipeline, model_version
    from monitor.nlp.stance_topics import load_topics
    from monitor.nlp.to_records import doc_to_analysis
    from monitor.settings import Settings

    if a.texts == "dev":
        paths = [ROOT / ".." / "shared" / "eval" / "dev.jsonl", ROOT / "bench" / "data" / "devset2.jsonl",
                 ROOT / "bench" / "data" / "devset3.jsonl"]
        texts = [json.loads(line)["text"] for p in paths for line in p.open(encoding="utf-8") if line.strip()] * 5
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from nlp_speed import articles

        texts = articles(ROOT / ".." / "shared" / "data", 20000)
    with tempfile.TemporaryDirectory() as tmp:
        base = load_base(a.base, Path(tmp))
        nlp = load_pipeline(Settings())
        after = [(n, p) for n, p in nlp.pipeline if n in COMPONENTS]
        with nlp.select_pipes(disable=[n for n, _ in after]):
            tagged = list(nlp.pipe(texts, batch_size=Settings().nlp_batch_size))
        version = model_version(nlp)
        words = sum(len(t.split()) for t in texts)
        base_proc = base.StanceComponent(base.StanceClassifier(load_topics()))
        layers = {"new": after, "base": [(n, base_proc if n == "monitor_stance" else p) for n, p in after]}
        stance = {"new": nlp.get_pipe("monitor_stance"), "base": base_proc}
        quoted = []  # the stance component's input: docs the layer before it has run on
        for d in tagged:
            d = d.copy()
            for n, proc in after:
                if n != "monitor_stance":
                    d = proc(d)
            quoted.append(d)
        best = {f"{what}_{k}": 0.0 for what in ("stance", "claim_layer") for k in ("base", "new")}
        for _ in range(a.passes):
            for k in ("base", "new"):
                ready = [d.copy() for d in quoted]
                t0 = time.process_time()
                for d in ready:
                    stance[k](d)
                best[f"stance_{k}"] = max(best[f"stance_{k}"], words / (time.process_time() - t0))
                copies = [d.copy() for d in tagged]
                t0 = time.process_time()
                for doc in copies:
                    for _, proc in layers[k]:
                        doc = proc(doc)
                    doc_to_analysis(doc, version)
                best[f"claim_layer_{k}"] = max(best[f"claim_layer_{k}"], words / (time.process_time() - t0))
    res = {"texts": a.texts, "words": words, **{k + "_wps": round(v) for k, v in best.items()}}
    res["stance_new/base"] = round(best["stance_new"] / best["stance_base"], 3)
    res["claim_layer_new/base"] = round(best["claim_layer_new"] / best["claim_layer_base"], 3)
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()

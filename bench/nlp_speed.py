#!/usr/bin/env python3
"""Words per second of the NLP pipeline beside the bare spaCy Indonesian tokenizer (the floor).

Text: cased Indonesian news sentences from the public NER corpora in ../shared/data
(NER-UI, NER-UGM pooled files, NERGrit train), grouped into ~20-sentence articles.
Prints words/s of: stock spacy.blank("id") tokenizer, our id_news tokenizer,
`monitor annotate` NER only (tok2vec + ner + monitor_entities) and the full
pipeline, in process (model load excluded), and the full `monitor annotate`
command end to end (load included). One process, batch size from Settings.

    python bench/nlp_speed.py [--data ../shared/data] [--words 60000] [--n-process 1]
    python bench/nlp_speed.py --claims-only [--words 20000]   # the claim layer alone

The claim layer is everything after the NER (monitor_entities, figures, quotes, stance and the
records): the NER runs once, then the layer runs on copies of its docs (best of 3 passes).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from monitor.nlp.pipeline import COMPONENTS, analyse_texts, load_pipeline
from monitor.nlp.train import read_conll
from monitor.settings import Settings

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
    ap.add_argument("--claims-only", action="store_true", help="measure only the claim layer (after the NER)")
    a = ap.parse_args()
    texts = articles(a.data, a.words)
    settings = Settings()
    res = {"articles": len(texts), "words": sum(len(t.split()) for t in texts)}
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

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                               for i, t in enumerate(texts)), encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "annotate", str(src), "-o",
                        str(out), "--n-process", str(a.n_process)], check=True, capture_output=True)
        res["annotate_command_wps"] = round(res["words"] / (time.perf_counter() - t0))
    res["ner_only_vs_tokenizer"] = round(res["ner_only_wps"] / res["tokenizer_id_wps"], 3)
    print(json.dumps(res, indent=2))


def claim_layer_rate(nlp, texts: list[str], passes: int = 3) -> int:
    """Words/s of the components after the NER, on docs the NER has already tagged."""
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
        t0 = time.process_time()
        for doc in copies:
            for _, proc in after:
                doc = proc(doc)
            doc_to_analysis(doc, version)
        best = max(best, words / max(time.process_time() - t0, 1e-9))
    return round(best)


if __name__ == "__main__":
    main()

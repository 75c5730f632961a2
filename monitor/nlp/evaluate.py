"""NER figures on a CoNLL/TSV test file, computed exactly as ../shared/eval/ner_bench.py does.

Each sentence becomes an article whose text is its tokens joined by single
spaces; predicted mentions come from the same records `monitor annotate`
writes, so `monitor eval ner` and ner_bench.py print the same numbers.
"""
from __future__ import annotations

import time
from pathlib import Path

from monitor.settings import Settings

LABELS = ("PER", "ORG", "LOC")


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[set], pred: list[set]) -> dict:
    """Micro P/R/F1 and entity-type macro F1 over sets of (start, end, label) per sentence."""
    counts = {lab: [0, 0, 0] for lab in LABELS}
    for g, p in zip(gold, pred):
        for lab in LABELS:
            gl = {x for x in g if x[2] == lab}
            pl = {x for x in p if x[2] == lab}
            counts[lab][0] += len(gl & pl)
            counts[lab][1] += len(pl)
            counts[lab][2] += len(gl)
    micro = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    per = {lab: _prf(*counts[lab]) for lab in LABELS if counts[lab][2]}
    macro = sum(v[2] for v in per.values()) / len(per) if per else 0.0
    return {"micro": {"precision": round(micro[0], 4), "recall": round(micro[1], 4), "f1": round(micro[2], 4)},
            "type_macro_f1": round(macro, 4), "per_label": {k: round(v[2], 4) for k, v in per.items()}}


def eval_ner(settings: Settings, test_file: Path, nlp=None) -> dict:
    """Score the shipped pipeline (or `nlp`) on a CoNLL/TSV file; same figures as ner_bench.py."""
    from monitor.nlp.pipeline import analyse_texts, load_pipeline
    from monitor.nlp.train import read_conll, spans

    sents = read_conll(Path(test_file))
    texts, gold = [], []
    for toks, tags in sents:
        text, ents = spans(toks, tags)
        texts.append(text)
        gold.append(set(ents))
    nlp = nlp or load_pipeline(settings)
    t0 = time.perf_counter()
    pred = [{(s, e, ent.label) for ent in a.entities if ent.label in LABELS for s, e in ent.mentions}
            for a in analyse_texts(nlp, texts, batch_size=settings.nlp_batch_size)]
    seconds = time.perf_counter() - t0
    words = sum(len(t) for t, _ in sents)
    return {"file": Path(test_file).name, "sentences": len(sents), "words": words, **score(gold, pred),
            "seconds": round(seconds, 2), "words_per_second": round(words / seconds) if seconds else None}

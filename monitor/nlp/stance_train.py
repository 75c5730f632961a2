"""Train on the hand-labelled sentences in data/stance/.

- `--assessment-model`: the shipped assessment back-off (stance_model.py), a multinomial logistic
  regression fitted by full-batch gradient descent from zero weights (deterministic), written to
  data/stance/assessment_model.json; prints dev figures of lexicon alone and lexicon + model.
- otherwise: a spaCy bag-of-words textcat for stance and assessment, kept as an experiment the
  lexicon must beat (see data/stance/README.md); not shipped.

    python -m monitor.nlp.stance_train --assessment-model
    python -m monitor.nlp.stance_train [--out DIR] [--epochs 20]
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from spacy.training import Example

import monitor.nlp.language  # noqa: F401  (registers id_news)
import numpy as np

from monitor.nlp.stance import decide
from monitor.nlp.stance_eval import load_sentences, macro_f1
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_model import LABELS, MODEL_FILE, AssessmentModel, features

HEADS = {"stance": ("pro", "contra", "neutral"), "assessment": ("positive", "negative", "neutral")}


def _rows(split: str) -> list[tuple[str, dict[str, str]]]:
    """(text, {"stance": …, "assessment": …}) for sentences with one topic's labels (the first)."""
    out = []
    for row in load_sentences(split):
        for lab in list(row["labels"].values())[:1]:
            out.append((row["text"], lab))
    return out


def train_stance(out_dir: Path | None = None, epochs: int = 20, seed: int = 0) -> dict:
    """Train one exclusive textcat per head; return dev macro F1 of it and of the lexicon."""
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("id_news")
    for head, labels in HEADS.items():
        cat = nlp.add_pipe("textcat", name=f"textcat_{head}",
                           config={"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                             "ngram_size": 2, "no_output_layer": False}})
        for lab in labels:
            cat.add_label(lab)
    train = _rows("train")

    def examples(rows):
        for text, lab in rows:
            doc = nlp.make_doc(text)
            cats = {head: {l: float(lab[head] == l) for l in labels} for head, labels in HEADS.items()}
            yield Example.from_dict(doc, {"cats": {**cats["stance"]}}), Example.from_dict(doc, {"cats": {**cats["assessment"]}})

    pairs = list(examples(train))
    optimizer = nlp.initialize(lambda: [p[0] for p in pairs])
    for _ in range(epochs):
        random.shuffle(pairs)
        for st, asm in pairs:
            nlp.get_pipe("textcat_stance").update([st], sgd=optimizer)
            nlp.get_pipe("textcat_assessment").update([asm], sgd=optimizer)
    dev = _rows("dev")
    res: dict = {}
    for head in HEADS:
        pipe = nlp.get_pipe(f"textcat_{head}")
        pred = [max((d := pipe(nlp.make_doc(t))).cats, key=d.cats.get) for t, _ in dev]
        lex = [getattr(decide(read(t)), head) for t, _ in dev]
        res[head] = {"textcat_macro_f1": macro_f1([(lab[head], p) for (_, lab), p in zip(dev, pred)]),
                     "lexicon_macro_f1": macro_f1([(lab[head], p) for (_, lab), p in zip(dev, lex)])}
    if out_dir is not None:
        nlp.to_disk(out_dir)
    return res


def fit_assessment(rows: list[tuple[str, dict[str, str]]], l2: float = 1.0, epochs: int = 300,
                   rate: float = 0.5) -> AssessmentModel:
    """Softmax regression on stance_model.features; features seen once in training are kept
    (the L2 term holds rare ones near zero)."""
    feats = []
    for text, _ in rows:
        reading = read(text)
        feats.append(features(text, reading, decide(reading).stance))
    vocab = sorted({f for fs in feats for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)))
    for i, fs in enumerate(feats):
        for f in fs:
            x[i, index[f]] += 1
    y = np.eye(len(LABELS))[[LABELS.index(lab["assessment"]) for _, lab in rows]]
    w, b = np.zeros((len(vocab), len(LABELS))), np.zeros(len(LABELS))
    for _ in range(epochs):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / len(rows)
        w -= rate * (x.T @ g + l2 * w / len(rows))
        b -= rate * g.sum(axis=0)
    return AssessmentModel({f: tuple(float(v) for v in w[i]) for f, i in index.items()},
                           tuple(float(v) for v in b))


def train_assessment(out: Path | None = MODEL_FILE) -> dict:
    """Fit on the train splits (article-style and quote-style sentences), save, and report the
    dev splits' assessment macro F1 with the lexicon alone and with the model backing it off."""
    from monitor.nlp.stance import decide_text

    model = fit_assessment(_rows("train") + _rows("quotes_train"))
    if out is not None:
        Path(out).write_text(json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True) + "\n",
                             encoding="utf-8")
    res = {}
    for split in ("dev", "quotes_dev"):
        rows = _rows(split)
        gold = [lab["assessment"] for _, lab in rows]
        res[split] = {"lexicon": macro_f1(list(zip(gold, (decide(read(t)).assessment for t, _ in rows)))),
                      "lexicon+model": macro_f1(list(zip(gold, (decide_text(t, model).assessment for t, _ in rows)))),
                      "sentences": len(rows)}
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assessment-model", action="store_true", help="train and save the shipped assessment back-off")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    if args.assessment_model:
        print(json.dumps(train_assessment(args.out or MODEL_FILE), indent=1))
        return
    print(json.dumps(train_stance(args.out, args.epochs), indent=1))


if __name__ == "__main__":
    main()

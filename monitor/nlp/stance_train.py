"""Train a spaCy text classifier for stance and assessment on the hand-labelled
sentences, and compare it with the lexicon on the dev split.

Kept as an experiment the lexicon must beat: with a few hundred sentences a
bag-of-words textcat learns topic words more than stance (see the figures in
data/stance/README.md), so the shipped default stays the lexicon.

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
from monitor.nlp.stance import decide
from monitor.nlp.stance_eval import load_sentences, macro_f1
from monitor.nlp.stance_lexicon import read

HEADS = {"stance": ("pro", "contra", "neutral"), "assessment": ("positive", "negative", "neutral")}


def _rows(split: str) -> list[tuple[str, dict[str, str]]]:
    """(text, {"stance": …, "assessment": …}) for sentences with one topic's labels."""
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    print(json.dumps(train_stance(args.out, args.epochs), indent=1))


if __name__ == "__main__":
    main()

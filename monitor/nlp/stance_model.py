"""A small trained assessment model that backs the lexicon off where it finds no cue.

The lexicon's positive/negative calls are precise but it says "neutral" whenever no listed cue
occurs; news tells progress and trouble in countless other words. Where the lexicon reads a text
as neutral, a multinomial logistic regression over the text's words (negation-marked unigrams,
bigrams) and the lexicon's own cue totals decides the assessment instead. It is trained on the
hand-labelled sentences in data/stance/ (`python -m monitor.nlp.stance_train --assessment-model`),
ships as a JSON of feature weights, and costs a few dictionary look-ups per sentence.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from monitor.nlp.stance_lexicon import Reading

MODEL_FILE = Path(__file__).parent / "data" / "stance" / "assessment_model.json"
LABELS = ("positive", "negative", "neutral")
NEGATORS = frozenset({"tidak", "tak", "belum", "bukan", "kurang", "jangan"})
TOKEN = re.compile(r"\w+")
CUE_KINDS = ("pro", "contra", "positive", "negative")


def features(text: str, reading: Reading, stance: str) -> list[str]:
    """Words (the three after a negator marked "n:"), bigrams, the lexicon's cue totals in half
    steps (one feature per step) and its stance call; a feature repeats as often as it occurs,
    at most twice (a long quote that repeats a word is not twice as sure)."""
    toks = TOKEN.findall(text.lower())
    out = []
    left = 0
    prev = ""
    for t in toks:
        if t in NEGATORS:
            out.append("w:" + t)
            left = 3
        elif left:
            out.append("n:" + t)
            left -= 1
        else:
            out.append("w:" + t)
        if prev:
            out.append("b:" + prev + "_" + t)
        prev = t
    for kind in CUE_KINDS:
        steps = int(round(min(reading.total(kind), 3.0) * 2))
        out += ["L:" + kind] * steps
    out.append("D:" + stance)
    counts: dict[str, int] = {}
    for f in out:
        counts[f] = counts.get(f, 0) + 1
    return [f for f, c in counts.items() for _ in range(min(c, 2))]


@dataclass(frozen=True)
class AssessmentModel:
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per label
    bias: tuple[float, ...]

    def scores(self, feats: list[str]) -> list[float]:
        z0, z1, z2 = self.bias
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                z0 += w[0]
                z1 += w[1]
                z2 += w[2]
        return [z0, z1, z2]

    def predict(self, text: str, reading: Reading, stance: str) -> tuple[str, tuple[str, ...]]:
        """The label, and the words that pushed most toward it (shown as evidence)."""
        feats = features(text, reading, stance)
        z = self.scores(feats)
        k = max(range(len(z)), key=z.__getitem__)
        label = LABELS[k]
        if label == "neutral":
            return label, ()
        push = sorted({(self.weights[f][k], f) for f in feats if f[0] in "wnb" and f in self.weights}, reverse=True)
        words = tuple(f[2:].replace("_", " ") if f[0] != "n" else "tidak … " + f[2:] for w, f in push[:2] if w > 0)
        return label, words

    def to_json(self) -> dict:
        return {"labels": list(LABELS), "bias": [round(b, 5) for b in self.bias],
                "weights": {f: [round(x, 5) for x in w] for f, w in sorted(self.weights.items())}}


@lru_cache(maxsize=2)
def load_model(path: str | Path | None = None) -> AssessmentModel | None:
    """The shipped model, or None when the file is absent (the lexicon then decides alone)."""
    path = Path(path or MODEL_FILE)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["labels"]) != LABELS:
        raise ValueError(f"{path}: labels {data['labels']} are not {list(LABELS)}")
    return AssessmentModel({f: tuple(w) for f, w in data["weights"].items()}, tuple(data["bias"]))

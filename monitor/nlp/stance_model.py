"""The trained per-unit stance classifier: decides a quote's (or sentence's) stance and assessment.

The cue lexicon (stance_lexicon) is precise where a listed cue occurs but reads everything else as
neutral, and rules added for one set of articles did not carry to new text. This model decides both
labels of a unit from its words and from what the lexicon read in it: two multinomial logistic
regressions (stance: pro/contra/neutral; assessment: positive/negative/neutral) over lower-cased words
(the three after a negator marked "n:"), word bigrams, the lexicon's cue totals in half steps and the
lexicon's own calls. It is trained on the project's hand-labelled sentences in data/stance/
(`python -m monitor.nlp.stance_train --unit-model`, deterministic), ships as a JSON of feature
weights and costs a few dictionary look-ups per unit. The words that pushed hardest toward the label,
with the lexicon cues that agree with it, are the label's evidence.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from monitor.nlp.stance_lexicon import Reading

MODEL_FILE = Path(__file__).parent / "data" / "stance" / "unit_model.json"
STANCES = ("pro", "contra", "neutral")
LABELS = ("positive", "negative", "neutral")  # assessment labels
NEGATORS = frozenset({"tidak", "tak", "belum", "bukan", "kurang", "jangan", "tanpa"})
TOKEN = re.compile(r"\w+")
CUE_KINDS = ("pro", "contra", "positive", "negative")
# function words: features like any other, but never shown as the evidence for a label
FUNCTION_WORDS = frozenset("""yang dan di ke dari itu ini kami saya kita mereka dia ia nya untuk dengan pada dalam
juga karena sejak setelah ada para oleh atau bagi sebagai akan sudah telah masih bisa dapat lebih""".split())


def features(text: str, reading: Reading, stance: str, assessment: str = "") -> list[str]:
    """Words (the three after a negator marked "n:"), bigrams, the lexicon's cue totals in half
    steps (one feature per step) and its stance and assessment calls; a feature repeats as often as
    it occurs, at most twice (a long quote that repeats a word is not twice as sure)."""
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
    if assessment:
        out.append("A:" + assessment)
    counts: dict[str, int] = {}
    for f in out:
        counts[f] = counts.get(f, 0) + 1
    return [f for f, c in counts.items() for _ in range(min(c, 2))]


def _shown(feature: str) -> str:
    """A word feature as evidence text ("n:ramai" → "tidak … ramai", "b:kredit_macet" → "kredit macet")."""
    return "tidak … " + feature[2:] if feature[0] == "n" else feature[2:].replace("_", " ")


def _function(feature: str) -> bool:
    """A word or bigram made only of function words (or digits)."""
    return all(w in FUNCTION_WORDS or w.isdigit() for w in feature[2:].split("_"))


@dataclass(frozen=True)
class Head:
    """One softmax regression: a weight per label for each feature, and a bias per label."""
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]

    def scores(self, feats: list[str]) -> list[float]:
        z = list(self.bias)
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                for k, v in enumerate(w):
                    z[k] += v
        return z

    def predict(self, feats: list[str]) -> tuple[str, tuple[str, ...]]:
        """The label, and up to two words that pushed most toward it (none for neutral)."""
        z = self.scores(feats)
        k = max(range(len(z)), key=z.__getitem__)
        label = self.labels[k]
        if label == "neutral":
            return label, ()
        push = sorted({(self.weights[f][k] - min(self.weights[f]), f) for f in feats
                       if f[0] in "wnb" and f in self.weights and not _function(f)}, reverse=True)
        return label, tuple(_shown(f) for w, f in push[:2] if w > 0)

    def to_json(self) -> dict:
        return {"labels": list(self.labels), "bias": [round(b, 5) for b in self.bias],
                "weights": {f: [round(x, 5) for x in w] for f, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> "Head":
        return cls(tuple(data["labels"]), {f: tuple(w) for f, w in data["weights"].items()}, tuple(data["bias"]))


@dataclass(frozen=True)
class UnitModel:
    stance: Head
    assessment: Head

    def __post_init__(self):
        # one look-up per feature for both heads: feature -> (3 stance weights, 3 assessment weights)
        zero = (0.0, 0.0, 0.0)
        joint = {f: tuple(self.stance.weights.get(f, zero)) + tuple(self.assessment.weights.get(f, zero))
                 for f in set(self.stance.weights) | set(self.assessment.weights)}
        object.__setattr__(self, "_joint", joint)

    def predict(self, text: str, reading: Reading, lex_stance: str, lex_assessment: str
                ) -> tuple[str, str, tuple[str, ...]]:
        """Stance, assessment, and the words that decided them (up to two per non-neutral label)."""
        feats = features(text, reading, lex_stance, lex_assessment)
        s0, s1, s2 = self.stance.bias
        a0, a1, a2 = self.assessment.bias
        get = self._joint.get
        seen = []
        for f in feats:
            w = get(f)
            if w is not None:
                s0 += w[0]
                s1 += w[1]
                s2 += w[2]
                a0 += w[3]
                a1 += w[4]
                a2 += w[5]
                seen.append(f)
        ks = 0 if s0 >= s1 and s0 >= s2 else (1 if s1 >= s2 else 2)
        ka = 0 if a0 >= a1 and a0 >= a2 else (1 if a1 >= a2 else 2)
        words: tuple[str, ...] = ()
        for head, k, off in ((self.stance, ks, 0), (self.assessment, ka, 3)):
            if head.labels[k] != "neutral":
                words += self._push(seen, off, k)
        return STANCES[ks], LABELS[ka], tuple(dict.fromkeys(words))

    def _push(self, feats: list[str], off: int, k: int) -> tuple[str, ...]:
        """The two content words or bigrams whose weights favour label k most over the others."""
        joint = self._joint
        push = sorted({(joint[f][off + k] - min(joint[f][off:off + 3]), f) for f in feats
                       if f[0] in "wnb" and not _function(f)}, reverse=True)
        return tuple(_shown(f) for w, f in push[:2] if w > 0)

    def to_json(self) -> dict:
        return {"stance": self.stance.to_json(), "assessment": self.assessment.to_json()}


@lru_cache(maxsize=2)
def model_digest(path: str | Path | None = None) -> str:
    """A short hash of the model file (part of model_version)."""
    import hashlib

    return hashlib.sha256(Path(path or MODEL_FILE).read_bytes()).hexdigest()[:8]


M = TypeVar("M")


def read_model_file(path: Path, kind: str, build: Callable[[dict], M]) -> M | None:
    """The stance model `build` makes of the JSON file at `path`, or None when the file is absent. A file
    that does not parse or does not hold such a model is one clear error naming the command that rebuilds it
    (`kind`: unit, context, article)."""
    if not path.exists():
        return None
    try:
        return build(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a stance {kind} model ({exc!r}); retrain it with "
                         f"python -m monitor.nlp.stance_train --{kind}-model") from None


@lru_cache(maxsize=2)
def load_model(path: str | Path | None = None) -> UnitModel | None:
    """The shipped model, or None when the file is absent (the lexicon then decides alone)."""
    path = Path(path or MODEL_FILE)
    model = read_model_file(path, "unit", lambda data: UnitModel(Head.from_json(data["stance"]),
                                                                 Head.from_json(data["assessment"])))
    if model is None:
        return None
    if model.stance.labels != STANCES or model.assessment.labels != LABELS:
        raise ValueError(f"{path}: labels {model.stance.labels} / {model.assessment.labels} are not "
                         f"{STANCES} / {LABELS}")
    return model

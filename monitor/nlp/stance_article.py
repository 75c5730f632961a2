"""Third-stage stance: the article's assessment decided from everything the stance layer read in it.

The rule vote (stance._vote) adds up explicit cues; it misses an article whose headline and lead judge
the state of things without a cue word the lexicon knows, and one where a few loud quotes outvote the
framing. This stage reads, per article and topic, a fixed vector of what the earlier stages decided
(the vote; the headline's lexicon and unit-model labels, and whether one of its clauses reports
progress and another a problem; the shares of body sentences, by weight, that
the lexicon and the unit model label each way, and of the lead paragraph's sentences; the shares of quotes
the lexicon and the context model label each way; how many quotes and sentences there are; the topic) and
decides the assessment with a softmax regression fitted on labelled articles (`python -m
monitor.nlp.stance_train --article-model`; every earlier stage cross-fitted, so the rows look like unseen
articles). The article's stance stays the rule vote's: a stance head over the same vector read the
labelled files left out no better than the vote once the quotes' stances came from the tenth pass's
context model (models/README.md). With no model file, or for a topic no quote touches (2 of the 346
rows), the rule vote decides both.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from monitor.nlp.stance_model import LABELS, STANCES, read_model_file

ARTICLE_FILE = Path(__file__).parent / "data" / "stance" / "article_model.json"


class Labelled(Protocol):
    stance: str
    assessment: str


def _onehot(label: str | None, labels: tuple[str, ...]) -> list[float]:
    return [float(label == lab) for lab in labels]


def _shares(decisions: Sequence[Labelled], weights: Sequence[float], attr: str, labels: tuple[str, ...]) -> list[float]:
    total = sum(weights) or 1.0
    return [sum(w for d, w in zip(decisions, weights) if getattr(d, attr) == lab) / total for lab in labels]


def _both(d: Labelled | None) -> list[float]:
    return _onehot(d.stance if d else None, STANCES) + _onehot(d.assessment if d else None, LABELS)


def feature_names(topics: Sequence[str]) -> list[str]:
    """Names of article_features' columns, in order (stored with the model and checked on load)."""
    both = [f"s_{x}" for x in STANCES] + [f"a_{x}" for x in LABELS]
    return ([f"vote_{x}" for x in both] + [f"head_lex_{x}" for x in both] + [f"head_unit_{x}" for x in both]
            + [f"body_lex_{x}" for x in both] + [f"body_unit_{x}" for x in both]
            + [f"lead_lex_{x}" for x in both] + [f"lead_unit_{x}" for x in both]
            + [f"quote_lex_{x}" for x in both] + [f"quote_ctx_{x}" for x in both]
            + ["log_quotes", "log_sentences", "has_quotes", "head_mixed"] + [f"topic_{t}" for t in topics])


def article_features(vote: Labelled, headline: tuple[Labelled, Labelled] | None,
                     body: Sequence[tuple[Labelled, Labelled, float]], lead: Sequence[tuple[Labelled, Labelled]],
                     quotes_lex: Sequence[Labelled], quotes_ctx: Sequence[Labelled], topic: str,
                     topics: Sequence[str], head_mixed: bool = False) -> list[float]:
    """The vector of feature_names: `headline` is its (lexicon, unit model) labels, `body` the article's
    own sentences as (lexicon labels, unit-model labels, weight), `lead` those of the lead paragraph
    again, unweighted; the quotes' labels by the lexicon and in context; `head_mixed`: one clause of the
    headline reports progress and another a problem (stance.headline_clauses)."""
    lex, unit, weights = [b[0] for b in body], [b[1] for b in body], [b[2] for b in body]
    ones = [1.0] * len(quotes_lex)
    out = _both(vote) + _both(headline[0] if headline else None) + _both(headline[1] if headline else None)
    parts = ((lex, weights), (unit, weights), ([d for d, _ in lead], [1.0] * len(lead)),
             ([m for _, m in lead], [1.0] * len(lead)), (quotes_lex, ones), (quotes_ctx, ones))
    for decisions, w in parts:
        out += _shares(decisions, w, "stance", STANCES) + _shares(decisions, w, "assessment", LABELS)
    out += [math.log1p(len(quotes_lex)), math.log1p(len(body)), float(bool(quotes_lex)), float(head_mixed)]
    return out + _onehot(topic, tuple(topics))


@dataclass(frozen=True)
class LinearHead:
    """A softmax regression over the raw feature vector (the features are shares and one-hots already)."""
    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray

    def predict(self, vec: Sequence[float]) -> str:
        return self.labels[int(np.argmax(np.asarray(vec, dtype=np.float64) @ self.weights + self.bias))]

    def to_json(self) -> dict:
        return {"labels": list(self.labels), "bias": [round(float(b), 5) for b in self.bias],
                "weights": [[round(float(v), 5) for v in row] for row in self.weights]}

    @classmethod
    def from_json(cls, data: dict, dim: int) -> "LinearHead":
        w, b = np.asarray(data["weights"], dtype=np.float64), np.asarray(data["bias"], dtype=np.float64)
        labels = tuple(data["labels"])
        if w.shape != (dim, len(labels)) or b.shape != (len(labels),):
            raise ValueError(f"weights {w.shape} and bias {b.shape} do not fit {dim} features and {len(labels)} labels")
        return cls(labels, w, b)


@dataclass(frozen=True)
class ArticleModel:
    """The article's assessment from article_features (names in `features`)."""
    features: tuple[str, ...]
    assessment: LinearHead

    def decide(self, vec: Sequence[float]) -> str:
        return self.assessment.predict(vec)

    def to_json(self) -> dict:
        return {"features": list(self.features), "assessment": self.assessment.to_json()}


@lru_cache(maxsize=2)
def load_article_model(path: str | Path | None = None) -> ArticleModel | None:
    """The shipped article model, or None when the file is absent (the rule vote stands)."""
    path = Path(path or ARTICLE_FILE)

    def build(data: dict) -> ArticleModel:
        names = tuple(data["features"])
        return ArticleModel(names, LinearHead.from_json(data["assessment"], len(names)))
    model = read_model_file(path, "article", build)
    if model is None:
        return None
    if model.assessment.labels != LABELS:
        raise ValueError(f"{path}: labels {model.assessment.labels} are not {LABELS}")
    return model
